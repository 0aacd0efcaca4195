"""Reference data still linked to records cannot be deleted, by any path."""

import pytest
from django.db import transaction
from django.db.models import ProtectedError

from committees.models import Committee
from programmes.models import Action, Institution
from tests.factories import (
    ActionFactory,
    CommitteeFactory,
    FocalPointFactory,
    InstitutionFactory,
    MeetingFactory,
    SessionFactory,
)
from trainings.models import Session

pytestmark = pytest.mark.django_db


def test_an_institution_organising_a_session_cannot_be_deleted():
    institution = InstitutionFactory(name="ENABEL")
    SessionFactory().organisers.add(institution)
    with pytest.raises(ProtectedError), transaction.atomic():
        institution.delete()
    assert Session.objects.get().organisers.get() == institution


def test_an_institution_leading_an_action_cannot_be_deleted():
    institution = InstitutionFactory(name="OIM")
    ActionFactory(code="11.15").lead_institutions.add(institution)
    with pytest.raises(ProtectedError), transaction.atomic():
        institution.delete()
    assert Institution.objects.filter(name="OIM").exists()


def test_an_action_served_by_a_session_cannot_be_deleted():
    action = ActionFactory(code="11.12")
    SessionFactory().actions.add(action)
    with pytest.raises(ProtectedError), transaction.atomic():
        action.delete()
    assert Action.objects.filter(code="11.12").exists()


def test_a_committee_with_focal_points_or_meetings_cannot_be_deleted():
    committee = CommitteeFactory(code="CP3")
    FocalPointFactory().committees.add(committee)
    with pytest.raises(ProtectedError), transaction.atomic():
        committee.delete()
    MeetingFactory(committee=CommitteeFactory(code="CP1"))
    with pytest.raises(ProtectedError), transaction.atomic():
        Committee.objects.get(code="CP1").delete()
    assert Committee.objects.count() == 2


def test_deleting_a_session_removes_its_links_but_keeps_the_institution():
    institution = InstitutionFactory(name="UNHCR")
    session = SessionFactory()
    session.organisers.add(institution)
    session.delete()
    assert Institution.objects.filter(name="UNHCR").exists()


def test_an_unused_institution_can_be_deleted():
    InstitutionFactory(name="Inutilisée").delete()
    assert not Institution.objects.filter(name="Inutilisée").exists()


def test_the_admin_shows_the_cannot_delete_page_for_a_linked_institution(admin_client):
    institution = InstitutionFactory(name="BIT")
    SessionFactory().organisers.add(institution)
    url = f"/admin/programmes/institution/{institution.pk}/delete/"
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert "Impossible de supprimer" in response.content.decode()
    assert Institution.objects.filter(pk=institution.pk).exists()
