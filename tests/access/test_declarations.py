"""The shared bases know the domain only through what its models declare:
reference data, the focal point's scope and choices, the year a record belongs
to. These tests pin each declaration to the rule it stands for."""

import datetime

import pytest
from django.db import models
from django.db.models import Q
from django.test.utils import isolate_apps

from access import years
from access.roles import focal_point_labels, is_reference, reference_labels
from access.rules import focal_point_scope, writable_choices
from committees.models import Committee, Meeting, MeetingTarget
from programmes.models import Action, ActionProgress, Institution
from reports.models import NarrativeSection, ReportingYear, ReportItem, Study, UniversityProgramme
from tests.factories import MeetingFactory, ReportingYearFactory, SessionFactory
from trainings.models import Session


def test_reference_data_is_what_the_models_declare():
    assert sorted(reference_labels()) == [
        "committees.committee",
        "committees.meetingtarget",
        "programmes.acronym",
        "programmes.action",
        "programmes.institution",
        "programmes.programme",
        "programmes.project",
        "programmes.specificobjective",
        "programmes.strategicobjective",
        "reports.reportingyear",
    ]
    assert not is_reference(Session)


def test_focal_points_enter_the_reviewed_models_only():
    assert sorted(focal_point_labels()) == [
        "committees.meeting",
        "programmes.actionprogress",
        "trainings.session",
    ]


def test_each_reviewed_model_declares_its_scope():
    assert Meeting.focal_point_scope(7, 3) == Q(committee__focal_points=7)
    assert Session.focal_point_scope(7, 3) == Q(organisers=3)
    assert ActionProgress.focal_point_scope(7, 3) == Q(action__lead_institutions=3)


def test_year_bound_models_declare_where_their_year_is():
    assert [model.year_field for model in (Meeting, Session, ActionProgress)] == ["date", "year", "year"]
    assert {model.year_field for model in (NarrativeSection, ReportItem, Study, UniversityProgramme)} == {
        "year"
    }
    assert MeetingTarget.year_field == "year"
    assert not years.is_year_bound(ReportingYear)
    assert not years.is_year_bound(Committee)


def test_a_meetings_year_is_its_dates_even_given_as_a_string():
    meeting = Meeting(date="2020-07-10")
    assert years.record_year(meeting) == 2020
    assert years.record_year(Meeting(date=datetime.date(2021, 1, 4))) == 2021
    assert years.record_year(Meeting()) is None


@pytest.mark.django_db
def test_the_reporting_year_model_answers_which_years_are_closed(django_user_model):
    staff = django_user_model.objects.create_superuser("chef", password="x" * 12)
    year = ReportingYearFactory(year=2020)
    assert years.closed_year(2020) is None
    year.close(staff)

    closed = years.closed_year(2020)

    assert closed == year
    assert years.is_closed(2020)
    assert not years.is_closed(2021)
    with pytest.raises(years.YearClosedError) as refused:
        years.ensure_open(2020)
    assert "L'année 2020 est clôturée depuis le" in refused.value.messages[0]


@pytest.mark.django_db
def test_a_record_moved_out_of_a_closed_year_touches_both_years():
    meeting = MeetingFactory(date=datetime.date(2020, 3, 1))
    meeting.date = datetime.date(2021, 3, 1)

    assert years.touched_years(meeting) == [2020, 2021]
    assert years.touched_years(SessionFactory.build(year=2020)) == [2020]


@pytest.mark.django_db
def test_a_focal_point_picks_their_committees_and_the_actions_their_institution_leads(focal_cp2):
    user, focal_point = focal_cp2, focal_cp2.focal_point
    committees = writable_choices(user, Meeting, Committee.objects.all())
    actions = writable_choices(user, ActionProgress, Action.objects.all())
    institutions = writable_choices(user, Session, Institution.objects.all())

    assert [committee.code for committee in committees] == ["CP2"]
    assert list(actions) == list(Action.objects.filter(lead_institutions=focal_point.institution))
    assert institutions.count() == Institution.objects.count()
    assert focal_point_scope(Meeting, focal_point) == Q(committee__focal_points=focal_point.pk)


@pytest.mark.django_db
def test_the_authors_a_record_may_be_handed_are_mdcmre_and_the_focal_points_who_reach_it(
    focal_cp2, focal_cp4, staff, administrator, reader, health_ministry, iom
):
    from access.rules import possible_authors

    session = SessionFactory(title="Formation des soignants")
    session.organisers.add(health_ministry)

    assert sorted(user.username for user in possible_authors(session)) == sorted(
        [focal_cp2.username, staff.username, administrator.username]
    )
    session.organisers.add(iom)
    assert focal_cp4.username in {user.username for user in possible_authors(session)}
    assert reader.username not in {user.username for user in possible_authors(session)}


@isolate_apps("access")
def test_a_reviewed_model_that_declares_neither_its_year_nor_its_scope_is_refused():
    from access.checks import reviewed_model_errors
    from access.models import Reviewable

    class Careless(Reviewable):
        title = models.CharField(max_length=10)

        class Meta:
            app_label = "access"

    errors = reviewed_model_errors(Careless)
    assert reviewed_model_errors(Session) == []

    assert [(error.id, error.msg) for error in errors] == [
        ("access.E002", "access.Careless must name the field holding its year in `year_field`."),
        ("access.E002", "access.Careless must declare `focal_point_scope(focal_point, institution)`."),
    ]


def test_every_leased_job_has_its_recovery():
    from reports.leases import leased_models
    from reports.worker import RECOVERIES

    assert sorted(model._meta.label_lower for model in leased_models()) == sorted(RECOVERIES)
    assert sorted(RECOVERIES) == ["reports.bilanexport", "reports.reportingyear"]


@pytest.mark.django_db
def test_a_leased_job_without_a_recovery_stops_the_worker(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from reports import worker

    monkeypatch.setattr(worker, "RECOVERIES", {"reports.bilanexport": lambda: 0})

    with pytest.raises(
        ImproperlyConfigured, match="reports.reportingyear is a leased job without a recovery"
    ):
        worker.recover_expired_leases()
