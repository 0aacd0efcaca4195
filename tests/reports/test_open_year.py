"""« Ouvrir l'année N »: MDCMRE staff open a year before anything is recorded
for it (reports.year_views); the year's history says who and when."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from reports.models import ReportingYear
from tests.factories import ReportingYearFactory

pytestmark = pytest.mark.django_db

OPEN_2031 = "/reports/annees/2031/ouvrir/"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_button_is_a_csrf_protected_form_posting_to_the_year():
    assert reverse("reports:open-year", args=[2031]) == OPEN_2031


def test_staff_open_a_year_and_its_history_says_who(staff):
    response = logged_in(staff).post(OPEN_2031, {"next": "/reports/bilan/2031/"})
    assert (response.status_code, response["Location"]) == (302, "/reports/bilan/2031/")
    year = ReportingYear.objects.get(year=2031)
    record = year.history.get()
    assert (record.history_type, record.history_user) == ("+", staff)
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["L'année 2031 est ouverte."]


def test_opening_an_open_year_again_changes_nothing(administrator):
    year = ReportingYearFactory(year=2031)
    response = logged_in(administrator).post(OPEN_2031)
    assert (response.status_code, response["Location"]) == (302, "/admin/reports/reportingyear/")
    assert list(ReportingYear.objects.values_list("pk", flat=True)) == [year.pk]
    assert year.history.count() == 1
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["L'année 2031 était déjà ouverte."]


def test_a_return_address_on_another_site_is_ignored(staff):
    response = logged_in(staff).post(OPEN_2031, {"next": "https://ailleurs.example/"})
    assert response["Location"] == "/admin/reports/reportingyear/"


@pytest.mark.parametrize("year", [2013, 2101, 99999])
def test_a_year_outside_2014_2100_is_refused_in_french(staff, year):
    response = logged_in(staff).post(f"/reports/annees/{year}/ouvrir/")
    assert response.status_code == 400
    assert "une année de rapport est comprise entre 2014 et 2100" in response.content.decode()
    assert not ReportingYear.objects.exists()


def test_focal_points_and_readers_get_the_french_403_page(focal_cp2, reader):
    for user in (focal_cp2, reader):
        response = logged_in(user).post(OPEN_2031)
        body = response.content.decode()
        assert response.status_code == 403
        assert "Seul le personnel du MDCMRE peut ouvrir une année." in body
        assert 'class="snia-nav"' in body
        assert "Forbidden" not in body
    assert not ReportingYear.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in_then_to_the_dashboard():
    # Not back here: the login sends the browser on with a GET, which this address refuses (405).
    response = Client().post(OPEN_2031)
    assert (response.status_code, response["Location"]) == (302, "/admin/login/?next=/")


def test_only_a_post_opens_a_year(staff):
    assert logged_in(staff).get(OPEN_2031).status_code == 405
    assert not ReportingYear.objects.exists()


def test_a_post_without_the_csrf_token_is_refused(staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    assert client.post(OPEN_2031).status_code == 403
    assert not ReportingYear.objects.exists()


def test_the_years_list_offers_staff_the_button_for_this_year_and_the_next(staff, reader):
    from django.utils import timezone

    this_year = timezone.localdate().year
    body = logged_in(staff).get("/admin/reports/reportingyear/").content.decode()
    assert f'action="/reports/annees/{this_year}/ouvrir/"' in body
    assert f'action="/reports/annees/{this_year + 1}/ouvrir/"' in body
    assert f"Ouvrir l'année {this_year}" in body
    reader_body = logged_in(reader).get("/admin/reports/reportingyear/").content.decode()
    assert "/ouvrir/" not in reader_body
