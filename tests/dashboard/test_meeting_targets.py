"""Committees' meetings against the year's target (committees.MeetingTarget),
only where staff set one: otherwise the meetings held, with no ratio and nobody
« en retard »."""

import datetime
import re

import pytest

from access.roles import Role
from tests.factories import CommitteeFactory, MeetingTargetFactory, ValidatedMeetingFactory, user_with_role

pytestmark = pytest.mark.django_db


def text_of(html: str) -> str:
    return re.sub(r"[ \t\n]+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def meetings_2020():
    cp1 = CommitteeFactory(code="CP1", position=1)
    cp2 = CommitteeFactory(code="CP2", position=2)
    for day in (3, 4, 5):
        ValidatedMeetingFactory(committee=cp1, date=datetime.date(2020, 3, day))
    ValidatedMeetingFactory(committee=cp2, date=datetime.date(2020, 6, 1))
    return cp1, cp2


def meetings_section(client_of) -> tuple[str, str]:
    response = client_of(user_with_role("lectrice", Role.READER)).get("/?annee=2020")
    assert response.status_code == 200
    html = response.content.decode()
    section = html.split('id="reunions"')[1].split("</section>")[0]
    return section, text_of(section)


def test_a_target_shows_held_against_it_and_flags_a_committee_behind(client_of, meetings_2020):
    cp1, _cp2 = meetings_2020
    MeetingTargetFactory(committee=cp1, year=2020, expected=4)

    html, text = meetings_section(client_of)

    # 2020 is over: 3 of 4 is behind. CP2 has no target: held only, no flag.
    assert "En retard sur leur objectif : CP1 ." in text
    assert "CP1 3 4 En retard" in text
    assert "CP2 1 — —" in text
    assert ">3 / 4</text>" in html
    assert ">1</text>" in html


def test_a_target_met_is_up_to_date(client_of, meetings_2020):
    cp1, _cp2 = meetings_2020
    MeetingTargetFactory(committee=cp1, year=2020, expected=3)

    _html, text = meetings_section(client_of)

    assert "En retard sur leur objectif" not in text
    assert "CP1 3 3 À jour" in text


def test_without_targets_the_year_shows_meetings_held_only(client_of, meetings_2020):
    cp1, _cp2 = meetings_2020
    # A target for another year says nothing of 2020.
    MeetingTargetFactory(committee=cp1, year=2021, expected=12)

    html, text = meetings_section(client_of)

    assert "En retard" not in text
    assert "Objectif" not in text
    assert "Réunions tenues par comité Comité Tenues CP1 3 CP2 1" in text
    assert " / " not in html
