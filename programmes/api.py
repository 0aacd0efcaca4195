from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema

from access.models import ReviewState
from api.filters import IdFilter, YearFilter
from api.viewsets import ReviewWorkflowMixin, ScopedModelViewSet, workflow_schema
from programmes.models import Action, ActionProgress, Institution, Programme, Project, SpecificObjective
from programmes.serializers import (
    ActionProgressSerializer,
    ActionSerializer,
    InstitutionSerializer,
    ProgrammeSerializer,
    ProjectSerializer,
    SpecificObjectiveSerializer,
)


class ProgrammeFilter(filters.FilterSet):
    class Meta:
        model = Programme
        fields = ("kind",)


@extend_schema(
    description=_("Les 11 programmes de la stratégie (référentiel, modifiable par le personnel du MDCMRE).")
)
class ProgrammeViewSet(ScopedModelViewSet):
    queryset = Programme.objects.all()
    serializer_class = ProgrammeSerializer
    filterset_class = ProgrammeFilter
    search_fields = ("name_fr", "name_ar", "name_en", "purpose_fr", "purpose_ar", "purpose_en")
    ordering_fields = ("number", "name")


class SpecificObjectiveFilter(filters.FilterSet):
    programme = IdFilter(field_name="programme")
    number = IdFilter(field_name="number")

    class Meta:
        model = SpecificObjective
        fields = ("programme", "number")


@extend_schema(description=_("Les objectifs spécifiques, OSP 1 à 27 (référentiel)."))
class SpecificObjectiveViewSet(ScopedModelViewSet):
    queryset = SpecificObjective.objects.all()
    serializer_class = SpecificObjectiveSerializer
    filterset_class = SpecificObjectiveFilter
    search_fields = ("title_fr", "title_ar", "title_en")
    ordering_fields = ("number",)


class InstitutionFilter(filters.FilterSet):
    committee = filters.CharFilter(field_name="committees__code", distinct=True)

    class Meta:
        model = Institution
        fields = ("kind", "committee", "acronym")


@extend_schema(
    description=_("Ministères, établissements publics, agences, universités, associations (référentiel).")
)
class InstitutionViewSet(ScopedModelViewSet):
    queryset = Institution.objects.all()
    serializer_class = InstitutionSerializer
    filterset_class = InstitutionFilter
    # Searched in every language; codes and acronyms as they are.
    search_fields = ("name_fr", "name_ar", "name_en", "acronym")
    ordering_fields = ("name", "acronym")


class ProjectFilter(filters.FilterSet):
    funder = IdFilter(field_name="funder")
    institution = IdFilter(method="filter_institution")

    class Meta:
        model = Project
        fields = ("funder", "institution")

    def filter_institution(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset.filter(Q(funder=value) | Q(implementers=value)).distinct()


@extend_schema(description=_("Les projets financés par les partenaires (référentiel)."))
class ProjectViewSet(ScopedModelViewSet):
    queryset = Project.objects.select_related("funder").prefetch_related("implementers")
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilter
    search_fields = ("name", "acronym")
    ordering_fields = ("name", "acronym")


class ActionFilter(filters.FilterSet):
    programme = IdFilter(field_name="programme")
    osp = IdFilter(field_name="specific_objective__number", label="OSP")
    institution = IdFilter(method="filter_institution")

    class Meta:
        model = Action
        fields = ("programme", "osp", "institution", "code")

    def filter_institution(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset.filter(Q(lead_institutions=value) | Q(partner_institutions=value)).distinct()


@extend_schema(description=_("Les actions de la stratégie, codées « programme.numéro » (référentiel)."))
class ActionViewSet(ScopedModelViewSet):
    queryset = Action.objects.prefetch_related("lead_institutions", "partner_institutions")
    serializer_class = ActionSerializer
    filterset_class = ActionFilter
    search_fields = ("code", "title_fr", "title_ar", "title_en")
    ordering_fields = ("code", "programme")


class ActionProgressFilter(filters.FilterSet):
    year = YearFilter(field_name="year")
    programme = IdFilter(field_name="action__programme")
    osp = IdFilter(field_name="action__specific_objective__number", label="OSP")
    action = filters.CharFilter(field_name="action__code")
    institution = IdFilter(field_name="action__lead_institutions", distinct=True)
    review_state = filters.ChoiceFilter(choices=ReviewState.choices)

    class Meta:
        model = ActionProgress
        fields = ("year", "programme", "osp", "action", "institution", "status", "review_state")


@workflow_schema(ActionProgressSerializer)
@extend_schema(
    description=_(
        "L'état d'avancement annuel de chaque action, soumis à validation : un point focal rend "
        "compte des actions que pilote son institution."
    )
)
class ActionProgressViewSet(ReviewWorkflowMixin, ScopedModelViewSet):
    queryset = ActionProgress.objects.select_related("action", "author", "reviewed_by")
    serializer_class = ActionProgressSerializer
    filterset_class = ActionProgressFilter
    search_fields = ("narrative", "action__title_fr", "action__title_ar", "action__title_en", "=action__code")
    ordering_fields = ("year", "action__code", "status", "review_state")
