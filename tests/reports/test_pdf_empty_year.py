"""A reporting year without any record still gives a valid, short PDF."""

import io

import pytest
from django.core.management import call_command

from reports.pdf import render_bilan_pdf
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


def test_year_without_records_keeps_every_chapter_and_says_it_is_empty(weasyprint_log):
    call_command("load_reference", stdout=io.StringIO())
    ReportingYearFactory(year=2021)

    pages = pdf_pages(render_bilan_pdf(2021))

    text = collapse(" ".join(pages))
    # Cover, contents, acronyms (SNIA, the cover's), synthesis, two part pages, eleven chapters, back cover.
    assert len(pages) == 17
    assert text.count("Aucune recommandation enregistrée.") == 11
    assert text.count("3. Mesures prévues pour l’année 2022") == 11
    assert "Aucune activité enregistrée pour cet objectif en 2021." in text
    assert "16 / 16" in text
    assert weasyprint_log == []
