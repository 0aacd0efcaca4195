"""A forgotten password: Django's views in French, the mail sent by the worker,
the same answer whether the address is known or not, and no flood."""

import re

import pytest
from django.core import mail
from django.test import Client
from django_tasks_db.models import DBTaskResult

from tests.accounts.conftest import DATABASE_TASKS
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SUBJECT = "[SNIA Suivi] Réinitialisation de votre mot de passe"


def link_in(body: str) -> str:
    return re.search(r"https://snia\.example\.ma(/comptes/reinitialiser/[^\s]+/)", body)[1]


def test_the_login_page_offers_the_forgotten_password_page(client):
    page = client.get("/admin/login/").content.decode()

    assert '<a href="/comptes/mot-de-passe-oublie/">Identifiants de connexion oubliés\xa0?</a>' in page


def test_the_page_is_french_with_the_site_header(client):
    page = client.get("/comptes/mot-de-passe-oublie/").content.decode()

    assert "<title>Réinitialisation du mot de passe | SNIA Suivi</title>" in page
    assert "SNIA Suivi — Suivi de la Stratégie Nationale d&#x27;Immigration et d&#x27;Asile" in page
    assert "Mot de passe perdu\xa0? Saisissez votre adresse électronique ci-dessous" in page
    assert "Vous n’avez pas la permission" not in page


def test_a_known_address_gets_a_link_that_sets_a_new_password_once(client):
    UserFactory(username="pf.sante", email="Salma@Sante.gov.ma", is_staff=True)

    answer = client.post("/comptes/mot-de-passe-oublie/", {"email": "salma@sante.gov.ma"})

    assert (answer.status_code, answer["Location"]) == (302, "/comptes/mot-de-passe-oublie/envoye/")
    assert [(m.subject, m.to) for m in mail.outbox] == [(SUBJECT, ["Salma@Sante.gov.ma"])]
    body = mail.outbox[0].body
    assert "Une réinitialisation du mot de passe du compte « pf.sante » a été demandée" in body
    assert "Ce lien ne sert qu'une fois et expire dans 3 jours." in body
    form_url = client.get(link_in(body))["Location"]  # Django hides the token from the address bar
    assert form_url.endswith("/set-password/")
    weak = client.post(form_url, {"new_password1": "court", "new_password2": "court"})
    assert "Ce mot de passe est trop court." in weak.content.decode()
    chosen = {"new_password1": "Un nouveau mot 2021", "new_password2": "Un nouveau mot 2021"}
    done = client.post(form_url, chosen)
    assert done["Location"] == "/comptes/reinitialiser/termine/"
    login = Client().post("/admin/login/", {"username": "pf.sante", "password": "Un nouveau mot 2021"})
    assert login.status_code == 302
    again = Client().get(link_in(body))
    assert "Le lien de mise à jour du mot de passe n’était pas valide" in again.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client):
    UserFactory(username="pf.sante", email="salma@sante.gov.ma")

    unknown = client.post("/comptes/mot-de-passe-oublie/", {"email": "personne@example.ma"})
    known = Client().post("/comptes/mot-de-passe-oublie/", {"email": "salma@sante.gov.ma"})

    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert [m.to for m in mail.outbox] == [["salma@sante.gov.ma"]]
    done = client.get(unknown["Location"]).content.decode()
    assert "pour autant qu’un compte existe avec l’adresse que vous avez indiquée" in done


def test_asking_again_at_once_sends_no_second_mail(client):
    UserFactory(username="pf.sante", email="salma@sante.gov.ma")

    for _ in range(3):
        answer = client.post("/comptes/mot-de-passe-oublie/", {"email": "salma@sante.gov.ma"})
        assert answer.status_code == 302

    assert len(mail.outbox) == 1


def test_the_queue_holds_the_user_id_never_a_token(client, settings):
    settings.TASKS = DATABASE_TASKS
    user = UserFactory(username="pf.sante", email="salma@sante.gov.ma")

    client.post("/comptes/mot-de-passe-oublie/", {"email": "salma@sante.gov.ma"})

    task = DBTaskResult.objects.get()
    assert (task.queue_name, task.task_path, task.args_kwargs) == (
        "emails",
        "accounts.tasks.send_password_reset",
        {"args": [user.pk], "kwargs": {}},
    )
    assert mail.outbox == []


@pytest.mark.parametrize("email", ["", "pas-une-adresse", "a" * 300 + "@example.ma", "x@\u00e9\u00e9.ma"])
def test_bad_addresses_are_form_errors(client, email):
    answer = client.post("/comptes/mot-de-passe-oublie/", {"email": email})

    assert answer.status_code in (200, 302)
    assert mail.outbox == []


def test_a_hostile_link_is_refused_in_french(client):
    page = client.get("/comptes/reinitialiser/abc/99999999999999999999/").content.decode()

    assert "Le lien de mise à jour du mot de passe n’était pas valide" in page
