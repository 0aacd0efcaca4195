"""Every role × every SNIA model × changelist, add, change and delete, through
the admin's URLs and by direct id, with the exact answer each must get.

A focal point (pf.cp2: Ministère de la Santé, committee CP2) also asks for
records outside their scope by id: the admin answers exactly as for a record
that does not exist (a redirect to the index saying so)."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.test import Client

from committees.models import FocalPoint, Meeting
from programmes.models import Acronym, ActionProgress, Project, StrategicObjective
from tests import factories
from tests.admin import admin_url
from tests.admin.conftest import logged_in
from tests.databases import rolled_back
from tests.factories import (
    ActionFactory,
    CommitteeFactory,
    MeetingFactory,
    MeetingTargetFactory,
    NarrativeSectionFactory,
    ProgrammeFactory,
    ReportingYearFactory,
    ReportItemFactory,
    SessionFactory,
    SpecificObjectiveFactory,
    StudyFactory,
    UniversityProgrammeFactory,
)
from trainings.models import Session

SNIA_APPS = {"programmes", "committees", "trainings", "reports"}
SNIA_MODELS = sorted(
    (model for model in admin.site._registry if model._meta.app_label in SNIA_APPS),
    key=lambda model: model._meta.label,
)
VIEWS = ("changelist", "add", "change", "delete")

OPEN = {"changelist": 200, "add": 200, "change": 200, "delete": 200}
READ_ONLY = {"changelist": 200, "add": 403, "change": 200, "delete": 403}
# Readers see validated records only: a draft answers as if it did not exist.
READ_VALIDATED = {"changelist": 200, "add": 403, "change": 302, "delete": 403}
CLOSED = {"changelist": 403, "add": 403, "change": 403, "delete": 403}
# Anonymous visitors are sent to the login page.
LOGIN = {"changelist": 302, "add": 302, "change": 302, "delete": 302}

# Written out, not read from the code under test (access.roles derives them
# from what the models declare); tests/access/test_declarations.py checks both agree.
REFERENCE_MODELS = {
    "programmes.strategicobjective",
    "programmes.programme",
    "programmes.specificobjective",
    "programmes.action",
    "programmes.institution",
    "programmes.project",
    "programmes.acronym",
    "committees.committee",
    # A committee's meeting target for a year: set by MDCMRE staff.
    "committees.meetingtarget",
    # The years of the bilan: their state and the bilan's links, read-only.
    "reports.reportingyear",
}
FOCAL_POINT_MODELS = {"committees.meeting", "trainings.session", "programmes.actionprogress"}


def label(model) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def expected(role: str, model) -> dict[str, int]:
    if role in ("administrator", "staff"):
        return OPEN
    if role == "reader":
        return READ_VALIDATED if label(model) in FOCAL_POINT_MODELS else READ_ONLY
    if role == "anonymous":
        return LOGIN
    if label(model) in REFERENCE_MODELS:
        return READ_ONLY
    if label(model) in FOCAL_POINT_MODELS:
        return OPEN
    return CLOSED


def build_records(cp2, cp4, health_ministry, iom, focal_cp2) -> dict:
    """One record of each model (in pf.cp2's scope where it has one), keyed by
    model label, and the out-of-scope ones under "<label>:out"."""
    programme = ProgrammeFactory(number=11, name="Gouvernance et communication")
    osp = SpecificObjectiveFactory(number=26, programme=programme)
    ours = ActionFactory(code="11.12", specific_objective=osp, programme=programme)
    ours.lead_institutions.add(health_ministry)
    theirs = ActionFactory(code="11.13", specific_objective=osp, programme=programme)
    theirs.lead_institutions.add(iom)
    session = SessionFactory(title="Formation des soignants", author_institution=health_ministry)
    session.organisers.add(health_ministry)
    other_session = SessionFactory(title="Formation des gardes-frontières")
    other_session.organisers.add(iom)
    rows = {
        "programmes.StrategicObjective": StrategicObjective.objects.create(number=4, title="Gouvernance"),
        "programmes.Programme": programme,
        "programmes.SpecificObjective": osp,
        "programmes.Institution": health_ministry,
        "programmes.Project": Project.objects.create(name="INDIMAJ II"),
        "programmes.Acronym": Acronym.objects.create(
            sigle="OIM", expansion="Organisation internationale pour les migrations"
        ),
        "programmes.Action": ours,
        "programmes.ActionProgress": ActionProgress.objects.create(
            action=ours, year=2020, author_institution=health_ministry
        ),
        "programmes.ActionProgress:out": ActionProgress.objects.create(action=theirs, year=2020),
        "committees.Committee": cp2,
        "committees.FocalPoint": FocalPoint.objects.get(user=focal_cp2),
        "committees.Meeting": MeetingFactory(
            committee=cp2, date=datetime.date(2020, 6, 10), author_institution=health_ministry
        ),
        "committees.Meeting:out": MeetingFactory(committee=cp4, date=datetime.date(2020, 6, 11)),
        "committees.MeetingTarget": MeetingTargetFactory(committee=cp2, year=2020, expected=4),
        "trainings.Session": session,
        "trainings.Session:out": other_session,
        "reports.ReportingYear": ReportingYearFactory(year=2020),
        "reports.NarrativeSection": NarrativeSectionFactory(programme=programme),
        "reports.ReportItem": ReportItemFactory(programme=programme),
        "reports.Study": StudyFactory(),
        "reports.UniversityProgramme": UniversityProgrammeFactory(),
    }
    CommitteeFactory(code="CP1")
    return rows


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> dict:
    """The users and records, built once for the module's 128 tests (tests.databases.rolled_back)."""
    with rolled_back(django_db_blocker):
        people = factories.cast()
        users = {role: people[role] for role in ("administrator", "staff", "reader")}
        users["focal_point"] = people["focal_cp2"]
        records = build_records(
            people["cp2"], people["cp4"], people["health_ministry"], people["iom"], people["focal_cp2"]
        )
        yield {"users": users, "records": records}


@pytest.fixture
def records(db, world) -> dict:
    return world["records"]


@pytest.fixture
def clients(db, world) -> dict[str, Client]:
    # A client per test: the messages a redirect leaves in one must not reach the next test.
    return {role: logged_in(user) for role, user in world["users"].items()} | {"anonymous": Client()}


def answers(client: Client, model, row) -> dict[str, int]:
    return {
        "changelist": client.get(admin_url(model, "changelist")).status_code,
        "add": client.get(admin_url(model, "add")).status_code,
        "change": client.get(admin_url(model, "change", row.pk)).status_code,
        "delete": client.get(admin_url(model, "delete", row.pk)).status_code,
    }


def test_the_matrix_covers_every_registered_snia_model():
    assert len(SNIA_MODELS) == 18
    assert {label(model) for model in SNIA_MODELS} >= set(REFERENCE_MODELS) | set(FOCAL_POINT_MODELS)


@pytest.mark.parametrize("role", ["administrator", "staff", "focal_point", "reader", "anonymous"])
@pytest.mark.parametrize("model", SNIA_MODELS, ids=lambda model: model._meta.label)
def test_permission_matrix(clients, records, role, model):
    assert answers(clients[role], model, records[model._meta.label]) == expected(role, model)


@pytest.mark.parametrize("model", SNIA_MODELS, ids=lambda model: model._meta.label)
def test_anonymous_visitors_are_sent_to_the_login_page(clients, records, model):
    row = records[model._meta.label]
    url = admin_url(model, "change", row.pk)

    response = clients["anonymous"].get(url)

    assert response["Location"] == f"/admin/login/?next={url}"


@pytest.mark.parametrize("model", [Meeting, Session, ActionProgress], ids=lambda model: model._meta.label)
@pytest.mark.parametrize("view", ["change", "delete", "history"])
def test_focal_point_asking_for_an_out_of_scope_id_is_told_it_does_not_exist(clients, records, model, view):
    row = records[f"{model._meta.label}:out"]

    response = clients["focal_point"].get(admin_url(model, view, row.pk))

    assert (response.status_code, response["Location"]) == (302, "/admin/")
    # Django's own French wording, non-breaking spaces included.
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        f"{model._meta.verbose_name} avec l’identifiant  «\xa0{row.pk}\xa0» n’existe pas. "
        "Peut-être a-t-il été supprimé\xa0?"
    ]


