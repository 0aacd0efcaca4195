"""A year's pages before anything is recorded for it, MDCMRE staff's
« Ouvrir l'année N » button (reports.years), and the year's cover logo."""

from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access.decorators import role_required
from access.rules import is_mdcmre
from adminsite.pages import page
from reports.models import ReportingYear
from reports.validators import LOGO_CONTENT_TYPES, LOGO_EXTENSIONS
from reports.years import is_valid_year, open_year


def reporting_year_or_page(request: HttpRequest, year: int) -> ReportingYear | HttpResponse:
    """The reporting year of the bilan's pages, or the French page saying that
    nothing is recorded for it yet (404, whatever DEBUG says)."""
    found = ReportingYear.objects.filter(year=year).first()
    if found is not None:
        return found
    return page(
        request,
        "reports/no_year.html",
        _("Bilan programmatique %(year)s") % {"year": year},
        status=404,
        year=year,
        may_open=is_mdcmre(request.user) and is_valid_year(year),
    )


@role_required
@require_POST
def open_year_view(request: HttpRequest, year: int) -> HttpResponse:
    """Opens the year (idempotent), then back to the page the button was on."""
    if not is_mdcmre(request.user):
        raise PermissionDenied(_("Seul le personnel du MDCMRE peut ouvrir une année."))
    if not is_valid_year(year):
        return page(
            request,
            "reports/open_year_refused.html",
            _("Ouvrir l'année %(year)s") % {"year": year},
            status=400,
            year=year,
        )
    _year, created = open_year(year)
    if created:
        messages.success(request, _("L'année %(year)s est ouverte.") % {"year": year})
    else:
        messages.info(request, _("L'année %(year)s était déjà ouverte.") % {"year": year})
    back = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure())
    return HttpResponseRedirect(back if back and safe else reverse("admin:reports_reportingyear_changelist"))


@role_required
def year_logo(request: HttpRequest, name: str) -> FileResponse:
    """A year's cover logo, where the admin's link to the stored file leads
    (reports.models.years.LogoStorage): never served from MEDIA_URL. Every
    role may see it, as it is printed on the bilan every role reads."""
    year = get_object_or_404(ReportingYear, logo=name)
    content_type = LOGO_CONTENT_TYPES.get(LOGO_EXTENSIONS.get(PurePath(name).suffix.lower(), ""))
    if content_type is None:
        raise Http404
    try:
        file = year.logo.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(file, filename=PurePath(name).name, content_type=content_type)
    # Browsers must take the declared type, never guess one from the bytes.
    response["X-Content-Type-Options"] = "nosniff"
    return response
