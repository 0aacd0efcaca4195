"""Whether a stored bilan PDF is current, and what its file is keyed on.

Two keys, one cheap and one exact:
- the revision (`current_revision`) says, in one SQL query, whether the PDF
  asked for is that of the year's data as they are now: it moves with every
  write to a table the bilan reads (counted by database triggers,
  reports.revision_triggers) and with every change to the code, templates,
  translations, CSS, fonts and libraries that shape the document. The status
  page, the request and the download use it: none renders any HTML.
- the fingerprint (`fingerprint_of`) is the SHA-256 of the year's HTML, as the
  preview and the PDF render it, plus the layout's version (what shapes the
  PDF without appearing in that HTML: the print CSS and fonts it links to, the
  code that drives WeasyPrint, WeasyPrint's own version). The worker computes
  it from the HTML it renders and stores the PDF under it: a write that leaves
  the HTML as it was (a draft edited) gets the PDF already stored, unrendered.
"""

import hashlib
import importlib
import os
from pathlib import Path

import django
import pikepdf
import pyphen
import weasyprint
from django.apps import apps
from django.conf import settings

from reports import continued, hyphenation, page_breaks, pdf, pdf_archival
from reports.models import BilanRevision

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


# Each file's hash, kept while its size and modification time stay the same:
# the megabytes of sources, CSS and fonts are read once per process, not per
# request, and a file changed on disk is read again at once (no restart needed).
_hashed: dict[str, tuple[int, int, bytes]] = {}


def _file_digest(path: str) -> bytes:
    status = os.stat(path)
    known = _hashed.get(path)
    if known is None or known[:2] != (status.st_mtime_ns, status.st_size):
        with open(path, "rb") as file:
            known = (status.st_mtime_ns, status.st_size, hashlib.sha256(file.read()).digest())
        _hashed[path] = known
    return known[2]


def layout_version() -> str:
    digest = hashlib.sha256(LIBRARIES.encode())
    for path in layout_files():
        digest.update(f"{path.relative_to(settings.BASE_DIR)}\n".encode())
        digest.update(_file_digest(str(path)))
    return digest.hexdigest()


def fingerprint_of(html: str) -> str:
    return hashlib.sha256(f"{layout_version()}\n{html}".encode()).hexdigest()


# What shapes the HTML itself besides the data: the templates, the project's
# code that fills them, the translations, Django's own filters and formats.
# The fingerprint hashes the HTML and needs none of them; the revision, which
# decides without rendering, must. Everything of ours is taken, not a chosen
# list of modules that would drift: a deploy that changes no bilan only costs
# one HTML render per year, whose fingerprint finds the PDF already stored.
SOURCE_SUFFIXES = {".py", ".html", ".txt", ".mo"}


def source_files() -> list[str]:
    """The sources' paths, relative to BASE_DIR (strings: pathlib would cost more than the hashing)."""
    base = str(Path(settings.BASE_DIR).resolve())
    roots = [*settings.LOCALE_PATHS, *settings.TEMPLATES[0]["DIRS"]]
    # The project's package (settings, URLs), found through its URLs: it is no app.
    roots.append(Path(importlib.import_module(settings.ROOT_URLCONF).__file__).parent)
    roots.extend(app.path for app in apps.get_app_configs())
    files = set()
    for root in {os.path.realpath(root) for root in roots}:
        # The project's own apps, not the libraries installed in a virtualenv under it.
        if not root.startswith(base + os.sep) or "site-packages" in root:
            continue
        for directory, subdirectories, names in os.walk(root):
            subdirectories[:] = [name for name in subdirectories if name != "__pycache__"]
            relative = directory[len(base) + 1 :]
            files.update(
                os.path.join(relative, name) for name in names if os.path.splitext(name)[1] in SOURCE_SUFFIXES
            )
    return sorted(files)


def code_version() -> str:
    """A version of everything outside the database that shapes the PDF: the layout's and the sources'."""
    digest = hashlib.sha256(f"{layout_version()}\ndjango {django.__version__}\n".encode())
    base = Path(settings.BASE_DIR).resolve()
    for name in source_files():
        digest.update(f"{name}\n".encode())
        digest.update(_file_digest(os.path.join(base, name)))
    return digest.hexdigest()


def current_revision(year: int) -> str:
    """The revision of `year`'s bilan as it would be rendered now: its data's
    counter, the reference data's and the code's version. One SQL query."""
    year_counter, reference_counter = BilanRevision.objects.counters(year)
    return f"{year_counter}-{reference_counter}-{code_version()[:32]}"
