"""Per-user tokens, and the OpenAPI schema and docs for logged-in users only."""

import base64

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def basic(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def test_a_user_creates_their_token_with_their_password_then_uses_and_revokes_it(focal_cp4, world):
    client = APIClient()
    credentials = basic("pf.cp4", "Un mot de passe solide 2020")
    created = client.post("/api/v1/auth/token/", HTTP_AUTHORIZATION=credentials)
    assert created.status_code == 201
    token = created.json()["token"]
    assert Token.objects.get(user=focal_cp4).key == token
    again = client.post("/api/v1/auth/token/", HTTP_AUTHORIZATION=credentials)
    assert (again.status_code, again.json()) == (200, {"token": token})

    authorised = APIClient(HTTP_AUTHORIZATION=f"Token {token}")
    assert authorised.get("/api/v1/meetings/").json()["count"] == 1
    assert authorised.delete("/api/v1/auth/token/").status_code == 204
    assert not Token.objects.filter(user=focal_cp4).exists()
    assert authorised.get("/api/v1/meetings/").status_code == 401


def test_a_wrong_password_or_no_credentials_get_no_token(focal_cp4):
    client = APIClient()
    response = client.post("/api/v1/auth/token/", HTTP_AUTHORIZATION=basic("pf.cp4", "mauvais"))
    assert response.status_code == 401
    assert client.post("/api/v1/auth/token/").status_code == 401
    assert not Token.objects.exists()


def test_a_browser_session_needs_its_csrf_token_to_create_a_token(focal_cp4):
    client = Client(enforce_csrf_checks=True)
    client.force_login(focal_cp4)
    response = client.post("/api/v1/auth/token/")
    assert response.status_code == 403
    assert not Token.objects.exists()


def test_an_unknown_token_is_refused(world):
    response = APIClient(HTTP_AUTHORIZATION="Token 0123456789abcdef").get("/api/v1/sessions/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_administrators_manage_tokens_in_the_admin(admin_client, focal_cp4):
    token = Token.objects.create(user=focal_cp4)
    response = admin_client.get("/admin/authtoken/tokenproxy/")
    assert response.status_code == 200
    assert "pf.cp4" in response.content.decode()
    assert token.key


def test_the_schema_and_docs_are_for_logged_in_users_only(api, reader, client):
    assert api().get("/api/v1/schema/").status_code == 401
    response = client.get("/api/v1/docs/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=/api/v1/docs/")


def test_the_schema_describes_every_endpoint(api, reader):
    response = api(reader).get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/v1/sessions/",
        "/api/v1/sessions/{id}/submit/",
        "/api/v1/meetings/{id}/approve/",
        "/api/v1/progress/{id}/return/",
        "/api/v1/years/{year}/close/",
        "/api/v1/stats/{year}/",
        "/api/v1/auth/token/",
    ):
        assert path in paths
    id_parameter = paths["/api/v1/sessions/{id}/"]["get"]["parameters"][0]
    assert id_parameter["schema"]["type"] == "integer"


def test_the_docs_page_loads_swagger_from_our_own_static_files(client, reader):
    client.force_login(reader)
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    for cdn in ("cdn.", "unpkg", "jsdelivr", "cdnjs"):
        assert cdn not in page
    # No inline script, which the Content Security Policy would block: the start-up
    # script is served by the same view.
    assert "<script>" not in page
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/v1/schema/" in script.content.decode()
