"""MDCMRE staff invite a focal point by mail; the focal point chooses their own
password through a one-time link, then logs in."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from access.roles import Role, role_of
from committees.models import FocalPoint
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SUBJECT = "[SNIA Suivi] Invitation à rejoindre SNIA Suivi"


@pytest.fixture
def staff_client(staff) -> Client:
    staff.first_name, staff.last_name = "Karim", "Alaoui"
    staff.save()
    client = Client()
    client.force_login(staff)
    return client


def invitation(health_ministry, cp2, **changes) -> dict:
    return {
        "email": "Nadia.Berrada@Sante.gov.ma",
        "first_name": "Nadia",
        "last_name": "Berrada",
        "institution": str(health_ministry.pk),
        "committees": [str(cp2.pk)],
        "phone": "+212 5 37 00 00 00",
        **changes,
    }


def test_staff_invite_and_the_focal_point_chooses_a_password_then_logs_in(
    staff_client, health_ministry, cp2, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answer = staff_client.post("/comptes/inviter/", invitation(health_ministry, cp2))

    assert answer["Location"] == "/admin/committees/focalpoint/"
    user = get_user_model().objects.get(username="nadia.berrada@sante.gov.ma")
    assert (user.email, user.get_full_name(), user.is_active, user.is_staff, user.has_usable_password()) == (
        "nadia.berrada@sante.gov.ma",
        "Nadia Berrada",
        True,
        True,
        False,
    )
    assert role_of(user) == Role.FOCAL_POINT
    focal_point = FocalPoint.objects.get(user=user)
    assert (focal_point.institution, list(focal_point.committees.all()), focal_point.phone) == (
        health_ministry,
        [cp2],
        "+212 5 37 00 00 00",
    )
    assert [(m.subject, m.to) for m in mail.outbox] == [(SUBJECT, ["nadia.berrada@sante.gov.ma"])]
    body = mail.outbox[0].body
    assert (
        "Karim Alaoui vous invite à rejoindre SNIA Suivi, l'outil de suivi de la Stratégie Nationale "
        "d'Immigration et d'Asile, comme point focal de Ministère de la Santé." in body
    )
    assert "Votre identifiant : nadia.berrada@sante.gov.ma" in body
    link = re.search(r"https://snia\.example\.ma(/comptes/invitation/[^\s]+/)", body)[1]

    browser = Client()
    form_url = browser.get(link)["Location"]
    form = browser.get(form_url).content.decode()
    assert "Choisissez le mot de passe du compte « nadia.berrada@sante.gov.ma »" in form
    weak = browser.post(form_url, {"new_password1": "nadia.berrada", "new_password2": "nadia.berrada"})
    assert "Le mot de passe est trop semblable au champ «\xa0nom d’utilisateur\xa0»." in weak.content.decode()
    chosen = {"new_password1": "Rabat, printemps 2021", "new_password2": "Rabat, printemps 2021"}
    done = browser.post(form_url, chosen, follow=True)
    assert done.redirect_chain[0][0] == "/admin/login/"
    assert "Votre mot de passe est enregistré." in done.content.decode()
    login = Client().post(
        "/admin/login/",
        {"username": "nadia.berrada@sante.gov.ma", "password": "Rabat, printemps 2021", "next": "/admin/"},
    )
    assert (login.status_code, login["Location"]) == (302, "/admin/")
    reused = Client().get(link, follow=True).content.decode()
    assert "Ce lien d'invitation n'est plus valable : il a déjà servi ou il a expiré." in reused


def test_an_address_already_in_use_is_a_french_form_error(staff_client, health_ministry, cp2):
    UserFactory(username="nberrada", email="nadia.berrada@sante.gov.ma")

    answer = staff_client.post("/comptes/inviter/", invitation(health_ministry, cp2))

    assert answer.status_code == 200
    assert answer.context["form"].errors == {
        "email": ["Un compte existe déjà avec cette adresse électronique."]
    }
    assert mail.outbox == []


def test_committees_and_institution_are_required(staff_client, health_ministry, cp2):
    incomplete = invitation(health_ministry, cp2, committees=[], institution="")

    answer = staff_client.post("/comptes/inviter/", incomplete)

    assert answer.context["form"].errors == {
        "institution": ["Ce champ est obligatoire."],
        "committees": ["Ce champ est obligatoire."],
    }


def test_an_invitation_link_does_not_reset_an_existing_password(client):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = UserFactory(username="pf.sante")
    uid, token = urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)

    page = client.get(f"/comptes/invitation/{uid}/{token}/").content.decode()

    assert "Ce lien d'invitation n'est plus valable" in page


@pytest.mark.parametrize("role", ["focal point", "reader"])
def test_only_mdcmre_staff_invite(role, focal_cp2, reader):
    client = Client()
    client.force_login({"focal point": focal_cp2, "reader": reader}[role])

    assert client.get("/comptes/inviter/").status_code == 403


def test_the_focal_points_list_offers_the_invitation_to_staff_only(staff_client, focal_cp2):
    focal = Client()
    focal.force_login(focal_cp2)
    link = '<a href="/comptes/inviter/" class="addlink">Inviter un point focal</a>'

    assert link in staff_client.get("/admin/committees/focalpoint/").content.decode()
    assert link in staff_client.get("/admin/").content.decode().replace(
        '<a href="/comptes/inviter/">Inviter un point focal</a>', link
    )
    assert link not in focal.get("/admin/committees/focalpoint/").content.decode()


def test_a_committee_id_too_big_for_the_database_is_a_form_error(staff_client, health_ministry, cp2):
    answer = staff_client.post("/comptes/inviter/", invitation(health_ministry, cp2, committees=["9" * 30]))

    assert answer.status_code == 200
    assert list(answer.context["form"].errors) == ["committees"]
    assert mail.outbox == []
