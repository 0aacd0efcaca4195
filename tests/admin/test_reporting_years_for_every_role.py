"""« Années de rapport » is a path to the bilan for every role: focal points and
readers read the list (state, bilan links); only MDCMRE staff change it."""

import pytest

from tests.admin.conftest import logged_in
from tests.factories import ReportingYearFactory

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
