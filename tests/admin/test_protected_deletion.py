"""Reference data still in use cannot be deleted from the admin: Django's
"cannot delete" page is shown (not a 500) and the row stays."""

import datetime

from committees.models import Committee
from programmes.models import Action, ActionProgress, Institution, Programme
from tests.admin import admin_url, visible_text
from tests.factories import (
    ActionFactory,
    CommitteeFactory,
    FocalPointFactory,
    InstitutionFactory,
    MeetingFactory,
    ProgrammeFactory,
    ProjectFactory,
    SessionFactory,
    SpecificObjectiveFactory,
)
from trainings.models import Session


def test_programme_with_actions_cannot_be_deleted(admin_client):
    osp = SpecificObjectiveFactory(number=26, programme=ProgrammeFactory(number=11, name="Gouvernance"))
    ActionFactory(code="11.12", title="Former les acteurs", specific_objective=osp)
    url = admin_url(Programme, "delete", 11)

    page = admin_client.get(url)
    confirmed = admin_client.post(url, {"post": "yes"})

    assert page.status_code == 200
    text = visible_text(page)
    assert "Impossible de supprimer programme" in text
    assert "Action: 11.12 Former les acteurs" in text
    assert confirmed.status_code == 200
    assert Programme.objects.filter(number=11).exists()


def test_institution_funding_a_project_cannot_be_deleted(admin_client):
    institution = InstitutionFactory(name="Union européenne", acronym="UE")
    ProjectFactory(name="Maroc Protection et Résilience", funder=institution)
    url = admin_url(Institution, "delete", institution.pk)

    page = admin_client.get(url)
    confirmed = admin_client.post(url, {"post": "yes"})

    assert page.status_code == 200
    text = visible_text(page)
    assert "Impossible de supprimer institution" in text
    assert "Projet: Maroc Protection et Résilience" in text
    assert confirmed.status_code == 200
    assert Institution.objects.filter(pk=institution.pk).exists()


def test_institution_with_a_focal_point_cannot_be_deleted(admin_client):
    institution = InstitutionFactory(name="Ministère de la Justice")
    FocalPointFactory(institution=institution)

    confirmed = admin_client.post(admin_url(Institution, "delete", institution.pk), {"post": "yes"})

    assert confirmed.status_code == 200
    assert "Impossible de supprimer institution" in visible_text(confirmed)
    assert Institution.objects.filter(pk=institution.pk).exists()


def test_committee_with_meetings_cannot_be_deleted(admin_client):
    committee = CommitteeFactory(code="CP4")
    MeetingFactory(committee=committee, date=datetime.date(2020, 6, 10))

    confirmed = admin_client.post(admin_url(Committee, "delete", committee.pk), {"post": "yes"})

    assert confirmed.status_code == 200
    text = visible_text(confirmed)
    assert "Impossible de supprimer comité" in text
    assert "Réunion: CP4 — 10/06/2020" in text
    assert Committee.objects.filter(pk=committee.pk).exists()


def test_action_with_a_progress_report_cannot_be_deleted(admin_client):
    action = ActionFactory(code="11.12")
    ActionProgress.objects.create(action=action, year=2020)

    confirmed = admin_client.post(admin_url(Action, "delete", action.pk), {"post": "yes"})

    assert confirmed.status_code == 200
    assert "Impossible de supprimer action" in visible_text(confirmed)
    assert Action.objects.filter(pk=action.pk).exists()


def test_bulk_deletion_of_programmes_in_use_is_refused(admin_client):
    ProgrammeFactory(number=10, name="Cadre réglementaire")
    ActionFactory(code="11.12")

    response = admin_client.post(
        admin_url(Programme, "changelist"),
        {"action": "delete_selected", "_selected_action": ["10", "11"], "post": "yes"},
    )

    assert response.status_code == 200
    assert "Impossible de supprimer" in visible_text(response)
    assert Programme.objects.count() == 2


def test_bulk_deletion_of_sessions_filtered_by_programme_deletes_them(admin_client):
    # The programme filter crosses a many-to-many, so the list is distinct():
    # deleting from it must still work.
    action = ActionFactory(code="11.12")
    kept = SessionFactory(title="Séminaire sans action")
    selected = [SessionFactory(title=f"Formation {n}") for n in range(2)]
    for session in selected:
        session.actions.add(action)

    response = admin_client.post(
        admin_url(Session, "changelist") + "?actions__programme__number__exact=11",
        {"action": "delete_selected", "_selected_action": [str(s.pk) for s in selected], "post": "yes"},
    )

    assert response.status_code == 302
    assert list(Session.objects.all()) == [kept]
