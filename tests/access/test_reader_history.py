"""Readers see no draft anywhere, the history of a validated record included;
an account without a role gets no API token."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from access.models import ReviewState
from tests.factories import SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def validated_after_a_draft(staff):
    session = SessionFactory(title="Brouillon confidentiel", women=3, men=2)
    session.title = "Formation des travailleurs sociaux"
    session.review_state = ReviewState.VALIDATED
    session.save()
    return session


def test_a_reader_sees_only_validated_versions_in_a_history(client, reader, validated_after_a_draft):
    client.force_login(reader)
    url = reverse("admin:trainings_session_history", args=[validated_after_a_draft.pk])

    page = client.get(url)

    assert page.status_code == 200
    text = page.content.decode()
    assert "Formation des travailleurs sociaux" in text
    assert "Brouillon confidentiel" not in text


def test_a_reader_cannot_open_a_draft_version(client, reader, validated_after_a_draft):
    client.force_login(reader)
    draft = validated_after_a_draft.history.get(review_state=ReviewState.DRAFT)
    url = reverse(
        "admin:trainings_session_simple_history", args=[validated_after_a_draft.pk, draft.history_id]
    )

    assert client.get(url).status_code == 404


def test_staff_see_every_version(client, staff, validated_after_a_draft):
    client.force_login(staff)
    draft = validated_after_a_draft.history.get(review_state=ReviewState.DRAFT)
    url = reverse(
        "admin:trainings_session_simple_history", args=[validated_after_a_draft.pk, draft.history_id]
    )

    page = client.get(url)

    assert page.status_code == 200
    assert "Brouillon confidentiel" in page.content.decode()


def test_an_account_without_a_role_gets_no_api_token():
    api = APIClient()
    api.force_authenticate(UserFactory(username="sans.role", is_staff=True))

    response = api.post("/api/v1/auth/token/")

    assert response.status_code == 403
    assert response.json() == {"detail": "Votre compte n'a aucun rôle dans SNIA Suivi."}
