"""The front door: where every role starts the day (issue 10)."""

from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from access.decorators import role_required
from access.roles import Role, role_of
from access.rules import is_mdcmre
from adminsite.pages import page
from dashboard import work
from dashboard.bilan import bilan_links
from dashboard.figures import key_figures
from dashboard.years import asked_year, default_year, validated_years, year_choices, year_events
from reports.models import ReportingYear


@role_required
def dashboard(request: HttpRequest) -> TemplateResponse:
    """The year's figures and bilan for everyone; MDCMRE staff's queue and who
    still owes a report; a focal point's own work. `?annee=` picks the year
    (anything else than a year shows the default one)."""
    today = timezone.localdate()
    with_records = validated_years()
    year = asked_year(request.GET.get("annee")) or default_year(with_records, today)
    reporting_years = {
        row.year: row for row in ReportingYear.objects.select_related("closed_by", "closing_started_by")
    }
    reporting_year = reporting_years.get(year)
    role = role_of(request.user)
    staff = is_mdcmre(request.user)
    focal = work.focal_point_work(request.user) if role == Role.FOCAL_POINT else None
    return page(
        request,
        "dashboard/dashboard.html",
        _("Tableau de bord"),
        year=year,
        years=year_choices(year, with_records, set(reporting_years), today),
        reporting_year=reporting_year,
        events=year_events(reporting_year),
        figures=key_figures(year, today),
        bilan=bilan_links(year, reporting_year),
        staff=staff,
        queue=work.review_queue(timezone.now()) if staff else None,
        completeness=work.reporting_completeness(year) if staff else None,
        focal=focal,
        may_add=staff or focal is not None,
        new_meeting=focal["new_meeting"] if focal else work.add_url("committees_meeting"),
        new_session=focal["new_session"] if focal else work.add_url("trainings_session"),
        actions_url=work.changelist("programmes_action"),
    )
