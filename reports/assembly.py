"""The working version's pieces made one PDF (reports.working).

Pieces are laid out without running headers or folios (reports/bilan_piece.html),
so that a chapter's pages do not depend on where it falls: a page added to one
chapter moves the others' folios and sides, not their layout. Here:

- the stamps: small documents of blank pages whose margin boxes are the
  bilan's own (static/reports/bilan.css: book title on left pages, the current
  part on right pages, « n / N »), one page per page of the merged PDF, plus
  « Version de travail » in the footer and on the cover. Each stamp page is
  drawn over its page. They are laid out in a few chunks, in parallel, each
  starting at its first page's folio and side;
- the merge (pikepdf): pages in order, one outline tree rebuilt from the
  pieces' bookmarks with their CSS levels (parts → chapters → sections, as
  in the one-piece PDF), named destinations gathered in one tree, links to
  another piece's anchors (`snia-anchor:`, reports.pieces) pointed at them,
  page labels (the printed folios), the front matter's metadata, and one
  subset per font for all pieces (reports.font_subsets).
"""

import io
import warnings
from dataclasses import dataclass

import pikepdf
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from reports.font_subsets import share_subsets
from reports.pdf_archival import page_label_nums
from reports.piece_render import RenderedPiece
from reports.pieces import ANCHOR_SCHEME

STAMPS_TEMPLATE = "reports/bilan/stamps.html"
COVER, DIVIDER, BACK_COVER, PAGE = "cover", "divider", "back-cover", "page"


@dataclass(frozen=True)
class PageStamp:
    kind: str  # COVER, DIVIDER, BACK_COVER or PAGE: which @page rules apply
    part: str  # string(part) on this page: the first level-1 heading on it, else the last before
    folio: int  # counter(page): the cover and the back cover are not counted


def page_stamps(pieces: list[tuple[RenderedPiece, bool]], back_cover: bool) -> list[PageStamp]:
    """The stamp of each page of `pieces` (each with whether it opens a part) in order:
    the front matter's first page is the cover, a part's first page its title page,
    and the last page the back cover when the bilan has one."""
    kinds, parts = [], []
    part = ""
    for number, (piece, starts_part) in enumerate(pieces):
        headings = {}
        for level, label, index in piece.bookmarks:
            if level == 1:
                headings.setdefault(index, label)
        for index in range(piece.pages):
            part = headings.get(index, part)
            parts.append(part)
            kinds.append(COVER if number == index == 0 else DIVIDER if starts_part and index == 0 else PAGE)
    if back_cover:
        kinds[-1] = BACK_COVER
    stamps, folio = [], 0
    for kind, part in zip(kinds, parts, strict=True):
        folio += kind not in (COVER, BACK_COVER)
        stamps.append(PageStamp(kind, part, folio))
    return stamps


def total(stamps: list[PageStamp]) -> int:
    """The « N » of « n / N »: the last folio (the back cover is not counted)."""
    return stamps[-1].folio if stamps else 0


def stamps_html(stamps: list[PageStamp], start: int, end: int, book: str, language: str) -> str:
    """The stamps of pages `start` to `end` (excluded) of `stamps`: a document of
    its own, so that the stamps of a long bilan are laid out in parallel. It
    starts on the side and at the folio of its first page (the cover, page 0,
    is a left page; a right page in a right-to-left language), and prints the
    total as a figure."""
    # The cover is a left page, or a right one right to left (static/reports/bilan-rtl.css).
    sides = ("right", "left") if translation.get_language_info(language)["bidi"] else ("left", "right")
    with translation.override(language):
        return render_to_string(
            STAMPS_TEMPLATE,
            {
                "stamps": stamps[start:end],
                "side": sides[start % 2],
                "first_folio": stamps[start].folio,
                "total": total(stamps),
                "book": book,
                "language": language,
            },
        )


def page_labels(stamps: list[PageStamp]) -> list[str | int]:
    """Each page's label, as reports.pdf_archival.page_labels gives the one-piece PDF's:
    its folio, or a name for the covers."""
    names = {COVER: _("Couverture"), BACK_COVER: _("Quatrième de couverture")}
    return [names.get(stamp.kind, stamp.folio) for stamp in stamps]


