"""Draft → submitted → validated (or returned) through the API, by the same model
methods as the admin; and closed years refused on every path."""

import datetime

import pytest

from access.models import ReviewState
from reports.models import ReportingYear
from tests.tasks import IMMEDIATE_TASKS
from trainings.models import Session

pytestmark = pytest.mark.django_db


def test_what_a_caller_posts_is_their_draft_whatever_they_send(api, focal_cp4, world, iom):
    payload = {
        "kind": "workshop",
        "title": "Atelier OIM",
        "year": 2020,
        "organisers": [iom.pk],
        "review_state": "validated",
        "author": "suivi",
    }
    body = api(focal_cp4).post("/api/v1/sessions/", payload, format="json").json()
    assert (body["review_state"], body["author"]) == ("draft", "pf.cp4")
    session = Session.objects.get(title="Atelier OIM")
    assert (session.review_state, session.author) == (ReviewState.DRAFT, focal_cp4)


@pytest.mark.parametrize(
    ("endpoint", "record"),
    [("meetings", "cp4_meeting"), ("sessions", "iom_session"), ("progress", "iom_progress")],
)
def test_a_focal_point_submits_and_staff_validate(api, focal_cp4, staff, world, endpoint, record):
    url = f"/api/v1/{endpoint}/{world[record].pk}/"
    response = api(focal_cp4).post(f"{url}submit/")
    assert response.status_code == 200
    assert response.json()["review_state"] == "submitted"
    assert api(focal_cp4).post(f"{url}approve/").status_code == 403
    response = api(staff).post(f"{url}approve/")
    assert response.status_code == 200
    assert (response.json()["review_state"], response.json()["reviewed_by"]) == ("validated", "suivi")
    world[record].refresh_from_db()
    assert world[record].review_state == ReviewState.VALIDATED


def test_a_focal_point_may_not_validate_their_own_work(api, focal_cp4, world):
    url = f"/api/v1/sessions/{world['iom_session'].pk}/"
    api(focal_cp4).post(f"{url}submit/")
    response = api(focal_cp4).post(f"{url}approve/")
    assert response.json() == {"detail": "Seul le personnel du MDCMRE peut valider ou renvoyer."}
    response = api(focal_cp4).post(f"{url}return/", {"comment": "Non."}, format="json")
    assert response.status_code == 403


def test_staff_return_with_a_comment_and_the_author_corrects_and_resubmits(api, focal_cp4, staff, world):
    session = world["iom_session"]
    url = f"/api/v1/sessions/{session.pk}/"
    api(focal_cp4).post(f"{url}submit/")
    response = api(staff).post(f"{url}return/", {"comment": "   "}, format="json")
    assert response.status_code == 400
    assert response.json() == {"comment": ["Ce champ ne peut être vide."]}
    response = api(staff).post(f"{url}return/", {"comment": "Ventilez par sexe."}, format="json")
    assert response.status_code == 200
    assert (response.json()["review_state"], response.json()["review_comment"]) == (
        "returned",
        "Ventilez par sexe.",
    )
    session.refresh_from_db()
    assert (
        api(focal_cp4).patch(url, {"women": 13, "version": session.version}, format="json").status_code == 200
    )
    assert api(focal_cp4).post(f"{url}submit/").json()["review_state"] == "submitted"


@pytest.mark.parametrize(
    ("state", "transition", "message"),
    [
        (ReviewState.DRAFT, "approve", "Seul un élément soumis peut être validé."),
        (ReviewState.VALIDATED, "approve", "Seul un élément soumis peut être validé."),
        (ReviewState.SUBMITTED, "submit", "Seul un brouillon ou un élément renvoyé peut être soumis."),
        (ReviewState.DRAFT, "return", "Seul un élément soumis peut être renvoyé."),
    ],
)
def test_illegal_transitions_are_a_400_that_changes_nothing(api, staff, world, state, transition, message):
    session = world["iom_session"]
    Session.objects.filter(pk=session.pk).update(review_state=state)
    response = api(staff).post(
        f"/api/v1/sessions/{session.pk}/{transition}/", {"comment": "Non."}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [message]}
    session.refresh_from_db()
    assert session.review_state == state


def test_readers_cannot_move_anything_through_the_workflow(api, reader, world):
    # A draft is not theirs to see; a validated record is not theirs to send back.
    draft = f"/api/v1/sessions/{world['iom_session'].pk}/"
    validated = world["health_session"]
    Session.objects.filter(pk=validated.pk).update(review_state="validated")

    assert api(reader).post(f"{draft}submit/").json() == {"detail": "Non trouvé."}
    response = api(reader).post(
        f"/api/v1/sessions/{validated.pk}/return/", {"comment": "Non."}, format="json"
    )
    assert (response.status_code, response.json()) == (
        403,
        {"detail": "Seul le personnel du MDCMRE peut valider ou renvoyer."},
    )


@pytest.fixture
def closed_2020(staff, world):
    year = ReportingYear.objects.get(year=2020)
    year.close(staff)
    return year


