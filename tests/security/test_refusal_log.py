"""Each 403 is one line in the log — who, what, why — and never a traceback:
Django's own records of the same refusal are dropped."""

import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import path, reverse
from rest_framework.test import APIClient

from tests.factories import MeetingFactory


def refuse(request):
    raise PermissionDenied("Réservé au personnel du MDCMRE.")


# Used by the test marked with pytest.mark.urls below.
urlpatterns = [path("refus/", refuse)]


def records(caplog) -> list[tuple[str, str, object]]:
    # Every request's access line (snia.access) is tested in tests/production.
    return [(r.name, r.getMessage(), r.exc_info) for r in caplog.records if r.name != "snia.access"]


@pytest.mark.django_db
def test_a_refusal_in_the_admin_is_one_line_without_traceback(client, reader, caplog):
    caplog.set_level(logging.INFO)
    client.force_login(reader)

    response = client.get(reverse("admin:committees_meeting_add"), REMOTE_ADDR="196.200.1.10")

    assert response.status_code == 403
    assert records(caplog) == [
        (
            "snia.security",
            "Access refused (403): user='lecteur' ip=196.200.1.10 method=GET "
            "path=/admin/committees/meeting/add/ reason='-'",
            None,
        )
    ]


@pytest.mark.django_db
@pytest.mark.urls("tests.security.test_refusal_log")
def test_the_line_says_why_when_the_refusal_does(client, reader, caplog):
    caplog.set_level(logging.INFO)
    client.force_login(reader)

    response = client.post("/refus/", REMOTE_ADDR="196.200.1.10")

    assert response.status_code == 403
    assert records(caplog) == [
        (
            "snia.security",
            "Access refused (403): user='lecteur' ip=196.200.1.10 method=POST path=/refus/ "
            "reason='Réservé au personnel du MDCMRE.'",
            None,
        )
    ]


def test_an_api_refusal_says_why_once(focal_cp4, cp4, caplog):
    caplog.set_level(logging.INFO)
    meeting = MeetingFactory(committee=cp4, review_state="submitted")
    api = APIClient()
    api.force_authenticate(focal_cp4)

    response = api.post(f"/api/v1/meetings/{meeting.pk}/approve/", REMOTE_ADDR="41.250.3.7")

    assert response.status_code == 403
    assert records(caplog) == [
        (
            "snia.security",
            f"Access refused (403): user='pf.cp4' ip=41.250.3.7 method=POST "
            f"path=/api/v1/meetings/{meeting.pk}/approve/ "
            "reason='Seul le personnel du MDCMRE peut valider ou renvoyer.'",
            None,
        )
    ]


@pytest.mark.django_db
def test_a_csrf_failure_is_one_line_with_its_reason(staff, caplog):
    caplog.set_level(logging.INFO)
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)

    response = client.post(reverse("admin:logout"), REMOTE_ADDR="41.250.3.7")

    assert response.status_code == 403
    assert records(caplog) == [
        (
            "snia.security",
            "Access refused (403): user='suivi' ip=41.250.3.7 method=POST path=/admin/logout/ "
            "reason='CSRF cookie not set.'",
            None,
        )
    ]
