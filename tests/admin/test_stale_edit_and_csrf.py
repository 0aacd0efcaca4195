"""Two people editing one record: the second save of a stale form is refused
with what changed meanwhile, nothing overwritten. And no change without the
CSRF token."""

import re

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.utils import timezone

from adminsite import forms as admin_forms
from programmes.models import Action, Programme
from tests.admin import admin_url, signed_version
from tests.factories import ActionFactory, ProgrammeFactory, SessionFactory, SpecificObjectiveFactory
from trainings.models import Session


def session_form(client: Client, session: Session, **changes: str) -> dict:
    """The change form as this client loaded it, with its version."""
    form = client.get(admin_url(Session, "change", session.pk)).context["adminform"].form
    data = {
        "kind": session.kind,
        "title": session.title,
        "year": str(session.year),
        "women": str(session.women),
        "men": str(session.men),
        "unrecorded": str(session.unrecorded),
        "version": form["version"].value(),
    }
    return {**data, **changes}


@pytest.fixture
def session() -> Session:
    return SessionFactory(title="Formation ENSA", women=30, men=18, year=2021)


def test_a_stale_save_is_refused_with_what_changed_meanwhile(staff_client, administrator_client, session):
    mine = session_form(staff_client, session, men="20")
    theirs = session_form(administrator_client, session, women="31", title="Formation des étudiants ENSA")
    assert administrator_client.post(admin_url(Session, "change", session.pk), theirs).status_code == 302
    # The day of their change, as the message shows it (local time: Casablanca).
    changed_on = timezone.localtime(session.history.latest("history_date").history_date).strftime("%d/%m/%Y")

    response = staff_client.post(admin_url(Session, "change", session.pk), mine)

    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert errors[0] == (
        "Quelqu'un a modifié cet enregistrement pendant que vous le modifiiez : "
        "vos changements n'ont pas été enregistrés. Modifications faites entre-temps :"
    )
    assert re.fullmatch(
        rf"administrateur, le {changed_on} \d\d:\d\d : "
        r"Intitulé : Formation ENSA → Formation des étudiants ENSA ; Femmes : 30 → 31\.",
        errors[1],
    )
    assert (
        errors[2]
        == "Rechargez la page pour repartir de la version enregistrée, puis refaites vos changements."
    )
    session.refresh_from_db()
    assert (session.title, session.women, session.men) == ("Formation des étudiants ENSA", 31, 18)


def test_a_fresh_form_saves(staff_client, session):
    response = staff_client.post(
        admin_url(Session, "change", session.pk), session_form(staff_client, session, men="20")
    )

    assert response.status_code == 302
    session.refresh_from_db()
    assert session.men == 20


def test_a_save_overtaken_between_the_check_and_the_write_is_refused_too(staff_client, session, monkeypatch):
    # Someone saves after our form was checked: the model's version check
    # refuses the write; the admin says so and keeps the other person's data.
    data = session_form(staff_client, session, men="20")
    Session.objects.get(pk=session.pk).save()
    monkeypatch.setattr(admin_forms.ScopedModelForm, "_refuse_stale_version", lambda form: None)

    response = staff_client.post(admin_url(Session, "change", session.pk), data)

    assert (response.status_code, response["Location"]) == (302, admin_url(Session, "change", session.pk))
    assert [str(m) for m in get_messages(response.wsgi_request)][0].startswith(
        "Quelqu'un a modifié cet enregistrement"
    )
    session.refresh_from_db()
    assert session.men == 18


def test_a_blanked_version_is_an_incomplete_form(staff_client, session):
    response = staff_client.post(
        admin_url(Session, "change", session.pk), session_form(staff_client, session, version="")
    )

    assert response.context["adminform"].form.non_field_errors() == [
        "Ce formulaire est incomplet : rechargez la page."
    ]


def test_reference_data_forms_carry_their_version_too(staff_client):
    action = ActionFactory(code="11.12", title="Renforcer les capacités")
    page = staff_client.get(admin_url(Action, "change", action.pk))
    form = page.context["adminform"].form
    Action.objects.get(pk=action.pk).save()

    response = staff_client.post(
        admin_url(Action, "change", action.pk),
        {
            "programme": str(action.programme_id),
            "code": "11.12",
            "title": "Autre intitulé",
            "version": form["version"].value(),
            "progress-TOTAL_FORMS": "0",
            "progress-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors()[0].startswith("Quelqu'un a modifié")
    action.refresh_from_db()
    assert action.title == "Renforcer les capacités"


def test_csrf_is_enforced_on_a_change(staff, session):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    data = session_form(client, session, men="20")

    refused = client.post(admin_url(Session, "change", session.pk), data)
    accepted = client.post(
        admin_url(Session, "change", session.pk),
        {**data, "csrfmiddlewaretoken": client.cookies["csrftoken"].value},
    )

    assert refused.status_code == 403
    assert accepted.status_code == 302
    session.refresh_from_db()
    assert session.men == 20


def test_csrf_is_enforced_on_review_transitions(staff, session):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)

    response = client.post(f"/admin/trainings/session/{session.pk}/validation/soumettre/")

    assert response.status_code == 403
    session.refresh_from_db()
    assert session.review_state == "draft"


def test_a_form_posted_without_its_version_is_refused_and_saves_nothing(staff_client, session):
    # A concurrent edit (here through the API) must not be overwritten by a
    # script that leaves the version out.
    data = session_form(staff_client, session, men="20")
    del data["version"]
    Session.objects.filter(pk=session.pk).update(women=31)

    response = staff_client.post(admin_url(Session, "change", session.pk), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "Ce formulaire est incomplet : rechargez la page."
    ]
    session.refresh_from_db()
    assert (session.women, session.men) == (31, 18)


def test_an_inline_row_posted_without_its_version_is_refused_too(admin_client):
    osp = SpecificObjectiveFactory(number=26, title="Informer", programme=ProgrammeFactory(number=11))
    programme = osp.programme
    data = {
        "number": "11",
        "kind": programme.kind,
        "name_fr": programme.name,
        "version": signed_version(programme),
        "specific_objectives-TOTAL_FORMS": "1",
        "specific_objectives-INITIAL_FORMS": "1",
        "specific_objectives-0-id": str(osp.pk),
        "specific_objectives-0-programme": "11",
        "specific_objectives-0-number": "26",
        "specific_objectives-0-title_fr": "Titre écrasé",
        "actions-TOTAL_FORMS": "0",
        "actions-INITIAL_FORMS": "0",
    }

    response = admin_client.post(admin_url(Programme, "change", 11), data)

    assert response.status_code == 200
    formset = next(
        f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "specific_objectives"
    )
    assert formset.formset.forms[0].non_field_errors() == ["Ce formulaire est incomplet : rechargez la page."]
    osp.refresh_from_db()
    assert osp.title == "Informer"