@pytest.mark.parametrize("model", [Meeting, Session, ActionProgress], ids=lambda model: model._meta.label)
def test_focal_point_cannot_change_or_delete_an_out_of_scope_record_by_posting(clients, records, model):
    row = records[f"{model._meta.label}:out"]
    client = clients["focal_point"]

    changed = client.post(admin_url(model, "change", row.pk), {})
    deleted = client.post(admin_url(model, "delete", row.pk), {"post": "yes"})

    assert (changed.status_code, changed["Location"]) == (302, "/admin/")
    assert (deleted.status_code, deleted["Location"]) == (302, "/admin/")
    assert model.objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("model", [Meeting, Session, ActionProgress], ids=lambda model: model._meta.label)
def test_focal_point_lists_only_their_own_records(clients, records, model):
    response = clients["focal_point"].get(admin_url(model, "changelist"))

    assert list(response.context["cl"].result_list) == [records[model._meta.label]]


def test_reader_cannot_change_or_delete_by_posting(clients, records):
    session = records["trainings.Session"]
    client = clients["reader"]

    changed = client.post(admin_url(Session, "change", session.pk), {"title": "Changé"})
    deleted = client.post(admin_url(Session, "delete", session.pk), {"post": "yes"})

    assert (changed.status_code, deleted.status_code) == (403, 403)
    session.refresh_from_db()
    assert session.title == "Formation des soignants"


def test_focal_point_cannot_change_reference_data_by_posting(clients, records):
    action = records["programmes.Action"]

    response = clients["focal_point"].post(admin_url(type(action), "change", action.pk), {"title": "Changé"})

    assert response.status_code == 403
    action.refresh_from_db()
    assert action.title != "Changé"


def test_a_change_page_opened_read_only_has_no_save_button(clients, records):
    session = records["trainings.Session"]

    text = clients["reader"].get(admin_url(Session, "change", session.pk)).content.decode()

    assert 'name="_save"' not in text
    assert 'name="version"' not in text


def test_an_editable_change_page_carries_its_version_hidden(clients, records):
    session = records["trainings.Session"]

    text = clients["focal_point"].get(admin_url(Session, "change", session.pk)).content.decode()

    assert 'name="_save"' in text
    assert '<input type="hidden" name="version" value="1:' in text


def test_action_page_shows_a_focal_point_only_the_progress_of_their_institution(clients, records):
    # Action 11.13 is led by OIM: its page shows no progress row to pf.cp2.
    theirs = records["programmes.ActionProgress:out"].action
    ours = records["programmes.Action"]

    their_rows = clients["focal_point"].get(admin_url(type(ours), "change", theirs.pk))
    our_rows = clients["focal_point"].get(admin_url(type(ours), "change", ours.pk))

    assert [form.instance for form in their_rows.context["inline_admin_formsets"][0].formset.forms] == []
    assert [form.instance for form in our_rows.context["inline_admin_formsets"][0].formset.forms] == [
        records["programmes.ActionProgress"]
    ]
