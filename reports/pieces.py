"""The bilan cut into pieces, for the working version (reports.working).

The pieces are the front matter (cover and contents; then acronyms,
synthesis and programmes without content), one piece per chapter (a
programme; the first of a part carries the part's title page) and the back
matter (list of tables, back cover). The contents are a piece of their own,
a short one: they are laid out again whenever page numbers move. Each is a
whole HTML document rendered from the very templates of the one-piece bilan
(reports/bilan.html includes the same parts), so the pieces laid out one
after the other are the one-piece document's pages.

A piece's HTML is its raw template output, before typography: that is what its
cache key hashes (reports.working), and the typography, which works chapter by
chapter (reports.typography), is applied only to the pieces that must be laid
out again — by the rendering processes, in parallel.

Two things cross pieces, and both are written into the front and back
matter's HTML from the other pieces' layout: the page numbers of the contents
and of the list of tables (`data-page`, printed instead of `target-counter`),
and links to another piece's anchors (`snia-anchor:` URLs, turned into links
inside the merged PDF by reports.assembly).
"""

import hashlib
import re
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import translation

from reports.acronyms import Glossary, used_in
from reports.bilan import build_bilan

PIECE_TEMPLATE = "reports/bilan_piece.html"
# A link to an anchor of another piece: WeasyPrint keeps it as a URI link,
# which reports.assembly points at the anchor in the merged file.
ANCHOR_SCHEME = "snia-anchor:"
FRONT, SYNTHESIS, BACK = "front", "synthesis", "back"

_ID = re.compile(r'\sid="([^"]+)"')
_INTERNAL_LINK = re.compile(r'<a href="#([^"]+)"')


@dataclass
class Piece:
    slot: str  # "front", "back" or "programme-<number>": its place in the document
    html: str  # the raw document (no typography yet)
    starts_part: bool = False  # a chapter opening its part: its first page is the part's title page
    part_title: str = ""

    @property
    def key(self) -> str:
        return hashlib.sha256(self.html.encode()).hexdigest()


def link_across(html: str, page_numbers: dict[str, int]) -> str:
    """`html`'s links to anchors it does not hold, made `snia-anchor:` links, and
    every internal link given its target's page (`data-page`) when known."""
    own = set(_ID.findall(html))

    def link(match: re.Match) -> str:
        anchor = match.group(1)
        href = f"#{anchor}" if anchor in own else f"{ANCHOR_SCHEME}{anchor}"
        page = page_numbers.get(anchor)
        return f'<a href="{href}"' + (f' data-page="{page}"' if page is not None else "")

    return _INTERNAL_LINK.sub(link, html)


@dataclass
class BilanPieces:
    """A year's bilan as pieces: its data are read once; the front and back
    matter are rendered again for each set of page numbers."""

    year: int
    language: str = "fr"
    context: dict = field(init=False)
    chapters: list[Piece] = field(init=False)
    glossary: Glossary = field(init=False)

    def __post_init__(self) -> None:
        with translation.override(self.language):
            # No CSV of the year's figures in the head: the working version is
            # no PDF/A, and every piece would change with any figure.
            self.context = {**build_bilan(self.year), "screen": None, "figures_csv": None, "acronyms": []}
            self.chapters = [
                Piece(
                    slot=f"programme-{chapter['programme'].number}",
                    html=link_across(
                        self._render("chapter", part=part, chapter=chapter, starts_part=index == 0), {}
                    ),
                    starts_part=index == 0,
                    part_title=str(part["title"]),
                )
                for part in self.context["parts"]
                for index, chapter in enumerate(part["chapters"])
            ]
            # The list of acronyms holds those the whole text uses, as in
            # reports.pdf.render_bilan_html: found without the list first.
            self.glossary = Glossary.from_database()
            raw = [self._render(FRONT), self._render(SYNTHESIS), self._render(BACK)]
            used = set().union(
                *(_sigles(html, self.glossary) for html in [*raw, *(p.html for p in self.chapters)])
            )
            self.context["acronyms"] = self.glossary.entries(used)
            self.synthesis = Piece(slot=SYNTHESIS, html=link_across(self._render(SYNTHESIS), {}))
            # The matters' page numbers are written into their HTML (link_across), not by templates.
            # The contents again: they list the acronyms when there are some.
            self._matters = {FRONT: self._render(FRONT), BACK: raw[2]}

    def _render(self, piece: str, **extra) -> str:
        return render_to_string(PIECE_TEMPLATE, {**self.context, "piece": piece, **extra})

    def matter(self, slot: str, page_numbers: dict[str, int]) -> Piece:
        """The contents (FRONT) or the back matter, with the page numbers of
        `page_numbers` (anchor → folio)."""
        return Piece(slot=slot, html=link_across(self._matters[slot], page_numbers))

    def links(self, slot: str) -> set[str]:
        """The anchors the contents (FRONT) or the back matter link to (whose page numbers they print)."""
        return set(_INTERNAL_LINK.findall(self._matters[slot]))

    @property
    def has_back_cover(self) -> bool:
        return bool(self.context["cover"].get("address_lines"))

    @property
    def has_back_matter(self) -> bool:
        """Whether anything follows the chapters: the list of tables, the back cover."""
        return bool(self.context["tables"]) or self.has_back_cover


# The acronyms of a piece's HTML, by its hash: a warm worker finds those of
# the chapters that did not change without reading them again.
_SIGLES: dict[tuple[str, int], frozenset[str]] = {}
_SIGLES_KEPT = 256


def _sigles(html: str, glossary: Glossary) -> frozenset[str]:
    key = (hashlib.sha256(html.encode()).hexdigest(), hash(frozenset(glossary.expansions.items())))
    if key not in _SIGLES:
        if len(_SIGLES) >= _SIGLES_KEPT:
            _SIGLES.clear()
        _SIGLES[key] = frozenset(used_in(html, glossary))
    return _SIGLES[key]
