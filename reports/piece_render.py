"""One piece of the working version laid out (reports.pieces), in a rendering process.

A piece arrives as raw HTML; its typography is applied here (the costly part
of the HTML, spread over the rendering processes), then it is laid out as the
one-piece bilan is (reports.pdf.lay_out: hyphenation, no word cut across a
page, « (suite) »), without running headers or folios: reports.assembly
stamps them on the merged pages. What assembly needs of its layout comes
with the PDF: its anchors and bookmarks, page by page.
"""

import ctypes
import ctypes.util
import gc
import os
import pickle
import re
import signal
from dataclasses import asdict, dataclass
from urllib.parse import urljoin

from weasyprint import CSS
from weasyprint.text.fonts import FontConfiguration

from reports import exports, hyphenation, pdf, typography

COVER_SUBTITLE_CLASS = "cover-subtitle"


@dataclass
class RenderedPiece:
    pdf: bytes
    pages: int
    anchors: dict[str, int]  # anchor → index of its page in the piece
    bookmarks: list[tuple[int, str, int]]  # (level, label, page index), in document order
    book: str  # the cover's subtitle: the running header of left pages ("" but in the front matter)

    def metadata(self) -> dict:
        return {name: value for name, value in asdict(self).items() if name != "pdf"}

    @classmethod
    def from_metadata(cls, metadata: dict, data: bytes) -> "RenderedPiece":
        bookmarks = [tuple(bookmark) for bookmark in metadata["bookmarks"]]
        return cls(**{**metadata, "bookmarks": bookmarks, "pdf": data})


class PieceProcessDied(RuntimeError):
    """The process laying out a piece ended without its result (killed, out of memory)."""


# Set in the pool's processes (reports.render_pool): there each piece is laid
# out in a fork. Elsewhere — the worker itself, which holds threads and
# database connections that a fork would copy — in the process.
FORK_EACH_PIECE = False
# A fork laying out a piece for longer than this is stopped (SIGALRM).
PIECE_TIMEOUT_SECONDS = 600


def render_piece(html: str, language: str, glossary) -> RenderedPiece:
    """Lays out a piece's raw HTML in `language`'s typography, with `glossary`'s acronyms.

    In a pool process, in a fork of it: a layout leaves millions of objects in
    reference cycles; collecting them took a fifth of the layout's time, and
    left the process at its peak. The fork inherits what this process holds
    warm (the parsed stylesheet and its fonts, the libraries), lays the piece
    out with the collector off, sends its result back and ends: the system
    takes its memory back at once.
    """
    if not FORK_EACH_PIECE:
        with pdf.collector_paused():
            rendered = _laid_out(html, language, glossary)
        release_memory()
        return rendered
    _parsed_stylesheet(html)  # parsed here once, inherited by every fork
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # the fork: never returns
        _lay_out_and_exit(reader, writer, html, language, glossary)
    os.close(writer)
    with os.fdopen(reader, "rb") as source:
        data = source.read()
    _pid, status = os.waitpid(child, 0)
    try:
        outcome, result = pickle.loads(data)
    except Exception:  # nothing, or cut short: the fork died writing it
        raise PieceProcessDied(
            "Le processus de mise en page s'est arrêté sans résultat (mémoire insuffisante ?) "
            f"— état {status}."
        ) from None
    if outcome == "error":
        raise RuntimeError(result)
    return result


def _lay_out_and_exit(reader: int, writer: int, html: str, language: str, glossary) -> None:
    """In the fork: lays the piece out, writes ("ok", piece) or ("error", message), and ends."""
    os.close(reader)
    signal.alarm(PIECE_TIMEOUT_SECONDS)
    try:
        gc.disable()
        try:
            outcome = ("ok", _laid_out(html, language, glossary))
        except BaseException as exc:  # sent back as text: any exception pickles that way
            outcome = ("error", str(exc) or exc.__class__.__name__)
        with os.fdopen(writer, "wb") as out:
            pickle.dump(outcome, out, protocol=pickle.HIGHEST_PROTOCOL)
    finally:
        os._exit(0)  # no clean-up: nothing of the fork's is needed any more


def _laid_out(html: str, language: str, glossary) -> RenderedPiece:
    # The typography and the soft hyphens in one pass over the text.
    rules = [*typography.RULES.get(language, []), *hyphenation.rules(language)]
    html, font_config, stylesheets = _parsed_stylesheet(typography.typeset(html, language, glossary, rules))
    document, source = pdf.lay_out(html, None, font_config, stylesheets, hyphenated=True)
    return RenderedPiece(
        pdf=document.write_pdf(),
        pages=len(document.pages),
        anchors=_anchors(document),
        bookmarks=[
            (level, label, index)
            for index, page in enumerate(document.pages)
            for level, label, _target, _state in page.bookmarks
        ],
        book=_cover_subtitle(source.etree_element),
    )


# The bilan's stylesheet, parsed once per process with its fonts (its
# @font-face rules load them into the FontConfiguration): about a tenth of a
# short piece's layout. Keyed on the file and the layout's version.
_STYLESHEETS: dict[tuple[str, str], tuple[FontConfiguration, CSS]] = {}
_STYLESHEET_LINK = re.compile(r'<link rel="stylesheet" href="([^"]+)">')


def _parsed_stylesheet(html: str) -> tuple[str, FontConfiguration | None, list[CSS]]:
    """`html` without its link to a static stylesheet, and that stylesheet parsed
    (from this process's memory after the first piece); `html` as is otherwise."""
    match = _STYLESHEET_LINK.search(html)
    path = match and pdf.static_file_for(urljoin(pdf.base_url(), match.group(1)))
    if path is None:
        return html, None, []
    # The layout's version covers the CSS and the fonts it loads (reports.exports).
    key = (str(path), exports.layout_version())
    if key not in _STYLESHEETS:
        font_config = FontConfiguration()
        stylesheet = CSS(
            filename=str(path),
            base_url=path.as_uri(),
            url_fetcher=pdf.StaticFilesFetcher(),
            font_config=font_config,
        )
        _STYLESHEETS.clear()
        _STYLESHEETS[key] = font_config, stylesheet
    font_config, stylesheet = _STYLESHEETS[key]
    return html[: match.start()] + html[match.end() :], font_config, [stylesheet]


def _anchors(document) -> dict[str, int]:
    """Each anchor's page: the first one its element is on (an element spanning
    pages, a chapter's <section>, is listed on each)."""
    anchors: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for name in page.anchors:
            anchors.setdefault(name, index)
    return anchors


def _cover_subtitle(root) -> str:
    """The text `string-set: book content()` takes, as CSS collapses it."""
    for element in root.iter():
        if COVER_SUBTITLE_CLASS in (element.get("class") or "").split():
            return " ".join("".join(element.itertext()).replace("\u00ad", "").split())
    return ""


def release_memory() -> None:
    """Frees a render's objects and gives the memory back to the system, so that
    a warm process idles near its size at rest (a render peaks at hundreds of MiB)."""
    gc.collect()
    libc = ctypes.util.find_library("c")
    if libc:
        try:
            ctypes.CDLL(libc).malloc_trim(0)
        except AttributeError:  # not glibc: nothing to trim
            pass
