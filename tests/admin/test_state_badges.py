"""Lists show each record's review state as a badge: a word (never the colour
alone) in a frame coloured by a CSS class, with the day it got there."""

import datetime

import pytest
from django.utils import timezone

from access.models import ReviewState
from committees.models import Meeting
from programmes.models import ActionProgress
from tests.admin import admin_url, page_text
from tests.factories import ActionFactory, MeetingFactory, SessionFactory
from trainings.models import Session

# Noon in Casablanca: the same day whatever the offset.
NOON = timezone.make_aware(datetime.datetime(2020, 7, 14, 12, 0))


@pytest.mark.parametrize(
    ("state", "fields", "cell"),
    [
        (ReviewState.DRAFT, {}, '<span class="snia-state snia-state-draft">Brouillon</span>'),
        (
            ReviewState.SUBMITTED,
            {"submitted_at": NOON},
            '<span class="snia-state snia-state-submitted">Soumis</span>'
            '<span class="snia-state-date">le 14/07/2020</span>',
        ),
        (
            ReviewState.VALIDATED,
            {"submitted_at": NOON - datetime.timedelta(days=3), "reviewed_at": NOON},
            '<span class="snia-state snia-state-validated">Validé</span>'
            '<span class="snia-state-date">le 14/07/2020</span>',
        ),
        (
            ReviewState.RETURNED,
            {"reviewed_at": NOON},
            '<span class="snia-state snia-state-returned">Renvoyé</span>'
            '<span class="snia-state-date">le 14/07/2020</span>',
        ),
    ],
)
def test_the_session_list_shows_the_state_as_a_badge_with_its_date(staff_client, state, fields, cell):
    SessionFactory(title="Formation", review_state=state, **fields)

    text = page_text(staff_client.get(admin_url(Session, "changelist")))

    assert f'<td class="field-review_badge">{cell}</td>' in text


def test_every_reviewable_list_has_the_badge_column_and_no_raw_state(staff_client, cp2):
    MeetingFactory(committee=cp2, date=datetime.date(2020, 6, 10), review_state=ReviewState.SUBMITTED)
    ActionProgress.objects.create(action=ActionFactory(code="11.12"), year=2020)
    SessionFactory(title="Formation")

    for model in (Session, Meeting, ActionProgress):
        text = page_text(staff_client.get(admin_url(model, "changelist")))
        assert 'class="field-review_badge"' in text, model
        assert 'class="field-review_state"' not in text, model


def test_the_badges_are_styled_by_our_stylesheet_without_inline_style(staff_client):
    SessionFactory(title="Formation")

    text = page_text(staff_client.get(admin_url(Session, "changelist")))

    assert '<link href="/static/snia/admin.css" media="all" rel="stylesheet">' in text
    assert "style=" not in text.split('<table id="result_list">')[1].split("</table>")[0]


def test_the_badge_column_sorts_by_state(staff_client):
    SessionFactory(title="Validée", review_state=ReviewState.VALIDATED)
    SessionFactory(title="Brouillon")
    list_display = staff_client.get(admin_url(Session, "changelist")).context["cl"].list_display
    column = list_display.index("review_badge")

    # Descending: the list's own ordering (by title) would put « Brouillon » first.
    response = staff_client.get(admin_url(Session, "changelist"), {"o": f"-{column}"})

    assert [row.title for row in response.context["cl"].result_list] == ["Validée", "Brouillon"]
