from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema

from access.models import ReviewState
from api.filters import IdFilter, YearFilter
from api.viewsets import ReviewWorkflowMixin, ScopedModelViewSet, workflow_schema
from committees.models import Committee, Meeting
from committees.serializers import CommitteeSerializer, MeetingSerializer


class CommitteeFilter(filters.FilterSet):
    programme = IdFilter(field_name="programmes", distinct=True)
    institution = IdFilter(field_name="members", distinct=True)

    class Meta:
        model = Committee
        fields = ("kind", "programme", "institution", "code")


@extend_schema(
    description=_("La Commission, le Comité technique, le CoPil et les comités programmes (référentiel).")
)
class CommitteeViewSet(ScopedModelViewSet):
    queryset = Committee.objects.prefetch_related("programmes", "members", "meeting_targets")
    serializer_class = CommitteeSerializer
    filterset_class = CommitteeFilter
    search_fields = ("code", "name_fr", "name_ar", "name_en")
    ordering_fields = ("position", "code")


class MeetingFilter(filters.FilterSet):
    year = YearFilter(field_name="date__year")
    committee = filters.CharFilter(field_name="committee__code")
    programme = IdFilter(field_name="committee__programmes", distinct=True)
    institution = IdFilter(field_name="participants", distinct=True)
    date_from = filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = filters.DateFilter(field_name="date", lookup_expr="lte")
    review_state = filters.ChoiceFilter(choices=ReviewState.choices)

    class Meta:
        model = Meeting
        fields = (
            "year",
            "committee",
            "programme",
            "institution",
            "mode",
            "date_from",
            "date_to",
            "review_state",
        )


@workflow_schema(MeetingSerializer)
@extend_schema(
    description=_(
        "Les réunions des comités, soumises à validation : un point focal saisit celles de ses comités."
    )
)
class MeetingViewSet(ReviewWorkflowMixin, ScopedModelViewSet):
    queryset = Meeting.objects.select_related("committee", "author", "reviewed_by").prefetch_related(
        "participants"
    )
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
    search_fields = ("agenda", "decisions", "alerts", "place", "chair")
    ordering_fields = ("date", "committee__code", "review_state")
