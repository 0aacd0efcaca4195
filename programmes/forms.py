"""Admin forms whose messages say, in plain French, what is wrong.

Each carries the hidden version it was loaded with (a stale save is refused)
and inherits the access rules from adminsite.forms.ScopedModelForm."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from adminsite.forms import ScopedModelForm
from adminsite.input import CheckedModelMultipleChoiceField
from programmes.models import Action, ActionProgress, Institution, Programme, SpecificObjective

# Same pattern as the action_code_format constraint: without it the form would
# show the constraint's technical name instead of an explanation.
action_code_validator = RegexValidator(
    r"^[0-9]{1,2}\.[0-9]{1,2}$",
    message=_("Le code s'écrit « programme.numéro », par exemple 11.12."),
    code="invalid_code",
)


class ProgrammeForm(ScopedModelForm):
    class Meta:
        model = Programme
        fields = ["number", "kind", "name", "purpose", "version"]
        error_messages = {
            "number": {"unique": _("Un programme porte déjà ce numéro.")},
            "name": {"unique": _("Un programme porte déjà cet intitulé.")},
            "name_fr": {"unique": _("Un programme porte déjà cet intitulé.")},
        }


class SpecificObjectiveForm(ScopedModelForm):
    class Meta:
        model = SpecificObjective
        fields = ["number", "programme", "title", "version"]
        error_messages = {"number": {"unique": _("Un objectif spécifique porte déjà ce numéro.")}}


class ActionForm(ScopedModelForm):
    class Meta:
        model = Action
        fields = [
            "programme",
            "specific_objective",
            "code",
            "title",
            "lead_institutions",
            "partner_institutions",
            "version",
        ]
        error_messages = {"code": {"unique": _("Une action porte déjà ce code.")}}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "code" in self.fields:
            self.fields["code"].validators.append(action_code_validator)


class ActionProgressForm(ScopedModelForm):
    class Meta:
        model = ActionProgress
        fields = ["action", "year", "status", "narrative", "version"]
        error_messages = {
            NON_FIELD_ERRORS: {
                "unique_together": _("Cette action a déjà un état d'avancement pour cette année."),
            }
        }


class LeadInstitutionsForm(forms.Form):
    """MDCMRE staff add (or remove) lead institutions on many actions at once:
    the admin action « Assigner des institutions pilotes » (programmes/admin.py)."""

    add = CheckedModelMultipleChoiceField(
        Institution.objects.order_by("name_fr"),
        required=False,
        label=_("Institutions pilotes à ajouter"),
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )
    remove = CheckedModelMultipleChoiceField(
        Institution.objects.order_by("name_fr"),
        required=False,
        label=_("Institutions pilotes à retirer"),
        help_text=_("Facultatif : retirées des actions choisies si elles en sont pilotes."),
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        add, remove = cleaned.get("add"), cleaned.get("remove")
        if not self.errors and not add and not remove:
            raise ValidationError(_("Choisissez au moins une institution à ajouter ou à retirer."))
        both = set(add or []) & set(remove or [])
        if both:
            raise ValidationError(
                _("Une institution ne peut pas être à la fois ajoutée et retirée : %(names)s.")
                % {"names": ", ".join(sorted(str(institution) for institution in both))}
            )
        return cleaned
