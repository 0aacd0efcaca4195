"""Hostile input answers 4xx, never 5xx: each case was a 500 on PostgreSQL
(NUL characters, integers out of range, lookups typed into the address, bad
ids, JSON nested a thousand levels deep)."""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from tests.admin import admin_url, page_text
from tests.factories import InstitutionFactory, MeetingFactory, SessionFactory
from trainings.models import Session

NUL_REFUSED = "Le caractère nul n’est pas autorisé."
DEEP_JSON = "[" * 1000 + "]" * 1000


@pytest.fixture
def records(db, cp2):
    session = SessionFactory(
        title="Formation des magistrats", city="Rabat", start_date=datetime.date(2020, 3, 2)
    )
    meeting = MeetingFactory(committee=cp2, date=datetime.date(2020, 3, 10))
    return {"session": session, "meeting": meeting}


# NUL characters: refused before any query, wherever they are.


@pytest.mark.parametrize(
    "url",
    [
        "/admin/trainings/session/?city=%00",
        "/admin/trainings/session/?review_state=%00",
        "/admin/trainings/session/?q=Rabat%00",
        "/admin/autocomplete/?app_label=trainings&model_name=session&field_name=organisers&term=%00",
        "/committees/minutes/cr%00.pdf",
    ],
)
def test_a_nul_character_in_the_address_is_a_400(admin_client, records, url):
    response = admin_client.get(url)

    assert response.status_code == 400
    assert NUL_REFUSED in page_text(response)


def test_a_nul_character_in_a_posted_form_is_a_400(admin_client, records):
    response = admin_client.post(admin_url(Session, "add"), {"title": "Atelier\x00", "year": "2020"})

    assert response.status_code == 400
    assert Session.objects.count() == 1


def test_a_nul_character_in_a_cookie_is_a_400(client, records):
    client.cookies["sessionid"] = "abcdefgh\x00"

    assert client.get("/admin/").status_code == 400


def test_a_nul_character_in_an_api_parameter_names_the_parameter(staff, records, client):
    client.force_login(staff)

    response = client.get("/api/v1/meetings/", {"place": "Rabat\x00"})

    assert (response.status_code, response.json()) == (400, {"place": [NUL_REFUSED]})


# Numbers out of range, lookups the admin does not offer, bad ids.


@pytest.mark.parametrize(
    "url",
    [
        "/admin/committees/meeting/?year=99999999999999999999",
        "/admin/trainings/session/?start_date__year=99999999999",
        "/admin/trainings/session/?start_date__year=2020&start_date__month=99999999999",
    ],
)
def test_a_number_out_of_range_in_a_filter_shows_the_admins_error(admin_client, records, url):
    response = admin_client.get(url)

    assert (response.status_code, response["Location"]) == (302, url.split("?")[0] + "?e=1")


def test_a_number_out_of_range_for_a_field_finds_nothing(admin_client, records):
    response = admin_client.get("/admin/trainings/session/?year__exact=99999999999999999999")

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []


@pytest.mark.parametrize(
    "query",
    ["title__regex=(", "title__regex=a", "author__password__startswith=p", "pk__in=abc", "women__gt=1"],
)
def test_the_admin_refuses_lookups_it_does_not_offer(admin_client, records, query):
    response = admin_client.get(f"/admin/trainings/session/?{query}")

    assert (response.status_code, response["Location"]) == (302, "/admin/trainings/session/?e=1")


@pytest.mark.parametrize(
    "query",
    [
        "city=Rabat",
        "city__exact=Rabat",
        "review_state__exact=draft",
        "year__exact=2020",
        "start_date__year=2020",
    ],
)
def test_the_filters_the_admin_offers_still_work(admin_client, records, query):
    response = admin_client.get(f"/admin/trainings/session/?{query}")

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [records["session"]]


def test_a_bad_id_in_a_bulk_action_is_a_message(admin_client, records):
    response = admin_client.post(
        admin_url(Session, "changelist"),
        {"action": "submit_selected", ACTION_CHECKBOX_NAME: ["abc", str(records["session"].pk)]},
        follow=True,
    )

    assert response.status_code == 200
    assert "Sélection invalide : rien n’a été fait." in page_text(response)
    records["session"].refresh_from_db()
    assert records["session"].review_state == "draft"


@pytest.mark.parametrize("bad_id", ["abc", "99999999999999999999", "-1"])
def test_a_bad_id_in_an_autocomplete_field_is_a_form_error(admin_client, records, bad_id):
    InstitutionFactory(name="OIM")
    response = admin_client.post(
        admin_url(Session, "add"),
        {"kind": "training", "title": "Atelier", "year": "2020", "organisers": [bad_id]},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["organisers"]


# JSON nested a thousand levels deep.


@pytest.mark.parametrize(
    "role, path",
    [("staff", "/api/v1/sessions/"), ("reader", "/api/v1/sessions/{pk}/return/")],
)
def test_deeply_nested_json_is_a_400(request, client, records, role, path):
    client.force_login(request.getfixturevalue(role))

    response = client.post(path.format(pk=records["session"].pk), DEEP_JSON, content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {"detail": "JSON trop profondément imbriqué (20 niveaux au plus)."}


def test_json_nested_within_the_limit_is_read(client, staff, records):
    client.force_login(staff)
    body = {"title": "Atelier", "ignored": [[[[1]]]]}

    response = client.post("/api/v1/sessions/", body, content_type="application/json")

    assert response.status_code == 400
    assert "kind" in response.json()
