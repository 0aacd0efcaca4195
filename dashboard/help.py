"""« Aide »: how to log, submit, import and get the bilan, for the user's role.

One page per role (access.roles.role_of), each section linking to the pages
that role may open — never to one that would refuse it. The import's columns
are read from the import resources themselves, so the help names the
template's real headers.
"""

from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from access.decorators import role_required
from access.roles import Role, role_of
from adminsite.pages import page
from committees.resources import MeetingResource
from reports.models import BilanEdition, ReportingYear
from reports.tables import marker_help
from spreadsheets.admin import required_columns
from spreadsheets.files import import_max_bytes, size_label
from trainings.resources import SessionResource

# The sections of each role's page, in the order shown.
SECTIONS = {
    Role.ADMINISTRATOR: ["meeting", "session", "submit", "review", "import", "bilan", "closing", "accounts"],
    Role.STAFF: ["meeting", "session", "submit", "review", "import", "bilan", "closing", "accounts"],
    Role.FOCAL_POINT: ["meeting", "session", "submit", "import", "bilan"],
    Role.READER: ["read", "bilan"],
}

TITLES = {
    "meeting": gettext_lazy("Enregistrer une réunion"),
    "session": gettext_lazy("Enregistrer une session ou un événement"),
    "submit": gettext_lazy("Soumettre pour validation"),
    "review": gettext_lazy("Valider ou renvoyer"),
    "import": gettext_lazy("Importer un tableur"),
    "bilan": gettext_lazy("Obtenir le bilan"),
    "closing": gettext_lazy("Clôturer une année"),
    "accounts": gettext_lazy("Départ d'un point focal"),
    "read": gettext_lazy("Consulter les réunions et les sessions"),
}


def import_columns(resource_class, user) -> list[dict]:
    """The columns of an import's template, each with whether it is required."""
    resource = resource_class(user=user)
    required = required_columns(resource)
    return [{"name": column, "required": column in required} for column in resource.import_columns()]


@role_required
def help_page(request: HttpRequest) -> TemplateResponse:
    role = role_of(request.user)
    sections = SECTIONS[role]
    # The latest year first; the others are linked by their preview.
    years = list(ReportingYear.objects.order_by("-year"))
    year = years[0] if years else None
    context = {
        "role": role,
        "role_label": role.label,
        "sections": [{"key": key, "title": TITLES[key]} for key in sections],
        "shown": set(sections),
        "mdcmre": role in (Role.ADMINISTRATOR, Role.STAFF),
        "administrator": role == Role.ADMINISTRATOR,
        "focal_point": role == Role.FOCAL_POINT,
        "year": year,
        "other_years": years[1:],
        "has_publications": BilanEdition.objects.published().exists(),
        "publications_url": reverse("publications:list"),
    }
    if year is not None:
        context["drafts_url"] = reverse("reports:bilan-preview", args=[year.year]) + "?brouillons=1"
    if context["mdcmre"]:
        context["table_markers"] = marker_help()
        context["review_queue_url"] = reverse("admin:snia_review_queue")
        context["not_reported_url"] = reverse("admin:snia_not_reported")
        context["years_url"] = reverse("admin:reports_reportingyear_changelist")
        context["users_url"] = reverse("admin:auth_user_changelist")
        context["invite_url"] = reverse("account-invite")
    if "import" in sections:
        context["session_columns"] = import_columns(SessionResource, request.user)
        context["meeting_columns"] = import_columns(MeetingResource, request.user)
        context["max_size"] = size_label(import_max_bytes())
    return page(request, "dashboard/help.html", _("Aide"), **context)
