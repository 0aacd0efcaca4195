"""A year's bilan revision moves with every write to what its bilan reads, by
whatever path the write comes — and only then: a write to another year leaves
it as it was. Reference data (no year) move every year's. The counters are
kept by database triggers (reports.revision_triggers), on SQLite and
PostgreSQL alike."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection

from programmes.models import Acronym, Programme
from reports.exports import current_revision
from reports.models import BilanRevision, ReportingYear
from tests.factories import (
    ActionFactory,
    InstitutionFactory,
    MeetingFactory,
    ReportingYearFactory,
    StudyFactory,
    ValidatedSessionFactory,
)
from tests.spreadsheets.conftest import SESSION_HEADERS, problems, run_import, session_row, xlsx
from trainings.models import Session
from trainings.resources import SessionResource

pytestmark = pytest.mark.django_db


def counters() -> dict[int, int]:
    """Each year's counter (0: reference data)."""
    return dict(BilanRevision.objects.values_list("year", "counter"))


def moved(before: dict[int, int]) -> dict[int, int]:
    """By how much each counter moved since `before`, for those that did."""
    after = counters()
    return {year: after[year] - before.get(year, 0) for year in after if after[year] != before.get(year, 0)}


@pytest.fixture
def session(db) -> Session:
    """A validated 2020 session with one action, and the reference data it needs."""
    session = ValidatedSessionFactory(year=2020, title="Atelier sur l'asile", women=4, men=6)
    session.actions.add(ActionFactory(code="11.12"))
    ValidatedSessionFactory(year=2021, title="Atelier de 2021", women=1, men=1)
    return session


def test_saving_a_record_moves_its_years_revision_and_no_other(session):
    before = counters()
    revisions = current_revision(2020), current_revision(2021)

    session.women = 5
    session.save()

    assert moved(before) == {2020: 1}
    assert current_revision(2020) != revisions[0]
    assert current_revision(2021) == revisions[1]


def test_deleting_a_record_moves_its_years_revision(session):
    before = counters()

    session.delete()

    # The session and its row of the actions' table: two writes to 2020's tables.
    assert moved(before) == {2020: 2}


def test_a_queryset_update_moves_the_revision(session):
    before = counters()

    Session.objects.filter(pk=session.pk).update(women=7)

    assert moved(before) == {2020: 1}


def test_a_record_moved_to_another_year_moves_both_years(session):
    before = counters()

    Session.objects.filter(pk=session.pk).update(year=2021)

    assert moved(before) == {2020: 1, 2021: 1}


def test_a_meeting_is_in_the_year_of_its_date(db):
    meeting = MeetingFactory(date=datetime.date(2020, 5, 4))
    before = counters()

    meeting.date = datetime.date(2021, 1, 12)
    meeting.save()

    # 2021 moves twice: the meeting, and the reporting year it opened (reports.years).
    assert moved(before) == {2020: 1, 2021: 2}


def test_bulk_and_raw_sql_writes_move_the_revision(session):
    before = counters()

    Session.objects.bulk_create([Session(title="Séminaire", kind=session.kind, year=2022, women=1, men=1)])
    with connection.cursor() as cursor:
        cursor.execute("UPDATE trainings_session SET men = men + 1 WHERE id = %s", [session.pk])

    assert moved(before) == {2020: 1, 2022: 1}


def test_many_to_many_changes_move_the_years_revision(session):
    action = ActionFactory(code="11.13")
    organiser = InstitutionFactory(name="Entraide nationale")
    study = StudyFactory(year=2021)
    before = counters()

    session.actions.add(action)
    session.organisers.set([organiser])
    assert moved(before) == {2020: 2}

    session.actions.remove(action)
    study.institutions.add(organiser)
    assert moved(before) == {2020: 3, 2021: 1}


def test_reference_data_move_every_years_revision(session):
    before = counters()
    revisions = current_revision(2020), current_revision(2021)

    Programme.objects.filter(actions__code="11.12").update(purpose="Un objectif reformulé")

    assert moved(before) == {0: 1}
    assert current_revision(2020) != revisions[0]
    assert current_revision(2021) != revisions[1]


def test_a_years_settings_move_its_revision(db):
    ReportingYearFactory(year=2020)
    before = counters()

    ReportingYear.objects.filter(year=2020).update(publication_date=datetime.date(2021, 6, 1))

    assert moved(before) == {2020: 1}


def test_emptying_a_table_moves_every_years_revision(db):
    Acronym.objects.create(sigle="OIM", expansion="Organisation internationale pour les migrations")
    before = counters()

    with connection.cursor() as cursor:
        # TRUNCATE names no row: PostgreSQL's statement trigger moves the
        # reference counter, so every year. SQLite has no TRUNCATE: its
        # DELETE without WHERE deletes row by row, each counted.
        if connection.vendor == "postgresql":
            cursor.execute("TRUNCATE programmes_acronym")
        else:
            cursor.execute("DELETE FROM programmes_acronym")

    assert moved(before) == {0: 1}


def test_a_spreadsheet_import_moves_the_years_revision(staff):
    call_command("load_reference", stdout=io.StringIO())
    before = counters()

    result = run_import(SessionResource, staff, xlsx([SESSION_HEADERS, session_row()]))

    assert problems(result) == []
    assert Session.objects.get().year == 2020
    assert set(moved(before)) == {2020}


def test_loaddata_moves_the_revision(session, tmp_path):
    fixture = tmp_path / "session.json"
    call_command("dumpdata", "trainings.session", "--pks", str(session.pk), output=str(fixture))
    assert [row["fields"]["year"] for row in json.loads(fixture.read_text())] == [2020]
    Session.objects.filter(pk=session.pk).delete()
    before = counters()

    call_command("loaddata", str(fixture), verbosity=0)

    assert Session.objects.get(pk=session.pk).actions.count() == 1
    assert set(moved(before)) == {2020}
