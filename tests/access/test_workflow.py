"""Draft → submitted → validated, or returned to the author with a comment."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from access.models import ReviewState
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def test_focal_point_submits_and_staff_validate(focal_cp2, cp2, staff):
    meeting = MeetingFactory(committee=cp2, author=focal_cp2)
    assert meeting.review_state == ReviewState.DRAFT
    meeting.submit(focal_cp2)
    assert meeting.review_state == ReviewState.SUBMITTED
    assert meeting.submitted_at is not None
    meeting.approve(staff)
    meeting.refresh_from_db()
    assert meeting.review_state == ReviewState.VALIDATED
    assert meeting.reviewed_by == staff


def test_staff_return_with_a_comment_and_the_author_resubmits(focal_cp2, cp2, staff):
    meeting = MeetingFactory(committee=cp2, review_state=ReviewState.SUBMITTED, author=focal_cp2)
    with pytest.raises(ValidationError):
        meeting.return_to_author(staff, "   ")
    meeting.return_to_author(staff, "Ajoutez le compte-rendu.")
    meeting.refresh_from_db()
    assert (meeting.review_state, meeting.review_comment) == (
        ReviewState.RETURNED,
        "Ajoutez le compte-rendu.",
    )
    meeting.submit(focal_cp2)
    assert meeting.review_state == ReviewState.SUBMITTED


def test_a_focal_point_cannot_validate(focal_cp2, cp2):
    meeting = MeetingFactory(committee=cp2, review_state=ReviewState.SUBMITTED)
    with pytest.raises(PermissionDenied):
        meeting.approve(focal_cp2)
    with pytest.raises(PermissionDenied):
        meeting.return_to_author(focal_cp2, "Non.")
    meeting.refresh_from_db()
    assert meeting.review_state == ReviewState.SUBMITTED


@pytest.mark.parametrize(
    ("state", "transition"),
    [
        (ReviewState.DRAFT, "approve"),
        (ReviewState.VALIDATED, "approve"),
        (ReviewState.RETURNED, "approve"),
        (ReviewState.SUBMITTED, "submit"),
        (ReviewState.VALIDATED, "submit"),
    ],
)
def test_illegal_transitions_are_refused(staff, state, transition):
    meeting = MeetingFactory(review_state=state)
    with pytest.raises(ValidationError):
        getattr(meeting, transition)(staff)
    meeting.refresh_from_db()
    assert meeting.review_state == state


def test_a_focal_point_cannot_submit_another_committees_meeting(focal_cp2, cp4):
    meeting = MeetingFactory(committee=cp4)
    with pytest.raises(PermissionDenied):
        meeting.submit(focal_cp2)


def test_only_validated_records_count_as_validated():
    from committees.models import Meeting

    MeetingFactory(review_state=ReviewState.VALIDATED)
    MeetingFactory(review_state=ReviewState.SUBMITTED)
    MeetingFactory()
    assert Meeting.objects.validated().count() == 1
    assert Meeting.objects.awaiting_review().count() == 1
