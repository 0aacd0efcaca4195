from csp.decorators import csp_replace
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from reports.models import ReportingYear
from reports.pdf import render_bilan_html


# pygal's SVG chart styles itself inline; the rest of the site keeps the strict policy.
@csp_replace({"style-src": ["'self'", "'unsafe-inline'"]})
@login_required
def bilan_preview(request: HttpRequest, year: int) -> HttpResponse:
    """The year's bilan as the PDF will print it, for reading on screen.

    With ?brouillons=1 it also shows records not yet validated, marked as such.
    """
    get_object_or_404(ReportingYear, year=year)
    return HttpResponse(render_bilan_html(year, include_unvalidated=request.GET.get("brouillons") == "1"))
