"""Every role lands on the dashboard after logging in, not on the admin's index."""

import pytest

from access.roles import Role
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", list(Role))
def test_logging_in_without_next_lands_on_the_dashboard(client, role):
    user = user_with_role("personne", role)
    user.set_password("Un mot de passe solide 2020")
    user.save()

    form = client.get("/admin/login/").content.decode()
    response = client.post(
        "/admin/login/", {"username": "personne", "password": "Un mot de passe solide 2020", "next": "/"}
    )

    assert '<input type="hidden" name="next" value="/">' in form
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_logging_in_without_any_next_field_lands_on_the_dashboard(client):
    user = user_with_role("personne", Role.READER)
    user.set_password("Un mot de passe solide 2020")
    user.save()

    response = client.post(
        "/admin/login/", {"username": "personne", "password": "Un mot de passe solide 2020"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_a_page_asked_for_is_still_where_the_login_leads(client):
    user = user_with_role("personne", Role.STAFF)
    user.set_password("Un mot de passe solide 2020")
    user.save()

    response = client.post(
        "/admin/login/?next=/admin/trainings/session/",
        {
            "username": "personne",
            "password": "Un mot de passe solide 2020",
            "next": "/admin/trainings/session/",
        },
    )

    assert response["Location"] == "/admin/trainings/session/"
