"""`Idempotency-Key` on the API's POST: a partner retrying after a timeout creates nothing twice."""

import datetime
import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from access.models import ReviewState
from idempotency.models import IdempotencyKey
from trainings.models import Session

SESSION = {"kind": "seminar", "title": "Séminaire ENSA", "year": 2020, "women": 65, "men": 38}
REUSED = (
    "Cette clé d'idempotence a déjà servi pour une autre requête : utilisez une nouvelle clé pour "
    "chaque nouvelle requête."
)
INVALID = (
    "L'en-tête Idempotency-Key doit compter de 1 à 255 caractères imprimables (ASCII, sans caractère "
    "de contrôle)."
)
IN_FLIGHT = (
    "Une requête avec cette clé d'idempotence est en cours : attendez sa réponse avant de la renvoyer."
)


def post(client: APIClient, url: str, data: dict | None = None, key: str | None = None):
    headers = {"Idempotency-Key": key} if key is not None else {}
    return client.post(url, data, format="json", headers=headers)


@pytest.mark.django_db
def test_a_retry_with_the_same_key_gets_the_first_answer_and_creates_nothing(api, staff):
    client = api(staff)

    first = post(client, "/api/v1/sessions/", SESSION, key="retry-7f3a")
    second = post(client, "/api/v1/sessions/", SESSION, key="retry-7f3a")

    assert first.status_code == 201
    assert "Idempotent-Replayed" not in first.headers
    assert second.status_code == 201
    assert second.headers["Idempotent-Replayed"] == "true"
    assert second.json() == first.json()
    assert Session.objects.filter(title="Séminaire ENSA").count() == 1


@pytest.mark.django_db
def test_without_the_header_two_posts_make_two_sessions(api, staff):
    client = api(staff)

    assert post(client, "/api/v1/sessions/", SESSION).status_code == 201
    assert post(client, "/api/v1/sessions/", SESSION).status_code == 201

    assert Session.objects.filter(title="Séminaire ENSA").count() == 2


@pytest.mark.django_db
def test_the_same_key_with_another_body_is_refused(api, staff):
    client = api(staff)
    post(client, "/api/v1/sessions/", SESSION, key="k-1")

    response = post(client, "/api/v1/sessions/", {**SESSION, "women": 66}, key="k-1")

    assert response.status_code == 422
    assert response.json() == {"detail": REUSED}
    assert list(Session.objects.values_list("women", flat=True)) == [65]


@pytest.mark.django_db
def test_the_same_key_on_another_endpoint_is_refused(api, staff):
    client = api(staff)
    post(client, "/api/v1/sessions/", SESSION, key="k-2")

    response = post(client, "/api/v1/institutions/", {"name": "ENABEL", "kind": "cooperation"}, key="k-2")

    assert response.status_code == 422
    assert response.json() == {"detail": REUSED}


@pytest.mark.django_db
def test_keys_belong_to_their_user(api, staff, administrator):
    assert post(api(staff), "/api/v1/sessions/", SESSION, key="shared").status_code == 201
    response = post(api(administrator), "/api/v1/sessions/", SESSION, key="shared")

    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response.headers
    assert Session.objects.count() == 2


@pytest.mark.django_db
def test_a_refused_request_keeps_no_key_so_the_corrected_one_may_reuse_it(api, staff):
    client = api(staff)

    refused = post(client, "/api/v1/sessions/", {**SESSION, "women": -1}, key="k-3")
    accepted = post(client, "/api/v1/sessions/", SESSION, key="k-3")

    assert refused.status_code == 400
    assert accepted.status_code == 201
    assert "Idempotent-Replayed" not in accepted.headers
    assert Session.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["", "x" * 256, "clé-é", "tab\there"])
def test_a_malformed_key_is_a_400(api, staff, key):
    response = post(api(staff), "/api/v1/sessions/", SESSION, key=key)

    assert response.status_code == 400
    assert response.json() == {"Idempotency-Key": [INVALID]}
    assert Session.objects.count() == 0


@pytest.mark.django_db
def test_a_key_with_a_nul_character_is_refused_before_anything_runs(api, staff):
    # Like every header, query string or form field holding a NUL (snia.middleware).
    response = post(api(staff), "/api/v1/sessions/", SESSION, key="a\x00b")

    assert response.status_code == 400
    assert response.json() == {"detail": "Le caractère nul n’est pas autorisé."}
    assert Session.objects.count() == 0


@pytest.mark.django_db
def test_a_key_of_255_printable_characters_is_accepted(api, staff):
    key = "K" * 254 + "~"
    client = api(staff)

    assert post(client, "/api/v1/sessions/", SESSION, key=key).status_code == 201
    assert post(client, "/api/v1/sessions/", SESSION, key=key).headers["Idempotent-Replayed"] == "true"
    assert Session.objects.count() == 1


@pytest.mark.django_db
def test_a_retried_submit_answers_as_the_first_did(api, focal_cp4, world):
    client = api(focal_cp4)
    url = f"/api/v1/sessions/{world['iom_session'].pk}/submit/"

    first = post(client, url, key="submit-1")
    second = post(client, url, key="submit-1")
    without_key = post(client, url)

    assert (first.status_code, second.status_code) == (200, 200)
    assert second.json() == first.json()
    assert second.json()["review_state"] == "submitted"
    assert without_key.status_code == 400


