"""Partners read the API's refusals in English on request (Accept-Language: en)."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_staff_api(staff):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(staff)
    return client


def test_too_deep_json_is_refused_in_english(english_staff_api):
    body = "[" * 1000 + "]" * 1000

    response = english_staff_api.post("/api/v1/sessions/", body, content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {"detail": "JSON nested too deeply (20 levels at most)."}


def test_a_reused_idempotency_key_is_refused_in_english(english_staff_api, iom):
    session = {"kind": "training", "title": "Formation", "year": 2021, "organisers": [iom.pk], "women": 1}
    first = english_staff_api.post("/api/v1/sessions/", session, format="json", HTTP_IDEMPOTENCY_KEY="k-en")
    other = english_staff_api.post(
        "/api/v1/sessions/", {**session, "women": 2}, format="json", HTTP_IDEMPOTENCY_KEY="k-en"
    )

    assert first.status_code == 201
    assert other.status_code == 422
    assert other.json() == {
        "detail": "This idempotency key was already used for another request: "
        "use a new key for each new request."
    }
