"""`export_bilan 2020 --language ar`: the demo year's bilan in Arabic, right to
left, with the same figures as the French edition.

Expected figures are copied from /shared/reference/bilan-2020-extrait.md, as in
tests/reports/test_pdf_demo.py. The Arabic words asserted are Django's own
translations (month names) and the year's Arabic cover title (data): our labels'
Arabic wording belongs to the translators, not to these tests.

Rendered once per test run: export_bilan goes through reports.pdf.html_to_pdf,
which the run shares across its workers and CI's two runs (tests/pdf_cache.py);
the French PDF is the demo's, rendered for tests/reports already.
"""

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from pypdf import PdfReader

from reports import pdf as reports_pdf
from reports.bidi import FSI, PDI
from reports.pdf import render_bilan_html
from tests.demo_snapshot import load_demo
from tests.reports.conftest import collapse, collect_weasyprint_warnings

pytestmark = pytest.mark.django_db


@dataclass
class Editions:
    arabic_html: str
    arabic_pdf: bytes
    french_html: str
    french_pdf: bytes
    stdout: str
    warnings: list[str]

    @property
    def arabic_pages(self) -> list[str]:
        return [page.extract_text() for page in PdfReader(io.BytesIO(self.arabic_pdf)).pages]

    @property
    def arabic_text(self) -> str:
        return collapse(" ".join(self.arabic_pages)).replace(FSI, "").replace(PDI, "")


@pytest.fixture(scope="module")
def editions(django_db_setup, django_db_blocker, tmp_path_factory) -> Editions:
    output = tmp_path_factory.mktemp("arabic") / "bilan-2020-ar.pdf"
    stdout = io.StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        assert Path(str(connection.settings_dict["NAME"])).name.startswith("test")
        load_demo()
        with collect_weasyprint_warnings() as warnings:
            call_command("export_bilan", "2020", "--language", "ar", "--output", str(output), stdout=stdout)
        arabic_html = render_bilan_html(2020, language="ar")
        french_html = render_bilan_html(2020)
        # Through the module: the run's shared renders (the demo's French PDF is already there).
        french_pdf = reports_pdf.html_to_pdf(french_html)
        transaction.set_rollback(True)
    return Editions(arabic_html, output.read_bytes(), french_html, french_pdf, stdout.getvalue(), warnings)


def test_export_bilan_writes_the_arabic_pdf_without_warnings(editions):
    assert editions.arabic_pdf.startswith(b"%PDF-")
    assert "Bilan 2020 écrit dans" in editions.stdout
    # No missing glyph, font or resource.
    assert editions.warnings == []
    assert "\ufffd" not in editions.arabic_text


def test_the_arabic_pdf_is_an_arabic_document(editions):
    reader = PdfReader(io.BytesIO(editions.arabic_pdf))
    assert reader.trailer["/Root"]["/Lang"] == "ar"
    assert '<html lang="ar" dir="rtl">' in editions.arabic_html


def test_the_arabic_pdf_carries_arabic_text(editions):
    text = editions.arabic_text
    # The cover's Arabic title (the year's data) and Django's Arabic month names in the dates.
    assert "المملكة المغربية" in text
    assert "السياسة الوطنية للهجرة واللجوء" in text
    for month in ("يونيو", "يوليو", "أكتوبر", "نوفمبر", "ديسمبر"):
        assert month in text, month


def test_the_arabic_pdf_carries_the_2020_figures(editions):
    text = editions.arabic_text
    # The synthesis' totals, and the RDPP programme's row (5699 = 2703 + 2996) of the excerpt.
    for figure in ("6 299", "2 879", "3 280", "5 699", "2 703", "2 996", "6 022"):
        assert figure in text, figure


def figures_csv(pdf: bytes) -> list[list[str]]:
    """The year's figures the PDF carries as an attachment (reports.pdf_archival)."""
    attachments = PdfReader(io.BytesIO(pdf)).attachments
    assert list(attachments) == ["chiffres-2020.csv"]
    return list(csv.reader(io.StringIO(attachments["chiffres-2020.csv"][0].decode())))


def test_the_arabic_and_french_pdfs_attach_the_same_figures(editions):
    french, arabic = figures_csv(editions.french_pdf), figures_csv(editions.arabic_pdf)

    # Row by row, the figures' columns (meetings, sessions, participants by sex); headings may be translated.
    assert len(arabic) == len(french) == 20
    assert [row[3:] for row in arabic[1:]] == [row[3:] for row in french[1:]]
    assert french[-1][3:] == ["", "18", "15", "2879", "3280", "140", "6299"]


NUMBER_CELL = re.compile(r'<td class="number">([^<]*)</td>')


def test_the_arabic_and_french_tables_print_the_same_numbers(editions):
    french = Counter(NUMBER_CELL.findall(editions.french_html))
    arabic = Counter(NUMBER_CELL.findall(editions.arabic_html))

    assert sum(french.values()) > 50
    # Western digits, grouped alike: the same multiset of figures in every table.
    assert {value.replace("\u00a0", " ") for value in arabic} <= {
        value.replace("\u00a0", " ") for value in french
    }
    assert sorted(v.replace("\u00a0", " ") for v in arabic.elements()) == sorted(
        v.replace("\u00a0", " ") for v in french.elements()
    )


def text_runs(pdf: bytes, index: int) -> list[tuple[float, float, str]]:
    """(x, y, text) of each text run of page `index`, as pypdf places it."""
    runs = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            runs.append((cm[4] + tm[4], cm[5] + tm[5], text.strip()))

    PdfReader(io.BytesIO(pdf)).pages[index].extract_text(visitor_text=visit)
    return runs


def header_side(pdf: bytes, index: int, header: str) -> str:
    runs = text_runs(pdf, index)
    middle = (min(x for x, _, _ in runs) + max(x for x, _, _ in runs)) / 2
    # pypdf gives an Arabic line's words in visual order: match the words, not the string.
    (x,) = [x for x, _, text in runs if set(header.split()) <= set(text.split())]
    return "right" if x > middle else "left"


def test_running_headers_are_mirrored(editions):
    # Page 2 (after the cover and the contents): the book's title, at the outer edge —
    # on the left of a French left page, on the right of an Arabic right page.
    assert header_side(editions.french_pdf, 2, "Bilan programmatique d’étape") == "left"
    # « Bilan programmatique d'étape » from the Arabic catalogue.
    assert header_side(editions.arabic_pdf, 2, "الحصيلة البرامجية المرحلية") == "right"


def test_the_contents_page_numbers_are_on_the_left_of_their_titles(editions):
    runs = text_runs(editions.arabic_pdf, 1)
    # « Synthèse de l'année 2020 » from the Arabic catalogue: « خلاصة سنة 2020 ».
    (title_x, title_y) = next((x, y) for x, y, text in runs if "خلاصة" in text.split())
    numbers = [x for x, y, text in runs if text.isdigit() and abs(y - title_y) < 1 and text != "2020"]

    assert numbers, runs
    assert max(numbers) < title_x
