"""The loaders run at every start (run.sh → load_demo → load_reference): a row
staff renamed, re-dated or deleted must neither come back twice nor be reset."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from committees.models import Committee, FocalPoint, Meeting
from loaders.models import LoadedRecord
from programmes.models import Action, Institution, Programme, Project, SpecificObjective, StrategicObjective
from reports.models import NarrativeSection, ReportItem, Study, UniversityProgramme
from tests import demo_snapshot
from tests.spreadsheets.conftest import SESSION_HEADERS, problems, run_import, session_row, xlsx
from trainings.models import Session
from trainings.resources import SessionResource

pytestmark = pytest.mark.django_db

OIM = "Organisation internationale pour les migrations"
ENAS = "Assistance et protection des enfants non accompagnés ou séparés"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# The first load of a test is the demo snapshot's replay (tests/demo_snapshot.py:
# the rows the command wrote, ledger included); the run after the staff edit,
# which each test is about, is the command itself.
def load_reference() -> None:
    call_command("load_reference", stdout=StringIO())


def load_demo() -> None:
    call_command("load_demo", stdout=StringIO())


def test_an_institution_staff_renamed_is_not_created_again():
    demo_snapshot.load_reference()
    Institution.objects.filter(name=OIM).update(name="Organisation Internationale pour les Migrations (OIM)")

    load_reference()

    assert list(Institution.objects.filter(acronym="OIM").values_list("name", flat=True)) == [
        "Organisation Internationale pour les Migrations (OIM)"
    ]
    assert Institution.objects.count() == 31


def test_a_renamed_institution_found_by_its_acronym_in_a_database_loaded_before_the_ledger():
    # A database the old loader filled: the same rows, without the loaders' ledger.
    demo_snapshot.load_reference()
    LoadedRecord.objects.all().delete()
    Institution.objects.filter(name=OIM).update(name="OIM — Mission au Maroc")

    load_reference()

    assert list(Institution.objects.filter(acronym="OIM").values_list("name", flat=True)) == [
        "OIM — Mission au Maroc"
    ]
    assert Institution.objects.count() == 31


# (model, how the loader names the row, the staff edit, the loaded row count)
REFERENCE_EDITS = [
    (StrategicObjective, {"number": 2}, {"title": "Objectif saisi par le ministère"}, 4),
    (Programme, {"number": 5}, {"name": "Assistance sociale"}, 11),
    (SpecificObjective, {"number": 26}, {"title": "Renforcer les capacités"}, 27),
    (Action, {"code": "11.4"}, {"code": "11.40", "title": "Action renumérotée"}, 17),
    (Committee, {"code": "CT"}, {"code": "CTech", "name": "Comité technique de la SNIA"}, 7),
    (Institution, {"name": "Ministère de la Justice"}, {"name": "Ministère de la Justice (DACG)"}, 31),
    (Institution, {"name": "Bureau international du Travail"}, {"name": "OIT", "acronym": "OIT"}, 31),
    (Project, {"name": "INDIMAJ II"}, {"name": "INDIMAJ 2"}, 8),
    (
        Project,
        {"name": "Assistance et protection des enfants non accompagnés ou séparés"},
        {"name": "ENAS"},
        8,
    ),
]


@pytest.mark.parametrize(("model", "lookup", "edit", "count"), REFERENCE_EDITS)
def test_reference_rows_edited_by_staff_are_kept_and_not_loaded_twice(model, lookup, edit, count):
    demo_snapshot.load_reference()
    row = model.objects.get(**lookup)
    model.objects.filter(pk=row.pk).update(**edit)

    load_reference()

    assert model.objects.count() == count
    assert model.objects.filter(pk=row.pk, **edit).exists()


def test_a_reference_row_staff_deleted_is_not_brought_back():
    demo_snapshot.load_reference()
    Institution.objects.get(name="Commune d'Oujda").delete()

    load_reference()

    assert not Institution.objects.filter(name="Commune d'Oujda").exists()
    assert Institution.objects.count() == 30


def test_a_cleared_placeholder_is_filled_but_an_acronym_staff_moved_is_not_taken_back():
    demo_snapshot.load_reference()
    Institution.objects.filter(name=OIM).update(acronym="")
    Institution.objects.create(name="OIM — Bureau de Rabat", acronym="oim", kind="international")

    load_reference()

    assert Institution.objects.get(name=OIM).acronym == ""
    assert Institution.objects.get(acronym__iexact="oim").name == "OIM — Bureau de Rabat"


SESSION = "Migration et protection des enfants non accompagnés et séparés au Maroc"


# (model, the record, the staff edit)
DEMO_EDITS = [
    (Session, {"title": SESSION}, {"title": "Protection des enfants non accompagnés (Justice)"}),
    (Session, {"title": SESSION}, {"beneficiaries": "Magistrats et greffiers"}),
    (Meeting, {"committee__code": "CP1", "date": "2020-06-25"}, {"date": datetime.date(2020, 6, 26)}),
    (UniversityProgramme, {"title": "Sociologie de la migration"}, {"title": "Sociologie des migrations"}),
    (
        Study,
        {"title__startswith": "Étude qualitative sur les profils"},
        {"title": "Profils socio-économiques des migrants"},
    ),
    (
        NarrativeSection,
        {"heading": "6ème édition de la semaine des migrants"},
        {"heading": "La semaine des migrants (6ème édition)"},
    ),
    (ReportItem, {"programme": 10, "kind": "recommendation", "position": 1}, {"position": 9}),
]


@pytest.mark.parametrize(("model", "lookup", "edit"), DEMO_EDITS)
def test_demo_records_edited_by_staff_are_kept_and_not_loaded_twice(model, lookup, edit):
    demo_snapshot.load_demo()
    count = model.objects.count()
    row = model.objects.get(**lookup)
    model.objects.filter(pk=row.pk).update(**edit)

    load_demo()

    assert model.objects.count() == count
    assert model.objects.filter(pk=row.pk, **edit).exists()


def test_a_demo_session_staff_deleted_as_a_duplicate_is_not_brought_back():
    demo_snapshot.load_demo()
    count = Session.objects.count()
    Session.objects.get(title=SESSION).delete()

    load_demo()

    assert Session.objects.count() == count - 1
    assert not Session.objects.filter(title=SESSION).exists()


def test_a_renamed_demo_account_does_not_come_back_with_the_demo_password():
    demo_snapshot.load_demo()
    users = get_user_model().objects
    users.filter(username="admin").update(username="amina.admin")
    users.filter(username="pf.cp4").update(username="nadia.oim")

    load_demo()

    assert not users.filter(username__in=["admin", "pf.cp4"]).exists()
    assert users.count() == 5
    assert FocalPoint.objects.filter(user__username="nadia.oim").count() == 1
    assert FocalPoint.objects.count() == 2


def test_demo_sessions_name_the_oim_after_staff_renamed_it():
    demo_snapshot.load_reference()
    Institution.objects.filter(name=OIM).update(name="OIM Maroc")

    load_demo()

    oim = Institution.objects.get(acronym="OIM")
    assert oim.name == "OIM Maroc"
    assert Session.objects.filter(organisers=oim).count() == 7
    assert FocalPoint.objects.get(user__username="pf.cp4").institution == oim


def test_an_import_naming_the_oim_works_after_staff_renamed_it_and_the_loader_ran_again(staff):
    demo_snapshot.load_reference()
    Institution.objects.filter(name=OIM).update(name="Organisation Internationale pour les Migrations (OIM)")
    load_reference()

    result = run_import(SessionResource, staff, xlsx([SESSION_HEADERS, session_row(Organisateurs="OIM")]))

    assert problems(result) == []
    session = Session.objects.get(title="Atelier sur la traite des êtres humains")
    assert [institution.name for institution in session.organisers.all()] == [
        "Organisation Internationale pour les Migrations (OIM)"
    ]
