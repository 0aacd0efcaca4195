import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

PASSWORD = "Un mot de passe solide 2020"  # tests.factories.UserFactory's


def test_an_11_character_password_is_refused_in_french():
    with pytest.raises(ValidationError) as refused:
        validate_password("Kx7#pQ2!mZ9")

    assert (
        "Ce mot de passe est trop court. Il doit contenir au minimum 12 caractères." in refused.value.messages
    )


def test_a_12_character_password_is_accepted():
    validate_password("Kx7#pQ2!mZ9w")


def test_a_session_lasts_8_hours_and_ends_when_the_browser_closes(client, staff):
    response = client.post(
        reverse("admin:login"), {"username": "suivi", "password": PASSWORD, "next": reverse("admin:index")}
    )

    assert response.status_code == 302
    assert client.session.get_expiry_age() == 8 * 60 * 60
    # A browser-session cookie: neither Max-Age nor Expires.
    cookie = response.cookies["sessionid"]
    assert (cookie["max-age"], cookie["expires"]) == ("", "")
    assert cookie["httponly"] is True
