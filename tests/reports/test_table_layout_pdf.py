"""The demo 2020 bilan's tables in the PDF: each right after the sentence
announcing it, numbered per chapter, listed at the end with its page, and
marked « (suite) » on the pages where it continues, and only there."""

import io
import re

import pytest
from pypdf import PdfReader
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from reports.continued import mark_continued_tables
from reports.pdf import StaticFilesFetcher, base_url
from tests.reports.conftest import collapse, pdf_pages, squash

pytestmark = pytest.mark.django_db

SESSIONS = "Sessions de formation, de sensibilisation et d’échange"
# (the excerpt's announcing words, the caption that must follow them)
ANNOUNCED = [
    (
        "voir un récapitulatif, ci-dessous, des réunions de ces comités.",
        "Tableau 11.1 – Réunions des comités en 2020",
    ),
    (
        "traitant la thématique de la migration et de l’asile.",
        "Tableau 11.3 – Filières universitaires traitant de la migration et de l’asile",
    ),
    # Section 1.3's two training tables, each after its own paragraph (the
    # sessions' « tableau du bilan » tells them apart).
    ("aux niveaux régional et local.", "Tableau 11.4 – Sessions de formation"),
    ("et présenté dans le tableau suivant\xa0:", "Tableau 11.5 – Sessions de formation"),
    (
        "Le tableau suivant résume les principaux événements organisés, dans ce sens, "
        "avec l’appui de l’OIM\xa0:",
        f"Tableau 11.6 – {SESSIONS}",
    ),
]
LABELS = [
    "Tableau S.1 – Réunions des comités en 2020",
    "Tableau S.2 – Sessions et participants par programme",
    "Tableau 11.1 – Réunions des comités en 2020",
    "Tableau 11.2 – Études publiées",
    "Tableau 11.3 – Filières universitaires traitant de la migration et de l’asile",
    "Tableau 11.4 – Sessions de formation",
    "Tableau 11.5 – Sessions de formation",
    f"Tableau 11.6 – {SESSIONS}",
]
CAPTION = re.compile(r"Tableau (S\.\d+|\d+\.\d+) – [^()]*?(\(suite\))?(?=\n|$)", re.MULTILINE)


def captions_by_page(pages: list[str]) -> dict[str, list[tuple[int, bool]]]:
    """Each table number: [(page index, « (suite) » or not)] in the body (not the list of tables)."""
    found: dict[str, list] = {}
    for index, text in enumerate(pages):
        if text.startswith("Liste des tableaux"):
            continue
        for match in CAPTION.finditer(text):
            found.setdefault(match.group(1), []).append((index, bool(match.group(2))))
    return found


def test_each_table_follows_the_sentence_announcing_it(demo_bilan):
    # Without each page's running header and folio (its last two lines), so
    # that a table opening the next page still follows its sentence.
    body = squash("".join("\n".join(page.splitlines()[:-2]) for page in demo_bilan.pages))
    for announcement, caption in ANNOUNCED:
        assert squash(f"{announcement}{caption}") in body, caption


def test_tables_are_numbered_per_chapter_in_printed_order(demo_bilan):
    body = [page for page in demo_bilan.pages if not page.startswith("Liste des tableaux")]
    text = collapse(" ".join(body))
    positions = [text.index(label) for label in LABELS]
    assert positions == sorted(positions)
    # Printed once: the 1.4 events are not repeated at the end of their subsection.
    assert text.count("Prévention de l’exploitation et des abus sexuels (SEA)") == 1


def test_the_list_of_tables_gives_each_tables_page(demo_bilan):
    listing = collapse(demo_bilan.pages[-2])  # the back cover comes last
    assert listing.startswith("Liste des tableaux")
    first_page = {number: pages[0][0] for number, pages in captions_by_page(demo_bilan.pages).items()}
    for label in LABELS:
        number = label.split()[1]
        # The cover is not numbered: the page at index n is printed « n ».
        assert re.search(re.escape(label) + r" \.+ ?" + str(first_page[number]) + r"\b", listing), label
    assert "Liste des tableaux" in collapse(demo_bilan.pages[1])  # in the contents
    outline = [
        item.title for item in PdfReader(io.BytesIO(demo_bilan.pdf)).outline if not isinstance(item, list)
    ]
    assert outline[-1] == "Liste des tableaux"


