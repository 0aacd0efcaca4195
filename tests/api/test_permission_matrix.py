"""Every role × every endpoint × list, retrieve, create, update, delete: the exact answer.

The API applies the same roles as the admin (access.roles, access.rules):
anonymous callers must authenticate (401); readers read everything and
change nothing; focal points read reference data and enter meetings,
sessions and progress within their scope; MDCMRE staff and administrators
do everything. Reporting years are never edited or deleted through the API
(405 once the role passes), only closed and reopened.
"""

import datetime

import pytest

from programmes.models import ActionProgress
from tests import factories
from tests.api.conftest import build_world
from tests.databases import rolled_back
from tests.factories import (
    ActionFactory,
    CommitteeFactory,
    InstitutionFactory,
    MeetingFactory,
    NarrativeSectionFactory,
    ProgrammeFactory,
    ProjectFactory,
    ReportingYearFactory,
    ReportItemFactory,
    SessionFactory,
    SpecificObjectiveFactory,
)

pytestmark = pytest.mark.django_db

ACTIONS = ("list", "retrieve", "create", "update", "delete")
ALL = dict(zip(ACTIONS, (200, 200, 201, 200, 204), strict=True))
READ_ONLY = dict(zip(ACTIONS, (200, 200, 403, 403, 403), strict=True))
NOTHING = dict(zip(ACTIONS, (403, 403, 403, 403, 403), strict=True))
ANONYMOUS = dict(zip(ACTIONS, (401, 401, 401, 401, 401), strict=True))
YEARS = dict(zip(ACTIONS, (200, 200, 201, 405, 405), strict=True))

# Readers see validated records only: the drafts of the test world are not found.
READ_VALIDATED = dict(zip(ACTIONS, (200, 404, 403, 403, 403), strict=True))

REFERENCE = {"reader": READ_ONLY, "focal_cp4": READ_ONLY, "staff": ALL, "administrator": ALL}
FOCAL_POINT_WORK = {"reader": READ_VALIDATED, "focal_cp4": ALL, "staff": ALL, "administrator": ALL}
REPORT_CONTENT = {"reader": READ_ONLY, "focal_cp4": NOTHING, "staff": ALL, "administrator": ALL}
EXPECTED = {
    "programmes": REFERENCE,
    "specific-objectives": REFERENCE,
    "actions": REFERENCE,
    "institutions": REFERENCE,
    "projects": REFERENCE,
    "committees": REFERENCE,
    "meetings": FOCAL_POINT_WORK,
    "sessions": FOCAL_POINT_WORK,
    "progress": FOCAL_POINT_WORK,
    "narrative-sections": REPORT_CONTENT,
    "report-items": REPORT_CONTENT,
    # Focal points read the years (reference data for them), as readers do.
    "years": {"reader": READ_ONLY, "focal_cp4": READ_ONLY, "staff": YEARS, "administrator": YEARS},
}


@pytest.fixture(scope="module")
def cast(django_db_setup, django_db_blocker) -> dict:
    """The users and the world, built once for the module's 78 tests (tests.databases.rolled_back)."""
    with rolled_back(django_db_blocker):
        people = factories.cast()
        world = build_world(people["cp2"], people["cp4"], people["health_ministry"], people["iom"])
        yield {"users": people, "iom": people["iom"], "world": world}


@pytest.fixture
def world(db, cast) -> dict:
    return cast["world"]


@pytest.fixture
def iom(db, cast):
    return cast["iom"]


