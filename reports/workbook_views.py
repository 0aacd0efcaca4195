"""The year's tables as an XLSX workbook (see reports.spreadsheets)."""

from django.http import HttpRequest, HttpResponse

from access.decorators import role_required
from reports.edition_views import edition_response
from reports.models import BilanEdition, ReportingYear
from reports.spreadsheets import bilan_workbook
from reports.year_views import reporting_year_or_page
from spreadsheets.files import XLSX_CONTENT_TYPE


@role_required
def bilan_xlsx(request: HttpRequest, year: int) -> HttpResponse:
    """Whoever may read the bilan downloads its tables.

    With ?brouillons=1, as the preview, it adds the records awaiting validation
    that the user may see. Once the year is closed it is the stored edition's workbook.
    """
    reporting_year = reporting_year_or_page(request, year)
    if not isinstance(reporting_year, ReportingYear):
        return reporting_year
    edition = BilanEdition.objects.served(reporting_year)
    if edition is not None:
        return edition_response(edition, "xlsx", filename=f"bilan-programmatique-{year}.xlsx")
    drafts_for = request.user if request.GET.get("brouillons") == "1" else None
    response = HttpResponse(bilan_workbook(year, drafts_for), content_type=XLSX_CONTENT_TYPE)
    suffix = "-brouillons" if drafts_for is not None else ""
    response["Content-Disposition"] = f'attachment; filename="bilan-programmatique-{year}{suffix}.xlsx"'
    return response
