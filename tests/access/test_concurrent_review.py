"""Two reviewers click at once on one submitted record: exactly one
transition happens, the others are refused, nothing is lost.

Real concurrent connections: one thread per caller, each with its own
database connection, released together by a barrier after each has read the
record. PostgreSQL locks the row; SQLite runs immediate transactions
(settings), so the same test holds on both.
"""

import threading
from collections.abc import Callable

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from access.models import ReviewState, StateChanged
from tests.admin import admin_url
from tests.factories import SessionFactory
from trainings.models import Session

pytestmark = pytest.mark.django_db(transaction=True)

COMMENT = "Ventilez les participants par sexe."


def race(*callers: Callable[[threading.Barrier], object]) -> list[object]:
    """Runs each caller in its own thread and connection; each reads what it
    needs, then waits at the barrier, then acts. Returns what each returned
    (or raised)."""
    barrier = threading.Barrier(len(callers), timeout=30)
    results: list[object] = [None] * len(callers)

    def run(index: int, caller) -> None:
        try:
            results[index] = caller(barrier)
        except Exception as error:  # noqa: BLE001 - the test looks at what each got
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, caller)) for i, caller in enumerate(callers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


@pytest.fixture
def session() -> Session:
    return SessionFactory(title="Formation des consuls", review_state=ReviewState.SUBMITTED)


def refused_message(state: str, version: int) -> str:
    return (
        f"Cet élément a changé entre-temps : il est maintenant « {state} » (version {version}). "
        "Relisez-le puis recommencez."
    )


def check_one_transition(session: Session, before: int, won: str) -> None:
    """The stored record, and exactly one new history row, show the winner's transition."""
    session.refresh_from_db()
    assert session.review_state == won
    assert session.version == before + 1
    rows = list(session.history.order_by("history_id"))
    assert [row.review_state for row in rows[-2:]] == [ReviewState.SUBMITTED, won]
    assert len(rows) == 2
    if won == ReviewState.RETURNED:
        assert (session.review_comment, rows[-1].review_comment) == (COMMENT, COMMENT)


def model_call(session: Session, user, method: str):
    def call(barrier: threading.Barrier):
        mine = Session.objects.get(pk=session.pk)  # each reads "submitted"
        barrier.wait()
        if method == "approve":
            mine.approve(user)
        else:
            mine.return_to_author(user, COMMENT)
        return "ok"

    return call


@pytest.mark.parametrize("callers", [("approve", "return"), ("return", "approve", "approve", "return")])
def test_of_concurrent_validations_and_returns_exactly_one_succeeds(session, staff, administrator, callers):
    before = session.version
    users = [staff, administrator]

    results = race(*(model_call(session, users[i % 2], method) for i, method in enumerate(callers)))

    winners = [callers[i] for i, result in enumerate(results) if result == "ok"]
    assert len(winners) == 1, results
    won = ReviewState.VALIDATED if winners[0] == "approve" else ReviewState.RETURNED
    label = {ReviewState.VALIDATED: "Validé", ReviewState.RETURNED: "Renvoyé à l'auteur"}[won]
    losers = [result for result in results if result != "ok"]
    assert all(isinstance(loser, StateChanged) for loser in losers), losers
    assert {loser.messages[0] for loser in losers} == {refused_message(label, before + 1)}
    check_one_transition(session, before, won)


def api_call(session: Session, user, method: str):
    def call(barrier: threading.Barrier):
        client = APIClient()
        client.force_authenticate(user)
        url = f"/api/v1/sessions/{session.pk}/"
        version = client.get(url).json()["version"]
        barrier.wait()
        if method == "approve":
            response = client.post(f"{url}approve/", {"version": version}, format="json")
        else:
            response = client.post(f"{url}return/", {"comment": COMMENT, "version": version}, format="json")
        return response.status_code, response.json()

    return call


def test_through_the_api_one_gets_200_and_the_others_409(session, staff, administrator):
    before = session.version
    callers = ("approve", "return", "approve")
    users = (staff, administrator, staff)

    results = race(*(api_call(session, user, m) for user, m in zip(users, callers, strict=True)))

    statuses = sorted(status for status, _body in results)
    assert statuses == [200, 409, 409], results
    winner = next(callers[i] for i, (status, _body) in enumerate(results) if status == 200)
    won = ReviewState.VALIDATED if winner == "approve" else ReviewState.RETURNED
    label = {ReviewState.VALIDATED: "Validé", ReviewState.RETURNED: "Renvoyé à l'auteur"}[won]
    assert [body for status, body in results if status == 409] == [
        {"detail": refused_message(label, before + 1)}
    ] * 2
    check_one_transition(session, before, won)


def admin_call(session: Session, user, transition: str):
    def call(barrier: threading.Barrier):
        client = Client()
        client.force_login(user)
        url = f"/admin/trainings/session/{session.pk}/validation/{transition}/"
        if transition == "valider":
            # The button posts the change form, which carries its version.
            form = client.get(admin_url(Session, "change", session.pk)).context["adminform"].form
            data = {"version": form["version"].value(), "_snia_action": "Valider"}
        else:
            form = client.get(url).context["form"]
            data = {"version": form["version"].value(), "comment": COMMENT}
        barrier.wait()
        response = client.post(url, data)
        shown = [str(message) for message in get_messages(response.wsgi_request)]
        if response.status_code == 200:
            shown += list(response.context["form"].non_field_errors())
            assert response.context["form"]["comment"].value() == COMMENT  # not lost
        return response.status_code, shown

    return call


def test_in_the_admin_the_loser_is_told_and_keeps_their_comment(session, staff, administrator):
    before = session.version

    results = race(admin_call(session, staff, "valider"), admin_call(session, administrator, "renvoyer"))

    done = {
        (302, f"« {session} » a été validé."): ReviewState.VALIDATED,
        (302, f"« {session} » a été renvoyé à son auteur."): ReviewState.RETURNED,
    }
    outcomes = [(status, shown[0]) for status, shown in results]
    assert all(len(shown) == 1 for _status, shown in results), results
    winners = [outcome for outcome in outcomes if outcome in done]
    assert len(winners) == 1, results
    won = done[winners[0]]
    if won == ReviewState.VALIDATED:
        # The reviewer who was writing a comment sees it still in the form.
        assert outcomes[1] == (200, refused_message("Validé", before + 1))
    else:
        assert outcomes[0] == (302, refused_message("Renvoyé à l'auteur", before + 1))
    check_one_transition(session, before, won)


def test_a_bulk_validation_that_loses_the_race_says_so(session, staff, administrator):
    before = session.version

    def bulk_approve(barrier: threading.Barrier):
        client = Client()
        client.force_login(staff)
        barrier.wait()
        response = client.post(
            admin_url(Session, "changelist"),
            {"action": "approve_selected", "_selected_action": [str(session.pk)]},
        )
        return response.status_code, [str(message) for message in get_messages(response.wsgi_request)]

    def return_one(barrier: threading.Barrier):
        client = Client()
        client.force_login(administrator)
        barrier.wait()
        response = client.post(
            f"/admin/trainings/session/{session.pk}/validation/renvoyer/", {"comment": COMMENT}
        )
        shown = [str(message) for message in get_messages(response.wsgi_request)]
        if response.status_code == 200:
            shown += list(response.context["form"].non_field_errors())
        return response.status_code, shown

    (bulk_status, bulk_messages), (return_status, return_messages) = race(bulk_approve, return_one)

    assert bulk_status == 302
    if bulk_messages == ["1 élément(s) validé(s)."]:
        # The return read the record before or after the validation committed.
        assert (return_status, return_messages) in (
            (200, [refused_message("Validé", before + 1)]),  # the form again, comment kept
            (302, ["Seul un élément soumis peut être renvoyé."]),
        )
        check_one_transition(session, before, ReviewState.VALIDATED)
    else:
        # The bulk action read the record before or after the return committed.
        changed = refused_message("Renvoyé à l'auteur", before + 1)
        assert bulk_messages in (
            [f"Refusé pour « {session} » : {changed}"],
            [f"Refusé pour « {session} » : Seul un élément soumis peut être validé."],
        )
        assert (return_status, return_messages) == (302, [f"« {session} » a été renvoyé à son auteur."])
        check_one_transition(session, before, ReviewState.RETURNED)
