"""Bad input gets 400 with a message per field — French by default, English on
request — and saves nothing; no payload may cause a 500."""

import json

import pytest

from committees.models import Meeting
from programmes.models import Action, ActionProgress
from trainings.models import Session

pytestmark = pytest.mark.django_db


@pytest.fixture
def focal(api, focal_cp4, world):
    return api(focal_cp4)


@pytest.fixture
def session_payload(iom):
    return {
        "kind": "training",
        "title": "Formation des travailleurs sociaux",
        "year": 2020,
        "organisers": [iom.pk],
        "actions": ["11.12"],
        "women": 14,
        "men": 9,
    }


def refused(response) -> dict:
    assert response.status_code == 400, response.content
    return response.json()


def test_a_valid_session_is_saved_with_its_computed_total(focal, session_payload):
    response = focal.post("/api/v1/sessions/", {**session_payload, "total": 23}, format="json")
    assert response.status_code == 201
    assert response.json()["total"] == 23
    assert Session.objects.get(title="Formation des travailleurs sociaux").total == 23


@pytest.mark.parametrize("field", ["women", "men", "unrecorded"])
def test_negative_counts_are_refused_on_their_field(focal, session_payload, field):
    body = refused(focal.post("/api/v1/sessions/", {**session_payload, field: -3}, format="json"))
    assert body == {field: ["Les effectifs ne peuvent pas être négatifs."]}
    assert not Session.objects.filter(title="Formation des travailleurs sociaux").exists()


def test_a_total_that_disagrees_with_its_parts_is_refused(focal, session_payload):
    body = refused(focal.post("/api/v1/sessions/", {**session_payload, "total": 30}, format="json"))
    assert body == {
        "total": ["Le total indiqué (30) diffère de la somme femmes + hommes + sexe non renseigné (23)."]
    }


def test_a_total_is_checked_against_the_stored_parts_on_partial_update(api, staff, world):
    session = world["iom_session"]  # 12 women, 8 men
    url = f"/api/v1/sessions/{session.pk}/"
    body = refused(api(staff).patch(url, {"men": 9, "total": 20, "version": session.version}, format="json"))
    assert body == {
        "total": ["Le total indiqué (20) diffère de la somme femmes + hommes + sexe non renseigné (21)."]
    }


def test_a_start_date_outside_the_sessions_year_is_refused(focal, session_payload):
    body = refused(
        focal.post("/api/v1/sessions/", {**session_payload, "start_date": "2021-02-03"}, format="json")
    )
    assert body == {"start_date": ["La date de début doit tomber dans l'année 2020."]}


def test_an_end_before_the_start_is_refused(focal, session_payload):
    payload = {**session_payload, "start_date": "2020-10-15", "end_date": "2020-10-14"}
    body = refused(focal.post("/api/v1/sessions/", payload, format="json"))
    assert body == {"end_date": ["La date de fin ne peut pas précéder la date de début."]}


def test_an_end_without_a_start_is_refused(focal, session_payload):
    body = refused(
        focal.post("/api/v1/sessions/", {**session_payload, "end_date": "2020-10-14"}, format="json")
    )
    assert body == {"start_date": ["Indiquez la date de début avant la date de fin."]}


def test_unknown_action_codes_are_refused(focal, session_payload):
    body = refused(focal.post("/api/v1/sessions/", {**session_payload, "actions": ["11.99"]}, format="json"))
    assert body == {"actions": ["L'objet avec code=11.99 n'existe pas."]}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("women", "beaucoup", "Un nombre entier valide est requis."),
        ("year", "deux mille vingt", "Un nombre entier valide est requis."),
        (
            "start_date",
            "15/10/2020",
            "La date n'a pas le bon format. Utilisez un des formats suivants\xa0: YYYY-MM-DD.",
        ),
        ("kind", "conference", "«\xa0conference\xa0» n'est pas un choix valide."),
        ("organisers", "OIM", "Attendait une liste d'éléments mais a reçu «\xa0str\xa0»."),
        ("online", "peut-être", "Doit être un booléen valide."),
    ],
)
def test_wrong_types_are_refused_on_their_field(focal, session_payload, field, value, message):
    body = refused(focal.post("/api/v1/sessions/", {**session_payload, field: value}, format="json"))
    assert body == {field: [message]}


def test_missing_fields_are_each_named(focal):
    body = refused(focal.post("/api/v1/sessions/", {}, format="json"))
    assert body == {
        "kind": ["Ce champ est obligatoire."],
        "title": ["Ce champ est obligatoire."],
        "year": ["Ce champ est obligatoire."],
    }


def test_a_year_outside_the_strategy_is_refused(focal, session_payload):
    body = refused(focal.post("/api/v1/sessions/", {**session_payload, "year": 1999}, format="json"))
    assert body == {"year": ["Assurez-vous que cette valeur est supérieure ou égale à\xa02014."]}


def test_absurd_counts_are_refused_before_the_database_adds_them(focal, session_payload):
    body = refused(focal.post("/api/v1/sessions/", {**session_payload, "women": 2**31}, format="json"))
    assert body == {"women": ["Un effectif ne peut pas dépasser 10 000 000."]}


