"""A reporting year exists as soon as something is recorded for it
(reports.years), whatever records it; concurrent saves never fail."""

import datetime
import threading

import pytest
from django.db import connection, transaction

from programmes.models import ActionProgress
from reports.models import ReportingYear
from reports.years import open_year
from tests.factories import (
    ActionFactory,
    MeetingFactory,
    NarrativeSectionFactory,
    ReportItemFactory,
    SessionFactory,
    StudyFactory,
    UniversityProgrammeFactory,
)
from trainings.models import Session

pytestmark = pytest.mark.django_db


def years() -> list[int]:
    return list(ReportingYear.objects.order_by("year").values_list("year", flat=True))


def test_saving_a_session_opens_its_year():
    SessionFactory(year=2031)
    assert years() == [2031]


def test_saving_a_meeting_opens_the_year_of_its_date():
    MeetingFactory(date=datetime.date(2032, 3, 4))
    assert years() == [2032]


def test_saving_an_actions_progress_opens_its_year():
    ActionProgress.objects.create(action=ActionFactory(), year=2033)
    assert years() == [2033]


@pytest.mark.parametrize(
    "factory",
    [NarrativeSectionFactory, ReportItemFactory, StudyFactory, UniversityProgrammeFactory],
    ids=["narrative", "list-item", "study", "university-programme"],
)
def test_saving_a_text_of_the_bilan_opens_its_year(factory):
    factory(year=2034)
    assert years() == [2034]


def test_moving_a_session_to_another_year_opens_that_year_and_keeps_the_first():
    session = SessionFactory(year=2031)
    session.year = 2035
    session.save()
    assert years() == [2031, 2035]


def test_an_existing_year_is_left_as_it_was():
    year = ReportingYear.objects.create(year=2031)
    SessionFactory(year=2031)
    SessionFactory(year=2031)
    assert list(ReportingYear.objects.values_list("pk", "year")) == [(year.pk, 2031)]
    assert year.history.count() == 1


def test_a_meeting_dated_before_the_strategy_opens_no_year():
    # 2014–2100 only (the year's CHECK constraint): the meeting is saved, no year is.
    MeetingFactory(date=datetime.date(2013, 12, 31))
    assert years() == []


def test_opening_twice_creates_one_year():
    first, created = open_year(2040)
    again, created_again = open_year(2040)
    assert (created, created_again, first.pk == again.pk) == (True, False, True)
    assert years() == [2040]


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_saves_in_a_new_year_both_succeed_and_open_it_once():
    """Real concurrent connections: each thread saves a session of 2041 in its
    own transaction, both started together. PostgreSQL makes the second insert
    of the year wait on the unique index, then finds the first's; SQLite runs
    the transactions one after the other."""
    barrier = threading.Barrier(2, timeout=30)
    errors: list[BaseException] = []

    def save(title: str) -> None:
        try:
            barrier.wait()
            with transaction.atomic():
                SessionFactory(year=2041, title=title)
        except BaseException as error:  # noqa: BLE001 - the test reports what failed
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(title,)) for title in ("Atelier A", "Atelier B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert years() == [2041]
    assert sorted(Session.objects.values_list("title", flat=True)) == ["Atelier A", "Atelier B"]
