"""The language switch (/comptes/langue/): the choice is the user's, kept in
their profile and in the browser's cookie, and nobody else's."""

import re

import pytest
from django.test import Client

from accounts.models import UserProfile
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SWITCH = "/comptes/langue/"


def html_tag(response) -> str:
    return re.search(r"<html[^>]*>", response.content.decode()).group(0)


def test_the_choice_is_saved_in_the_profile_and_the_cookie(admin_client, admin_user):
    response = admin_client.post(SWITCH, {"language": "ar", "next": "/aide/"})

    assert (response.status_code, response["Location"]) == (302, "/aide/")
    assert UserProfile.of(admin_user).language == "ar"
    cookie = response.cookies["django_language"]
    assert (cookie.value, cookie["max-age"], cookie["samesite"], cookie["httponly"]) == (
        "ar",
        31536000,
        "Lax",
        True,
    )
    assert html_tag(admin_client.get("/aide/")) == '<html lang="ar" dir="rtl">'


def test_an_anonymous_visitor_chooses_with_the_cookie_alone():
    client = Client()

    response = client.post(SWITCH, {"language": "en", "next": "/admin/login/"})

    assert (response.status_code, response["Location"]) == (302, "/admin/login/")
    assert response.cookies["django_language"].value == "en"
    assert not UserProfile.objects.exists()
    assert html_tag(client.get("/admin/login/")) == '<html lang="en" dir="ltr">'


def test_the_choice_survives_logout_and_login_on_another_browser(admin_user):
    first = Client()
    first.force_login(admin_user)
    first.post(SWITCH, {"language": "ar", "next": "/"})
    first.post("/admin/logout/")

    other_browser = Client()
    other_browser.force_login(admin_user)

    assert html_tag(other_browser.get("/")) == '<html lang="ar" dir="rtl">'


def test_another_user_is_unaffected(admin_user):
    chooser = Client()
    chooser.force_login(admin_user)
    chooser.post(SWITCH, {"language": "ar", "next": "/"})
    someone_else = UserFactory(username="autre", is_staff=True, is_superuser=True)

    client = Client()
    client.force_login(someone_else)

    assert html_tag(client.get("/")) == '<html lang="fr" dir="ltr">'
    assert UserProfile.of(someone_else).language == ""


def test_the_profile_wins_over_the_cookie(admin_user):
    choose = UserProfile.of(admin_user)
    choose.language = "en"
    choose.save()
    client = Client()
    client.cookies["django_language"] = "ar"
    client.force_login(admin_user)

    assert html_tag(client.get("/")) == '<html lang="en" dir="ltr">'


def test_an_unknown_language_is_a_french_400(admin_client, admin_user):
    response = admin_client.post(SWITCH, {"language": "de", "next": "/"})

    assert response.status_code == 400
    body = response.content.decode()
    assert html_tag(response) == '<html lang="fr" dir="ltr">'
    assert "<h1>Requête refusée</h1>" in body
    assert "<p>Cette langue n&#x27;est pas proposée.</p>" in body
    assert "django_language" not in response.cookies
    assert UserProfile.of(admin_user).language == ""


def test_a_missing_language_is_a_400_too(admin_client):
    assert admin_client.post(SWITCH, {"next": "/"}).status_code == 400


def test_an_off_site_next_goes_to_the_dashboard(admin_client):
    for next_url in ("https://example.com/", "//example.com/", "javascript:alert(1)"):
        response = admin_client.post(SWITCH, {"language": "en", "next": next_url})

        assert (response.status_code, response["Location"]) == (302, "/")


def test_get_is_refused():
    assert Client().get(SWITCH).status_code == 405


def test_the_switch_needs_the_csrf_token(admin_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)

    assert client.post(SWITCH, {"language": "ar", "next": "/"}).status_code == 403
    assert UserProfile.of(admin_user).language == ""


def test_the_switch_form_posts_with_its_token(admin_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    page = client.get("/aide/").content.decode()
    token = re.search(
        r'<form class="language-switch".*?name="csrfmiddlewaretoken" value="([^"]+)"', page, re.S
    ).group(1)

    response = client.post(SWITCH, {"csrfmiddlewaretoken": token, "language": "ar", "next": "/aide/"})

    assert (response.status_code, response["Location"]) == (302, "/aide/")
    assert UserProfile.of(admin_user).language == "ar"
