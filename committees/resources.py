"""Committee meetings in and out of spreadsheets (admin import and export).

A row is matched to an existing meeting on its natural key: committee + date
+ time, the key the database enforces (an empty time matches the committee's
meeting without a time that day). A focal point logs meetings of their own
committees only, exactly as in the admin's form.
"""

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.fields import Field

from access.rules import writable_choices
from committees.models import Committee, Meeting
from programmes.resources import institutions_widget
from spreadsheets.resources import ScopedResource
from spreadsheets.widgets import (
    ChoiceWidget,
    CommitteeWidget,
    DateWidget,
    DisplayWidget,
    TextWidget,
    TimeWidget,
)

# The file's column headers (fixed in French: they identify the columns).
COMMITTEE = "Comité"
DATE = "Date"
TIME = "Heure"
MODE = "Modalité"
PLACE = "Lieu"
CHAIR = "Présidence"
PARTICIPANTS = "Institutions participantes"
STATE = "État de validation"


class MeetingResource(ScopedResource):
    year_field = "date"

    committee = Field("committee", COMMITTEE, widget=CommitteeWidget(Committee))
    date = Field("date", DATE, widget=DateWidget())
    start_time = Field("start_time", TIME, widget=TimeWidget())
    mode = Field(
        "mode",
        MODE,
        widget=ChoiceWidget(
            Meeting.Mode, gettext_lazy("« %(value)s » n'est pas une modalité connue."), required=False
        ),
    )
    place = Field("place", PLACE, widget=TextWidget())
    chair = Field("chair", CHAIR, widget=TextWidget())
    participants = Field("participants", PARTICIPANTS, widget=institutions_widget())

    class Meta:
        model = Meeting
        name = gettext_lazy("Réunions")
        fields = ("committee", "date", "start_time", "mode", "place", "chair", "participants")
        import_order = fields
        export_order = fields
        import_id_fields = ("committee", "date", "start_time")

    def ignored_columns(self) -> tuple[str, ...]:
        return (STATE,)

    def scope_errors(self, instance: Meeting, related: dict[str, list]) -> dict[str, str]:
        if not instance.committee_id:
            return {}
        committee = instance.committee
        allowed = writable_choices(self.user, Meeting, Committee.objects.filter(pk=committee.pk))
        if not allowed.exists():
            return {
                "committee": _(
                    "Vous ne pouvez pas enregistrer de réunion du comité %(committee)s : "
                    "vous n'en êtes pas point focal."
                )
                % {"committee": committee.code}
            }
        return {}

    def template_choices(self) -> dict[str, list[str]]:
        committees = writable_choices(self.user, Meeting, Committee.objects.order_by("position", "code"))
        return {
            COMMITTEE: list(committees.values_list("code", flat=True)),
            MODE: [str(label) for _code, label in Meeting.Mode.choices],
        }

    def example_row(self) -> dict:
        committees = writable_choices(self.user, Meeting, Committee.objects.order_by("position", "code"))
        committee = committees.filter(kind=Committee.Kind.PROGRAMME).first() or committees.first()
        return {
            COMMITTEE: committee.code if committee else "CP1",
            DATE: datetime.date(datetime.date.today().year, 6, 24),
            TIME: datetime.time(10, 0),
            MODE: str(Meeting.Mode.ONLINE.label),
            PLACE: "",
            CHAIR: _("Directeur des Affaires de la Migration"),
            PARTICIPANTS: "OIM ; Ministère de la Santé",
        }


class MeetingExportResource(MeetingResource):
    """The admin list's export: the imported columns, then the review state."""

    review_state = Field("get_review_state_display", STATE, widget=DisplayWidget(), readonly=True)

    class Meta:
        fields = (*MeetingResource.Meta.fields, "review_state")
        export_order = fields
