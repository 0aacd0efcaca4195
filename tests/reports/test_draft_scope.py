"""A bilan with drafts shows each user the drafts they may see, and no others
(access.rules.reported): MDCMRE staff all, a focal point their own, a reader none."""

import pytest

from reports.bilan import build_bilan
from reports.stats import year_statistics
from tests.factories import ActionFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sessions(health_ministry, iom):
    action = ActionFactory(code="11.12")
    rows = {}
    for title, institution, state, women in (
        ("Validée OIM", iom, "validated", 1),
        ("Brouillon OIM", iom, "draft", 10),
        ("Brouillon Santé", health_ministry, "submitted", 100),
    ):
        session = SessionFactory(title=title, women=women, review_state=state, author_institution=institution)
        session.organisers.set([institution])
        session.actions.set([action])
        rows[title] = session
    return rows


def titles(bilan: dict) -> list[str]:
    return sorted(
        row["session"].title
        for part in bilan["parts"]
        for chapter in part["chapters"]
        for subsection in chapter["subsections"]
        for row in subsection.sessions
    )


@pytest.mark.parametrize(
    ("role", "expected_women", "expected_titles"),
    [
        (None, 1, ["Validée OIM"]),
        ("reader", 1, ["Validée OIM"]),
        ("focal_cp2", 101, ["Brouillon Santé", "Validée OIM"]),
        ("focal_cp4", 11, ["Brouillon OIM", "Validée OIM"]),
        ("staff", 111, ["Brouillon OIM", "Brouillon Santé", "Validée OIM"]),
    ],
)
def test_a_preview_with_drafts_shows_the_drafts_in_the_users_scope(
    request, sessions, role, expected_women, expected_titles
):
    user = request.getfixturevalue(role) if role else None

    assert year_statistics(2020, drafts_for=user)["totals"]["women"] == expected_women
    assert titles(build_bilan(2020, drafts_for=user)) == expected_titles