def test_each_demo_table_is_printed_once_and_fits_its_page(demo_bilan):
    found = captions_by_page(demo_bilan.pages)
    assert sorted(found) == ["11.1", "11.2", "11.3", "11.4", "11.5", "11.6", "S.1", "S.2"]
    # With the tables placed at their markers and their columns set, none of
    # the demo's runs over a page: no « (suite) » anywhere.
    assert all(len(occurrences) == 1 for occurrences in found.values()), found
    assert sum(page.count("(suite)") for page in demo_bilan.pages) == 0


def long_table_html() -> str:
    rows = "".join(f"<tr><td>Ligne {n}</td></tr>" for n in range(1, 121))
    return (
        '<html lang="fr"><head><title>Essai</title></head><body>'
        '<table id="t"><thead><tr><th>Tableau 1.1 – Essai'
        '<span class="suite" data-table="tableau-1-1"> (suite)</span></th></tr></thead>'
        f"<tbody>{rows}</tbody></table></body></html>"
    )


def assert_suite_on_all_but_the_first(pages: list[str]) -> None:
    assert len(pages) >= 3
    assert ["(suite)" in page for page in pages] == [False] + [True] * (len(pages) - 1)
    assert all(page.count("Tableau 1.1 – Essai") == 1 for page in pages)


def test_suite_marks_hold_in_the_tagged_pdf_a_render():
    document = HTML(string=long_table_html(), base_url=base_url(), url_fetcher=StaticFilesFetcher())
    rendered = mark_continued_tables(document.render(font_config=FontConfiguration(), pdf_variant="pdf/a-3a"))
    pdf = rendered.write_pdf(pdf_variant="pdf/a-3a")

    assert_suite_on_all_but_the_first(pdf_pages(pdf))
    assert "/StructTreeRoot" in PdfReader(io.BytesIO(pdf)).trailer["/Root"]


def test_a_table_over_several_pages_says_suite_on_all_but_the_first():
    document = mark_continued_tables(HTML(string=long_table_html()).render())

    assert_suite_on_all_but_the_first(pdf_pages(document.write_pdf()))


def test_session_tables_drop_empty_columns_and_show_not_recorded_only_where_needed(demo_bilan):
    html = demo_bilan.html
    # 1.3 has no organiser and everyone's sex recorded; 1.4 has no place.
    assert html.count('<th class="organiser">') == 1
    assert html.count('<th class="place">') == 1
    assert html.count('<th class="number">Non renseigné</th>') == 1
    assert "« - » : sexe non relevé." not in html


def test_studies_are_not_printed_twice(demo_bilan):
    sentence = squash("Le même organisme a publié une étude qualitative sur les profils socio-économiques")
    assert demo_bilan.squashed.count(sentence) == 1
    assert squash("Tableau 11.2 – Études publiées Étude Institutions") in demo_bilan.squashed


TABLE = re.compile(r'<table class="data ([\w-]+)".*?</table>', re.DOTALL)
COL_WIDTH = re.compile(r'<col class="[\w-]+" style="width: ([\d.]+)%">')


def test_every_table_has_its_column_widths_for_the_fixed_layout(demo_bilan):
    widths = {}
    for table in TABLE.finditer(demo_bilan.html):
        columns = [float(width) for width in COL_WIDTH.findall(table.group(0))]
        # As many widths as header cells, filling the text width.
        header = table.group(0).split("</tr>")[1]  # the row after the caption
        assert len(columns) == header.count("<th"), table.group(1)
        assert sum(columns) == pytest.approx(100, abs=0.3), table.group(1)
        widths.setdefault(table.group(1), columns)
    assert sorted(widths) == ["figures", "meetings", "sessions", "studies", "university-programmes"]
    assert widths["meetings"] == [55, 15, 30]
    assert widths["figures"] == [46, 9, 9, 9, 18, 9]
