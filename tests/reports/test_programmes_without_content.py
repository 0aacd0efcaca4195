"""Programmes without content for the year are named in one paragraph after
the synthesis, not given a page of « Aucun… » each, and stay in the contents;
a chapter with content says « Non renseigné » under an empty heading; a year
may ask for every chapter (ReportingYear.full_chapters)."""

import io
import re

import pytest
from pypdf import PdfReader

from programmes.models import Programme
from reports.bilan import build_bilan
from reports.models import ReportItem
from reports.pdf import render_bilan_html
from tests.demo_snapshot import load_demo
from tests.factories import (
    ActionFactory,
    NarrativeSectionFactory,
    ProgrammeFactory,
    ReportingYearFactory,
    ReportItemFactory,
    SessionFactory,
    SpecificObjectiveFactory,
    ValidatedSessionFactory,
)
from tests.reports.conftest import collapse

# The 2020 demo: the report's excerpt holds Programme 10's recommendations and
# Programme 11's chapter; nothing for the other nine.
DEMO_WITHOUT_CONTENT = (
    "Programmes sans activité validée en 2020 : Programme 1 : Éducation et culture ; "
    "Programme 2 : Jeunesse et loisirs ; Programme 3 : Santé ; Programme 4 : Logement ; "
    "Programme 5 : Assistance sociale et humanitaire ; Programme 6 : Formation professionnelle ; "
    "Programme 7 : Emploi ; Programme 8 : Gestion des flux migratoires et lutte contre la traite des "
    "êtres humains ; Programme 9 : Coopération et partenariats internationaux."
)
# 28 pages before (one per programme without content, and the sectoral part's
# divider page); 18 now.
# Cover, contents, acronyms, synthesis and its chart, the « Programmes transverses » page,
# chapters 10 and 11, the list of tables, back cover.
DEMO_PAGES = 21


def numbers(context: dict) -> tuple[list[int], list[int]]:
    chapters = [chapter["programme"].number for part in context["parts"] for chapter in part["chapters"]]
    return chapters, [entry["programme"].number for entry in context["programmes_without_content"]]


@pytest.fixture
def programmes(db):
    return {
        number: ProgrammeFactory(number=number, kind=Programme.Kind.SECTORAL, name=f"P{number}")
        for number in (1, 2, 3, 4, 5, 6)
    }


def test_a_programme_has_content_from_any_record_text_or_list_of_the_year(programmes):
    ReportItemFactory(programme=programmes[1], kind=ReportItem.Kind.RECOMMENDATION, text="Ratifier.")
    NarrativeSectionFactory(
        programme=programmes[2], specific_objective=None, heading="", body="Introduction."
    )
    ValidatedSessionFactory(year=2020).actions.set(
        [ActionFactory(code="3.1", programme=programmes[3], specific_objective=None)]
    )
    objective = SpecificObjectiveFactory(number=9, programme=programmes[4])
    NarrativeSectionFactory(programme=programmes[4], specific_objective=objective, body="Sur l'OSP 9.")
    # Not the year's: another year's item, a draft, the programme's own purpose.
    ReportItemFactory(programme=programmes[5], year=2019)
    SessionFactory(year=2020).actions.set(
        [ActionFactory(code="5.1", programme=programmes[5], specific_objective=None)]
    )
    SpecificObjectiveFactory(number=10, programme=programmes[6])

    assert numbers(build_bilan(2020)) == ([1, 2, 3, 4], [5, 6])


def test_a_preview_with_drafts_gives_a_chapter_to_a_programme_with_drafts(programmes, staff):
    SessionFactory(year=2020).actions.set(
        [ActionFactory(code="5.1", programme=programmes[5], specific_objective=None)]
    )

    assert numbers(build_bilan(2020, drafts_for=staff)) == ([5], [1, 2, 3, 4, 6])


def test_a_year_set_to_full_chapters_gives_every_programme_its_chapter(programmes):
    ReportingYearFactory(year=2020, full_chapters=True)
    ReportingYearFactory(year=2021)

    assert numbers(build_bilan(2020)) == ([1, 2, 3, 4, 5, 6], [])
    assert numbers(build_bilan(2021)) == ([], [1, 2, 3, 4, 5, 6])