def merge(pieces: list[RenderedPiece], stamp_pieces: list[RenderedPiece], stamps: list[PageStamp]) -> bytes:
    """One PDF of `pieces`, in order, each page stamped with its page of `stamp_pieces`."""
    merged = pikepdf.new()
    sources = [pikepdf.open(io.BytesIO(piece.pdf)) for piece in pieces]
    # The stamps' files stay open (referenced) until the merged file is written.
    stamp_sources = [pikepdf.open(io.BytesIO(piece.pdf)) for piece in stamp_pieces]
    stamp_pages = [page for source in stamp_sources for page in source.pages]
    if not len(stamp_pages) == len(stamps) == sum(piece.pages for piece in pieces):
        raise ValueError("The stamps and the pieces do not have the same number of pages.")
    destinations: dict[str, pikepdf.Array] = {}
    outline: list[tuple[int, str, pikepdf.Array]] = []
    for piece, source in zip(pieces, sources, strict=True):
        start = len(merged.pages)
        with warnings.catch_warnings():
            # pikepdf warns that named destinations are not copied: they are, below.
            warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
            merged.pages.extend(source.pages)
        index_of = {page.obj.objgen: index for index, page in enumerate(source.pages)}

        def moved(destination, start=start, index_of=index_of) -> pikepdf.Array:
            # [page, /XYZ, left, top, zoom] of the piece → the same spot in the merged file.
            page = merged.pages[start + index_of[destination[0].objgen]]
            return pikepdf.Array([page.obj, *list(destination)[1:]])

        if "/Names" in source.Root and "/Dests" in source.Root.Names:
            for name, destination in pikepdf.NameTree(source.Root.Names.Dests).items():
                destinations[name] = moved(destination)
        items = _flattened(source)
        if len(items) != len(piece.bookmarks):
            raise ValueError("A piece's outline does not match its bookmarks.")
        for (level, _label, _index), (title, destination) in zip(piece.bookmarks, items, strict=True):
            outline.append((level, title, moved(destination)))
    for page, stamp in zip(merged.pages, stamp_pages, strict=True):
        page.add_overlay(stamp)
    _link_across(merged, destinations)
    names = pikepdf.NameTree.new(merged)
    for name, destination in sorted(destinations.items()):
        names[name] = destination
    merged.Root.Names = pikepdf.Dictionary(Dests=names.obj)
    _write_outline(merged, outline)
    merged.Root.PageLabels = pikepdf.Dictionary(Nums=page_label_nums(page_labels(stamps)))
    front = sources[0]
    if "/Lang" in front.Root:
        merged.Root.Lang = front.Root.Lang
    merged.docinfo = merged.make_indirect(pikepdf.Dictionary(front.docinfo))
    share_subsets(merged)
    output = io.BytesIO()
    merged.save(output, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return output.getvalue()


def _flattened(source: pikepdf.Pdf) -> list[tuple[str, pikepdf.Array]]:
    """The outline's items in document order (pre-order): (title, destination)."""
    items = []
    with source.open_outline() as outline:

        def walk(children) -> None:
            for item in children:
                items.append((item.title, item.destination))
                walk(item.children)

        walk(outline.root)
    return items


def _write_outline(merged: pikepdf.Pdf, entries: list[tuple[int, str, pikepdf.Array]]) -> None:
    """The outline from (CSS bookmark level, title, destination), nested by level as
    WeasyPrint nests them: each under the last entry of a lower level."""
    with merged.open_outline() as outline:
        stack: list[tuple[int, pikepdf.OutlineItem]] = []
        for level, title, destination in entries:
            item = pikepdf.OutlineItem(title, destination)
            while stack and stack[-1][0] >= level:
                stack.pop()
            (stack[-1][1].children if stack else outline.root).append(item)
            stack.append((level, item))


def _link_across(merged: pikepdf.Pdf, destinations: dict) -> None:
    """Links to another piece's anchor (`snia-anchor:name` URI actions) made internal links."""
    for page in merged.pages:
        for annotation in page.obj.get("/Annots", ()):
            action = annotation.get("/A")
            uri = str(action.get("/URI", "")) if action is not None else ""
            if uri.startswith(ANCHOR_SCHEME):
                name = uri.removeprefix(ANCHOR_SCHEME)
                del annotation["/A"]
                if name in destinations:
                    annotation.Dest = pikepdf.String(name)