def test_staff_close_a_year_and_an_administrator_reopens_it_with_a_reason(
    api, staff, administrator, world, settings, tmp_path
):
    # Closing renders the year's edition in the background: here, at once.
    settings.TASKS = IMMEDIATE_TASKS
    settings.MEDIA_ROOT = tmp_path
    # The world's drafts are pending: closing them asks for confirmation.
    response = api(staff).post("/api/v1/years/2020/close/", {"confirm": True}, format="json")
    assert response.status_code == 202
    assert ReportingYear.objects.get(year=2020).closed_by.username == "suivi"
    response = api(staff).post("/api/v1/years/2020/close/", {"confirm": True}, format="json")
    assert response.json() == {"non_field_errors": ["L'année 2020 est déjà clôturée."]}
    response = api(staff).post("/api/v1/years/2020/reopen/", {"reason": "Erratum"}, format="json")
    assert (response.status_code, response.json()) == (
        403,
        {"detail": "Seul un administrateur peut rouvrir une année."},
    )
    response = api(administrator).post("/api/v1/years/2020/reopen/", {"reason": ""}, format="json")
    assert response.json() == {"reason": ["Ce champ ne peut être vide."]}
    response = api(administrator).post(
        "/api/v1/years/2020/reopen/", {"reason": "Erratum du tableau"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["is_closed"] is False
    assert ReportingYear.objects.get(year=2020).reopenings.get().reason == "Erratum du tableau"


@pytest.mark.parametrize("role", ["focal_cp4", "reader"])
def test_only_mdcmre_staff_close_a_year(request, api, world, role):
    response = api(request.getfixturevalue(role)).post("/api/v1/years/2020/close/")
    assert response.status_code == 403
    assert not ReportingYear.objects.get(year=2020).is_closed


def test_a_closed_years_records_cannot_be_changed_and_the_answer_says_by_whom(
    api, staff, administrator, focal_cp4, world, closed_2020
):
    session = world["iom_session"]
    url = f"/api/v1/sessions/{session.pk}/"
    today = datetime.date.today().strftime("%d/%m/%Y")
    closed = (
        f"L'année 2020 est clôturée depuis le {today} par suivi : ses données ne peuvent plus être modifiées."
    )
    for user in (staff, administrator, focal_cp4):
        response = api(user).patch(url, {"women": 1, "version": session.version}, format="json")
        assert (response.status_code, response.json()) == (403, {"detail": closed})
        assert api(user).delete(url).status_code == 403
        assert api(user).post(f"{url}submit/").json() == {"detail": closed}
    session.refresh_from_db()
    assert session.women == 12


def test_nothing_can_be_added_to_or_moved_into_a_closed_year(api, staff, world, iom, closed_2020):
    today = datetime.date.today().strftime("%d/%m/%Y")
    closed = (
        f"L'année 2020 est clôturée depuis le {today} par suivi : ses données ne peuvent plus être modifiées."
    )
    client = api(staff)
    response = client.post(
        "/api/v1/sessions/",
        {"kind": "training", "title": "Tardive", "year": 2020, "organisers": [iom.pk]},
        format="json",
    )
    assert (response.status_code, response.json()) == (400, {"year": [closed]})
    response = client.post("/api/v1/meetings/", {"committee": "CP4", "date": "2020-12-01"}, format="json")
    assert (response.status_code, response.json()) == (400, {"date": [closed]})
    later = Session.objects.create(kind="training", title="2021", year=2021)
    response = client.patch(
        f"/api/v1/sessions/{later.pk}/", {"year": 2020, "version": later.version}, format="json"
    )
    assert (response.status_code, response.json()) == (400, {"year": [closed]})
    assert not Session.objects.filter(title="Tardive").exists()
    assert Session.objects.get(pk=later.pk).year == 2021


def test_the_closed_year_message_in_english(api, staff, world, closed_2020):
    session = world["iom_session"]
    response = api(staff).delete(f"/api/v1/sessions/{session.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert response.json()["detail"].startswith("Year 2020 was closed on ")
    assert response.json()["detail"].endswith("by suivi: its data can no longer be changed.")


def test_a_transition_on_a_record_changed_since_it_was_read_is_a_409(api, staff, world):
    session = world["iom_session"]
    Session.objects.filter(pk=session.pk).update(review_state=ReviewState.SUBMITTED)
    url = f"/api/v1/sessions/{session.pk}/"
    read = api(staff).get(url).json()["version"]
    Session.objects.get(pk=session.pk).return_to_author(staff, "Ventilez par sexe.")
    Session.objects.filter(pk=session.pk).update(review_state=ReviewState.SUBMITTED)  # resubmitted

    response = api(staff).post(f"{url}approve/", {"version": read}, format="json")

    assert response.status_code == 409
    assert response.json() == {
        "detail": f"Cet élément a changé entre-temps : il est maintenant « Soumis pour validation » "
        f"(version {read + 1}). Relisez-le puis recommencez."
    }
    session.refresh_from_db()
    assert (session.review_state, session.version) == (ReviewState.SUBMITTED, read + 1)
