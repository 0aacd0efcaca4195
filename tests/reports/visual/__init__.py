"""Visual regression of the bilan's key pages: rendered to PNG, compared tile by tile.

Each key page of the demo 2020 PDF is rasterised by poppler's pdftoppm (40 dpi,
grayscale: small files, and enough to see a running header or a table) and
compared with its reference image, tests/reports/visual/<name>.png. The page is
cut into a 16 × 16 grid of tiles; the comparison fails when any tile's mean
absolute difference exceeds TILE_THRESHOLD (out of 255). A global average would
drown a lost running header (a thin band at the top) in the unchanged rest of
the page; a tile does not.

Pages are found by name, through the PDF's outline (bookmarks), so that they
stay the same pages when others are added before them.

Updating the references after a deliberate change of layout:
    SNIA_UPDATE_VISUAL=1 ./test.sh -n 0 tests/reports/test_pdf_visual.py
(add `-k contents` for one page). On failure, the page as rendered and a diff
image (changed tiles framed) are written to $TMPDIR/snia-visual/.
"""

import re
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageStat
from pypdf import PdfReader

REFERENCES = Path(__file__).resolve().parent
RESOLUTION = 40  # dpi
GRID = 16  # tiles per side
TILE_THRESHOLD = 2.0  # mean absolute difference of a tile, out of 255
UPDATE_VARIABLE = "SNIA_UPDATE_VISUAL"


def _outline(reader: PdfReader) -> list[tuple[str, int]]:
    """(title, page index) of every bookmark, in order, at any depth."""
    entries = []

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                entries.append((item.title, reader.get_destination_page_number(item)))

    walk(reader.outline)
    return entries


def _bookmarked(pattern: str) -> Callable[[PdfReader], int]:
    def find(reader: PdfReader) -> int:
        for title, index in _outline(reader):
            if re.match(pattern, title):
                return index
        raise LookupError(f"Aucun signet ne correspond à {pattern!r} dans le PDF.")

    return find


# The key pages, by name: how to find each in the PDF.
PAGES: dict[str, Callable[[PdfReader], int]] = {
    "cover": lambda reader: 0,
    "contents": _bookmarked(r"Sommaire"),
    "synthesis": _bookmarked(r"Synthèse"),
    "chapter-11": _bookmarked(r"Programme\s11\b"),
}


def page_index(pdf: bytes, name: str) -> int:
    return PAGES[name](PdfReader(BytesIO(pdf)))


def rasterise(pdf: bytes, index: int) -> Image.Image:
    """Page `index` (from 0) of `pdf` as a grayscale image, by pdftoppm."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "document.pdf"
        source.write_bytes(pdf)
        number = str(index + 1)
        options = ["-r", str(RESOLUTION), "-gray", "-png", "-singlefile", "-f", number, "-l", number]
        subprocess.run(["pdftoppm", *options, str(source), str(Path(folder) / "page")], check=True)
        with Image.open(Path(folder) / "page.png") as image:
            return image.convert("L")


def reference_path(name: str) -> Path:
    return REFERENCES / f"{name}.png"


@dataclass
class Comparison:
    worst: float  # the largest tile difference
    failing: list[tuple[int, int, float]]  # (row, column, difference) above the threshold
    boxes: list[tuple[int, int, int, int]]  # the failing tiles' pixel boxes

    @property
    def matches(self) -> bool:
        return not self.failing


def _tiles(width: int, height: int):
    for row in range(GRID):
        for column in range(GRID):
            left, right = column * width // GRID, (column + 1) * width // GRID
            top, bottom = row * height // GRID, (row + 1) * height // GRID
            yield row, column, (left, top, right, bottom)


def compare(actual: Image.Image, reference: Image.Image) -> Comparison:
    """Tile by tile; a page whose size changed fails everywhere."""
    if actual.size != reference.size:
        box = (0, 0, *actual.size)
        return Comparison(255.0, [(row, column, 255.0) for row, column, _ in _tiles(*actual.size)], [box])
    difference = ImageChops.difference(actual, reference)
    worst, failing, boxes = 0.0, [], []
    for row, column, box in _tiles(*actual.size):
        mean = ImageStat.Stat(difference.crop(box)).mean[0]
        worst = max(worst, mean)
        if mean > TILE_THRESHOLD:
            failing.append((row, column, round(mean, 1)))
            boxes.append(box)
    return Comparison(worst, failing, boxes)


def write_failure(name: str, actual: Image.Image, reference: Image.Image, comparison: Comparison) -> Path:
    """The page as rendered, and the reference with the changed tiles framed, side by side."""
    folder = Path(tempfile.gettempdir()) / "snia-visual"
    folder.mkdir(parents=True, exist_ok=True)
    actual.save(folder / f"{name}-actual.png")
    framed = reference.convert("RGB")
    draw = ImageDraw.Draw(framed)
    for box in comparison.boxes:
        draw.rectangle((box[0], box[1], box[2] - 1, box[3] - 1), outline=(230, 0, 0))
    side_by_side = Image.new("RGB", (framed.width + actual.width, max(framed.height, actual.height)), "white")
    side_by_side.paste(framed, (0, 0))
    side_by_side.paste(actual.convert("RGB"), (framed.width, 0))
    path = folder / f"{name}-diff.png"
    side_by_side.save(path)
    return path
