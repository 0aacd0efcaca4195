"""year_statistics: the synthesis' figures, computed by the database."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.stats import women_share, year_statistics
from tests.demo_snapshot import load_demo
from tests.factories import (
    ActionFactory,
    CommitteeFactory,
    MeetingTargetFactory,
    ProgrammeFactory,
    SpecificObjectiveFactory,
    ValidatedMeetingFactory,
    ValidatedSessionFactory,
)


def programme_row(statistics: dict, number: int) -> dict:
    return next(row for row in statistics["programmes"] if row["number"] == number)


def test_demo_year_totals_are_the_excerpts_hand_summed_figures(db):
    load_demo()

    statistics = year_statistics(2020)

    # Summed by hand from the three session tables of the excerpt (15 rows).
    assert statistics["totals"] == {
        "sessions": 15,
        "women": 3280,
        "men": 2879,
        "unrecorded": 140,
        "total": 6299,
        "meetings": 18,
        "sessions_without_action": 0,
    }
    assert programme_row(statistics, 11) == {
        "number": 11,
        "name": "Gouvernance et communication",
        "kind": "transverse",
        "sessions": 15,
        "men": 2879,
        "women": 3280,
        "unrecorded": 140,
        "total": 6299,
    }
    assert programme_row(statistics, 10)["sessions"] == 0
    # 3280 women among the 6159 participants whose sex is recorded.
    assert round(statistics["women_share"], 4) == 0.5326
    held = {row["code"]: (row["expected"], row["held"]) for row in statistics["committees"]}
    assert held == {
        # No target in 2020: the report gives none (« au moins 3 » meetings each).
        "Commission": (None, 1),
        "CT": (None, 3),
        "CoPil": (None, 2),
        "CP1": (None, 3),
        "CP2": (None, 3),
        "CP3": (None, 3),
        "CP4": (None, 3),
    }


def test_statistics_are_plain_json(db):
    load_demo()

    assert json.loads(json.dumps(year_statistics(2020)))["totals"]["total"] == 6299


@pytest.mark.django_db
def test_session_serving_several_actions_counts_once_per_programme_and_once_in_totals():
    a1 = ActionFactory(code="11.12")
    a2 = ActionFactory(code="11.13")
    other_programme = ActionFactory(
        code="10.1",
        specific_objective=SpecificObjectiveFactory(number=23, programme=ProgrammeFactory(number=10)),
    )
    session = ValidatedSessionFactory(women=5, men=3, unrecorded=2)
    session.actions.set([a1, a2, other_programme])

    statistics = year_statistics(2020)

    for number in (10, 11):
        row = programme_row(statistics, number)
        assert (row["sessions"], row["women"], row["men"], row["unrecorded"], row["total"]) == (
            1,
            5,
            3,
            2,
            10,
        )
    assert statistics["totals"]["sessions"] == 1
    assert statistics["totals"]["total"] == 10


@pytest.mark.django_db
def test_totals_ignore_sessions_and_meetings_of_other_years():
    action = ActionFactory(code="11.12")
    ValidatedSessionFactory(year=2019, women=40, men=40).actions.set([action])
    ValidatedSessionFactory(year=2020, women=1, men=2).actions.set([action])
    committee = CommitteeFactory(code="CP4")
    ValidatedMeetingFactory(committee=committee, date=datetime.date(2019, 12, 31))
    ValidatedMeetingFactory(committee=committee, date=datetime.date(2020, 1, 1))

    MeetingTargetFactory(committee=committee, year=2019, expected=12)
    MeetingTargetFactory(committee=committee, year=2020, expected=4)

    statistics = year_statistics(2020)

    assert programme_row(statistics, 11)["total"] == 3
    assert statistics["totals"]["total"] == 3
    assert statistics["totals"]["meetings"] == 1
    assert statistics["committees"] == [
        {"code": "CP4", "name": "Comité CP4", "kind": "programme", "expected": 4, "held": 1}
    ]


@pytest.mark.django_db
def test_sessions_without_action_count_in_totals_only():
    ProgrammeFactory(number=11)
    ValidatedSessionFactory(women=4, men=6)

    statistics = year_statistics(2020)

    assert programme_row(statistics, 11)["sessions"] == 0
    assert statistics["totals"]["total"] == 10
    assert statistics["totals"]["sessions_without_action"] == 1


@pytest.mark.django_db
def test_share_of_women_counts_only_participants_whose_sex_is_recorded():
    ValidatedSessionFactory(women=30, men=10)
    ValidatedSessionFactory(unrecorded=1000)

    assert year_statistics(2020)["women_share"] == 0.75


@pytest.mark.django_db
def test_share_of_women_is_none_when_nobodys_sex_is_recorded():
    ValidatedSessionFactory(unrecorded=140)

    assert year_statistics(2020)["women_share"] is None
    assert year_statistics(2021)["women_share"] is None
    assert women_share(0, 0) is None


def _populate(sessions: int, meetings: int) -> None:
    objectives = [SpecificObjectiveFactory(number=n) for n in (24, 25)]
    actions = [ActionFactory(code=f"11.{n}", specific_objective=objectives[n % 2]) for n in range(1, 7)]
    for n in range(sessions):
        ValidatedSessionFactory(women=n, men=1, unrecorded=n % 3).actions.set(actions[n % 6 : n % 6 + 2])
    committee = CommitteeFactory(code="CP4")
    ValidatedMeetingFactory.create_batch(meetings, committee=committee)


@pytest.mark.django_db
def test_query_count_does_not_grow_with_the_data():
    _populate(sessions=2, meetings=1)
    with CaptureQueriesContext(connection) as small:
        year_statistics(2020)
    _populate(sessions=60, meetings=30)
    with CaptureQueriesContext(connection) as large:
        year_statistics(2020)

    assert len(small) == len(large) == 5
