"""One subset per font in the merged working version (reports.assembly).

Each piece embeds its own subset of each font it uses, so a bilan of a dozen
pieces carried a dozen subsets of Open Sans: its file was 1.44 times the
one-piece PDF. WeasyPrint subsets with HarfBuzz keeping the glyph ids
(« retain gids »), so every piece's text draws a glyph by its id in the
original font. Here the subsets of one font are replaced by a single subset
of the original file (static/fonts), holding the union of the glyphs the
pieces use (read from each font's /W widths); each piece keeps its own font
dictionary, widths and ToUnicode map, which point at the shared font program.

A font whose original file cannot be found (not one of our static fonts) is
left as each piece embedded it.
"""

import functools
import io
import re
from collections import defaultdict
from pathlib import Path

import pikepdf
from django.conf import settings
from fontTools import subset
from fontTools.ttLib import TTFont

SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")


@functools.cache
def _original_files(directory: str) -> dict[str, Path]:
    """Our static fonts by PostScript name (read once per process)."""
    fonts = {}
    for path in sorted(Path(directory).rglob("*.[ot]tf")):
        name = TTFont(path, lazy=True)["name"].getDebugName(6)
        if name:
            fonts[name] = path
    return fonts


def _postscript_name(font_file: pikepdf.Stream) -> str | None:
    try:
        return TTFont(io.BytesIO(font_file.read_bytes()), lazy=True)["name"].getDebugName(6)
    except Exception:  # a font program fontTools cannot read: left as it is
        return None


def _glyph_ids(widths: pikepdf.Array) -> set[int]:
    """The glyph ids a CIDFont's /W lists: `c [w1 w2 …]` and `c_first c_last w` entries."""
    ids, items, index = set(), list(widths), 0
    while index < len(items):
        first = int(items[index])
        if isinstance(items[index + 1], pikepdf.Array):
            ids.update(range(first, first + len(items[index + 1])))
            index += 2
        else:
            ids.update(range(first, int(items[index + 1]) + 1))
            index += 3
    return ids


@functools.lru_cache(maxsize=64)
def _subset(path: Path, modified: float, glyphs: frozenset[int]) -> bytes:
    options = subset.Options()
    options.retain_gids = True  # the pieces' text draws glyphs by their original ids
    options.notdef_outline = True
    options.hinting = False
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "kern"]
    font = TTFont(path)
    subsetter = subset.Subsetter(options)
    subsetter.populate(gids=sorted(glyphs | {0}))
    subsetter.subset(font)
    output = io.BytesIO()
    font.save(output)
    return output.getvalue()


def share_subsets(document: pikepdf.Pdf) -> None:
    """Points each font's dictionaries in `document` at one subset of its original file."""
    groups: dict[str, list[pikepdf.Dictionary]] = defaultdict(list)  # base font → its CIDFonts
    # Every font of the file: pages' and the stamps' (form XObjects) alike.
    for font in document.objects:
        if not isinstance(font, pikepdf.Dictionary) or font.get("/Subtype") != "/Type0":
            continue
        if font.get("/Type") != "/Font" or "/DescendantFonts" not in font:
            continue
        descendant = font.DescendantFonts[0]
        if "/FontFile2" in descendant.get("/FontDescriptor", {}) and "/W" in descendant:
            groups[SUBSET_TAG.sub("", str(font.BaseFont))].append(descendant)
    originals = _original_files(str(Path(settings.BASE_DIR) / "static" / "fonts"))
    for descendants in groups.values():
        unique = {descendant.objgen: descendant for descendant in descendants}.values()
        path = originals.get(_postscript_name(next(iter(unique)).FontDescriptor.FontFile2) or "")
        if path is None:
            continue
        glyphs = frozenset().union(*(_glyph_ids(descendant.W) for descendant in unique))
        program = _subset(path, path.stat().st_mtime, glyphs)
        shared = document.make_stream(program, Length1=len(program))
        for descendant in unique:
            descendant.FontDescriptor.FontFile2 = shared
