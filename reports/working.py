"""The working version of the bilan: pieces, laid out in parallel, reused.

What staff generate during the year (the background worker's exports, and
`export_bilan --working`). The publishable PDF — the tagged PDF/A stored when
a year closes, `export_bilan` by default — stays the one-piece render of
reports.pdf: a merged file keeps no structure tree.

1. The year's pieces (reports.pieces): the cover and contents, the synthesis,
   one per chapter, the back matter, as raw HTML. Data are read and templates
   rendered once.
2. Each piece is looked up in the cache (reports.piece_cache) by a key hashing
   its HTML, the glossary its typography uses and the layout (CSS, fonts, the
   code that lays out, the libraries' versions). The others are laid out by the
   pool of processes (reports.render_pool), the largest first.
3. The contents and the back matter print page numbers of the other pieces:
   they are laid out with those of the last render of the year (a hint kept
   beside the cache) while the chapters are, then again only if the numbers
   moved — a chapter grew, or the front matter did. Both are short.
4. The stamps (headers, folios, « Version de travail »), then the merge
   (reports.assembly).

An edit in one programme lays out that chapter and the synthesis (which
counts every programme's sessions); the other chapters come from the cache.
"""

import hashlib
import json
import logging
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from reports import acronyms, assembly, bidi, exports, piece_render, pieces, render_pool, typography
from reports.pdf import collector_paused
from reports.piece_cache import PieceCache
from reports.piece_render import RenderedPiece, release_memory, render_piece
from reports.pieces import BACK, FRONT, BilanPieces, Piece

logger = logging.getLogger(__name__)

# The code a piece's layout depends on beyond reports.exports.layout_version():
# its typography and acronyms (applied to raw HTML in the rendering process).
PIECE_CODE = (typography, bidi, acronyms, pieces, piece_render)
# Rounds of front and back matter at most, should their page numbers keep moving.
MAX_ROUNDS = 3


@dataclass
class WorkingRender:
    pdf: bytes
    pages: int
    fingerprint: str  # of the pieces' HTML and the layout: what the stored PDF is keyed on
    laid_out: list[str] = field(default_factory=list)  # slots laid out by this render
    reused: list[str] = field(default_factory=list)  # slots found in the cache


def layout_key() -> str:
    digest = hashlib.sha256(exports.layout_version().encode())
    for module in PIECE_CODE:
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()


