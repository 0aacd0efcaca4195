"""Who reaches which record (access.rules), independent of the admin or the API."""

import pytest

from access.roles import Role, role_of
from access.rules import can_change, visible_to, writable_choices
from committees.models import Committee, Meeting
from programmes.models import Action, ActionProgress, Programme
from reports.models import ReportItem
from tests.factories import (
    ActionFactory,
    MeetingFactory,
    ReportItemFactory,
    SessionFactory,
    UserFactory,
)
from trainings.models import Session

pytestmark = pytest.mark.django_db


def test_roles_come_from_groups_and_superusers_are_administrators(staff, reader, focal_cp2, admin_user):
    assert role_of(staff) == Role.STAFF
    assert role_of(reader) == Role.READER
    assert role_of(focal_cp2) == Role.FOCAL_POINT
    assert role_of(admin_user) == Role.ADMINISTRATOR
    assert role_of(UserFactory(username="nobody")) is None


def test_focal_point_sees_only_the_meetings_of_their_committees(focal_cp2, cp2, cp4):
    mine = MeetingFactory(committee=cp2)
    MeetingFactory(committee=cp4)
    assert list(visible_to(Meeting.objects.all(), focal_cp2)) == [mine]


def test_focal_point_sees_only_sessions_their_institution_organises(focal_cp4, iom, health_ministry):
    ours = SessionFactory(title="Formation OIM")
    ours.organisers.set([iom, health_ministry])
    SessionFactory(title="Autre").organisers.set([health_ministry])
    SessionFactory(title="Sans organisateur")
    assert list(visible_to(Session.objects.all(), focal_cp4).values_list("title", flat=True)) == [
        "Formation OIM"
    ]


def test_focal_point_sees_progress_of_the_actions_their_institution_leads(focal_cp4, iom):
    led = ActionFactory(code="11.15")
    led.lead_institutions.add(iom)
    other = ActionFactory(code="11.16")
    ActionProgress.objects.create(action=led, year=2020)
    ActionProgress.objects.create(action=other, year=2020)
    assert [p.action.code for p in visible_to(ActionProgress.objects.all(), focal_cp4)] == ["11.15"]


def test_focal_point_sees_reference_data_but_no_report_content(focal_cp2):
    ActionFactory(code="11.1")
    ReportItemFactory()
    assert visible_to(Programme.objects.all(), focal_cp2).count() == 1
    assert visible_to(Action.objects.all(), focal_cp2).count() == 1
    assert visible_to(ReportItem.objects.all(), focal_cp2).count() == 0


def test_a_user_without_role_sees_nothing():
    MeetingFactory()
    assert visible_to(Meeting.objects.all(), UserFactory(username="sans-role")).count() == 0


def test_readers_see_validated_records_only_and_change_nothing(reader):
    meeting = MeetingFactory(review_state="validated")
    for state in ("draft", "submitted", "returned"):
        MeetingFactory(review_state=state)
    assert list(visible_to(Meeting.objects.all(), reader)) == [meeting]
    assert can_change(reader, meeting) is False


def test_focal_point_edits_drafts_and_returned_records_only(focal_cp2, cp2):
    meeting = MeetingFactory(committee=cp2, author=focal_cp2)
    assert can_change(focal_cp2, meeting) is True
    meeting.review_state = "returned"
    assert can_change(focal_cp2, meeting) is True
    for state in ("submitted", "validated"):
        meeting.review_state = state
        assert can_change(focal_cp2, meeting) is False


def test_focal_point_cannot_change_reference_data(focal_cp2):
    assert can_change(focal_cp2, ActionFactory(code="11.2")) is False


def test_staff_change_validated_records(staff):
    assert can_change(staff, MeetingFactory(review_state="validated")) is True


def test_focal_point_may_pick_only_their_own_committees(focal_cp2, cp2, cp4):
    choices = writable_choices(focal_cp2, Meeting, Committee.objects.all())
    assert list(choices) == [cp2]
    # Everyone else is offered every committee.
    assert (
        writable_choices(
            UserFactory(username="x", is_superuser=True), Meeting, Committee.objects.all()
        ).count()
        == 2
    )


def test_administrators_may_lift_login_lockouts_and_staff_may_not(administrator, staff):
    assert administrator.has_perm("axes.delete_accessattempt")
    assert not staff.has_perm("axes.delete_accessattempt")


def test_staff_may_view_users_to_attach_focal_points_but_not_change_them(staff):
    assert staff.has_perm("auth.view_user")
    assert not staff.has_perm("auth.change_user")
