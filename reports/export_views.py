"""The bilan's PDF: download when an up-to-date one is stored, otherwise ask
for it and follow its rendering by the background worker. The status page
always offers the latest ready PDF and a way forward, whatever is pending.

None of these pages renders the year's HTML: whether a stored PDF is that of
the data as they are now is the year's revision's business
(reports.exports.current_revision, one SQL query)."""

from django.contrib import admin
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from access.decorators import role_required
from reports import exports
from reports.edition_views import edition_response
from reports.languages import language_asked, named_languages, unknown_language_response, with_language
from reports.leases import lease_duration
from reports.models import BilanEdition, BilanExport, ReportingYear
from reports.tasks import request_export
from reports.worker import worker_status
from reports.year_views import reporting_year_or_page


def _requested_export(request: HttpRequest, year: ReportingYear, language: str) -> BilanExport | None:
    """The ready export asked for by `?export=<id>` (a PDF of earlier data offered by the
    status page); without it, the ready one in `language` of the current data."""
    stored = BilanExport.objects.filter(year=year)
    asked = request.GET.get("export")
    if asked is None:
        return stored.current(year, exports.current_revision(year.year), language)
    # Anything but a plausible id (letters, NUL, a number beyond any key) is no export.
    if not asked.isascii() or not asked.isdigit() or len(asked) > 18:
        return None
    return stored.filter(pk=int(asked)).first()


def _status_page(year: int, language: str) -> HttpResponse:
    return redirect(with_language(reverse("reports:bilan-export", args=[year]), language))


@role_required
def bilan_pdf(request: HttpRequest, year: int) -> HttpResponse:
    # ?langue=ar: the Arabic PDF (reports.languages); each language has its own exports.
    language = language_asked(request)
    if language is None:
        return unknown_language_response()
    reporting_year = reporting_year_or_page(request, year)
    if not isinstance(reporting_year, ReportingYear):
        return reporting_year
    edition = BilanEdition.objects.served(reporting_year, language)
    if edition is not None:
        # A closed year: the PDF of its edition, as published.
        return edition_response(edition, "pdf", filename=f"bilan-programmatique-{year}.pdf")
    export = _requested_export(request, reporting_year, language)
    if export is None or export.status != BilanExport.Status.READY:
        return _status_page(year, language)
    try:
        stored = export.file.open("rb")
    except FileNotFoundError:
        # Lost from the media directory (a restore, a manual clean-up): say
        # so on the status page, whose button renders it again.
        export.mark_failed(_("Le fichier PDF enregistré est introuvable dans le stockage des fichiers."))
        return _status_page(year, export.language)
    return FileResponse(
        stored, as_attachment=True, filename=export.download_name, content_type="application/pdf"
    )


@role_required
@require_http_methods(["GET", "POST"])
def bilan_export(request: HttpRequest, year: int) -> HttpResponse:
    # The language: ?langue= on the page, the form's `langue` field on the button's POST.
    language = language_asked(request)
    if language is None:
        return unknown_language_response()
    reporting_year = reporting_year_or_page(request, year)
    if not isinstance(reporting_year, ReportingYear):
        return reporting_year
    # A closed year's PDF is its edition's: nothing to render, nothing to queue.
    # Its edition is French: another language's PDF is rendered from its frozen records.
    edition = BilanEdition.objects.served(reporting_year, language)
    if request.method == "POST":
        if edition is None:
            request_export(reporting_year, request.user, language=language)
        return _status_page(year, language)
    if edition is not None:
        context = {
            **admin.site.each_context(request),
            "title": _("Bilan programmatique %(year)s — PDF") % {"year": year},
            "year": reporting_year,
            "edition": edition,
            "language": language,
            "bilan_languages": named_languages(),
        }
        return render(request, "reports/export_status.html", context)
    export = BilanExport.objects.followed(reporting_year, exports.current_revision(year), language)
    latest_ready = BilanExport.objects.filter(year=reporting_year, language=language).latest_ready()
    # Queued for longer than a lease: say so if no worker lives to take it.
    waiting = (
        export is not None
        and export.status == BilanExport.Status.QUEUED
        and export.requested_at < timezone.now() - lease_duration()
    )
    context = {
        **admin.site.each_context(request),
        "title": _("Bilan programmatique %(year)s — PDF") % {"year": year},
        "year": reporting_year,
        "language": language,
        "bilan_languages": named_languages(),
        "export": export,
        # The latest PDF, of earlier data, offered while the current data's is not ready.
        "earlier": latest_ready if latest_ready is not None and latest_ready != export else None,
        "worker": worker_status() if waiting else None,
    }
    return render(request, "reports/export_status.html", context)
