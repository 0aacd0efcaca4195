"""The API takes JSON bodies only, and its schema says so: clients generated from
the schema (openapi-python-client, see .ci/api-client) mishandle operations that
advertise form and multipart bodies besides JSON. No API endpoint takes a file:
meeting minutes are uploaded in the admin."""

import pytest
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from trainings.models import Session

pytestmark = pytest.mark.django_db

SESSION = {
    "kind": "training",
    "title": "Formation envoyée en formulaire",
    "year": 2020,
    "women": 3,
    "men": 4,
}


def test_every_request_body_of_the_schema_is_json_and_json_only():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    bodies = {
        (method.upper(), path): sorted(operation["requestBody"]["content"])
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if "requestBody" in operation
    }
    # Creates, updates and workflow steps of the 12 routed resources, and years' close/reopen.
    assert len(bodies) == 45
    assert {types for content in bodies.values() for types in content} == {"application/json"}
    assert bodies[("POST", "/api/v1/sessions/")] == ["application/json"]
    assert bodies[("POST", "/api/v1/sessions/{id}/submit/")] == ["application/json"]
    assert bodies[("PATCH", "/api/v1/meetings/{id}/")] == ["application/json"]
    assert bodies[("POST", "/api/v1/years/{year}/reopen/")] == ["application/json"]


def test_a_form_encoded_post_is_refused_with_415_and_creates_nothing(focal_cp4, world):
    client = APIClient()
    client.force_authenticate(focal_cp4)
    response = client.generic(
        "POST",
        "/api/v1/sessions/",
        "kind=training&title=Formation+envoy%C3%A9e+en+formulaire&year=2020&women=3&men=4",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 415
    # French guillemets take no-break spaces.
    assert response.json() == {
        "detail": "Type de média «\xa0application/x-www-form-urlencoded\xa0» non supporté."
    }
    assert not Session.objects.filter(title="Formation envoyée en formulaire").exists()


def test_a_multipart_post_and_a_form_encoded_patch_are_refused_with_415(focal_cp4, world):
    # Django's test client posts multipart/form-data, as a browser form does.
    client = Client()
    client.force_login(focal_cp4)
    response = client.post("/api/v1/sessions/", SESSION)
    assert response.status_code == 415
    assert response.json() == {
        "detail": "Type de média «\xa0multipart/form-data; boundary=BoUnDaRyStRiNg\xa0» non supporté."
    }
    assert not Session.objects.filter(title="Formation envoyée en formulaire").exists()

    session = world["iom_session"]
    response = client.patch(
        f"/api/v1/sessions/{session.pk}/",
        "title=Renomm%C3%A9e&version=1",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 415
    session.refresh_from_db()
    assert session.title == "Formation des magistrats"


def test_the_same_session_sent_as_json_is_created(focal_cp4, world):
    client = APIClient()
    client.force_authenticate(focal_cp4)
    iom = world["iom_session"].organisers.get()
    response = client.post("/api/v1/sessions/", {**SESSION, "organisers": [iom.pk]}, format="json")
    assert response.status_code == 201, response.json()
    assert Session.objects.get(title="Formation envoyée en formulaire").total == 7
