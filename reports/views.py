from csp.decorators import csp_replace, csp_update
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from access.decorators import role_required
from access.roles import Role, role_of
from access.rules import is_mdcmre
from reports.edition_views import edition_response
from reports.languages import (
    REPORT_LANGUAGE,
    language_asked,
    named_languages,
    unknown_language_response,
    with_language,
)
from reports.models import BilanEdition, ReportingYear
from reports.pdf import render_bilan_html
from reports.translations import completeness
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

    With ?langue=ar (or en) the bilan is in that language (reports.languages);
    an unknown language is a 400 with a French message. A closed year's
    edition is French: in another language, its frozen records are rendered.
    """
    language = language_asked(request)
    if language is None:
        return unknown_language_response()
    reporting_year = reporting_year_or_page(request, year)
    if not isinstance(reporting_year, ReportingYear):
        return reporting_year
    edition = BilanEdition.objects.served(reporting_year, language)
    if edition is not None:
        return edition_response(edition, "html")
    drafts_for = request.user if request.GET.get("brouillons") == "1" else None
    screen = screen_links(request.user, year, drafts_for, language)
    return HttpResponse(render_bilan_html(year, drafts_for, language=language, screen=screen))


def screen_links(user, year: int, drafts_for, language: str = REPORT_LANGUAGE) -> dict:
    """The preview's toolbar: the PDF, the workbook (with the drafts when the
    preview shows them) and, for roles that have drafts, the other view; in
    the preview's language (the workbook is French), and the preview in the
    other languages. MDCMRE staff also get the table of the texts without a
    translation, to see before publishing (reports.translations)."""
    preview = with_language(reverse("reports:bilan-preview", args=[year]), language)
    workbook = reverse("reports:bilan-xlsx", args=[year])
    # Readers see no draft (access.rules.reported): a drafts view would be the same bilan.
    has_drafts = role_of(user) in (Role.ADMINISTRATOR, Role.STAFF, Role.FOCAL_POINT)
    base = reverse("reports:bilan-preview", args=[year])
    with_drafts = with_language(f"{base}?brouillons=1", language)
    shown = f"{base}?brouillons=1" if drafts_for is not None else base
    return {
        "dashboard": reverse("dashboard"),
        "pdf": with_language(reverse("reports:bilan-export", args=[year]), language),
        "workbook": f"{workbook}?brouillons=1" if drafts_for is not None else workbook,
        "with_drafts": with_drafts if has_drafts and drafts_for is None else None,
        "without_drafts": preview if drafts_for is not None else None,
        # The same view (with or without drafts) in each other language.
        "languages": [
            (code, name, with_language(shown, code)) for code, name in named_languages() if code != language
        ],
        "completeness": completeness(year) if is_mdcmre(user) else None,
    }
