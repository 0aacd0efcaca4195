"""Sessions in and out of spreadsheets (admin import and export).

A row is matched to an existing session on its natural key: title + year +
start date. The published tables often give no dates (none of the 2020
sessions has one), so an empty start date is part of the key and matches
sessions without a date. The organisers are deliberately not in the key:
they are a many-to-many list, which a partner may complete in a later version
of the same file (adding a co-organiser must update the session, not create a
second one). Two sessions of one year with the same title and no date cannot
be told apart: such a row is refused and names the ambiguity.
"""

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.fields import Field
from import_export.widgets import IntegerWidget

from access.roles import Role, role_of
from access.rules import focal_point_of, own_institution_error
from programmes.models import Action, Institution, Project
from programmes.resources import institutions_widget
from spreadsheets.resources import ScopedResource
from spreadsheets.widgets import (
    ChoiceWidget,
    CodesWidget,
    DateWidget,
    DisplayWidget,
    ReferencesWidget,
    TextWidget,
    YearWidget,
    YesNoWidget,
    parse_integer,
    shown,
)
from trainings.forms import NEGATIVE_COUNT
from trainings.models import Session

# The file's column headers. They identify the columns of every file people
# fill in, so they stay in French whatever the interface language.
TITLE = "Intitulé"
KIND = "Type"
YEAR = "Année"
START = "Date de début"
END = "Date de fin"
PROJECTS = "Projets"
ORGANISERS = "Organisateurs"
BENEFICIARIES = "Bénéficiaires"
CITY = "Ville"
ONLINE = "En ligne"
WOMEN = "Femmes"
MEN = "Hommes"
UNRECORDED = "Sexe non renseigné"
ACTIONS = "Actions (codes)"
REPORT_TABLE = "Tableau du bilan"
TOTAL = "Total"
STATE = "État de validation"


class CountWidget(IntegerWidget):
    """A number of participants: a whole number, 0 when blank, never negative."""

    def describe(self) -> str:
        return _("Nombre entier, 0 ou plus (vide : 0).")

    def clean(self, value, row=None, **kwargs) -> int:
        try:
            number = parse_integer(value)
        except ValueError:
            raise ValueError(
                _("« %(value)s » n'est pas un nombre entier de participants.") % {"value": shown(value)}
            ) from None
        if number is None:
            return 0
        if number < 0:
            raise ValueError(str(NEGATIVE_COUNT))
        return number


class SessionResource(ScopedResource):
    title = Field("title", TITLE, widget=TextWidget())
    kind = Field(
        "kind",
        KIND,
        widget=ChoiceWidget(Session.Kind, gettext_lazy("« %(value)s » n'est pas un type de session connu.")),
    )
    year = Field("year", YEAR, widget=YearWidget())
    start_date = Field("start_date", START, widget=DateWidget())
    end_date = Field("end_date", END, widget=DateWidget())
    projects = Field(
        "projects",
        PROJECTS,
        widget=ReferencesWidget(
            Project,
            ("name", "acronym"),
            unknown=gettext_lazy("Projet inconnu : « %(name)s »."),
            ambiguous=gettext_lazy("« %(name)s » désigne plusieurs projets : écrivez le nom complet."),
            hint=gettext_lazy(
                "Écrivez le nom ou le nom court d'un projet du référentiel, séparés par « ; »."
            ),
        ),
    )
    organisers = Field("organisers", ORGANISERS, widget=institutions_widget())
    beneficiaries = Field("beneficiaries", BENEFICIARIES, widget=TextWidget())
    city = Field("city", CITY, widget=TextWidget())
    online = Field("online", ONLINE, widget=YesNoWidget())
    women = Field("women", WOMEN, widget=CountWidget())
    men = Field("men", MEN, widget=CountWidget())
    unrecorded = Field("unrecorded", UNRECORDED, widget=CountWidget())
    actions = Field(
        "actions",
        ACTIONS,
        widget=CodesWidget(
            Action,
            ("code",),
            unknown=gettext_lazy("Code d'action inconnu : « %(name)s »."),
            ambiguous=gettext_lazy("« %(name)s » désigne plusieurs actions."),
            hint=gettext_lazy(
                "Les codes s'écrivent « programme.numéro », par exemple 11.12, séparés par « ; »."
            ),
        ),
    )
    report_table = Field("report_table", REPORT_TABLE, widget=TextWidget())

    class Meta:
        model = Session
        name = gettext_lazy("Sessions et événements")
        fields = (
            "title",
            "kind",
            "year",
            "start_date",
            "end_date",
            "projects",
            "organisers",
            "beneficiaries",
            "city",
            "online",
            "women",
            "men",
            "unrecorded",
            "actions",
            "report_table",
        )
        import_order = fields
        export_order = fields
        import_id_fields = ("title", "year", "start_date")

    def ignored_columns(self) -> tuple[str, ...]:
        # What the export adds: an exported file imports again as it is.
        return (TOTAL, STATE)

    def optional_columns(self) -> tuple[str, ...]:
        # Files filled before the column existed still import.
        return (REPORT_TABLE,)

    def ambiguous_key_message(self) -> str:
        return _(
            "Plusieurs sessions de cette année portent cet intitulé et cette date de début : "
            "précisez la date de début, ou corrigez-les dans l'administration."
        )

    def scope_errors(self, instance: Session, related: dict[str, list]) -> dict[str, str]:
        # The form's rule: a focal point's session names their institution.
        if "organisers" not in related:
            return {}
        message = own_institution_error(self.user, [institution.pk for institution in related["organisers"]])
        return {"organisers": message} if message else {}

    def template_choices(self) -> dict[str, list[str]]:
        return {KIND: [str(label) for _code, label in Session.Kind.choices], ONLINE: [_("Oui"), _("Non")]}

    def template_text_columns(self) -> tuple[str, ...]:
        # Typed in a number cell, "11.10" would become 11.1.
        return (ACTIONS,)

    def example_row(self) -> dict:
        institution = None
        if role_of(self.user) == Role.FOCAL_POINT and focal_point_of(self.user):
            institution = focal_point_of(self.user).institution
        institution = (
            institution or Institution.objects.filter(acronym="OIM").first() or Institution.objects.first()
        )
        project = Project.objects.order_by("name").first()
        actions = (
            Action.objects.in_code_order().filter(programme=11)[:2] or Action.objects.in_code_order()[:2]
        )
        year = datetime.date.today().year
        return {
            TITLE: _("Formation sur la protection des enfants migrants"),
            KIND: str(Session.Kind.TRAINING.label),
            YEAR: year,
            START: datetime.date(year, 3, 16),
            END: datetime.date(year, 3, 17),
            PROJECTS: str(project) if project else "",
            ORGANISERS: str(institution) if institution else "",
            BENEFICIARIES: _("Associations de la société civile"),
            CITY: "Rabat",
            ONLINE: _("Non"),
            WOMEN: 12,
            MEN: 9,
            UNRECORDED: 0,
            ACTIONS: " ; ".join(action.code for action in actions),
        }


class SessionExportResource(SessionResource):
    """The admin list's export: the imported columns, then the total and the review state."""

    total = Field("total", TOTAL, widget=DisplayWidget(), readonly=True)
    review_state = Field("get_review_state_display", STATE, widget=DisplayWidget(), readonly=True)

    class Meta:
        fields = (*SessionResource.Meta.fields, "total", "review_state")
        export_order = fields
