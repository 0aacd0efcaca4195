"""What a focal point may pick in a form: their committees, the actions their
institution leads, and a session their institution organises — in the form's
choices, in the autocomplete and in the list filters alike."""

import datetime

from committees.models import Meeting
from programmes.models import ActionProgress
from tests.admin import admin_url
from tests.factories import ActionFactory, CommitteeFactory, MeetingFactory
from trainings.models import Session


def autocomplete(client, model_name: str, field_name: str, app_label: str = "committees") -> list[str]:
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": ""},
    )
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]


def test_meeting_committee_autocomplete_offers_a_focal_point_only_their_committees(
    focal_client, staff_client, cp2, cp4
):
    assert autocomplete(focal_client, "meeting", "committee") == ["CP2"]
    assert autocomplete(staff_client, "meeting", "committee") == ["CP2", "CP4"]


def test_progress_action_autocomplete_offers_the_actions_their_institution_leads(
    focal_client, health_ministry
):
    ActionFactory(code="11.12", title="Former les soignants").lead_institutions.add(health_ministry)
    ActionFactory(code="11.13", title="Autre")

    assert autocomplete(focal_client, "actionprogress", "action", "programmes") == [
        "11.12 Former les soignants"
    ]


def test_the_committee_field_refuses_another_committee(focal_client, cp2, cp4):
    page = focal_client.get(admin_url(Meeting, "add"))
    response = focal_client.post(
        admin_url(Meeting, "add"), {"committee": str(cp4.pk), "date": "10/06/2020", "mode": "online"}
    )

    assert list(page.context["adminform"].form.fields["committee"].queryset) == [cp2]
    assert response.context["adminform"].form.errors["committee"] == [
        "Sélectionnez un choix valide. Ce choix ne fait pas partie de ceux disponibles."
    ]
    assert Meeting.objects.count() == 0


def test_a_focal_points_session_must_name_their_institution_among_its_organisers(
    focal_client, iom, health_ministry
):
    data = {
        "kind": "training",
        "title": "Formation",
        "year": "2020",
        "women": "1",
        "men": "1",
        "unrecorded": "0",
    }

    without = focal_client.post(admin_url(Session, "add"), {**data, "organisers": [str(iom.pk)]})
    with_it = focal_client.post(
        admin_url(Session, "add"), {**data, "organisers": [str(iom.pk), str(health_ministry.pk)]}
    )

    assert without.context["adminform"].form.errors["organisers"] == [
        "Votre institution (Ministère de la Santé) doit figurer parmi les organisateurs."
    ]
    assert with_it.status_code == 302
    assert Session.objects.get().author.username == "pf.cp2"


def test_progress_for_an_action_led_by_another_institution_is_refused(focal_client):
    other = ActionFactory(code="11.13")

    response = focal_client.post(
        admin_url(ActionProgress, "add"), {"action": str(other.pk), "year": "2020", "status": "completed"}
    )

    assert response.status_code == 200
    assert ActionProgress.objects.count() == 0


def test_list_filters_offer_only_what_the_focal_point_reaches(focal_client, focal_cp2, cp2, cp4):
    cp1 = CommitteeFactory(code="CP1")
    focal_cp2.focal_point.committees.add(cp1)
    MeetingFactory(committee=cp1, date=datetime.date(2021, 6, 10))
    MeetingFactory(committee=cp2, date=datetime.date(2020, 6, 10))
    MeetingFactory(committee=cp4, date=datetime.date(2019, 6, 10))

    response = focal_client.get(admin_url(Meeting, "changelist"))

    filters = {
        spec.title: [choice["display"] for choice in spec.choices(response.context["cl"])]
        for spec in response.context["cl"].filter_specs
    }
    assert filters["année"] == ["Tout", "2021", "2020"]
    assert filters["comité"] == ["Tout", "CP1", "CP2"]
