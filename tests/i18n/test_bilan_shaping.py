"""Arabic is shaped in the bilan: a short Arabic line, set with the bilan's own
CSS (bilan.css, bilan-rtl.css) and the Noto Naskh Arabic it ships, looks as its
reference image, tests/i18n/reference/arabic-shaping.png.

Extracted text cannot prove shaping: a PDF of unjoined letters extracts the same
characters. So the line is rendered (WeasyPrint), rasterised (pdftoppm) and
compared tile by tile (tests/reports/visual.compare). The comparison is shown
to fail when shaping is switched off (the joining forms and ligatures disabled
by font-feature-settings): the letters then stand apart.

After a deliberate change (font, CSS), update the reference and look at it:
    SNIA_UPDATE_VISUAL=1 ./test.sh -n 0 tests/i18n/test_bilan_shaping.py
"""

import os
import subprocess
import tempfile
from pathlib import Path

import pytest
from PIL import Image
from weasyprint import HTML

from reports.pdf import StaticFilesFetcher, base_url
from tests.reports.conftest import collect_weasyprint_warnings
from tests.reports.visual import UPDATE_VARIABLE, compare

REFERENCE = Path(__file__).resolve().parent / "reference" / "arabic-shaping.png"
RESOLUTION = 96  # dpi: enough to see letters join
LINE = "الاستراتيجية الوطنية للهجرة واللجوء"
UNSHAPED = 'font-feature-settings: "init" 0, "medi" 0, "fina" 0, "isol" 0, "rlig" 0, "calt" 0, "liga" 0;'


def page(style: str = "") -> str:
    """One Arabic line on a small page, under the bilan's stylesheets, without its page furniture."""
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<link rel="stylesheet" href="/static/reports/bilan.css">
<link rel="stylesheet" href="/static/reports/bilan-rtl.css">
<style>
  html {{ break-before: auto; }}
  @page {{ size: 110mm 20mm; margin: 4mm; @bottom-center {{ content: none; }} }}
  @page :left {{ @top-left {{ content: none; border: none; }} }}
  @page :right {{ @top-right {{ content: none; border: none; }} }}
  p {{ margin: 0; font-size: 16pt; {style} }}
</style></head><body><p>{LINE}</p></body></html>"""


def rendered(html: str) -> Image.Image:
    pdf = HTML(string=html, base_url=base_url(), url_fetcher=StaticFilesFetcher()).write_pdf()
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "line.pdf"
        source.write_bytes(pdf)
        options = ["-r", str(RESOLUTION), "-gray", "-png", "-singlefile"]
        subprocess.run(["pdftoppm", *options, str(source), str(Path(folder) / "line")], check=True)
        with Image.open(Path(folder) / "line.png") as image:
            return image.convert("L")


@pytest.fixture(scope="module")
def shaped() -> Image.Image:
    with collect_weasyprint_warnings() as warnings:
        image = rendered(page())
    # No missing font or glyph: WeasyPrint would say so.
    assert warnings == []
    if os.environ.get(UPDATE_VARIABLE) == "1":
        image.save(REFERENCE, optimize=True)
    return image


@pytest.fixture(scope="module")
def reference() -> Image.Image:
    assert REFERENCE.exists(), f"No reference image {REFERENCE}: {UPDATE_VARIABLE}=1 makes it."
    with Image.open(REFERENCE) as stored:
        return stored.convert("L")


def test_the_arabic_line_matches_its_reference_image(shaped, reference):
    comparison = compare(shaped, reference)

    assert comparison.matches, f"Tiles that differ (row, column, mean difference): {comparison.failing[:8]}"


def test_the_comparison_fails_when_shaping_is_switched_off(shaped, reference):
    unshaped = rendered(page(UNSHAPED))

    comparison = compare(unshaped, reference)

    assert not comparison.matches
    # Not a tile or two: the whole line changes, letter by letter.
    assert len(comparison.failing) >= 20


def test_the_line_is_ink_not_blank(shaped):
    # A blank page would match a blank reference: the line must be drawn.
    darkest, _lightest = shaped.getextrema()
    assert darkest < 64
