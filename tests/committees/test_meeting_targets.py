"""A committee's meeting target is set by MDCMRE staff for one year
(committees.MeetingTarget): none by default, one per committee and year,
frozen with its year, in the admin in French with its history, read in the API."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from rest_framework.test import APIClient

from committees.models import Committee, MeetingTarget
from reports.models import ReportingYear, YearClosedError
from tests.admin import admin_url, visible_text
from tests.demo_snapshot import load_demo
from tests.factories import MeetingTargetFactory


@pytest.mark.django_db
def test_one_target_per_committee_and_year(cp4):
    MeetingTargetFactory(committee=cp4, year=2020, expected=4)
    MeetingTargetFactory(committee=cp4, year=2021, expected=6)

    with pytest.raises(ValidationError) as refused:
        MeetingTarget(committee=cp4, year=2020, expected=5).full_clean()

    assert refused.value.messages == ["Ce comité a déjà un objectif de réunions pour cette année."]


@pytest.mark.django_db
def test_a_target_counts_at_least_one_meeting(cp4):
    with pytest.raises(ValidationError) as refused:
        MeetingTarget(committee=cp4, year=2020, expected=0).full_clean()

    assert refused.value.message_dict == {
        "expected": ["Assurez-vous que cette valeur est supérieure ou égale à 1."]
    }


@pytest.mark.django_db
def test_a_target_counts_at_most_one_meeting_a_day(cp4):
    with pytest.raises(ValidationError) as refused:
        MeetingTarget(committee=cp4, year=2020, expected=367).full_clean()
    assert refused.value.message_dict == {
        "expected": ["Assurez-vous que cette valeur est inférieure ou égale à 366."]
    }


@pytest.mark.django_db
def test_a_closed_years_target_cannot_be_set_changed_or_deleted(cp2, cp4, staff):
    target = MeetingTargetFactory(committee=cp4, year=2020, expected=4)
    ReportingYear.objects.get_or_create(year=2020)[0].close(staff)

    target.expected = 3
    with pytest.raises(YearClosedError, match="L'année 2020 est clôturée"), transaction.atomic():
        target.save()
    with pytest.raises(YearClosedError), transaction.atomic():
        target.delete()
    with pytest.raises(YearClosedError), transaction.atomic():
        MeetingTargetFactory(committee=cp2, year=2020)

    assert list(MeetingTarget.objects.values_list("committee__code", "year", "expected")) == [
        ("CP4", 2020, 4)
    ]
    # The next year stays open.
    MeetingTargetFactory(committee=cp4, year=2021, expected=4)


@pytest.mark.django_db
def test_staff_set_a_target_in_the_admin_in_french_with_its_history(staff, cp4):
    client = Client()
    client.force_login(staff)

    form = visible_text(client.get(admin_url(MeetingTarget, "add")))
    response = client.post(
        admin_url(MeetingTarget, "add"), {"committee": cp4.pk, "year": 2021, "expected": 4}
    )

    assert "Ajout : objectif de réunions" in form
    assert "Réunions prévues" in form
    assert "Nombre de réunions que le comité doit tenir dans l'année, tel que fixé par le MDCMRE." in form
    assert response.status_code == 302
    target = MeetingTarget.objects.get()
    assert (target.committee, target.year, target.expected) == (cp4, 2021, 4)
    assert [(row.history_type, row.history_user.username) for row in target.history.all()] == [("+", "suivi")]
    # A target opens its year, like any record of the year.
    assert ReportingYear.objects.filter(year=2021).exists()
    # The committee's page lists its targets by year.
    committee_page = visible_text(client.get(admin_url(Committee, "change", cp4.pk)))
    assert "Objectifs de réunions par année" in committee_page
    assert "2021 4" in committee_page


@pytest.mark.django_db
def test_a_focal_point_reads_targets_but_cannot_set_one(focal_cp2, cp2):
    MeetingTargetFactory(committee=cp2, year=2020, expected=4)
    client = Client()
    client.force_login(focal_cp2)

    assert client.get(admin_url(MeetingTarget, "changelist")).status_code == 200
    assert client.get(admin_url(MeetingTarget, "add")).status_code == 403


@pytest.mark.django_db
def test_the_committees_api_lists_the_targets_by_year_and_documents_them(reader, cp4, cp2):
    MeetingTargetFactory(committee=cp4, year=2020, expected=4)
    MeetingTargetFactory(committee=cp4, year=2021, expected=6)
    api = APIClient()
    api.force_authenticate(reader)

    committees = api.get("/api/v1/committees/").json()["results"]
    schema = api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    by_code = {committee["code"]: committee for committee in committees}
    assert by_code["CP4"]["meeting_targets"] == [{"year": 2021, "expected": 6}, {"year": 2020, "expected": 4}]
    assert by_code["CP2"]["meeting_targets"] == []
    assert "expected_meetings_per_year" not in by_code["CP4"]
    committee_schema = schema["components"]["schemas"]["Committee"]["properties"]
    assert committee_schema["meeting_targets"]["readOnly"] is True
    assert schema["components"]["schemas"]["MeetingTarget"]["required"] == ["expected", "year"]


@pytest.mark.django_db
def test_the_demo_sets_no_target_for_2020():
    load_demo()

    assert not MeetingTarget.objects.exists()