def records(endpoint: str, world: dict, iom) -> tuple[object, object, dict, dict]:
    """(record to read and update, unused record to delete, create payload, update payload)."""
    if endpoint == "programmes":
        return (
            world["programme"],
            ProgrammeFactory(number=5, name="Assistance sociale et humanitaire", kind="sectoral"),
            {"number": 6, "kind": "sectoral", "name": "Formation professionnelle"},
            {"purpose": "Gouvernance."},
        )
    if endpoint == "specific-objectives":
        return (
            world["osp"],
            SpecificObjectiveFactory(number=1, programme=None, title="OSP 1"),
            {"number": 2, "programme": 11, "title": "OSP 2"},
            {"title": "Renforcer les capacités"},
        )
    if endpoint == "actions":
        return (
            world["iom_action"],
            ActionFactory(code="11.40"),
            {"code": "11.41", "programme": 11, "title": "Nouvelle action"},
            {"title": "Former"},
        )
    if endpoint == "institutions":
        return (
            iom,
            InstitutionFactory(name="ENABEL"),
            {"name": "UNHCR", "kind": "international"},
            {"acronym": "IOM"},
        )
    if endpoint == "projects":
        return (
            world["project"],
            ProjectFactory(name="DEPOMI"),
            {"name": "AMUDDU", "implementers": [iom.pk]},
            {"acronym": "PA"},
        )
    if endpoint == "committees":
        return (
            world["cp4_meeting"].committee,
            CommitteeFactory(code="CP1"),
            {"code": "CP3", "name": "Formation professionnelle et emploi", "kind": "programme"},
            {"chair": "MDCMRE"},
        )
    if endpoint == "meetings":
        return (
            world["cp4_meeting"],
            MeetingFactory(
                committee=world["cp4_meeting"].committee,
                date=datetime.date(2020, 5, 5),
                author_institution=iom,
            ),
            {"committee": "CP4", "date": "2020-06-25", "mode": "online"},
            {"place": "Rabat"},
        )
    if endpoint == "sessions":
        unused = SessionFactory(title="Webinaire", author_institution=iom)
        unused.organisers.set([iom])
        return (
            world["iom_session"],
            unused,
            {"kind": "webinar", "title": "Webinaire OIM", "year": 2020, "organisers": [iom.pk]},
            {"city": "Tanger"},
        )
    if endpoint == "progress":
        return (
            world["iom_progress"],
            ActionProgress.objects.create(action=world["iom_action"], year=2019, author_institution=iom),
            {"action": "11.12", "year": 2021, "narrative": "Formations prévues."},
            {"status": "completed"},
        )
    if endpoint == "narrative-sections":
        return (
            world["narrative"],
            NarrativeSectionFactory(programme=world["programme"]),
            {"programme": 11, "year": 2020, "body": "Texte."},
            {"heading": "Coordination nationale"},
        )
    if endpoint == "report-items":
        return (
            world["report_item"],
            ReportItemFactory(programme=world["programme"], position=9),
            {"programme": 11, "year": 2020, "kind": "measure", "position": 1, "text": "Une mesure."},
            {"text": "Un autre défi."},
        )
    assert endpoint == "years"
    return world["year"], ReportingYearFactory(year=2019), {"year": 2021}, {"year": 2022}


def lookup(record) -> object:
    return getattr(record, "year", None) if type(record).__name__ == "ReportingYear" else record.pk


def answers(client, endpoint: str, world: dict, iom) -> dict[str, int]:
    target, unused, create, update = records(endpoint, world, iom)
    base = f"/api/v1/{endpoint}/"
    update = {**update, "version": getattr(target, "version", 0)}
    return {
        "list": client.get(base).status_code,
        "retrieve": client.get(f"{base}{lookup(target)}/").status_code,
        "create": client.post(base, create, format="json").status_code,
        "update": client.patch(f"{base}{lookup(target)}/", update, format="json").status_code,
        "delete": client.delete(f"{base}{lookup(unused)}/").status_code,
    }


@pytest.mark.parametrize("endpoint", list(EXPECTED))
@pytest.mark.parametrize("role", ["reader", "focal_cp4", "staff", "administrator"])
def test_each_role_gets_exactly_its_rights_on_each_endpoint(api, cast, world, iom, endpoint, role):
    assert answers(api(cast["users"][role]), endpoint, world, iom) == EXPECTED[endpoint][role]


@pytest.mark.parametrize("endpoint", list(EXPECTED))
def test_anonymous_callers_must_authenticate_everywhere(api, world, iom, endpoint):
    assert answers(api(), endpoint, world, iom) == ANONYMOUS


@pytest.mark.parametrize("endpoint", list(EXPECTED))
def test_a_user_without_role_reaches_nothing(api, world, iom, endpoint):
    from tests.factories import UserFactory

    assert answers(api(UserFactory(username="sans-role")), endpoint, world, iom) == NOTHING


@pytest.mark.parametrize("role", ["reader", "focal_cp2", "focal_cp4", "staff", "administrator"])
def test_every_role_reads_the_figures_and_nobody_writes_them(api, cast, world, role):
    client = api(cast["users"][role])
    assert client.get("/api/v1/stats/2020/").status_code == 200
    assert client.post("/api/v1/stats/2020/", {}, format="json").status_code == 405


def test_figures_need_an_account_with_a_role(api, world):
    from tests.factories import UserFactory

    assert api().get("/api/v1/stats/2020/").status_code == 401
    assert api(UserFactory(username="sans-role")).get("/api/v1/stats/2020/").status_code == 403
