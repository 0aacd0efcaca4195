"""Partners read the API's refusals in English on request (Accept-Language: en), in Arabic
with Accept-Language: ar, and in French without either. The expected texts are the
catalogues' (locale/en and locale/ar), literally."""

import pytest
from rest_framework.test import APIClient

from tests.factories import UserFactory
from trainings.models import Session

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_in():
    """An API client asking for a language (None: no Accept-Language), for a user."""

    def client_for(language: str | None, user=None) -> APIClient:
        client = APIClient(HTTP_ACCEPT_LANGUAGE=language) if language else APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return client_for


@pytest.fixture
def english_staff_api(api_in, staff):
    return api_in("en", staff)


def new_session(organiser, **values) -> dict:
    return {"kind": "training", "title": "Formation", "year": 2021, "organisers": [organiser.pk], **values}


def test_too_deep_json_is_refused_in_english(english_staff_api):
    body = "[" * 1000 + "]" * 1000

    response = english_staff_api.post("/api/v1/sessions/", body, content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {"detail": "JSON nested too deeply (20 levels at most)."}


def test_a_reused_idempotency_key_is_refused_in_english(english_staff_api, iom):
    session = new_session(iom, women=1)
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


def test_an_invalid_idempotency_key_is_refused_in_english(english_staff_api, iom):
    response = english_staff_api.post(
        "/api/v1/sessions/", new_session(iom), format="json", HTTP_IDEMPOTENCY_KEY="clé"
    )

    assert response.status_code == 400
    assert response.json() == {
        "Idempotency-Key": [
            "The Idempotency-Key header must have 1 to 255 printable characters "
            "(ASCII, no control character)."
        ]
    }


def test_validation_errors_are_in_english(english_staff_api, iom):
    negative = english_staff_api.post("/api/v1/sessions/", new_session(iom, women=-1), format="json")
    too_many = english_staff_api.post("/api/v1/sessions/", new_session(iom, men=10**8), format="json")
    wrong_total = english_staff_api.post(
        "/api/v1/sessions/", new_session(iom, women=1, total=5), format="json"
    )
    missing = english_staff_api.post("/api/v1/sessions/", {}, format="json")

    assert negative.json() == {"women": ["Counts cannot be negative."]}
    assert too_many.json() == {"men": ["A count cannot exceed 10,000,000."]}
    assert wrong_total.json() == {
        "total": ["The given total (5) differs from women + men + sex not recorded (1)."]
    }
    assert missing.json() == {
        "kind": ["This field is required."],
        "title": ["This field is required."],
        "year": ["This field is required."],
    }


def test_a_focal_points_scope_rule_is_explained_in_english(api_in, focal_cp4, iom, health_ministry):
    response = api_in("en", focal_cp4).post("/api/v1/sessions/", new_session(health_ministry), format="json")

    assert response.status_code == 400
    assert response.json() == {"organisers": ["Your institution (OIM) must be among the organisers."]}


def test_an_update_without_its_version_or_with_a_stale_one_is_refused_in_english(english_staff_api, world):
    url = f"/api/v1/sessions/{world['iom_session'].pk}/"

    missing = english_staff_api.patch(url, {"women": 3}, format="json")
    stale = english_staff_api.patch(url, {"women": 3, "version": 99}, format="json")

    assert (missing.status_code, missing.json()) == (
        400,
        {"version": ['Give the version of the record you read (field "version").']},
    )
    assert (stale.status_code, stale.json()) == (
        409,
        {
            "detail": "This record was changed meanwhile (version 1, you read version 99): "
            "read it again, then retry."
        },
    )


def test_workflow_refusals_are_in_english(api_in, staff, focal_cp4, world):
    url = f"/api/v1/sessions/{world['iom_session'].pk}/"

    too_early = api_in("en", staff).post(f"{url}approve/")
    api_in("en", focal_cp4).post(f"{url}submit/")
    not_theirs = api_in("en", focal_cp4).post(f"{url}approve/")
    blank = api_in("en", staff).post(f"{url}return/", {"comment": " "}, format="json")

    assert (too_early.status_code, too_early.json()) == (
        400,
        {"non_field_errors": ["Only a submitted record can be validated."]},
    )
    assert (not_theirs.status_code, not_theirs.json()) == (
        403,
        {"detail": "Only MDCMRE staff may validate or return."},
    )
    assert blank.json() == {"comment": ["This field may not be blank."]}


def test_a_transition_that_lost_a_race_is_a_409_in_english(english_staff_api, staff, world):
    session = world["iom_session"]
    Session.objects.filter(pk=session.pk).update(review_state="submitted")
    url = f"/api/v1/sessions/{session.pk}/"
    read = english_staff_api.get(url).json()["version"]
    Session.objects.get(pk=session.pk).return_to_author(staff, "Ventilez par sexe.")
    Session.objects.filter(pk=session.pk).update(review_state="submitted")

    response = english_staff_api.post(f"{url}approve/", {"version": read}, format="json")

    assert response.status_code == 409
    assert response.json() == {
        "detail": f"This record changed meanwhile: it is now “Submitted for validation” "
        f"(version {read + 1}). Read it again, then retry."
    }


def test_a_record_in_use_cannot_be_deleted_and_the_answer_is_in_english(english_staff_api, world):
    response = english_staff_api.delete(f"/api/v1/programmes/{world['programme'].pk}/")

    assert response.status_code == 409
    assert response.json() == {
        "detail": "This record cannot be deleted: it is used by actions, challenges, measures and "
        "recommendations, narrative sections, specific objectives."
    }


def test_refused_access_is_explained_in_english(api_in, world):
    no_role = UserFactory(username="sans.role")

    anonymous = api_in("en").get("/api/v1/sessions/")
    refused = api_in("en", no_role).get("/api/v1/stats/2020/")

    assert (anonymous.status_code, anonymous.json()) == (
        401,
        {"detail": "Authentication credentials were not provided."},
    )
    assert (refused.status_code, refused.json()) == (
        403,
        {"detail": "Your account has no role in SNIA Suivi."},
    )


def test_what_does_not_exist_is_a_404_in_english(english_staff_api):
    record = english_staff_api.get("/api/v1/sessions/999999/")
    route = english_staff_api.get("/api/v1/nowhere/")
    page = english_staff_api.get("/api/v1/sessions/?page=99")

    assert (record.status_code, record.json()) == (404, {"detail": "Not found."})
    assert (route.status_code, route.json()) == (
        404,
        {"detail": "This page does not exist, or no longer exists."},
    )
    assert (page.status_code, page.json()) == (404, {"detail": "Invalid page."})


def test_filter_errors_are_in_english(english_staff_api):
    not_a_number = english_staff_api.get("/api/v1/sessions/?year=deux-mille")
    out_of_range = english_staff_api.get("/api/v1/sessions/?year=1900")
    not_a_state = english_staff_api.get("/api/v1/sessions/?review_state=perdu")

    assert not_a_number.json() == {"year": ["Enter a whole number."]}
    assert out_of_range.json() == {"year": ["Ensure this value is greater than or equal to 2014."]}
    assert not_a_state.json() == {
        "review_state": ["Select a valid choice. perdu is not one of the available choices."]
    }


def test_an_oversized_body_is_refused_in_english(english_staff_api, iom, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

    response = english_staff_api.post(
        "/api/v1/sessions/", new_session(iom, description="x" * (3 * 1024 * 1024)), format="json"
    )

    assert response.status_code == 413
    assert response.json() == {"detail": "The request exceeds the allowed size (2 MB)."}


def test_a_nul_character_is_refused_in_the_callers_language_not_the_last_ones(api_in, staff):
    # The refusal comes before the language middleware: it must not answer in the
    # language this thread served last.
    arabic = api_in("ar", staff).get("/api/v1/sessions/?search=a%00b")
    english = api_in("en", staff).get("/api/v1/sessions/?search=a%00b")
    french = api_in(None, staff).get("/api/v1/sessions/?search=a%00b")

    assert arabic.json() == {"search": ["الأحرف الخالية غير مسموح بها."]}
    assert english.json() == {"search": ["Null characters are not allowed."]}
    assert french.json() == {"search": ["Le caractère nul n’est pas autorisé."]}


def test_the_same_refusals_are_in_arabic_with_accept_language_ar(api_in, staff, iom, world):
    client = api_in("ar", staff)

    negative = client.post("/api/v1/sessions/", new_session(iom, women=-1), format="json")
    missing_version = client.patch(
        f"/api/v1/sessions/{world['iom_session'].pk}/", {"women": 3}, format="json"
    )

    assert negative.json() == {"women": ["لا يمكن أن تكون الأعداد سالبة."]}
    assert missing_version.json() == {
        "version": ["يُرجى تحديد إصدار العنصر الذي اطلعت عليه (الحقل « version »)."]
    }


def test_without_accept_language_the_refusals_stay_in_french(api_in, staff, iom, world):
    client = api_in(None, staff)

    negative = client.post("/api/v1/sessions/", new_session(iom, women=-1), format="json")
    missing = client.get("/api/v1/sessions/999999/")

    assert negative.json() == {"women": ["Les effectifs ne peuvent pas être négatifs."]}
    assert missing.json() == {"detail": "Non trouvé."}
