"""A focal point reaches only their own records through the API, by list or by id,
and can neither create into nor move a record to what they cannot see."""

import datetime

import pytest

from committees.models import Meeting
from programmes.models import ActionProgress
from trainings.models import Session

pytestmark = pytest.mark.django_db


def test_lists_hold_only_the_callers_records(api, focal_cp4, world):
    client = api(focal_cp4)
    assert [m["committee"] for m in client.get("/api/v1/meetings/").json()["results"]] == ["CP4"]
    assert [s["title"] for s in client.get("/api/v1/sessions/").json()["results"]] == [
        "Formation des magistrats"
    ]
    assert [p["action"] for p in client.get("/api/v1/progress/").json()["results"]] == ["11.12"]


def test_staff_list_everything_and_readers_the_validated_records(api, staff, reader, world):
    assert api(staff).get("/api/v1/meetings/").json()["count"] == 2
    assert api(staff).get("/api/v1/sessions/").json()["count"] == 2
    assert api(reader).get("/api/v1/meetings/").json()["count"] == 0
    assert api(reader).get("/api/v1/sessions/").json()["count"] == 0
    Session.objects.filter(pk=world["iom_session"].pk).update(review_state="validated")
    assert [row["title"] for row in api(reader).get("/api/v1/sessions/").json()["results"]] == [
        "Formation des magistrats"
    ]


@pytest.mark.parametrize(
    ("endpoint", "record"),
    [("meetings", "cp2_meeting"), ("sessions", "health_session"), ("progress", "health_progress")],
)
def test_a_record_out_of_scope_answers_as_if_it_did_not_exist(api, focal_cp4, world, endpoint, record):
    client = api(focal_cp4)
    target = world[record]
    url = f"/api/v1/{endpoint}/{target.pk}/"
    missing = f"/api/v1/{endpoint}/999999/"
    for path in (url, missing):
        assert client.get(path).status_code == 404
        assert client.patch(path, {"version": 1}, format="json").status_code == 404
        assert client.delete(path).status_code == 404
        assert client.post(f"{path}submit/").status_code == 404
    assert client.get(url).json() == client.get(missing).json() == {"detail": "Non trouvé."}
    assert type(target).objects.filter(pk=target.pk).exists()


def test_a_focal_point_cannot_log_a_meeting_of_another_committee(api, focal_cp4, world):
    response = api(focal_cp4).post(
        "/api/v1/meetings/", {"committee": "CP2", "date": "2020-09-01", "mode": "online"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"committee": ["L'objet avec code=CP2 n'existe pas."]}
    assert not Meeting.objects.filter(date=datetime.date(2020, 9, 1)).exists()


def test_a_focal_point_cannot_move_a_meeting_to_another_committee(api, focal_cp4, world):
    meeting = world["cp4_meeting"]
    response = api(focal_cp4).patch(
        f"/api/v1/meetings/{meeting.pk}/", {"committee": "CP2", "version": meeting.version}, format="json"
    )
    assert response.status_code == 400
    meeting.refresh_from_db()
    assert meeting.committee.code == "CP4"


def test_a_focal_points_session_must_name_their_institution(api, focal_cp4, world, health_ministry):
    response = api(focal_cp4).post(
        "/api/v1/sessions/",
        {"kind": "training", "title": "Hors périmètre", "year": 2020, "organisers": [health_ministry.pk]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "organisers": ["Votre institution (OIM) doit figurer parmi les organisateurs."]
    }
    assert not Session.objects.filter(title="Hors périmètre").exists()


def test_a_focal_point_cannot_take_their_institution_off_a_session(api, focal_cp4, world, health_ministry):
    session = world["iom_session"]
    response = api(focal_cp4).patch(
        f"/api/v1/sessions/{session.pk}/",
        {"organisers": [health_ministry.pk], "version": session.version},
        format="json",
    )
    assert response.status_code == 400
    assert list(session.organisers.values_list("acronym", flat=True)) == ["OIM"]


def test_staff_may_record_a_session_for_any_institution(api, staff, world, health_ministry):
    response = api(staff).post(
        "/api/v1/sessions/",
        {"kind": "training", "title": "Pour le ministère", "year": 2020, "organisers": [health_ministry.pk]},
        format="json",
    )
    assert response.status_code == 201


def test_a_focal_point_reports_only_on_actions_their_institution_leads(api, focal_cp4, world):
    response = api(focal_cp4).post("/api/v1/progress/", {"action": "11.13", "year": 2021}, format="json")
    assert response.status_code == 400
    assert response.json() == {"action": ["L'objet avec code=11.13 n'existe pas."]}
    assert not ActionProgress.objects.filter(year=2021).exists()


def test_a_focal_point_reads_reference_data_but_no_report_content(api, focal_cp4, world):
    client = api(focal_cp4)
    assert client.get("/api/v1/institutions/").json()["count"] == 2
    assert client.get("/api/v1/actions/").json()["count"] == 2
    assert client.get("/api/v1/narrative-sections/").status_code == 403


def test_the_refusal_says_why_a_visible_record_cannot_be_changed(api, focal_cp4, reader, world):
    meeting = world["cp4_meeting"]
    url = f"/api/v1/meetings/{meeting.pk}/"
    Meeting.objects.filter(pk=meeting.pk).update(review_state="validated")
    response = api(focal_cp4).patch(url, {"place": "Rabat", "version": meeting.version}, format="json")
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Cet élément est validé : seul le personnel du MDCMRE peut encore le modifier."
    }
    Meeting.objects.filter(pk=meeting.pk).update(review_state="submitted")
    response = api(focal_cp4).delete(url)
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Cet élément est soumis pour validation : seul le personnel du MDCMRE peut le modifier."
    }
    Meeting.objects.filter(pk=meeting.pk).update(review_state="validated")
    response = api(reader).get(url)
    assert response.status_code == 200
    assert api(reader).patch(url, {"place": "Rabat"}, format="json").json() == {
        "detail": "Vous n'avez pas la permission d'effectuer cette action."
    }
