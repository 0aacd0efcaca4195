"""MDCMRE staff assign lead institutions to many actions at once, from the
actions list: an intermediate French form, the change kept in each action's history."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from programmes.models import Action
from tests.factories import ActionFactory, InstitutionFactory

pytestmark = pytest.mark.django_db
URL = "/admin/programmes/action/"


@pytest.fixture
def actions():
    return [ActionFactory(code="11.12"), ActionFactory(code="11.13"), ActionFactory(code="11.14")]


def post(client, actions, **data):
    return client.post(
        URL,
        {"action": "assign_lead_institutions", ACTION_CHECKBOX_NAME: [a.pk for a in actions], **data},
    )


def test_the_action_opens_a_french_form(client_of, staff, actions):
    response = post(client_of(staff), actions[:2])
    html = response.content.decode()

    assert response.status_code == 200
    assert "Assigner des institutions pilotes" in html
    assert "Institutions pilotes à ajouter" in html and "Institutions pilotes à retirer" in html
    assert "11.12 — " in html and "11.13 — " in html and "11.14 — " not in html


def test_applying_adds_and_removes_and_keeps_history(client_of, staff, actions, health_ministry, iom):
    other = InstitutionFactory(name="ANAPEC")
    actions[0].lead_institutions.set([other])

    response = post(
        client_of(staff), actions[:2], apply="1", add=[health_ministry.pk, iom.pk], remove=[other.pk]
    )

    assert response.status_code == 302
    leads = {a.code: sorted(i.name for i in a.lead_institutions.all()) for a in Action.objects.all()}
    assert leads == {
        "11.12": ["Ministère de la Santé", "Organisation internationale pour les migrations"],
        "11.13": ["Ministère de la Santé", "Organisation internationale pour les migrations"],
        "11.14": [],
    }
    latest = actions[1].history.first()
    assert latest.history_user == staff
    assert latest.history_change_reason == "Institutions pilotes assignées en masse"


def test_nothing_chosen_is_refused_with_a_message(client_of, staff, actions):
    html = post(client_of(staff), actions[:1], apply="1").content.decode()

    assert "Choisissez au moins une institution à ajouter ou à retirer." in html


def test_one_institution_both_added_and_removed_is_refused(client_of, staff, actions, iom):
    html = post(client_of(staff), actions[:1], apply="1", add=[iom.pk], remove=[iom.pk]).content.decode()

    assert ("Une institution ne peut pas être à la fois ajoutée et retirée : OIM.") in html
    assert not actions[0].lead_institutions.exists()


def test_hostile_ids_are_a_form_error(client_of, staff, actions):
    response = post(client_of(staff), actions[:1], apply="1", add=["abc", "99999999999999999999"])

    assert response.status_code == 200
    assert not actions[0].lead_institutions.exists()


@pytest.mark.parametrize("who", ["reader", "focal_cp2"])
def test_only_mdcmre_staff_have_the_action(client_of, request, actions, iom, who):
    client = client_of(request.getfixturevalue(who))

    listing = client.get(URL).content.decode()
    response = post(client, actions[:1], apply="1", add=[iom.pk])

    assert "assign_lead_institutions" not in listing
    assert response.status_code in (200, 302, 403)
    assert not actions[0].lead_institutions.exists()
