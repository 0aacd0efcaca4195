from csp.decorators import csp_replace, csp_update
from django.http import HttpRequest, HttpResponse

from access.decorators import role_required
from reports.edition_views import edition_response
from reports.models import BilanEdition, ReportingYear
from reports.pdf import render_bilan_html
from reports.year_views import reporting_year_or_page


# pygal's SVG chart styles itself inline; the rest of the site keeps the strict policy.
@csp_replace({"style-src": ["'self'", "'unsafe-inline'"]})
# A closed year's stored edition carries its fonts as data: URIs.
@csp_update({"font-src": ["data:"]})
@role_required
def bilan_preview(request: HttpRequest, year: int) -> HttpResponse:
    """The year's bilan as the PDF will print it, for reading on screen.

    With ?brouillons=1 it also shows the records not yet validated that the
    user may see (access.rules.reported), marked as such. Once the year is
    closed it is the stored edition, whatever the data became.
    """
    reporting_year = reporting_year_or_page(request, year)
    if not isinstance(reporting_year, ReportingYear):
        return reporting_year
    edition = BilanEdition.objects.served(reporting_year)
    if edition is not None:
        return edition_response(edition, "html")
    drafts_for = request.user if request.GET.get("brouillons") == "1" else None
    return HttpResponse(render_bilan_html(year, drafts_for))
