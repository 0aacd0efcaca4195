from rest_framework import serializers
from rest_framework.validators import UniqueValidator

from api.serializers import REVIEW_FIELDS, ReviewSerializerMixin, ScopedModelSerializer
from programmes.forms import ActionForm, action_code_validator
from programmes.models import Action, ActionProgress, Institution, Programme, Project, SpecificObjective


class ProgrammeSerializer(ScopedModelSerializer):
    class Meta(ScopedModelSerializer.Meta):
        model = Programme
        fields = ("number", "kind", "name", "purpose", "version")


class SpecificObjectiveSerializer(ScopedModelSerializer):
    class Meta(ScopedModelSerializer.Meta):
        model = SpecificObjective
        fields = ("id", "number", "programme", "title", "version")


class InstitutionSerializer(ScopedModelSerializer):
    class Meta(ScopedModelSerializer.Meta):
        model = Institution
        fields = ("id", "name", "acronym", "kind", "version")


class ProjectSerializer(ScopedModelSerializer):
    class Meta(ScopedModelSerializer.Meta):
        model = Project
        fields = ("id", "name", "acronym", "funder", "implementers", "version")


class ActionSerializer(ScopedModelSerializer):
    class Meta(ScopedModelSerializer.Meta):
        model = Action
        fields = (
            "id",
            "code",
            "programme",
            "specific_objective",
            "title",
            "lead_institutions",
            "partner_institutions",
            "version",
        )
        # The admin form's plain messages, rather than the constraint's name.
        extra_kwargs = {
            "code": {
                "validators": [
                    action_code_validator,
                    UniqueValidator(
                        Action.objects.all(), message=ActionForm._meta.error_messages["code"]["unique"]
                    ),
                ]
            }
        }


class ActionProgressSerializer(ReviewSerializerMixin, ScopedModelSerializer):
    # Partners name actions by their code, as the strategy does ("11.12").
    action = serializers.SlugRelatedField(slug_field="code", queryset=Action.objects.all())

    class Meta(ScopedModelSerializer.Meta):
        model = ActionProgress
        fields = ("id", "action", "year", "status", "narrative", *REVIEW_FIELDS, "version")
