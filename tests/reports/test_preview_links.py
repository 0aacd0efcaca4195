"""The bilan preview links the PDF, the workbook and, for roles that have
drafts, the preview with them (« Voir avec les brouillons »): what README says."""

import pytest
from django.test import Client

from reports.pdf import render_bilan_html
from tests.factories import ReportingYearFactory

pytestmark = pytest.mark.django_db


def preview(user, query: str = "") -> str:
    client = Client()
    client.force_login(user)
    response = client.get(f"/reports/bilan/2020/{query}")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture(autouse=True)
def year_2020(db):
    return ReportingYearFactory(year=2020)


def test_staff_and_focal_points_are_offered_the_drafts(staff, focal_cp2):
    for user in (staff, focal_cp2):
        body = preview(user)
        assert '<a href="/reports/bilan/2020/export/">Bilan PDF</a>' in body
        assert '<a href="/reports/bilan/2020.xlsx">Classeur (XLSX)</a>' in body
        assert '<a href="/reports/bilan/2020/?brouillons=1">Voir avec les brouillons</a>' in body


def test_readers_who_see_no_draft_are_not_offered_them(reader):
    body = preview(reader)
    assert '<a href="/reports/bilan/2020.xlsx">Classeur (XLSX)</a>' in body
    assert "brouillons" not in body


def test_the_drafts_preview_links_back_and_to_the_workbook_with_drafts(staff):
    body = preview(staff, "?brouillons=1")
    assert '<a href="/reports/bilan/2020/">Voir le bilan sans les brouillons</a>' in body
    assert '<a href="/reports/bilan/2020.xlsx?brouillons=1">Classeur (XLSX), avec les brouillons</a>' in body
    assert "Voir avec les brouillons" not in body


def test_the_pdfs_html_has_no_toolbar():
    assert "screen-toolbar" not in render_bilan_html(2020)
