from rest_framework import serializers

from api.serializers import REVIEW_FIELDS, ReviewSerializerMixin, ScopedModelSerializer
from committees.models import Committee, Meeting


class CommitteeSerializer(ScopedModelSerializer):
    class Meta(ScopedModelSerializer.Meta):
        model = Committee
        fields = (
            "id",
            "code",
            "name",
            "kind",
            "role",
            "chair",
            "expected_meetings_per_year",
            "programmes",
            "members",
            "position",
            "version",
        )


class MeetingSerializer(ReviewSerializerMixin, ScopedModelSerializer):
    # Committees are named by their code ("CP4"), as everyone names them.
    committee = serializers.SlugRelatedField(slug_field="code", queryset=Committee.objects.all())
    has_minutes = serializers.SerializerMethodField()
    year_field = "date"

    class Meta(ScopedModelSerializer.Meta):
        model = Meeting
        fields = (
            "id",
            "committee",
            "date",
            "start_time",
            "mode",
            "place",
            "chair",
            "participants",
            "agenda",
            "decisions",
            "alerts",
            "has_minutes",
            *REVIEW_FIELDS,
            "version",
        )

    def get_has_minutes(self, meeting: Meeting) -> bool:
        """Whether minutes were uploaded (in the admin, which serves them to those allowed)."""
        return bool(meeting.minutes)
