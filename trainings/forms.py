"""Admin form for sessions: one plain message for every negative count."""

from django.contrib.admin.widgets import AdminIntegerFieldWidget
from django.utils.translation import gettext_lazy as _

from adminsite.forms import ScopedModelForm
from trainings.models import Session

COUNT_FIELDS = ("women", "men", "unrecorded")
NEGATIVE_COUNT = _("Les effectifs ne peuvent pas être négatifs.")


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
            "year",
            "start_date",
            "end_date",
            "actions",
            "projects",
            "organisers",
            "women",
            "men",
            "unrecorded",
            "version",
        ]
        # The model's MinValueValidator raises code "min_value"; the form swaps
        # Django's generic wording for ours, on the field that is wrong.
        error_messages = {name: {"min_value": NEGATIVE_COUNT} for name in COUNT_FIELDS}
        widgets = {name: AdminIntegerFieldWidget(attrs={"min": 0}) for name in COUNT_FIELDS}