def test_malformed_json_is_a_400(focal):
    response = focal.generic("POST", "/api/v1/sessions/", '{"title": ', content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("JSON parse error")


def test_an_oversized_payload_is_refused_unread(focal, session_payload, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
    payload = {**session_payload, "description": "x" * (6 * 1024 * 1024)}
    response = focal.generic(
        "POST", "/api/v1/sessions/", json.dumps(payload), content_type="application/json"
    )
    assert response.status_code == 413
    assert response.json() == {"detail": "La requête dépasse la taille autorisée (5 Mo)."}
    assert not Session.objects.filter(title="Formation des travailleurs sociaux").exists()


def test_an_oversized_form_is_refused_too(focal, settings):
    # The API takes JSON only: a form is refused by its type, unread, whatever its size.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = focal.post("/api/v1/sessions/", {"title": "x" * 4096}, format="multipart")
    assert response.status_code == 415
    assert not Session.objects.filter(title="x" * 4096).exists()


def test_a_second_meeting_at_the_same_time_is_a_400_not_a_database_error(api, focal_cp4, world):
    payload = {"committee": "CP4", "date": "2020-04-14", "mode": "online"}  # world's CP4 meeting has no time
    body = refused(api(focal_cp4).post("/api/v1/meetings/", payload, format="json"))
    assert body == {"non_field_errors": ["Ce comité a déjà une réunion sans heure à cette date."]}
    assert Meeting.objects.filter(committee__code="CP4").count() == 1


def test_a_second_progress_report_for_the_same_action_and_year_is_a_400(api, focal_cp4, world):
    body = refused(api(focal_cp4).post("/api/v1/progress/", {"action": "11.12", "year": 2020}, format="json"))
    assert list(body) == ["non_field_errors"]
    assert ActionProgress.objects.filter(action__code="11.12").count() == 1


@pytest.mark.parametrize(
    ("code", "field", "message"),
    [
        ("3.1", "code", "Le code d'une action du programme 11 commence par « 11. »."),
        ("11.a", "code", "Le code s'écrit « programme.numéro », par exemple 11.12."),
        ("11.12", "code", "Une action porte déjà ce code."),
    ],
)
def test_action_codes_follow_their_programme(api, staff, world, code, field, message):
    payload = {"code": code, "programme": 11, "title": "Nouvelle action"}
    body = refused(api(staff).post("/api/v1/actions/", payload, format="json"))
    assert body == {field: [message]}
    assert not Action.objects.filter(title="Nouvelle action").exists()


def test_english_messages_on_request(focal, session_payload):
    payload = {**session_payload, "women": -1, "start_date": "2020-10-15", "end_date": "2020-10-14"}
    body = refused(focal.post("/api/v1/sessions/", payload, format="json", HTTP_ACCEPT_LANGUAGE="en"))
    assert body == {"women": ["Counts cannot be negative."]}
    body = refused(
        focal.post(
            "/api/v1/sessions/", {**payload, "women": 1, "total": 3}, format="json", HTTP_ACCEPT_LANGUAGE="en"
        )
    )
    assert body == {"end_date": ["The end date cannot be before the start date."]}
    body = refused(focal.post("/api/v1/sessions/", {}, format="json", HTTP_ACCEPT_LANGUAGE="en"))
    assert body["title"] == ["This field is required."]


def test_english_messages_for_scope_and_total(focal, session_payload, health_ministry):
    payload = {**session_payload, "organisers": [health_ministry.pk], "total": 23}
    body = refused(focal.post("/api/v1/sessions/", payload, format="json", HTTP_ACCEPT_LANGUAGE="en"))
    assert body == {"organisers": ["Your institution (OIM) must be among the organisers."]}
    body = refused(
        focal.post(
            "/api/v1/sessions/", {**session_payload, "total": 1}, format="json", HTTP_ACCEPT_LANGUAGE="en"
        )
    )
    assert body == {"total": ["The given total (1) differs from women + men + sex not recorded (23)."]}


def test_nul_characters_are_refused_before_any_query(api, staff, world):
    # PostgreSQL cannot store or compare them and would fail with a 500.
    client = api(staff)
    response = client.get("/api/v1/sessions/", {"search": "Formation\x00"})
    assert (response.status_code, response.json()) == (
        400,
        {"search": ["Le caractère nul n’est pas autorisé."]},
    )
    assert client.get("/api/v1/sessions/", {"city": "Rabat\x00"}).status_code == 400
    response = client.post(
        "/api/v1/institutions/", {"name": "ENABEL\x00", "kind": "cooperation"}, format="json"
    )
    assert response.json() == {"name": ["Le caractère nul n’est pas autorisé."]}
    assert api().get("/api/v1/sessions/", HTTP_AUTHORIZATION="Token abc\x00").status_code == 401
    assert api().post("/api/v1/auth/token/", HTTP_AUTHORIZATION="Basic cGYuY3A0AHg6eA==").status_code == 401
