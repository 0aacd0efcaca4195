"""Create, read, update and delete on every endpoint (as MDCMRE staff), and the
filters, search, ordering and pages of every list."""

import datetime

import pytest

from committees.models import Committee, Meeting
from programmes.models import Action, ActionProgress, Institution, Programme, Project, SpecificObjective
from reports.models import NarrativeSection, ReportingYear, ReportItem
from tests.factories import MeetingFactory, SessionFactory
from trainings.models import Session

pytestmark = pytest.mark.django_db

# endpoint: (model, create payload, field changed by the update and its new value)
CRUD = {
    "programmes": (
        Programme,
        {"number": 6, "kind": "sectoral", "name": "Formation professionnelle"},
        ("purpose", "Former."),
    ),
    "specific-objectives": (
        SpecificObjective,
        {"number": 24, "programme": 11, "title": "Gouvernance"},
        ("title", "Piloter"),
    ),
    "actions": (
        Action,
        {"code": "11.14", "programme": 11, "title": "Informer"},
        ("title", "Informer le public"),
    ),
    "institutions": (Institution, {"name": "ENABEL", "kind": "cooperation"}, ("acronym", "ENABEL")),
    "projects": (Project, {"name": "DEPOMI", "acronym": "DEPOMI"}, ("acronym", "DEP")),
    "committees": (
        Committee,
        {"code": "CoPil", "name": "Comité de pilotage", "kind": "steering"},
        ("chair", "MDCMRE"),
    ),
    "meetings": (
        Meeting,
        {"committee": "CP2", "date": "2020-10-20", "mode": "online", "chair": "MDCMRE"},
        ("place", "Rabat"),
    ),
    "sessions": (
        Session,
        {"kind": "seminar", "title": "Séminaire ENSA", "year": 2020, "women": 65, "men": 38},
        ("city", "Oujda"),
    ),
    "progress": (
        ActionProgress,
        {"action": "11.13", "year": 2021, "status": "in_progress"},
        ("narrative", "Avancé."),
    ),
    "narrative-sections": (
        NarrativeSection,
        {"programme": 11, "year": 2020, "heading": "b- Formation", "body": "Texte."},
        ("body", "Autre texte."),
    ),
    "report-items": (
        ReportItem,
        {"programme": 11, "year": 2020, "kind": "recommendation", "position": 1, "text": "Renforcer."},
        ("text", "Renforcer encore."),
    ),
}


@pytest.mark.parametrize("endpoint", list(CRUD))
def test_staff_create_read_update_and_delete(api, staff, world, endpoint):
    model, payload, (field, value) = CRUD[endpoint]
    client = api(staff)
    created = client.post(f"/api/v1/{endpoint}/", payload, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    key = body.get("id", body.get("number"))
    url = f"/api/v1/{endpoint}/{key}/"
    assert {name: body[name] for name in payload} == payload
    assert client.get(url).json() == body
    updated = client.patch(url, {field: value, "version": body["version"]}, format="json")
    assert updated.status_code == 200
    assert updated.json()[field] == value
    assert updated.json()["version"] == body["version"] + 1
    assert client.delete(url).status_code == 204
    assert not model.objects.filter(pk=key).exists()
    assert client.get(url).status_code == 404


def test_a_reporting_year_is_created_then_read_by_its_number(api, staff, world):
    client = api(staff)
    assert client.post("/api/v1/years/", {"year": 2021}, format="json").status_code == 201
    assert client.get("/api/v1/years/2021/").json() == {
        "year": 2021,
        "is_closed": False,
        "closed_at": None,
        "closed_by": None,
        "is_closing": False,
        "closing_error": "",
    }
    assert client.post("/api/v1/years/", {"year": 2021}, format="json").status_code == 400
    assert ReportingYear.objects.filter(year=2021).count() == 1


def test_a_full_update_replaces_the_many_to_many_choices(api, staff, world, iom, health_ministry):
    session = world["iom_session"]
    payload = {
        "kind": "training",
        "title": "Formation des magistrats",
        "year": 2020,
        "organisers": [health_ministry.pk],
        "actions": ["11.12", "11.13"],
        "women": 12,
        "men": 8,
        "version": session.version,
    }
    response = api(staff).put(f"/api/v1/sessions/{session.pk}/", payload, format="json")
    assert response.status_code == 200
    assert (response.json()["organisers"], response.json()["actions"]) == (
        [health_ministry.pk],
        ["11.12", "11.13"],
    )


def titles(client, url: str, key: str = "title") -> list:
    response = client.get(url)
    assert response.status_code == 200, response.content
    return [row[key] for row in response.json()["results"]]


@pytest.fixture
def more_sessions(world, iom, health_ministry):
    online = SessionFactory(
        title="Webinaire juridique",
        kind="webinar",
        online=True,
        start_date=datetime.date(2020, 11, 5),
        review_state="validated",
    )
    online.organisers.set([iom])
    SessionFactory(title="Session 2021", year=2021, city="Rabat")
    return online


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("year=2021", ["Session 2021"]),
        ("programme=11", ["Atelier santé", "Formation des magistrats"]),
        ("programme=3", []),
        ("osp=26", ["Atelier santé", "Formation des magistrats"]),
        ("action=11.12", ["Formation des magistrats"]),
        ("institution={iom}", ["Formation des magistrats", "Webinaire juridique"]),
        ("project={project}", ["Formation des magistrats"]),
        ("kind=webinar", ["Webinaire juridique"]),
        ("city=rabat", ["Formation des magistrats", "Session 2021"]),
        ("online=true", ["Webinaire juridique"]),
        ("date_from=2020-11-01&date_to=2020-11-30", ["Webinaire juridique"]),
        ("review_state=validated", ["Webinaire juridique"]),
        ("search=magistrats", ["Formation des magistrats"]),
        ("search=11.13", ["Atelier santé"]),
    ],
)
def test_sessions_filter(api, staff, world, more_sessions, iom, query, expected):
    query = query.format(iom=iom.pk, project=world["project"].pk)
    assert sorted(titles(api(staff), f"/api/v1/sessions/?{query}")) == sorted(expected) or query.startswith(
        "ordering"
    )
    if query.startswith("ordering"):
        assert titles(api(staff), f"/api/v1/sessions/?{query}") == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("year=2020", ["CP4", "CP2"]),
        ("year=2021", ["CP2"]),
        ("committee=CP4", ["CP4"]),
        ("institution={iom}", ["CP4"]),
        ("programme=11", ["CP4"]),
        ("date_from=2020-04-01&date_to=2020-12-31", ["CP4"]),
        ("review_state=submitted", ["CP2"]),
        ("mode=in_person", ["CP2"]),
        ("ordering=date", ["CP2", "CP4", "CP2"]),
    ],
)
def test_meetings_filter(api, staff, world, iom, cp2, query, expected):
    world["cp4_meeting"].participants.set([iom])
    world["cp4_meeting"].committee.programmes.set([world["programme"]])
    MeetingFactory(committee=cp2, date=datetime.date(2021, 1, 12), mode="in_person", review_state="submitted")
    query = query.format(iom=iom.pk)
    assert titles(api(staff), f"/api/v1/meetings/?{query}", key="committee") == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("year=2020", ["11.12", "11.13"]),
        ("year=2019", []),
        ("programme=11", ["11.12", "11.13"]),
        ("osp=26", ["11.12", "11.13"]),
        ("action=11.13", ["11.13"]),
        ("institution={iom}", ["11.12"]),
        ("status=completed", ["11.13"]),
        ("review_state=draft", ["11.12"]),
        ("search=cours", ["11.12"]),
    ],
)
def test_progress_filters(api, staff, world, iom, query, expected):
    ActionProgress.objects.filter(pk=world["health_progress"].pk).update(
        status="completed", review_state="validated"
    )
    assert titles(api(staff), f"/api/v1/progress/?{query.format(iom=iom.pk)}", key="action") == expected


