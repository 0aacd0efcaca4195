"""Deny by default: an account without a role reaches no page and no record;
a reader sees validated records only, on every surface."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from reports.models import BilanExport
from tests.admin import admin_url
from tests.factories import ReportingYearFactory, SessionFactory, UserFactory
from tests.spreadsheets.conftest import read_xlsx
from trainings.models import Session

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_reader_sees_no_draft_in_the_admin_the_api_or_the_workbook(reader, iom):
    SessionFactory(title="Atelier conjoint", author_institution=iom).organisers.set([iom])
    ReportingYearFactory(year=2020)
    SessionFactory(title="Formation validée", review_state="validated")
    admin_list = logged_in(reader).get(admin_url(Session, "changelist"))
    api_list = api_for(reader).get("/api/v1/sessions/")
    workbook = logged_in(reader).get("/reports/bilan/2020.xlsx?brouillons=1")

    assert [session.title for session in admin_list.context["cl"].result_list] == ["Formation validée"]
    assert [row["title"] for row in api_list.json()["results"]] == ["Formation validée"]
    titles = [row[0] for row in read_xlsx(workbook.content)["Sessions"].iter_rows(values_only=True)]
    assert "Formation validée" in titles
    assert "Atelier conjoint" not in titles


@pytest.mark.parametrize(
    "url",
    [
        "/reports/bilan/2020/",
        "/reports/bilan/2020.xlsx",
        "/reports/bilan/2020.pdf",
        "/reports/bilan/2020/export/",
    ],
)
def test_an_account_without_a_role_gets_a_french_403_on_the_reports(url):
    ReportingYearFactory(year=2020)
    client = logged_in(UserFactory(username="sans.role", is_staff=True))

    response = client.get(url)
    queued = client.post("/reports/bilan/2020/export/")

    assert (response.status_code, queued.status_code) == (403, 403)
    assert "Votre compte n'a aucun rôle dans SNIA Suivi" in response.content.decode()
    assert BilanExport.objects.count() == 0


def test_an_account_without_a_role_is_not_admitted_to_the_admin():
    client = logged_in(UserFactory(username="sans.role", is_staff=True))

    response = client.get("/admin/")

    assert (response.status_code, response["Location"]) == (302, "/admin/login/?next=/admin/")


def test_an_account_without_a_role_reads_no_api_description():
    client = logged_in(UserFactory(username="sans.role", is_staff=True))

    assert client.get("/api/v1/schema/").status_code == 403
    assert client.get("/api/v1/docs/").status_code == 403