@pytest.mark.django_db
def test_a_key_expires_after_24_hours_and_is_purged(api, staff):
    client = api(staff)
    post(client, "/api/v1/sessions/", SESSION, key="old")
    IdempotencyKey.objects.update(created_at=timezone.now() - datetime.timedelta(hours=24, minutes=1))

    again = post(client, "/api/v1/sessions/", SESSION, key="old")

    assert again.status_code == 201
    assert "Idempotent-Replayed" not in again.headers
    assert Session.objects.count() == 2
    assert IdempotencyKey.objects.count() == 1

    IdempotencyKey.objects.update(created_at=timezone.now() - datetime.timedelta(days=2))
    out = StringIO()
    call_command("purge_idempotency_keys", stdout=out)
    assert out.getvalue() == "1 clé(s) d'idempotence expirée(s) supprimée(s).\n"
    assert IdempotencyKey.objects.count() == 0


@pytest.mark.django_db
def test_the_schema_documents_the_header_on_post_operations(api, staff):
    schema = api(staff).get("/api/v1/schema/?format=json").json()

    def header_names(path: str, method: str) -> list[str]:
        parameters = schema["paths"][path][method].get("parameters", [])
        return [p["name"] for p in parameters if p["in"] == "header"]

    assert header_names("/api/v1/sessions/", "post") == ["Idempotency-Key"]
    assert header_names("/api/v1/sessions/{id}/submit/", "post") == ["Idempotency-Key"]
    assert header_names("/api/v1/years/{year}/close/", "post") == ["Idempotency-Key"]
    assert header_names("/api/v1/sessions/", "get") == []
    assert header_names("/api/v1/sessions/{id}/", "patch") == []


def _send_at_once(users: list, url: str, data: dict | None, key: str) -> list:
    """Each request from its own thread, connection and client, released together."""
    barrier = threading.Barrier(len(users))
    responses: list = [None] * len(users)

    def send(index: int, user) -> None:
        try:
            client = APIClient()
            client.force_authenticate(user)
            barrier.wait(timeout=10)
            responses[index] = post(client, url, data, key=key)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i, user)) for i, user in enumerate(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return responses


def _outcome(response) -> tuple:
    if response.status_code == 409:
        return (409, response.json()["detail"] == IN_FLIGHT)
    return (response.status_code, response.headers.get("Idempotent-Replayed", "first"))


@pytest.mark.django_db(transaction=True)
def test_the_same_key_sent_twice_at_once_creates_one_session(staff):
    responses = _send_at_once([staff, staff], "/api/v1/sessions/", SESSION, key="concurrent-1")

    outcomes = sorted(map(_outcome, responses), key=str)
    assert outcomes in ([(201, "first"), (201, "true")], [(201, "first"), (409, True)])
    assert Session.objects.filter(title="Séminaire ENSA").count() == 1
    assert IdempotencyKey.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_same_key_sent_twice_at_once_submits_once(focal_cp4, world):
    session = world["iom_session"]
    url = f"/api/v1/sessions/{session.pk}/submit/"

    responses = _send_at_once([focal_cp4, focal_cp4], url, None, key="concurrent-submit")

    outcomes = sorted(map(_outcome, responses), key=str)
    assert outcomes in ([(200, "first"), (200, "true")], [(200, "first"), (409, True)])
    session.refresh_from_db()
    assert session.review_state == ReviewState.SUBMITTED
    assert session.history.filter(review_state=ReviewState.SUBMITTED).count() == 1


@pytest.mark.django_db
def test_a_deeply_nested_body_with_a_key_is_answered_as_without_one(api, staff):
    body = "[" * 600 + "]" * 600
    client = api(staff)

    with_key = client.generic(
        "POST",
        "/api/v1/sessions/",
        body,
        content_type="application/json",
        headers={"Idempotency-Key": "deep"},
    )
    without_key = client.generic("POST", "/api/v1/sessions/", body, content_type="application/json")

    assert (with_key.status_code, without_key.status_code) == (400, 400)
    assert with_key.json() == without_key.json()
    assert IdempotencyKey.objects.count() == 0


@pytest.mark.django_db
def test_a_form_sent_with_a_key_is_refused_and_leaves_the_key_free(api, staff):
    # The API takes JSON only (415 for a form); a refused request keeps nothing, so
    # the same key then serves the JSON request, and its replay.
    client = api(staff)
    form = {"kind": "seminar", "title": "Séminaire ENSA", "year": "2020", "women": "65", "men": "38"}
    payload = {"kind": "seminar", "title": "Séminaire ENSA", "year": 2020, "women": 65, "men": 38}

    refused = client.post("/api/v1/sessions/", form, format="multipart", headers={"Idempotency-Key": "form"})
    assert (refused.status_code, IdempotencyKey.objects.count(), Session.objects.count()) == (415, 0, 0)

    first = client.post("/api/v1/sessions/", payload, format="json", headers={"Idempotency-Key": "form"})
    second = client.post("/api/v1/sessions/", payload, format="json", headers={"Idempotency-Key": "form"})
    assert (first.status_code, second.status_code) == (201, 201)
    assert second.headers["Idempotent-Replayed"] == "true"
    assert Session.objects.count() == 1
