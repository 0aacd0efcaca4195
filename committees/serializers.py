from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.serializers import REVIEW_FIELDS, ReviewSerializerMixin, ScopedModelSerializer
from committees.models import Committee, Meeting, MeetingTarget


class MeetingTargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = MeetingTarget
        fields = ("year", "expected")


class CommitteeSerializer(ScopedModelSerializer):
    # Set by MDCMRE staff in the admin, year by year; none where no target was set.
    meeting_targets = MeetingTargetSerializer(
        many=True,
        read_only=True,
        help_text=_("Objectifs de réunions fixés par année (lecture seule, saisis dans l'administration)."),
    )

    class Meta(ScopedModelSerializer.Meta):
        model = Committee
        fields = (
            "id",
            "code",
            "name",
            "kind",
            "role",
            "chair",
            "meeting_targets",
            "programmes",
            "members",
            "position",
            "version",
        )


class MeetingSerializer(ReviewSerializerMixin, ScopedModelSerializer):
    # Committees are named by their code ("CP4"), as everyone names them.
    committee = serializers.SlugRelatedField(slug_field="code", queryset=Committee.objects.all())
    has_minutes = serializers.SerializerMethodField(
        help_text=_("Un compte rendu a été déposé (dans l'administration, qui le sert à qui y a droit).")
    )
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
