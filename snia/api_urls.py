"""/api/v1/: the REST API for partners (see README, « REST API »)."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from access.decorators import role_required
from api.auth import TokenView
from committees.api import CommitteeViewSet, MeetingViewSet
from programmes.api import (
    ActionProgressViewSet,
    ActionViewSet,
    InstitutionViewSet,
    ProgrammeViewSet,
    ProjectViewSet,
    SpecificObjectiveViewSet,
)
from reports.api import NarrativeSectionViewSet, ReportingYearViewSet, ReportItemViewSet, YearStatisticsView
from trainings.api import SessionViewSet

# Translated when the schema is generated, in the language `?lang=` asks for.
DESCRIPTION = _(
    "Suivi de la Stratégie Nationale d'Immigration et d'Asile : référentiel, réunions, "
    "sessions, avancements, narratif du bilan et chiffres de l'année."
)

router = DefaultRouter()
router.register("programmes", ProgrammeViewSet)
router.register("specific-objectives", SpecificObjectiveViewSet)
router.register("actions", ActionViewSet)
router.register("institutions", InstitutionViewSet)
router.register("projects", ProjectViewSet)
router.register("committees", CommitteeViewSet)
router.register("meetings", MeetingViewSet)
router.register("sessions", SessionViewSet)
router.register("progress", ActionProgressViewSet)
router.register("narrative-sections", NarrativeSectionViewSet)
router.register("report-items", ReportItemViewSet)
router.register("years", ReportingYearViewSet)

urlpatterns = [
    path("", include(router.urls)),
    path("stats/<int:year>/", YearStatisticsView.as_view(), name="api-stats"),
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path(
        "schema/", SpectacularAPIView.as_view(custom_settings={"DESCRIPTION": DESCRIPTION}), name="api-schema"
    ),
    # A browser that is not logged in is sent to the login page, then back; an account
    # without a role is refused. The split
    # view serves its start-up script as a file: the Content Security Policy forbids inline ones.
    path("docs/", role_required(SpectacularSwaggerSplitView.as_view(url_name="api-schema")), name="api-docs"),
]
