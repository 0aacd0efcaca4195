"""Every invariant holds in the database itself, whatever path writes the row."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from committees.models import Meeting
from programmes.models import Action, Programme, SpecificObjective
from reports.models import ReportingYear, ReportItem, UniversityProgramme
from tests.factories import (
    ActionFactory,
    CommitteeFactory,
    MeetingFactory,
    ProgrammeFactory,
    ReportItemFactory,
    SessionFactory,
    SpecificObjectiveFactory,
    UniversityProgrammeFactory,
)
from trainings.models import Session

pytestmark = pytest.mark.django_db


def refused(create, constraint_name: str) -> None:
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        create()
    # SQLite and PostgreSQL both name the violated constraint, or for unique
    # constraints the columns; either way the row was refused.
    assert constraint_name in str(excinfo.value) or "UNIQUE" in str(excinfo.value).upper()


@pytest.mark.parametrize("field", ["women", "men", "unrecorded"])
def test_session_counts_cannot_be_negative(field):
    refused(
        lambda: Session.objects.create(kind="training", title="t", year=2020, **{field: -1}),
        "session_counts_non_negative",
    )
    assert Session.objects.count() == 0


def test_session_end_cannot_precede_start():
    refused(
        lambda: Session.objects.create(
            kind="training",
            title="t",
            year=2020,
            start_date=datetime.date(2020, 11, 27),
            end_date=datetime.date(2020, 11, 9),
        ),
        "session_end_not_before_start",
    )


def test_session_end_needs_a_start():
    refused(
        lambda: Session.objects.create(
            kind="training", title="t", year=2020, end_date=datetime.date(2020, 11, 9)
        ),
        "session_end_not_before_start",
    )


def test_session_start_must_fall_in_its_year():
    refused(
        lambda: Session.objects.create(
            kind="training", title="t", year=2021, start_date=datetime.date(2020, 12, 31)
        ),
        "session_start_in_its_year",
    )


def test_session_of_one_day_is_accepted():
    day = datetime.date(2020, 11, 9)
    session = Session.objects.create(kind="training", title="t", year=2020, start_date=day, end_date=day)
    assert session.pk is not None


def test_session_total_is_the_sum_of_its_parts():
    session = SessionFactory(women=17, men=10, unrecorded=0)
    assert session.total == 27
    assert Session.objects.with_total().get().participants_total == 27


def test_by_sex_sums_in_the_database_and_ignores_other_years():
    SessionFactory(women=2996, men=2703)
    SessionFactory(unrecorded=140)
    SessionFactory(year=2021, women=1000, men=1000)
    assert Session.objects.in_year(2020).by_sex() == {
        "sessions": 2,
        "women": 2996,
        "men": 2703,
        "unrecorded": 140,
        "total": 5839,
    }
    assert Session.objects.in_year(2019).by_sex() == {
        "sessions": 0,
        "women": 0,
        "men": 0,
        "unrecorded": 0,
        "total": 0,
    }


def test_action_code_must_start_with_its_programme_number():
    programme = ProgrammeFactory(number=11)
    refused(
        lambda: Action.objects.create(programme=programme, code="1.12", title="x"),
        "action_code_starts_with_programme",
    )
    # "111.2" starts with "11" but not with "11.": refused by the format rule.
    refused(lambda: Action.objects.create(programme=programme, code="111.2", title="x"), "action_code_format")
    assert Action.objects.create(programme=programme, code="11.12", title="x").code == "11.12"


def test_action_codes_are_unique():
    ActionFactory(code="11.12")
    programme = Programme.objects.get(number=11)
    refused(lambda: Action.objects.create(programme=programme, code="11.12", title="y"), "code")


def test_actions_sort_by_number_not_by_text():
    for code in ["11.10", "11.2", "11.1", "11.17"]:
        ActionFactory(code=code)
    assert list(Action.objects.values_list("code", flat=True)) == ["11.1", "11.2", "11.10", "11.17"]


def test_osp_numbers_are_unique_and_in_range():
    SpecificObjectiveFactory(number=26)
    refused(lambda: SpecificObjective.objects.create(number=26, title="x"), "number")
    refused(lambda: SpecificObjective.objects.create(number=28, title="x"), "osp_number_1_to_27")
    refused(lambda: SpecificObjective.objects.create(number=0, title="x"), "osp_number_1_to_27")


def test_programme_numbers_run_from_1_to_11():
    refused(
        lambda: Programme.objects.create(number=12, kind="transverse", name="x"), "programme_number_1_to_11"
    )


def test_a_committee_cannot_meet_twice_at_the_same_date_and_time():
    committee = CommitteeFactory(code="CP4")
    day = datetime.date(2020, 6, 22)
    MeetingFactory(committee=committee, date=day)
    refused(lambda: Meeting.objects.create(committee=committee, date=day), "one_untimed_meeting")
    MeetingFactory(committee=committee, date=day, start_time=datetime.time(10))
    refused(
        lambda: Meeting.objects.create(committee=committee, date=day, start_time=datetime.time(10)),
        "one_meeting_per_committee_and_time",
    )
    # Another time the same day, or another committee, is fine.
    MeetingFactory(committee=committee, date=day, start_time=datetime.time(15))
    MeetingFactory(committee=CommitteeFactory(code="CP1"), date=day)
    assert Meeting.objects.filter(date=day).count() == 4


def test_report_items_have_one_entry_per_position():
    item = ReportItemFactory(kind=ReportItem.Kind.RECOMMENDATION, position=1)
    refused(
        lambda: ReportItem.objects.create(
            programme=item.programme, year=2020, kind="recommendation", position=1, text="x"
        ),
        "one_report_item_per_position",
    )


def test_reporting_years_are_unique():
    ReportingYear.objects.create(year=2020)
    refused(lambda: ReportingYear.objects.create(year=2020), "year")


def test_university_programme_is_recorded_once_per_year():
    UniversityProgrammeFactory(university="UMP", title="Migration : Espace et société")
    refused(
        lambda: UniversityProgramme.objects.create(
            university="UMP", city="Oujda", diploma="master", title="Migration : Espace et société", year=2020
        ),
        "unique_university_programme_per_year",
    )


def test_referenced_programme_cannot_be_deleted():
    action = ActionFactory(code="11.3")
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        action.programme.delete()


def test_session_counts_above_ten_million_are_refused():
    refused(
        lambda: Session.objects.create(kind="training", title="t", year=2020, women=10_000_001),
        "session_counts_plausible",
    )
