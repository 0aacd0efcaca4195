from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema

from access.models import ReviewState
from api.filters import IdFilter, YearFilter
from api.viewsets import ReviewWorkflowMixin, ScopedModelViewSet, workflow_schema
from programmes.models import Action
from trainings.models import Session
from trainings.serializers import SessionSerializer


class SessionFilter(filters.FilterSet):
    year = YearFilter(field_name="year")
    programme = IdFilter(field_name="actions__programme", distinct=True)
    osp = IdFilter(field_name="actions__specific_objective__number", distinct=True, label="OSP")
    action = filters.CharFilter(field_name="actions__code", distinct=True)
    institution = IdFilter(field_name="organisers", distinct=True)
    project = IdFilter(field_name="projects", distinct=True)
    city = filters.CharFilter(field_name="city", lookup_expr="iexact")
    date_from = filters.DateFilter(field_name="start_date", lookup_expr="gte")
    date_to = filters.DateFilter(field_name="start_date", lookup_expr="lte")
    review_state = filters.ChoiceFilter(choices=ReviewState.choices)

    class Meta:
        model = Session
        fields = (
            "year",
            "programme",
            "osp",
            "action",
            "institution",
            "project",
            "kind",
            "city",
            "online",
            "date_from",
            "date_to",
            "review_state",
        )


@workflow_schema(SessionSerializer)
@extend_schema(
    description=_(
        "Formations, séminaires, ateliers, webinaires et événements de sensibilisation, avec les "
        "participants par sexe, soumis à validation : un point focal saisit ceux que son "
        "institution organise."
    )
)
class SessionViewSet(ReviewWorkflowMixin, ScopedModelViewSet):
    queryset = Session.objects.select_related("author", "reviewed_by").prefetch_related(
        Prefetch("actions", queryset=Action.objects.only("pk", "code").order_by()),
        "projects",
        "organisers",
    )
    serializer_class = SessionSerializer
    filterset_class = SessionFilter
    search_fields = ("title", "description", "beneficiaries", "city", "=actions__code")
    ordering_fields = ("year", "start_date", "title", "women", "men")
