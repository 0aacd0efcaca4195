"""A reporting year without any record still gives a valid, short PDF."""

import re

import pytest

from reports.pdf import render_bilan_pdf
from tests.demo_snapshot import load_reference
from tests.factories import ReportingYearFactory
from tests.reports.conftest import collapse, pdf_pages

pytestmark = pytest.mark.django_db


def test_year_without_any_record_gives_a_short_pdf(weasyprint_log):
    ReportingYearFactory(year=2021)

    pages = pdf_pages(render_bilan_pdf(2021))

    # Cover, contents, synthesis, back cover.
    assert len(pages) == 4
    text = collapse(" ".join(pages))
    assert "Rapport 2021" in text
    assert "Ensemble des sessions de l’année 0 0 0 0 0" in text
    assert "Part des femmes : non calculable" in text
    assert "Aucun participant enregistré en 2021." in text
    assert weasyprint_log == []


EVERY_PROGRAMME_2021 = (
    "Programmes sans activité validée en 2021 : Programme 1 : Éducation et culture ; "
    "Programme 2 : Jeunesse et loisirs ; Programme 3 : Santé ; Programme 4 : Logement ; "
    "Programme 5 : Assistance sociale et humanitaire ; Programme 6 : Formation professionnelle ; "
    "Programme 7 : Emploi ; Programme 8 : Gestion des flux migratoires et lutte contre la traite des "
    "êtres humains ; Programme 9 : Coopération et partenariats internationaux ; "
    "Programme 10 : Cadre réglementaire et conventionnel ; Programme 11 : Gouvernance et communication."
)


def test_year_without_records_names_every_programme_in_one_paragraph(weasyprint_log):
    load_reference()
    ReportingYearFactory(year=2021)

    pages = pdf_pages(render_bilan_pdf(2021))

    text = collapse(" ".join(pages))
    # Cover, contents, acronyms (SNIA, the cover's), synthesis (the paragraph
    # follows it), back cover: no part, no chapter.
    assert len(pages) == 5
    assert EVERY_PROGRAMME_2021 in text.replace("- ", "")
    # The contents still list each programme, with the page of the paragraph.
    contents = collapse(pages[1])
    assert "Programmes sans activité validée en 2021" in contents
    for number, name in ((1, "Éducation et culture"), (11, "Gouvernance et communication")):
        assert re.search(rf"Programme {number} : {name} \.+ 3", contents), number
    assert "PROGRAMMES SECTORIELS" not in contents and "PROGRAMMES TRANSVERSES" not in contents
    assert "Aucune" not in text.replace("Aucune activité, aucun texte", "")
    assert "Non renseigné" not in text
    assert weasyprint_log == []


def test_a_year_set_to_full_chapters_keeps_every_chapter_and_says_each_heading_is_not_filled(weasyprint_log):
    load_reference()
    ReportingYearFactory(year=2021, full_chapters=True)

    pages = pdf_pages(render_bilan_pdf(2021))

    text = collapse(" ".join(pages))
    # Cover, contents, acronyms, synthesis, two part pages, eleven chapters, back cover.
    assert len(pages) == 18
    # Four headings in each of the eleven chapters, but Programme 11's
    # « Activités menées », which holds its objectives' subsections.
    assert text.count("Non renseigné pour 2021.") == 43
    assert text.count("3. Mesures prévues pour l’année 2022") == 11
    assert "Programmes sans activité validée" not in text
    assert "Aucune mesure enregistrée." not in text
    assert "Aucune activité enregistrée pour cet objectif en 2021." in text
    assert "16 / 16" in text
    assert weasyprint_log == []
