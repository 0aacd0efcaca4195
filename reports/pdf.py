"""The bilan as one HTML document, and that document as a PDF (WeasyPrint).

The HTML is the same for the screen preview and the PDF, and depends only on
the year's data: no date of rendering, no random id. Background rendering
keys the stored PDF on its hash.

WeasyPrint reads our static files from disk and nothing else: stored
narrative is sanitised, and even if a `file://` or remote URL reached the
document, the fetcher below would refuse it (no server file, no request).
"""

import gc
import mimetypes
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from reports import hyphenation, page_breaks, typography
from reports.acronyms import Glossary, used_in
from reports.bilan import build_bilan
from reports.continued import mark_continued_tables
from reports.figures_csv import figures_link
from reports.pdf_archival import PDF_VARIANT, figures_attachments, page_labels, with_page_labels

TEMPLATE = "reports/bilan.html"
# Layouts of one document at most: each may move a hyphenated word off a page's foot.
MAX_LAYOUTS = 3
REPORT_LANGUAGE = "fr"


def static_roots() -> list[Path]:
    """Directories whose files WeasyPrint may read."""
    roots = [Path(directory) for directory in settings.STATICFILES_DIRS]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT))
    return [root.resolve() for root in roots]


def static_file_for(url: str) -> Path | None:
    """The file on disk behind a `file:` URL, if it is one of our static files.

    The document's base URL is on disk, so `/static/reports/bilan.css` reaches
    us as `file:///static/reports/bilan.css`: that path is looked up with
    Django's static finders, then in STATIC_ROOT, where collectstatic wrote the
    hashed names that static() gives in production. A file URL already
    pointing inside a static directory is accepted as is. Anything else is refused (None).
    """
    parsed = urlparse(url)
    if parsed.scheme != "file" or parsed.netloc not in ("", "localhost"):
        return None
    path = unquote(parsed.path)
    # Not static(""): in production the storage looks every name up in its manifest.
    prefix = urlparse(settings.STATIC_URL).path
    candidate = None
    if path.startswith(prefix):
        try:
            found = finders.find(path.removeprefix(prefix))
        except SuspiciousFileOperation:
            found = None
        candidate = Path(found) if isinstance(found, str) else None
        if candidate is None and settings.STATIC_ROOT:
            # A collected file (production): its name holds its hash, as static() gives it.
            candidate = Path(settings.STATIC_ROOT) / path.removeprefix(prefix)
    if candidate is None:
        candidate = Path(path)
    resolved = candidate.resolve()
    if not resolved.is_file() or not any(resolved.is_relative_to(root) for root in static_roots()):
        return None
    return resolved


class StaticFilesFetcher(URLFetcher):
    """Serves our static files from disk and `data:` URLs; refuses everything else."""

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = static_file_for(url)
        if path is None:
            raise ValueError(f"Ressource refusée dans le bilan (hors des fichiers statiques) : {url[:200]}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            path.as_uri(), body=path.read_bytes(), headers={"Content-Type": content_type}
        )


def base_url() -> str:
    # On disk, so that WeasyPrint never asks our own web server for anything.
    return Path(settings.BASE_DIR).resolve().as_uri() + "/"


def render_bilan_html(
    year: int, drafts_for=None, language: str = REPORT_LANGUAGE, screen: dict | None = None
) -> str:
    """The year's bilan as a full HTML document, in French unless another language
    is asked for (validated records only, unless a preview asks for the records
    under review that `drafts_for`, a user, may see). `screen` is the on-screen
    preview's toolbar (its links), never part of the PDF's HTML.

    The document is set in the language's typography (reports.typography), once
    for both the preview and the PDF. The list of acronyms holds those the text
    uses: the document is rendered without it first to find them."""
    with translation.override(language):
        context = build_bilan(year, drafts_for)
        # The figures the PDF carries as a CSV attachment (reports.pdf_archival).
        figures = figures_link(context["statistics"], context["cover"]["document_date"])
        context = {**context, "screen": screen, "figures_csv": figures, "acronyms": []}
        html = render_to_string(TEMPLATE, context)
        glossary = Glossary.from_database()
        if used := used_in(html, glossary):
            html = render_to_string(TEMPLATE, {**context, "acronyms": glossary.entries(used)})
        return typography.typeset(html, language, glossary)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused (then as it was).

    A layout allocates millions of objects, and each generational pass of the
    collector walks them: about a quarter of a render's time, for garbage that
    mostly lives as long as the render. Paused during it, the render's cycles
    are collected once, after it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def html_to_pdf(html: str) -> bytes:
    """The bilan's PDF: PDF/A-3a, tagged, with page labels and the year's figures
    attached (reports.pdf_archival). A function of `html` alone: two renders of
    one HTML are byte-identical."""
    with collector_paused():
        pdf = _render(html)
    # The render's objects are unreachable now: one full collection frees them,
    # so that a warm worker does not carry them into its next render.
    gc.collect()
    return pdf


def lay_out(
    html: str, pdf_variant: str | None = PDF_VARIANT, font_config=None, stylesheets=(), hyphenated=False
):
    """`html` laid out (weasyprint Document, and its parsed HTML): hyphenated
    (unless it is already), no word cut across a page break, « (suite) » where
    tables continue. `stylesheets` (weasyprint CSS) are parsed with `font_config`, if given."""
    # One FontConfiguration for the whole render, or the @font-face fonts
    # are ignored.
    font_config = font_config or FontConfiguration()
    # Soft hyphens: the printed page's alone.
    printed = html if hyphenated else hyphenation.hyphenate(html)
    for _layout in range(MAX_LAYOUTS):
        source = HTML(string=printed, base_url=base_url(), url_fetcher=StaticFilesFetcher())
        # The variant at layout too: it brings the sRGB output intent PDF/A requires.
        document = source.render(
            font_config=font_config, pdf_variant=pdf_variant, stylesheets=list(stylesheets)
        )
        # No word hyphenated across a page break (reports.page_breaks).
        if not (cut := page_breaks.words_cut_across_pages(document)):
            break
        printed = page_breaks.keep_whole(printed, cut)
    return mark_continued_tables(document), source


def _render(html: str) -> bytes:
    document, source = lay_out(html)
    pdf = document.write_pdf(pdf_variant=PDF_VARIANT, attachments=figures_attachments(source.etree_element))
    return with_page_labels(pdf, page_labels(document))


def render_bilan_pdf(year: int, language: str = REPORT_LANGUAGE) -> bytes:
    return html_to_pdf(render_bilan_html(year, language=language))