@pytest.mark.parametrize(
    ("url", "key", "expected"),
    [
        ("/api/v1/programmes/?kind=sectoral", "number", [3]),
        ("/api/v1/programmes/?search=Santé", "number", [3]),
        ("/api/v1/programmes/?ordering=-number", "number", [11, 3]),
        ("/api/v1/specific-objectives/?programme=11", "number", [26]),
        ("/api/v1/specific-objectives/?programme=3", "number", []),
        ("/api/v1/actions/?programme=11&osp=26", "code", ["11.12", "11.13"]),
        ("/api/v1/actions/?institution={iom}", "code", ["11.12"]),
        ("/api/v1/actions/?code=11.13", "code", ["11.13"]),
        ("/api/v1/actions/?search=sensibiliser", "code", ["11.13"]),
        ("/api/v1/institutions/?committee=CP4", "acronym", ["OIM"]),
        ("/api/v1/institutions/?kind=international", "acronym", []),
        ("/api/v1/institutions/?search=OIM", "acronym", ["OIM"]),
        ("/api/v1/projects/?institution={iom}", "acronym", ["PAGIM"]),
        ("/api/v1/projects/?search=appui", "acronym", ["PAGIM"]),
        ("/api/v1/committees/?institution={iom}", "code", ["CP4"]),
        ("/api/v1/committees/?kind=steering", "code", []),
        ("/api/v1/narrative-sections/?year=2020&programme=11", "heading", ["Coordination"]),
        ("/api/v1/narrative-sections/?year=2021", "heading", []),
        ("/api/v1/report-items/?kind=challenge&year=2020", "text", ["Contexte sanitaire."]),
        ("/api/v1/report-items/?kind=measure", "text", []),
        ("/api/v1/years/?closed=false", "year", [2020]),
        ("/api/v1/years/?closed=true", "year", []),
    ],
)
def test_reference_and_report_filters(api, staff, world, iom, cp4, url, key, expected):
    cp4.members.set([iom])
    world["project"].implementers.set([iom])
    assert titles(api(staff), url.format(iom=iom.pk), key=key) == expected


@pytest.mark.parametrize(
    "query",
    [
        "year=deux",
        "year=1990",
        "year=2020.5",
        "programme=onze",
        "date_from=hier",
        "review_state=perdu",
        "institution=1e3",
    ],
)
def test_an_invalid_filter_is_a_400_not_an_empty_list(api, staff, world, query):
    response = api(staff).get(f"/api/v1/sessions/?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [query.split("=")[0]]


def test_lists_come_in_pages_of_50_up_to_200_on_request(api, staff, world):
    for n in range(250):
        Session.objects.create(kind="training", title=f"Session {n:03}", year=2022)
    client = api(staff)
    first = client.get("/api/v1/sessions/?year=2022").json()
    assert (first["count"], len(first["results"])) == (250, 50)
    assert first["next"].endswith("/api/v1/sessions/?page=2&year=2022")
    assert len(client.get("/api/v1/sessions/?year=2022&page_size=1000").json()["results"]) == 200
    assert client.get("/api/v1/sessions/?year=2022&page=99").status_code == 404
