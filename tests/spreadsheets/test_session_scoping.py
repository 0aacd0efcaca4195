"""A focal point imports the sessions their institution organises, and only those."""

import pytest

from access.models import ReviewState
from tests.factories import SessionFactory
from tests.spreadsheets.conftest import SESSION_HEADERS, problems, run_import, session_row, xlsx
from trainings.models import Session
from trainings.resources import SessionResource

pytestmark = pytest.mark.django_db


def test_a_focal_points_session_names_their_institution(reference, focal_cp4):
    result = run_import(SessionResource, focal_cp4, xlsx([SESSION_HEADERS, session_row(Organisateurs="HCP")]))

    assert problems(result) == [
        "Ligne 2, colonne « Organisateurs » : Votre institution (OIM) doit figurer parmi les organisateurs."
    ]
    assert Session.objects.count() == 0


def test_a_focal_points_imported_session_is_their_draft(reference, focal_cp4):
    result = run_import(
        SessionResource, focal_cp4, xlsx([SESSION_HEADERS, session_row(Organisateurs="OIM ; HCP")])
    )

    assert problems(result) == []
    session = Session.objects.get()
    assert (session.review_state, session.author) == (ReviewState.DRAFT, focal_cp4)


def test_a_focal_point_cannot_change_a_validated_session_of_their_institution(reference, focal_cp4, iom):
    session = SessionFactory(
        title="Atelier sur la traite des êtres humains", review_state=ReviewState.VALIDATED
    )
    session.organisers.set([iom])

    result = run_import(SessionResource, focal_cp4, xlsx([SESSION_HEADERS, session_row(Femmes=99)]))

    assert problems(result) == [
        "Ligne 2 : Cet enregistrement est « Validé » : seul le personnel du MDCMRE peut encore le modifier."
    ]
    session.refresh_from_db()
    assert session.women == 0


def test_rows_never_match_sessions_the_focal_point_cannot_see(reference, focal_cp4, health_ministry):
    # Another institution's session with the same title: invisible, so the
    # row is a new session of the focal point's own, never an update of it.
    other = SessionFactory(title="Atelier sur la traite des êtres humains", women=3)
    other.organisers.set([health_ministry])

    result = run_import(SessionResource, focal_cp4, xlsx([SESSION_HEADERS, session_row()]))

    assert result.totals["new"] == 1
    other.refresh_from_db()
    assert other.women == 3
    assert Session.objects.count() == 2


def test_a_co_organising_focal_point_cannot_change_another_institutions_draft_by_import(
    reference, focal_cp4, iom, health_ministry
):
    # The draft was written within the Ministère de la Santé; OIM co-organises it.
    session = SessionFactory(
        title="Atelier sur la traite des êtres humains", author_institution=health_ministry
    )
    session.organisers.set([iom, health_ministry])

    result = run_import(SessionResource, focal_cp4, xlsx([SESSION_HEADERS, session_row(Femmes=99)]))

    assert problems(result) == [
        "Ligne 2 : Cet élément a été saisi par une autre institution (Ministère de la Santé) : "
        "vous pouvez le consulter, seuls ses points focaux le modifient."
    ]
    session.refresh_from_db()
    assert session.women == 0
