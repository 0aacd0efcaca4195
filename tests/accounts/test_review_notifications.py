"""A submission mails MDCMRE staff; a validation or a return mails the author,
with the reviewer's comment. Only once the transition has committed."""

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client
from rest_framework.test import APIClient

from access.models import ReviewState
from access.roles import Role
from accounts.models import UserProfile
from tests.factories import SessionFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(focal_cp2, health_ministry):
    """A draft of pf.cp2 (Ministère de la Santé), organised by their institution."""
    session = SessionFactory(title="Atelier santé des migrants", author=focal_cp2)
    session.organisers.set([health_ministry])
    return session


def sent() -> list[tuple[str, list[str]]]:
    return sorted((message.subject, message.to) for message in mail.outbox)


def test_a_submission_mails_every_mdcmre_staff_member(
    session, focal_cp2, staff, administrator, reader, django_capture_on_commit_callbacks
):
    focal_cp2.first_name, focal_cp2.last_name = "Salma", "Idrissi"
    focal_cp2.save()
    UserFactory(username="superviseur", is_superuser=True, is_staff=True)

    with django_capture_on_commit_callbacks(execute=True):
        session.submit(focal_cp2)

    subject = "[SNIA Suivi] Soumis pour validation : Atelier santé des migrants"
    assert sent() == [
        (subject, ["administrateur@example.ma"]),
        (subject, ["suivi@example.ma"]),
        (subject, ["superviseur@example.ma"]),
    ]
    body = mail.outbox[0].body
    assert (
        "Salma Idrissi (Ministère de la Santé) a soumis pour validation : "
        "session ou événement « Atelier santé des migrants »." in body
    )
    assert f"https://snia.example.ma/admin/trainings/session/{session.pk}/change/" in body
    assert "« Mon compte » sur https://snia.example.ma/comptes/" in body


def test_nobody_is_told_of_their_own_act_nor_without_address_inactive_or_opted_out(
    session, staff, administrator, django_capture_on_commit_callbacks
):
    silent = user_with_role("sans-adresse", Role.STAFF)
    silent.email = ""
    silent.save()
    UserProfile.objects.filter(user=administrator).update(notifications=False)
    gone = user_with_role("parti", Role.STAFF)
    gone.is_active = False
    gone.save()

    with django_capture_on_commit_callbacks(execute=True):
        session.submit(staff)  # staff submit it themselves

    assert mail.outbox == []


def test_validation_mails_the_author(session, focal_cp2, staff, django_capture_on_commit_callbacks):
    session.submit(focal_cp2)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        session.approve(staff)

    assert sent() == [("[SNIA Suivi] Validé : Atelier santé des migrants", ["pf.cp2@example.ma"])]
    assert "suivi a validé : session ou événement « Atelier santé des migrants »." in mail.outbox[0].body


def test_a_return_mails_the_author_with_the_comment(
    session, focal_cp2, staff, django_capture_on_commit_callbacks
):
    session.submit(focal_cp2)

    with django_capture_on_commit_callbacks(execute=True):
        session.return_to_author(staff, "Ajoutez le nombre de femmes.")

    subject = "[SNIA Suivi] Renvoyé pour correction : Atelier santé des migrants"
    assert sent() == [(subject, ["pf.cp2@example.ma"])]
    body = mail.outbox[0].body
    assert "Commentaire :\nAjoutez le nombre de femmes.\n" in body
    assert f"https://snia.example.ma/admin/trainings/session/{session.pk}/change/" in body


def test_an_author_with_notifications_off_gets_nothing(
    session, focal_cp2, staff, django_capture_on_commit_callbacks
):
    UserProfile.objects.filter(user=focal_cp2).update(notifications=False)
    session.submit(focal_cp2)

    with django_capture_on_commit_callbacks(execute=True):
        session.return_to_author(staff, "Ajoutez le nombre de femmes.")

    assert mail.outbox == []


def test_a_transition_rolled_back_sends_nothing(session, focal_cp2, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            session.submit(focal_cp2)
            raise RuntimeError("the surrounding work failed")

    assert (callbacks, mail.outbox) == ([], [])
    session.refresh_from_db()
    assert session.review_state == ReviewState.DRAFT


def test_a_refused_transition_sends_nothing(session, focal_cp2, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(Exception, match="Seul le personnel du MDCMRE"):
            session.approve(focal_cp2)

    assert (callbacks, mail.outbox) == ([], [])


def test_the_admin_and_the_api_notify_alike(session, focal_cp2, staff, django_capture_on_commit_callbacks):
    admin = Client()
    admin.force_login(focal_cp2)
    api = APIClient()
    api.force_authenticate(staff)

    with django_capture_on_commit_callbacks(execute=True):
        admin.post(f"/admin/trainings/session/{session.pk}/validation/soumettre/")
    with django_capture_on_commit_callbacks(execute=True):
        api.post(f"/api/v1/sessions/{session.pk}/approve/")

    assert sent() == [
        ("[SNIA Suivi] Soumis pour validation : Atelier santé des migrants", ["suivi@example.ma"]),
        ("[SNIA Suivi] Validé : Atelier santé des migrants", ["pf.cp2@example.ma"]),
    ]
