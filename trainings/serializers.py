from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from access.rules import own_institution_error
from api.serializers import REVIEW_FIELDS, ReviewSerializerMixin, ScopedModelSerializer
from programmes.models import Action
from trainings.forms import COUNT_FIELDS, NEGATIVE_COUNT
from trainings.models import MAX_PARTICIPANTS, Session

TOO_MANY = _("Un effectif ne peut pas dépasser 10 000 000.")
TOTAL_MISMATCH = _(
    "Le total indiqué (%(total)s) diffère de la somme femmes + hommes + sexe non renseigné (%(sum)s)."
)


class SessionSerializer(ReviewSerializerMixin, ScopedModelSerializer):
    # Partners name actions by their code, as the strategy does ("11.12").
    actions = serializers.SlugRelatedField(
        slug_field="code", queryset=Action.objects.all(), many=True, required=False
    )
    total = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=3 * MAX_PARTICIPANTS,
        help_text=_(
            "Calculé : femmes + hommes + sexe non renseigné. Facultatif à l'écriture : "
            "s'il est donné, il doit être égal à cette somme."
        ),
    )

    class Meta(ScopedModelSerializer.Meta):
        model = Session
        fields = (
            "id",
            "kind",
            "title",
            "description",
            "beneficiaries",
            "online",
            "city",
            "year",
            "start_date",
            "end_date",
            "actions",
            "projects",
            "organisers",
            "women",
            "men",
            "unrecorded",
            "total",
            "report_table",
            *REVIEW_FIELDS,
            "version",
        )
        extra_kwargs = {
            name: {
                "max_value": MAX_PARTICIPANTS,
                "error_messages": {"min_value": NEGATIVE_COUNT, "max_value": TOO_MANY},
            }
            for name in COUNT_FIELDS
        }

    def validate(self, attrs: dict) -> dict:
        total = attrs.pop("total", None)
        attrs = super().validate(attrs)
        if total is not None:
            counts = {name: attrs.get(name, getattr(self.instance, name, 0)) for name in COUNT_FIELDS}
            parts = sum(counts.values())
            if total != parts:
                raise serializers.ValidationError(
                    {"total": [TOTAL_MISMATCH % {"total": total, "sum": parts}]}
                )
        return attrs

    def validate_relations(self, attrs: dict, candidate: Session) -> None:
        if "organisers" in attrs or self.instance is None:
            ids = [institution.pk for institution in attrs.get("organisers", [])]
            error = own_institution_error(self.user, ids)
            if error:
                raise serializers.ValidationError({"organisers": [error]})
