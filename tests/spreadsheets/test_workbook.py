"""/reports/bilan/<year>.xlsx: the PDF's figures as a workbook of numbers and dates."""

import datetime

import pytest
from django.urls import reverse

from access.models import ReviewState
from access.roles import Role
from committees.models import Meeting
from reports.stats import year_statistics
from tests.factories import SessionFactory, user_with_role
from tests.spreadsheets.conftest import read_xlsx
from trainings.models import Session

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader_client(client, demo):
    client.force_login(user_with_role("lectrice", Role.READER))
    return client


def workbook(client, year: int = 2020, **params):
    response = client.get(reverse("reports:bilan-xlsx", args=[year]), params)
    assert response.status_code == 200
    return response, read_xlsx(response.content)


def row_starting(sheet, label: str) -> tuple:
    return next(row for row in sheet.iter_rows(values_only=True) if row[0] == label)


def test_the_workbook_has_three_sheets_with_frozen_french_headers(reader_client):
    response, book = workbook(reader_client)

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="bilan-programmatique-2020.xlsx"'
    assert book.sheetnames == ["Réunions", "Sessions", "Filières et études"]
    assert [sheet.freeze_panes for sheet in book.worksheets] == ["A2", "A2", "A2"]
    assert [cell.value for cell in book["Sessions"][1]][:3] == ["Intitulé", "Type", "Programme(s)"]
    assert book["Sessions"].column_dimensions["A"].width == 60


def test_the_sessions_totals_are_the_published_figures_and_the_database_aggregates(reader_client):
    _response, book = workbook(reader_client)
    sheet = book["Sessions"]

    totals = row_starting(sheet, "Ensemble des sessions de l'année")[10:15]
    assert totals == (15, 3280, 2879, 140, 6299)
    assert totals == tuple(
        Session.objects.validated().in_year(2020).by_sex()[key]
        for key in ("sessions", "women", "men", "unrecorded", "total")
    )
    programme = year_statistics(2020)["programmes"][10]
    assert (
        row_starting(sheet, "Programme 11 : Gouvernance et communication")[10:15]
        == (
            programme["sessions"],
            programme["women"],
            programme["men"],
            programme["unrecorded"],
            programme["total"],
        )
        == (15, 3280, 2879, 140, 6299)
    )
    session_rows = [row for row in sheet.iter_rows(min_row=2, values_only=True) if row[14] and row[1]]
    assert len(session_rows) == 15
    assert sum(row[14] for row in session_rows) == 6299
    assert row_starting(
        sheet, "La couverture médiatique de la migration avec un focus sur les enfants migrants et réfugiés."
    )[11:15] == (0, 0, 140, 140)


def test_meetings_are_counted_per_committee_with_real_date_cells(reader_client):
    _response, book = workbook(reader_client)
    sheet = book["Réunions"]

    cp2 = row_starting(sheet, "CP2 : Santé, Logement, Assistance sociale et humanitaire")
    # No target for 2020 (the demo sets none): the column stays blank.
    assert cp2[1:3] == (None, 3)
    dates = sheet[f"D{next(i for i, row in enumerate(sheet.iter_rows(values_only=True), 1) if row == cp2)}"]
    assert dates.is_date and dates.number_format == "DD/MM/YYYY"
    assert [value.date() for value in cp2[3:6]] == [
        datetime.date(2020, 6, 24),
        datetime.date(2020, 10, 7),
        datetime.date(2020, 11, 10),
    ]
    assert row_starting(sheet, "Total")[2] == 18 == Meeting.objects.in_year(2020).count()


def test_university_programmes_then_studies(reader_client):
    _response, book = workbook(reader_client)
    rows = list(book["Filières et études"].iter_rows(values_only=True))

    assert rows[1][:4] == ("UM5", "Rabat", "Master", "Migrations et Sociétés")
    assert rows[11][:3] == ("Étude", "Institutions", "Actions")
    assert len(rows) == 1 + 9 + 1 + 1 + 4


@pytest.fixture
def staff_client(client, demo):
    client.force_login(user_with_role("suivi", Role.STAFF))
    return client


def test_drafts_appear_only_when_asked_for_as_in_the_preview(staff_client):
    draft = SessionFactory(title="Séance en brouillon", women=5, men=4, review_state=ReviewState.DRAFT)

    _response, published = workbook(staff_client)
    response, with_drafts = workbook(staff_client, brouillons="1")

    assert all(row[0] != draft.title for row in published["Sessions"].iter_rows(values_only=True))
    assert row_starting(with_drafts["Sessions"], draft.title)[11:] == (5, 4, 0, 9, "Brouillon")
    assert row_starting(with_drafts["Sessions"], "Ensemble des sessions de l'année")[10:15] == (
        16,
        3285,
        2883,
        140,
        6308,
    )
    assert (
        response["Content-Disposition"] == 'attachment; filename="bilan-programmatique-2020-brouillons.xlsx"'
    )


def test_anonymous_users_are_sent_to_the_login_page(client, demo):
    response = client.get(reverse("reports:bilan-xlsx", args=[2020]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_year_without_a_bilan_is_not_found(reader_client):
    assert reader_client.get(reverse("reports:bilan-xlsx", args=[2019])).status_code == 404
