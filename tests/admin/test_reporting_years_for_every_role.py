"""« Années de rapport » is a path to the bilan for every role: focal points and
readers read the list (state, bilan links); only MDCMRE staff change it."""

import pytest

from access.roles import Role
from reports.models import ReportingYear
from tests.admin.conftest import logged_in
from tests.factories import ReportingYearFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_2020(db):
    return ReportingYearFactory(year=2020)


@pytest.mark.parametrize("role", ["focal_cp2", "reader"])
def test_focal_points_and_readers_read_the_years_and_reach_the_bilan(request, year_2020, role):
    client = logged_in(request.getfixturevalue(role))
    body = client.get("/admin/reports/reportingyear/").content.decode()
    assert '<a href="/reports/bilan/2020/">Aperçu du bilan</a>' in body
    assert '<a href="/reports/bilan/2020/export/">Bilan PDF</a>' in body
    assert '<a href="/reports/bilan/2020.xlsx">Classeur</a>' in body
    assert "/admin/reports/reportingyear/add/" not in body
    assert "/ouvrir/" not in body
    change = client.get(f"/admin/reports/reportingyear/{year_2020.pk}/change/")
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode()


def test_a_focal_point_cannot_add_a_year_and_is_told_so_in_french(focal_cp2):
    response = logged_in(focal_cp2).get("/admin/reports/reportingyear/add/")
    body = response.content.decode()
    assert response.status_code == 403
    assert "Accès refusé" in body and "Forbidden" not in body


def test_the_years_history_never_names_other_institutions_drafts(client):
    year = ReportingYearFactory(year=2020)
    year.closing_checklist = ["Atelier confidentiel du Ministère de la Santé"]
    year.closing_error = "Brouillon « Atelier confidentiel » en attente"
    year.save()
    focal = user_with_role("pf.autre", Role.FOCAL_POINT)
    client.force_login(focal)

    response = client.get(f"/admin/reports/reportingyear/{year.pk}/history/")

    assert response.status_code == 200
    assert "confidentiel" not in response.content.decode()
    assert [field.name for field in ReportingYear.history.model._meta.fields if "closing" in field.name] == [
        "closing_started_at",
        "closing_started_by",
    ]
