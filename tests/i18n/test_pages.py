"""Each page of ours renders in French, Arabic and English, with the language's
<html lang dir>, and the language switch on it; the language is the user's
choice (profile, then cookie), never the browser's."""

import re

import pytest
from django.test import Client

from accounts.models import UserProfile
from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

DIRECTIONS = {"fr": "ltr", "ar": "rtl", "en": "ltr"}
SWITCH = '<form class="language-switch" method="post" action="/comptes/langue/"'


def html_tag(response) -> str:
    return re.search(r"<html[^>]*>", response.content.decode()).group(0)


def choose(user, language: str) -> None:
    profile = UserProfile.of(user)
    profile.language = language
    profile.save()


def signed_in(user, language: str) -> Client:
    choose(user, language)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def programme(db):
    return ProgrammeFactory(number=11)


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/aide/",
        "/comptes/",
        "/admin/",
        "/admin/programmes/programme/",
        "/admin/programmes/programme/{pk}/change/",
    ],
)
def test_signed_in_pages_in_each_language(admin_user, programme, url, language):
    response = signed_in(admin_user, language).get(url.format(pk=programme.pk))

    assert response.status_code == 200
    assert html_tag(response) == f'<html lang="{language}" dir="{DIRECTIONS[language]}">'
    assert response["Content-Language"] == language
    assert SWITCH in response.content.decode()


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
@pytest.mark.parametrize("url", ["/admin/login/", "/comptes/mot-de-passe-oublie/", "/page-qui-n-existe-pas/"])
def test_anonymous_pages_follow_the_cookie(url, language):
    client = Client()
    client.cookies["django_language"] = language

    response = client.get(url)

    assert response.status_code == (404 if "existe" in url else 200)
    assert html_tag(response) == f'<html lang="{language}" dir="{DIRECTIONS[language]}">'
    assert SWITCH in response.content.decode()


def test_the_admin_speaks_arabic(admin_user):
    response = signed_in(admin_user, "ar").get("/admin/")

    # Django's own strings are translated already; ours come with the catalogues.
    assert "تسجيل الخروج" in response.content.decode()
    assert '<link rel="stylesheet" href="/static/admin/css/rtl.css">' in response.content.decode()


def test_the_switch_names_each_language_in_itself(admin_user):
    html = signed_in(admin_user, "fr").get("/").content.decode()

    assert (
        '<button type="submit" name="language" value="fr" lang="fr" dir="ltr" aria-pressed="true" '
        'class="current">Français</button>'
    ) in html
    assert (
        '<button type="submit" name="language" value="ar" lang="ar" dir="rtl" aria-pressed="false">'
        "العربية</button>"
    ) in html
    assert (
        '<button type="submit" name="language" value="en" lang="en" dir="ltr" aria-pressed="false">'
        "English</button>"
    ) in html
    assert '<input type="hidden" name="next" value="/">' in html


def test_the_browser_language_changes_no_page(admin_user):
    client = Client(HTTP_ACCEPT_LANGUAGE="ar")

    assert html_tag(client.get("/admin/login/")) == '<html lang="fr" dir="ltr">'
    client.force_login(admin_user)
    assert html_tag(client.get("/")) == '<html lang="fr" dir="ltr">'


def test_pages_vary_on_the_cookie_not_on_the_browser_language():
    response = Client().get("/admin/login/")

    assert "Cookie" in response["Vary"]
    assert "Accept-Language" not in response["Vary"]


def test_the_api_still_follows_the_browser_language():
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get("/api/v1/")

    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication credentials were not provided."}
    assert "Accept-Language" in response["Vary"]
