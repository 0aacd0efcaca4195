"""Admin form for sessions: one plain message for every negative count, and
the year taken from the start date when there is one."""

from django.contrib.admin.widgets import AdminIntegerFieldWidget
from django.utils.translation import gettext_lazy as _

from adminsite.forms import ScopedModelForm
from trainings.models import Session

COUNT_FIELDS = ("women", "men", "unrecorded")
NEGATIVE_COUNT = _("Les effectifs ne peuvent pas être négatifs.")
FIRST_YEAR, LAST_YEAR = 2014, 2100


class SessionForm(ScopedModelForm):
    class Meta:
        model = Session
        fields = [
            "kind",
            "title",
            "description",
            "beneficiaries",
            "online",
            "city",
            "start_date",
            "end_date",
            "year",
            "actions",
            "projects",
            "organisers",
            "women",
            "men",
            "unrecorded",
            "report_table",
            "version",
        ]
        # The model's MinValueValidator raises code "min_value"; the form swaps
        # Django's generic wording for ours, on the field that is wrong.
        error_messages = {name: {"min_value": NEGATIVE_COUNT} for name in COUNT_FIELDS}
        widgets = {name: AdminIntegerFieldWidget(attrs={"min": 0}) for name in COUNT_FIELDS}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "year" in self.fields:
            # Typed only when there is no date: published tables often give
            # the year alone. The model still requires it (and the database
            # that the start date falls in it).
            self.fields["year"].required = False
            self.fields["year"].help_text = _(
                "Laissez vide si vous indiquez la date de début : l'année en est déduite."
            )

    def clean(self) -> dict:
        cleaned_data = super().clean()
        start = cleaned_data.get("start_date")
        if "year" not in self.fields or "year" in self.errors or "start_date" in self.errors:
            return cleaned_data
        if start is not None and not FIRST_YEAR <= start.year <= LAST_YEAR:
            self.add_error(
                "start_date",
                _("La date de début doit tomber entre %(first)s et %(last)s.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR},
            )
        elif start is not None and (cleaned_data.get("year") is None or "year" not in self.changed_data):
            # Left empty, or not touched while the date changed: the date's year.
            # A year typed along with a date of another year stays an error
            # (Session.clean says which).
            cleaned_data["year"] = start.year
        elif start is None and cleaned_data.get("year") is None:
            self.add_error("year", _("Indiquez l'année, ou la date de début."))
        return cleaned_data
