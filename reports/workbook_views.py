"""The year's tables as an XLSX workbook (see reports.spreadsheets)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from access.spreadsheets import XLSX_CONTENT_TYPE
from reports.edition_views import edition_response
from reports.editions import BilanEdition
from reports.models import ReportingYear
from reports.spreadsheets import bilan_workbook


@login_required
def bilan_xlsx(request: HttpRequest, year: int) -> HttpResponse:
    """Whoever may read the bilan downloads its tables.

    With ?brouillons=1, as the preview, it adds the records awaiting validation.
    Once the year is closed it is the stored edition's workbook.
    """
    edition = BilanEdition.objects.served(get_object_or_404(ReportingYear, year=year))
    if edition is not None:
        return edition_response(edition, "xlsx", filename=f"bilan-programmatique-{year}.xlsx")
    include_unvalidated = request.GET.get("brouillons") == "1"
    response = HttpResponse(bilan_workbook(year, include_unvalidated), content_type=XLSX_CONTENT_TYPE)
    suffix = "-brouillons" if include_unvalidated else ""
    response["Content-Disposition"] = f'attachment; filename="bilan-programmatique-{year}{suffix}.xlsx"'
    return response
