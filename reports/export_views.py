"""The bilan's PDF: download when an up-to-date one is stored, otherwise ask
for it and follow its rendering by the background worker."""

from django.contrib import admin
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from access.decorators import role_required
from reports.exports import bilan_fingerprint
from reports.models import BilanExport, ReportingYear


@role_required
def bilan_pdf(request: HttpRequest, year: int) -> HttpResponse:
    reporting_year = get_object_or_404(ReportingYear, year=year)
    export = BilanExport.objects.current(reporting_year)
    if export is None or export.status != BilanExport.Status.READY:
        return redirect("reports:bilan-export", year=year)
    try:
        stored = export.file.open("rb")
    except FileNotFoundError:
        # Lost from the media directory (a restore, a manual clean-up): say
        # so on the status page, whose button renders it again.
        export.mark_failed(_("Le fichier PDF enregistré est introuvable sur le disque."))
        return redirect("reports:bilan-export", year=year)
    return FileResponse(
        stored, as_attachment=True, filename=export.download_name, content_type="application/pdf"
    )


@role_required
@require_http_methods(["GET", "POST"])
def bilan_export(request: HttpRequest, year: int) -> HttpResponse:
    reporting_year = get_object_or_404(ReportingYear, year=year)
    if request.method == "POST":
        BilanExport.objects.request(reporting_year, request.user)
        return redirect("reports:bilan-export", year=year)
    # While a render is under way this page reloads every 3 seconds: it shows
    # that render without rendering the year's HTML for its fingerprint each
    # time (the task checks the data again before it writes the PDF).
    export = BilanExport.objects.filter(year=reporting_year).pending().first()
    outdated = None
    if export is None or export.is_abandoned:
        fingerprint = bilan_fingerprint(reporting_year.year)
        export = BilanExport.objects.current(reporting_year, fingerprint)
        if export is None or export.status != BilanExport.Status.READY:
            # A PDF of older data, kept until the next one is ready: worth
            # saying that it exists and why it is not offered.
            outdated = (
                BilanExport.objects.filter(year=reporting_year, status=BilanExport.Status.READY)
                .exclude(fingerprint=fingerprint)
                .first()
            )
    context = {
        **admin.site.each_context(request),
        "title": _("Bilan programmatique %(year)s — PDF") % {"year": year},
        "year": reporting_year,
        "export": export,
        "outdated": outdated,
    }
    return render(request, "reports/export_status.html", context)
