"""The bilan's pages of a year with nothing recorded answer a French page in
the site's layout, never Django's English « No ReportingYear matches »."""

import pytest
from django.test import Client

from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "/reports/bilan/2031/",
    "/reports/bilan/2031.pdf",
    "/reports/bilan/2031.xlsx",
    "/reports/bilan/2031/export/",
]
NOTHING = "Rien n'est encore enregistré pour l'année 2031"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("debug", [False, True], ids=["debug-off", "debug-on"])
@pytest.mark.parametrize("url", PAGES)
def test_a_year_without_records_answers_a_french_page(settings, reader, url, debug):
    settings.DEBUG = debug
    response = logged_in(reader).get(url)
    body = response.content.decode()
    assert response.status_code == 404
    assert "<title>Bilan programmatique 2031 | SNIA Suivi</title>" in body
    assert NOTHING in body
    assert 'class="snia-nav"' in body
    assert "No ReportingYear" not in body and "matches the given query" not in body
    # Readers cannot open a year.
    assert "/ouvrir/" not in body


def test_staff_are_offered_to_open_the_year(staff):
    body = logged_in(staff).get("/reports/bilan/2031/").content.decode()
    assert NOTHING in body
    assert 'action="/reports/annees/2031/ouvrir/"' in body
    assert '<input type="hidden" name="next" value="/reports/bilan/2031/">' in body
    assert "Ouvrir l'année 2031" in body


def test_asking_for_a_pdf_of_an_empty_year_queues_nothing(staff):
    from reports.models import BilanExport

    response = logged_in(staff).post("/reports/bilan/2031/export/")
    assert response.status_code == 404
    assert not BilanExport.objects.exists()


def test_a_year_outside_the_range_is_not_offered_to_open(staff):
    body = logged_in(staff).get("/reports/bilan/2101/").content.decode()
    assert "Rien n'est encore enregistré pour l'année 2101" in body
    assert "/ouvrir/" not in body


def test_once_something_is_recorded_the_bilan_is_there(reader):
    SessionFactory(year=2031)
    response = logged_in(reader).get("/reports/bilan/2031/")
    assert response.status_code == 200
    assert "Bilan programmatique d’étape 2031" in response.content.decode()