def test_a_chapter_with_content_says_not_filled_in_under_its_empty_headings(programmes):
    ReportItemFactory(programme=programmes[1], kind=ReportItem.Kind.RECOMMENDATION, text="Ratifier.")

    html = render_bilan_html(2020)
    chapter = collapse(re.sub(r"<[^>]+>", " ", html.split('<section class="chapter" id="programme-1">')[1]))

    assert chapter.startswith(
        "Programme 1 : P1 Aucun objectif spécifique n’est encore rattaché à ce programme. "
        "1. Activités menées en 2020 Non renseigné pour 2020. "
        "2. Défis et contraintes Non renseigné pour 2020. "
        "3. Mesures prévues pour l’année 2021 Non renseigné pour 2020. "
        "4. Recommandations Ratifier."
    )
    assert "Aucune mesure enregistrée" not in html
    assert "Aucun défi" not in html


def test_the_paragraph_and_the_contents_link_to_each_programme_without_content(programmes):
    ReportItemFactory(programme=programmes[1])

    html = render_bilan_html(2020)

    assert '<section class="chapter" id="programme-2">' not in html
    assert html.count('id="programme-2"') == 1
    # « : » after a no-break space (reports.typography).
    assert '<a href="#programme-2">Programme 2\xa0: P2</a>' in html
    assert '<a href="#programmes-sans-activite">Programmes sans activité validée en 2020</a>' in html


def test_the_reporting_years_admin_offers_full_chapters_in_french(admin_client):
    year = ReportingYearFactory(year=2020)

    response = admin_client.get(f"/admin/reports/reportingyear/{year.pk}/change/")
    page = response.content.decode()

    assert "full_chapters" in response.context["adminform"].form.fields
    assert "Chapitres complets pour tous les programmes" in page
    assert "Cochée : chaque programme a son chapitre dans le bilan, même sans contenu pour l" in page


def test_the_demo_names_its_nine_programmes_without_content_in_one_paragraph(demo_bilan):
    pages = demo_bilan.pages
    text = demo_bilan.text.replace("- ", "")

    assert len(pages) == DEMO_PAGES
    assert DEMO_WITHOUT_CONTENT in text
    assert text.count("Programmes sans activité validée en 2020 :") == 1
    for placeholder in (
        "Aucun défi",
        "Aucune mesure",
        "Aucune recommandation",
        "Aucune activité enregistrée",
    ):
        assert placeholder not in text, placeholder
    # Programme 10's chapter stays, its unfilled headings neutral.
    assert "3. Mesures prévues pour l’année 2021 Non renseigné pour 2020. 4. Recommandations" in text


def test_the_demos_contents_list_the_programmes_without_content_at_the_paragraphs_page(demo_bilan):
    pages = demo_bilan.pages
    contents = collapse(pages[1])

    block_page = int(re.search(r"Programmes sans activité validée en 2020 \.+ ?(\d+)", contents).group(1))
    assert DEMO_WITHOUT_CONTENT.split(" : ")[0] in collapse(pages[block_page])
    for title in (
        "Programme 1 : Éducation et culture",
        "Programme 9 : Coopération et partenariats internationaux",
    ):
        assert int(re.search(rf"{re.escape(title)} \.+ ?(\d+)", contents).group(1)) == block_page
    assert "PROGRAMMES SECTORIELS" not in contents

    def titles(outline) -> list[str]:
        return [
            title
            for entry in outline
            for title in (titles(entry) if isinstance(entry, list) else [entry.title])
        ]

    outline = titles(PdfReader(io.BytesIO(demo_bilan.pdf)).outline)
    assert "Programmes sans activité validée en 2020" in outline


def test_the_demo_year_is_not_set_to_full_chapters(db):

    from reports.models import ReportingYear

    load_demo()

    assert ReportingYear.objects.get(year=2020).full_chapters is False
