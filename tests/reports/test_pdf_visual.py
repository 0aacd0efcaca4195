"""The key pages of the demo 2020 PDF look as their reference images (tests/reports/visual).

After a deliberate change of layout, update the references and look at them:
    SNIA_UPDATE_VISUAL=1 ./test.sh -n 0 tests/reports/test_pdf_visual.py [-k contents]
The tolerance (tests/reports/visual/__init__.py) is proved below: the same page
without its running header, or with a table moved down by 3 mm, fails.
"""

import os

import pytest
from PIL import Image

from reports import pdf as reports_pdf
from tests.reports.visual import (
    PAGES,
    UPDATE_VARIABLE,
    compare,
    page_index,
    rasterise,
    reference_path,
    write_failure,
)

pytestmark = pytest.mark.django_db

NO_RUNNING_HEADER = """<style>
@page :left { @top-left { content: none; border: none; } }
@page :right { @top-right { content: none; border: none; } }
</style>"""
SYNTHESIS_TABLE_MOVED = "<style>table.figures { margin-top: 3mm; }</style>"


def with_style(html: str, style: str) -> str:
    assert "</head>" in html
    return html.replace("</head>", style + "</head>", 1)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_key_page_matches_its_reference_image(demo_bilan, name):
    actual = rasterise(demo_bilan.pdf, page_index(demo_bilan.pdf, name))
    reference = reference_path(name)
    if os.environ.get(UPDATE_VARIABLE) == "1":
        actual.save(reference, optimize=True)
        print(f"Image de référence mise à jour : {reference}")
        return
    assert reference.exists(), f"No reference image {reference}: {UPDATE_VARIABLE}=1 makes it."
    with Image.open(reference) as stored:
        expected = stored.convert("L")
    comparison = compare(actual, expected)
    if not comparison.matches:
        diff = write_failure(name, actual, expected, comparison)
        pytest.fail(
            f"Page « {name} » differs from {reference.name} in {len(comparison.failing)} tiles "
            f"(row, column, mean difference): {comparison.failing[:8]}. Diff image: {diff}. "
            f"If the change is wanted: {UPDATE_VARIABLE}=1 ./test.sh -n 0 tests/reports/test_pdf_visual.py"
        )


def test_the_pages_are_found_by_their_bookmarks(demo_bilan):
    # The cover, then the contents on the first numbered page, the acronyms,
    # the synthesis; chapter 11 after the transverse part's page and chapter 10.
    assert {name: page_index(demo_bilan.pdf, name) for name in PAGES} == {
        "cover": 0,
        "contents": 1,
        "synthesis": 3,
        "chapter-11": 7,
    }


def test_a_page_compared_with_itself_matches(demo_bilan):
    page = rasterise(demo_bilan.pdf, page_index(demo_bilan.pdf, "chapter-11"))
    comparison = compare(page, page.copy())
    assert comparison.matches
    assert comparison.worst == 0


def test_the_comparison_fails_without_the_running_header(demo_bilan):
    index = page_index(demo_bilan.pdf, "chapter-11")
    page = rasterise(demo_bilan.pdf, index)
    headless = reports_pdf.html_to_pdf(with_style(demo_bilan.html, NO_RUNNING_HEADER))
    assert page_index(headless, "chapter-11") == index

    comparison = compare(rasterise(headless, index), page)

    assert not comparison.matches
    # Only the header's band changed: the top 24 mm margin, on the first two rows of tiles.
    assert {row for row, _column, _difference in comparison.failing} <= {0, 1}


def test_the_comparison_fails_when_a_table_moves(demo_bilan):
    index = page_index(demo_bilan.pdf, "synthesis")
    page = rasterise(demo_bilan.pdf, index)
    moved = reports_pdf.html_to_pdf(with_style(demo_bilan.html, SYNTHESIS_TABLE_MOVED))

    comparison = compare(rasterise(moved, index), page)

    assert not comparison.matches
    # Nothing above the table moved.
    assert min(row for row, _column, _difference in comparison.failing) > 3


def test_a_failure_writes_a_diff_image_and_says_where(demo_bilan):
    page = rasterise(demo_bilan.pdf, 1)
    blank = Image.new("L", page.size, 255)
    comparison = compare(blank, page)

    path = write_failure("essai", blank, page, comparison)

    assert not comparison.matches
    assert path.name == "essai-diff.png" and path.exists()
    with Image.open(path) as diff:
        assert diff.size == (page.width * 2, page.height)
