from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from rest_framework import serializers

from api.serializers import ScopedModelSerializer
from programmes.translated import SOURCE_LANGUAGE
from reports.models import NarrativeSection, ReportingYear, ReportItem
from reports.tables import marker_errors


class NarrativeSectionSerializer(ScopedModelSerializer):
    class Meta(ScopedModelSerializer.Meta):
        model = NarrativeSection
        fields = ("id", "programme", "year", "specific_objective", "position", "heading", "body", "version")

    def validate_relations(self, attrs: dict, candidate: NarrativeSection) -> None:
        # The admin form's rule (reports.admin.content): a marker the bilan could not place.
        # The French body, the one the API writes (api.serializers: the text of record).
        body = getattr(candidate, build_localized_fieldname("body", SOURCE_LANGUAGE))
        errors = marker_errors(body, in_subsection=candidate.specific_objective_id is not None)
        if errors:
            raise serializers.ValidationError({"body": errors})


class ReportItemSerializer(ScopedModelSerializer):
    class Meta(ScopedModelSerializer.Meta):
        model = ReportItem
        fields = ("id", "programme", "year", "kind", "position", "text", "version")


class ReportingYearSerializer(serializers.ModelSerializer):
    closed_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    is_closed = serializers.BooleanField(read_only=True)
    is_closing = serializers.BooleanField(
        read_only=True, help_text=_("Clôture en cours : l'édition de l'année est en cours de rendu.")
    )

    class Meta:
        model = ReportingYear
        fields = ("year", "is_closed", "closed_at", "closed_by", "is_closing", "closing_error")
        read_only_fields = ("closed_at", "closing_error")


class CloseSerializer(serializers.Serializer):
    confirm = serializers.BooleanField(
        default=False,
        help_text=_("Confirme la clôture malgré les points en attente de la liste de contrôle."),
    )


class ReopenSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=5000, help_text=_("Pourquoi l'année est rouverte (conservé)."))


# The figures of /api/v1/stats/<year>/, described for the OpenAPI schema.
class ParticipantFiguresSerializer(serializers.Serializer):
    sessions = serializers.IntegerField()
    men = serializers.IntegerField()
    women = serializers.IntegerField()
    unrecorded = serializers.IntegerField()
    total = serializers.IntegerField()


class CommitteeFiguresSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    expected = serializers.IntegerField(
        allow_null=True,
        help_text=_("Objectif de réunions fixé par le MDCMRE pour l'année ; null si aucun n'a été fixé."),
    )
    held = serializers.IntegerField(help_text=_("Réunions tenues dans l'année."))


class ProgrammeFiguresSerializer(ParticipantFiguresSerializer):
    number = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()


class InstitutionFiguresSerializer(ParticipantFiguresSerializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    acronym = serializers.CharField(allow_blank=True)


class ProjectFiguresSerializer(ParticipantFiguresSerializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    acronym = serializers.CharField(allow_blank=True)


class TotalsSerializer(ParticipantFiguresSerializer):
    meetings = serializers.IntegerField()
    sessions_without_action = serializers.IntegerField()


class YearStatisticsSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    committees = CommitteeFiguresSerializer(many=True)
    programmes = ProgrammeFiguresSerializer(many=True)
    institutions = InstitutionFiguresSerializer(
        many=True, help_text=_("Sessions organisées par chaque institution (organisatrice).")
    )
    projects = ProjectFiguresSerializer(many=True)
    totals = TotalsSerializer()
    women_share = serializers.FloatField(
        allow_null=True, help_text=_("Part des femmes parmi les participants dont le sexe est renseigné.")
    )
