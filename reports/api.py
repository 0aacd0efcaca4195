from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.auth import TokenAuthentication
from api.filters import IdFilter, YearFilter
from api.permissions import HasRole
from api.viewsets import ScopedModelViewSet, ScopedViewSetMixin
from reports.closing import closing_checklist, request_closing
from reports.editions import figures_of, year_figures
from reports.models import BilanEdition, NarrativeSection, ReportingYear, ReportItem
from reports.serializers import (
    CloseSerializer,
    NarrativeSectionSerializer,
    ReopenSerializer,
    ReportingYearSerializer,
    ReportItemSerializer,
    YearStatisticsSerializer,
)


class NarrativeSectionFilter(filters.FilterSet):
    year = YearFilter(field_name="year")
    programme = IdFilter(field_name="programme")
    osp = IdFilter(field_name="specific_objective__number", label="OSP")

    class Meta:
        model = NarrativeSection
        fields = ("year", "programme", "osp")


@extend_schema(
    description=_("Le texte du bilan, rédigé par le personnel du MDCMRE par programme et par OSP.")
)
class NarrativeSectionViewSet(ScopedModelViewSet):
    queryset = NarrativeSection.objects.select_related("specific_objective")
    serializer_class = NarrativeSectionSerializer
    filterset_class = NarrativeSectionFilter
    search_fields = ("heading_fr", "heading_ar", "heading_en", "body_fr", "body_ar", "body_en")
    ordering_fields = ("year", "programme", "position")


class ReportItemFilter(filters.FilterSet):
    year = YearFilter(field_name="year")
    programme = IdFilter(field_name="programme")

    class Meta:
        model = ReportItem
        fields = ("year", "programme", "kind")


@extend_schema(
    description=_("Défis et contraintes, mesures prévues et recommandations du chapitre de chaque programme.")
)
class ReportItemViewSet(ScopedModelViewSet):
    queryset = ReportItem.objects.all()
    serializer_class = ReportItemSerializer
    filterset_class = ReportItemFilter
    search_fields = ("text_fr", "text_ar", "text_en")
    ordering_fields = ("year", "programme", "kind", "position")


class ReportingYearFilter(filters.FilterSet):
    closed = filters.BooleanFilter(field_name="closed_at", lookup_expr="isnull", exclude=True)

    class Meta:
        model = ReportingYear
        fields = ("closed",)


@extend_schema(
    description=_(
        "Les années de rapport : le personnel du MDCMRE clôt une année une fois son bilan publié, "
        "un administrateur la rouvre."
    )
)
class ReportingYearViewSet(
    ScopedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    queryset = ReportingYear.objects.select_related("closed_by")
    serializer_class = ReportingYearSerializer
    filterset_class = ReportingYearFilter
    lookup_field = "year"
    lookup_value_regex = "[0-9]+"
    ordering_fields = ("year",)
    search_fields = ()
    model_method_actions = ("close", "reopen")

    @extend_schema(
        request=CloseSerializer,
        responses={
            202: ReportingYearSerializer,
            400: OpenApiResponse(
                description=_(
                    "Année déjà clôturée ou en cours de clôture, ou points en attente à confirmer "
                    "(« checklist » les liste ; renvoyez avec « confirm »: true)."
                )
            ),
            403: OpenApiResponse(description=_("Réservé au personnel du MDCMRE.")),
        },
        description=_(
            "Demande la clôture de l'année : ses données sont gelées aussitôt (« clôture en cours »), "
            "son édition (HTML, PDF, classeur, chiffres) est rendue en tâche de fond, puis l'année est "
            "clôturée. Avec des points en attente, la demande doit être confirmée (« confirm »: true)."
        ),
    )
    @action(detail=True, methods=["post"])
    def close(self, request: Request, year: str | None = None) -> Response:
        reporting_year = self.get_object()
        body = CloseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            request_closing(reporting_year, request.user, confirm_pending=body.validated_data["confirm"])
        except DjangoValidationError as error:
            if error.code != "confirmation_required":
                raise
            return Response(
                {"detail": error.messages[0], "checklist": closing_checklist(reporting_year.year)},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(self.get_serializer(reporting_year).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        request=ReopenSerializer,
        responses={
            200: ReportingYearSerializer,
            400: OpenApiResponse(description=_("Année non clôturée, ou raison manquante.")),
            403: OpenApiResponse(description=_("Réservé aux administrateurs.")),
        },
        description=_(
            "Rouvre une année clôturée (administrateurs), en disant pourquoi ; la raison est conservée."
        ),
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, year: str | None = None) -> Response:
        reporting_year = self.get_object()
        reason = ReopenSerializer(data=request.data)
        reason.is_valid(raise_exception=True)
        with transaction.atomic():
            reporting_year.reopen(request.user, reason.validated_data["reason"])
        return Response(self.get_serializer(reporting_year).data)


class YearStatisticsView(APIView):
    """The year's figures, as the bilan's summary prints them."""

    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [HasRole]

    @extend_schema(
        responses={
            200: YearStatisticsSerializer,
            404: OpenApiResponse(description=_("Année de rapport inconnue.")),
        },
        description=_(
            "Réunions tenues et attendues par comité ; sessions et participants par sexe par "
            "programme, par institution organisatrice et par projet ; totaux et part des femmes : les "
            "chiffres de la synthèse du bilan (éléments validés), calculés par le même code."
        ),
    )
    def get(self, request: Request, year: int) -> Response:
        # year_statistics is the bilan's own function: its output is returned
        # untouched. A closed year answers the figures stored with its edition.
        edition = BilanEdition.objects.served(get_object_or_404(ReportingYear, year=year))
        if edition is not None:
            return Response(figures_of(edition))
        return Response(year_figures(year))