class WorkingVersion:
    """A year's working version: its data read and its pieces' HTML rendered
    (`fingerprint` is known), laid out and merged by `render()`."""

    def __init__(self, year: int, language: str = "fr", cache: PieceCache | None = None):
        self.year, self.language = year, language
        self.cache = cache or PieceCache()
        self.bilan = BilanPieces(year, language)
        glossary = json.dumps(sorted(self.bilan.glossary.expansions.items()), ensure_ascii=False)
        self.prefix = f"{layout_key()}\n{language}\n{glossary}\n"
        self.result = WorkingRender(b"", 0, self.fingerprint)

    def key(self, html: str) -> str:
        return hashlib.sha256(f"{self.prefix}{html}".encode()).hexdigest()

    @property
    def fingerprint(self) -> str:
        """What the stored PDF is keyed on: the pieces' HTML (page numbers aside,
        which follow from it), the layout, and the code, templates and
        translations that stamp and merge (reports.exports.code_version)."""
        bilan = self.bilan
        raw = [bilan.matter(FRONT, {}), bilan.synthesis, *bilan.chapters, bilan.matter(BACK, {})]
        return self.key(exports.code_version() + "".join(piece.html for piece in raw))

    def lay_out(self, batch: list[Piece]) -> list[RenderedPiece]:
        """Each piece of `batch` from the cache, or laid out (in parallel) and cached."""
        found = [self.cache.get(self.key(piece.html)) for piece in batch]
        # The largest first: the pool takes them in that order, the longest is not left for last.
        missing = [i for i, done in enumerate(found) if done is None]
        missing.sort(key=lambda i: -len(batch[i].html))
        calls = ((batch[i].html, self.language, self.bilan.glossary) for i in missing)
        for i, rendered in zip(missing, render_pool.run_all(render_piece, calls), strict=True):
            self.cache.put(self.key(batch[i].html), rendered)
            found[i] = rendered
            self.result.laid_out.append(batch[i].slot)
        self.result.reused += [piece.slot for i, piece in enumerate(batch) if i not in missing]
        return found

    def _page_stamps(self, ordered: list[RenderedPiece]) -> list[assembly.PageStamp]:
        opening = [False, False, *(piece.starts_part for piece in self.bilan.chapters)]
        opening += [False] * (len(ordered) - len(opening))  # the back matter, if any
        return assembly.page_stamps(list(zip(ordered, opening, strict=True)), self.bilan.has_back_cover)

    def _stamps(self, ordered: list[RenderedPiece]) -> list[Piece]:
        """The stamps of `ordered`'s pages, in as many chunks as the pool has processes."""
        stamps, book = self._page_stamps(ordered), ordered[0].book
        return [
            Piece(slot="stamps", html=assembly.stamps_html(stamps, start, end, book, self.language))
            for start, end in _chunks(len(stamps), render_pool.size())
        ]

    def _matters(self, numbers: dict[str, int]) -> list[Piece]:
        """The contents, and the back matter when there is one (an empty piece would still be a page)."""
        back = [self.bilan.matter(BACK, numbers)] if self.bilan.has_back_matter else []
        return [self.bilan.matter(FRONT, numbers), *back]

    def render(self) -> WorkingRender:
        started = time.perf_counter()
        bilan = self.bilan
        hint = self.cache.directory / f"page-numbers-{self.year}-{self.language}.json"
        numbers = _read_hint(hint)
        back_matter = bilan.has_back_matter
        front, *back = self._matters(numbers)
        front_done, synthesis, *chapters = self.lay_out([front, bilan.synthesis, *bilan.chapters, *back])
        chapters, back_done = (chapters[:-1], chapters[-1:]) if back_matter else (chapters, [])
        timings = {"pieces": time.perf_counter() - started}
        needed = bilan.links(FRONT) | (bilan.links(BACK) if back_matter else set())
        for round_number in range(MAX_ROUNDS + 1):
            actual = _folios([front_done, synthesis, *chapters, *back_done])
            if all(numbers.get(anchor) == actual.get(anchor) for anchor in needed):
                break
            if round_number == MAX_ROUNDS:
                logger.warning("Bilan %s: page numbers still moving after %s rounds", self.year, MAX_ROUNDS)
                break
            numbers = {anchor: actual[anchor] for anchor in needed if anchor in actual}
            # The stamps of the pages as they are, beside: right unless the
            # contents change length (then laid out again below).
            speculative = self._stamps([front_done, synthesis, *chapters, *back_done])
            matters = self._matters(numbers)
            front_done, *back_done = self.lay_out([*matters, *speculative])[: len(matters)]
        _write_hint(hint, numbers)
        timings["page numbers"] = time.perf_counter() - started - sum(timings.values())

        ordered = [front_done, synthesis, *chapters, *back_done]
        stamps = self._page_stamps(ordered)
        stamp_pieces = self.lay_out(self._stamps(ordered))
        timings["stamps"] = time.perf_counter() - started - sum(timings.values())
        self.result.pdf = assembly.merge(ordered, stamp_pieces, stamps)
        self.result.pages = len(stamps)
        timings["merge"] = time.perf_counter() - started - sum(timings.values())
        logger.info(
            "Bilan %s (%s): %s pages, %s pieces laid out, %s reused; %s",
            self.year,
            self.language,
            self.result.pages,
            len(self.result.laid_out),
            len(self.result.reused),
            ", ".join(f"{phase} {seconds:.2f} s" for phase, seconds in timings.items()),
        )
        return self.result

    def tidy(self) -> None:
        """After the PDF is stored: old cache entries deleted, this render's objects
        collected (the collector is paused while the data are read and the pieces
        merged: a render's objects live as long as it does)."""
        self.cache.prune()
        release_memory()


def render_working_pdf(year: int, cache: PieceCache | None = None, language: str = "fr") -> WorkingRender:
    """The working version of `year` (for a caller that stores it, then calls `tidy`, see
    reports.tasks; this one tidies before returning)."""
    with collector_paused():
        version = WorkingVersion(year, language, cache)
        result = version.render()
    version.tidy()
    return result


def _chunks(length: int, count: int) -> list[tuple[int, int]]:
    """`count` consecutive ranges (start, end) covering `length` items, the same size or nearly."""
    count = max(1, min(count, length))
    bounds = [length * index // count for index in range(count + 1)]
    return list(zip(bounds, bounds[1:], strict=False))


def _folios(ordered: list[RenderedPiece]) -> dict[str, int]:
    """Each anchor's folio in the merged document: its page's index, the cover
    being page 0 (it is not counted)."""
    folios, start = {}, 0
    for piece in ordered:
        for anchor, index in piece.anchors.items():
            folios[anchor] = start + index
        start += piece.pages
    return folios


def _read_hint(path: Path) -> dict[str, int]:
    try:
        numbers = json.loads(path.read_text())
    except (FileNotFoundError, ValueError):
        return {}
    return numbers if isinstance(numbers, dict) else {}


def _write_hint(path: Path, numbers: dict[str, int]) -> None:
    # A temporary file of its own, then renamed: two renders of one year may write at once.
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    with os.fdopen(descriptor, "w") as file:
        file.write(json.dumps(numbers, sort_keys=True))
    os.replace(temporary, path)
