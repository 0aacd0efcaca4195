"""CSRF is enforced on the admin (the test client skips it unless asked)."""

import pytest
from django.test import Client
from django.urls import reverse

from committees.models import Meeting

PASSWORD = "Un mot de passe solide 2020"  # tests.factories.UserFactory's


@pytest.fixture
def csrf_client() -> Client:
    return Client(enforce_csrf_checks=True)


def test_the_admin_login_without_a_csrf_token_is_refused(csrf_client, staff):
    response = csrf_client.post(reverse("admin:login"), {"username": "suivi", "password": PASSWORD})

    assert response.status_code == 403
    assert "_auth_user_id" not in csrf_client.session


def test_the_admin_login_with_the_csrf_token_of_its_form_succeeds(csrf_client, staff):
    csrf_client.get(reverse("admin:login"))
    token = csrf_client.cookies["csrftoken"].value

    response = csrf_client.post(
        reverse("admin:login"),
        {"username": "suivi", "password": PASSWORD, "csrfmiddlewaretoken": token, "next": "/admin/"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_an_admin_add_without_a_csrf_token_is_refused_and_saves_nothing(csrf_client, staff, cp2):
    csrf_client.force_login(staff)

    response = csrf_client.post(
        reverse("admin:committees_meeting_add"),
        {"committee": cp2.pk, "date": "2020-03-12", "mode": Meeting.Mode.ONLINE},
    )

    assert response.status_code == 403
    assert Meeting.objects.count() == 0
