"""The reviewer's comment on a returned record shows at the top of its form,
in a message box, for its author and for MDCMRE staff."""

import datetime

import pytest
from django.utils import timezone

from access.models import ReviewState
from committees.models import Meeting
from tests.admin import admin_url, page_text, visible_text
from tests.factories import MeetingFactory


@pytest.fixture
def returned(cp2, health_ministry, staff) -> Meeting:
    return MeetingFactory(
        committee=cp2,
        date=datetime.date(2020, 6, 10),
        author_institution=health_ministry,
        review_state=ReviewState.RETURNED,
        review_comment="Ajoutez le compte-rendu.\nEt la liste des participants.",
        reviewed_by=staff,
        reviewed_at=timezone.make_aware(datetime.datetime(2020, 6, 20, 12, 0)),
    )


@pytest.mark.parametrize("client_name", ["focal_client", "staff_client"])
def test_the_return_comment_opens_the_form(request, returned, client_name):
    client = request.getfixturevalue(client_name)

    response = client.get(admin_url(Meeting, "change", returned.pk))

    text = page_text(response)
    box = text.index('<div class="snia-return-comment" role="note">')
    # Above every field of the form.
    assert box < text.index('name="date"')
    assert "Renvoyé à son auteur par suivi le 20/06/2020. À corriger :" in visible_text(response)
    assert "<blockquote>Ajoutez le compte-rendu.<br>Et la liste des participants.</blockquote>" in text


def test_the_comment_is_escaped(focal_client, returned):
    returned.review_comment = "<script>alert(1)</script>"
    returned.save()

    raw = focal_client.get(admin_url(Meeting, "change", returned.pk)).content.decode()

    assert "<blockquote>&lt;script&gt;alert(1)&lt;/script&gt;</blockquote>" in raw
    assert "<script>alert(1)" not in raw


@pytest.mark.parametrize("state", [ReviewState.DRAFT, ReviewState.SUBMITTED, ReviewState.VALIDATED])
def test_no_box_unless_returned(staff_client, returned, state):
    # A comment left from an earlier return is history, not a request.
    returned.review_state = state
    returned.save()

    text = page_text(staff_client.get(admin_url(Meeting, "change", returned.pk)))

    assert "snia-return-comment" not in text
