"""What a stored bilan PDF is keyed on.

The key (fingerprint) is the SHA-256 of the year's HTML, as the preview and
the PDF render it, plus a version of everything else that shapes the PDF
without appearing in that HTML: the print CSS and fonts it links to, the code
that drives WeasyPrint, and WeasyPrint's own version. Any change to a record
shown in the report changes the HTML, so the fingerprint, so the stored PDF
is stale; a layout change or a WeasyPrint upgrade invalidates it too.
"""

import hashlib
from pathlib import Path

import pikepdf
import pyphen
import weasyprint
from django.conf import settings

from reports import continued, hyphenation, page_breaks, pdf, pdf_archival

# Files that shape the PDF but are not part of its HTML: the code that drives
# WeasyPrint and works on its layout (hyphenation, page breaks, « (suite) »,
# PDF/A, page labels), the print CSS and the fonts it links to. Templates are
# not listed: whatever they produce is in the HTML already.
LAYOUT_PATHS = [
    *(Path(module.__file__) for module in (pdf, hyphenation, page_breaks, continued, pdf_archival)),
    settings.BASE_DIR / "static" / "reports",
    settings.BASE_DIR / "static" / "fonts",
]
# The libraries behind them: WeasyPrint lays out, Pyphen's patterns hyphenate,
# pikepdf writes the page labels.
LIBRARIES = "".join(
    f"{library.__name__} {library.__version__}\n" for library in (weasyprint, pyphen, pikepdf)
)


def layout_files() -> list[Path]:
    files = []
    for path in LAYOUT_PATHS:
        if path.is_dir():
            files.extend(p for p in path.rglob("*") if p.is_file())
        elif path.is_file():
            files.append(path)
    return sorted(files)


def layout_version() -> str:
    # Read on every call rather than cached: a few hundred kilobytes of CSS
    # and fonts hash in milliseconds, and a cache would keep serving PDFs
    # with the old layout until the server restarts.
    digest = hashlib.sha256(LIBRARIES.encode())
    for path in layout_files():
        digest.update(f"{path.relative_to(settings.BASE_DIR)}\n".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def fingerprint_of(html: str) -> str:
    return hashlib.sha256(f"{layout_version()}\n{html}".encode()).hexdigest()


def bilan_fingerprint(year: int) -> str:
    """The current fingerprint of `year`'s bilan (renders its HTML: a few SQL queries)."""
    return fingerprint_of(pdf.render_bilan_html(year))
