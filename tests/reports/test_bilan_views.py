"""The HTML preview of the bilan: for signed-in users, for reporting years only."""

import pytest
from django.urls import reverse

from access.roles import Role
from tests.factories import ReportingYearFactory, ValidatedSessionFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_preview_url_is_named():
    assert reverse("reports:bilan-preview", args=[2020]) == "/reports/bilan/2020/"


def test_preview_requires_login(client):
    ReportingYearFactory(year=2020)

    response = client.get("/reports/bilan/2020/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/reports/bilan/2020/"


def test_preview_of_a_year_that_is_not_a_reporting_year_is_404(client):
    client.force_login(user_with_role("lecteur", Role.READER))
    ReportingYearFactory(year=2020)

    assert client.get("/reports/bilan/2019/").status_code == 404


def test_preview_shows_the_years_report(client):
    client.force_login(user_with_role("lecteur", Role.READER))
    ReportingYearFactory(year=2020)
    ValidatedSessionFactory(women=12, men=10)

    response = client.get("/reports/bilan/2020/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr" dir="ltr">' in html
    assert "Rapport 2020" in html
    assert (
        "Part des femmes parmi les participants dont le sexe est renseigné\u00a0: 54,5\u00a0% (12 sur 22)."
        in html
    )


def test_preview_allows_the_charts_inline_styles_and_nothing_else_inline(admin_client):
    ReportingYearFactory(year=2021)
    policy = admin_client.get("/reports/bilan/2021/")["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy
    assert "script-src 'self'" in policy
    assert "style-src 'self' 'unsafe-inline'" not in admin_client.get("/admin/")["Content-Security-Policy"]
