"""A closed year stays as published, whatever path tries to change it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import transaction

from access.rules import can_change
from reports.models import ReportingYear, YearClosedError
from tests.factories import CommitteeFactory, InstitutionFactory, MeetingFactory, SessionFactory, UserFactory
from trainings.models import Session

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_2020(staff):
    year = ReportingYear.objects.get_or_create(year=2020)[0]
    year.close(staff)
    return year


def test_closing_records_who_and_when(closed_2020, staff):
    closed_2020.refresh_from_db()
    assert closed_2020.is_closed
    assert closed_2020.closed_by == staff
    assert "L'année 2020 est clôturée depuis le" in closed_2020.closed_message()
    assert "suivi" in closed_2020.closed_message()


def test_records_of_a_closed_year_cannot_be_saved_or_deleted(staff):
    session = SessionFactory(women=3)
    meeting = MeetingFactory(date=datetime.date(2020, 6, 25))
    ReportingYear.objects.get_or_create(year=2020)[0].close(staff)
    session.women = 4
    institution = InstitutionFactory(name="ENABEL")
    # Django saves and deletes inside atomic(savepoint=False): each refusal
    # gets its own block so the test's transaction stays usable.
    with pytest.raises(YearClosedError, match="L'année 2020 est clôturée"), transaction.atomic():
        session.save()
    with pytest.raises(YearClosedError), transaction.atomic():
        meeting.delete()
    with pytest.raises(YearClosedError), transaction.atomic():
        session.organisers.add(institution)
    with pytest.raises(YearClosedError), transaction.atomic():
        SessionFactory(title="Nouvelle session 2020")
    assert Session.objects.get().women == 3
    assert Session.objects.get().organisers.count() == 0


def test_a_record_cannot_be_moved_out_of_a_closed_year(staff):
    session = SessionFactory()
    ReportingYear.objects.get_or_create(year=2020)[0].close(staff)
    session.year = 2021
    with pytest.raises(YearClosedError):
        session.save()


def test_a_new_object_on_a_stored_records_key_cannot_move_it_out_of_a_closed_year(staff):
    stored = SessionFactory(title="Formation 2020", women=3)
    ReportingYear.objects.get_or_create(year=2020)[0].close(staff)
    # Not loaded from the database, but saving it overwrites the stored row.
    overwriting = Session(pk=stored.pk, kind=stored.kind, title="Déplacée", year=2021, women=9)

    with pytest.raises(YearClosedError, match="L'année 2020 est clôturée"), transaction.atomic():
        overwriting.save()

    assert Session.objects.get(pk=stored.pk).year == 2020
    assert Session.objects.get(pk=stored.pk).women == 3


def test_other_years_stay_open(closed_2020):
    SessionFactory(year=2021, title="2021")
    assert Session.objects.filter(year=2021).count() == 1


def test_nobody_may_change_a_closed_years_record(closed_2020, staff, administrator):
    meeting = MeetingFactory.build(committee=CommitteeFactory(), date=datetime.date(2020, 3, 1))
    assert can_change(staff, meeting) is False
    assert can_change(administrator, meeting) is False


def test_management_commands_cannot_change_a_closed_year(closed_2020):
    with pytest.raises(YearClosedError):
        call_command("load_demo")


def test_only_an_administrator_reopens_and_the_reason_is_kept(closed_2020, staff, administrator):
    with pytest.raises(PermissionDenied):
        closed_2020.reopen(staff, "Correction")
    with pytest.raises(ValidationError):
        closed_2020.reopen(administrator, "  ")
    reopening = closed_2020.reopen(administrator, "Erratum sur le tableau des sessions")
    closed_2020.refresh_from_db()
    assert not closed_2020.is_closed
    assert reopening.reason == "Erratum sur le tableau des sessions"
    assert reopening.closed_by == staff
    assert reopening.reopened_by == administrator
    SessionFactory(title="Ajout après réouverture")


def test_focal_points_and_readers_cannot_close_a_year(focal_cp2, reader):
    year = ReportingYear.objects.get_or_create(year=2020)[0]
    for user in (focal_cp2, reader, UserFactory(username="x")):
        with pytest.raises(PermissionDenied):
            year.close(user)
    year.refresh_from_db()
    assert not year.is_closed
