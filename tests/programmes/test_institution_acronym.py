"""An acronym names one institution (case aside): imports, lists and the report rely on it."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from rest_framework.test import APIClient

from programmes.models import Institution
from tests.factories import InstitutionFactory

MESSAGE = (
    "Une autre institution porte déjà ce sigle (majuscules et minuscules confondues) : "
    "choisissez-en un autre ou laissez-le vide."
)


@pytest.mark.django_db
def test_the_api_refuses_a_second_oim_whatever_its_case(staff, iom):
    client = APIClient()
    client.force_authenticate(staff)

    response = client.post(
        "/api/v1/institutions/",
        {
            "name": "Organisation Internationale pour les Migrations",
            "acronym": "oim",
            "kind": "international",
        },
    )

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [MESSAGE]}
    assert Institution.objects.count() == 1


@pytest.mark.django_db
def test_the_admin_form_refuses_a_second_oim(admin_client, iom):
    response = admin_client.post(
        "/admin/programmes/institution/add/",
        {"name": "OIM Maroc", "acronym": "Oim", "kind": "international"},
    )

    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert Institution.objects.count() == 1


@pytest.mark.django_db
def test_institutions_without_an_acronym_are_many():
    InstitutionFactory(name="Commune de Rabat", acronym="")
    InstitutionFactory(name="Commune d'Oujda", acronym="")

    assert Institution.objects.filter(acronym="").count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_migration_removes_the_loaders_stray_copy_and_marks_a_used_one():
    before = [("programmes", "0004_author_institution")]
    after = [("programmes", "0006_institution_acronym_unique")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    institution = old.get_model("programmes", "Institution")
    project = old.get_model("programmes", "Project")
    renamed = institution.objects.create(name="OIM Maroc", acronym="OIM", kind="international", version=1)
    stray = institution.objects.create(
        name="Organisation internationale pour les migrations", acronym="OIM", kind="international", version=1
    )
    used = institution.objects.create(
        name="Bureau international du Travail", acronym="BIT", kind="international", version=1
    )
    used_copy = institution.objects.create(name="BIT Maroc", acronym="bit", kind="international", version=1)
    project.objects.create(name="Recrutement équitable", funder=used_copy, version=1)

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    call_command("migrate", verbosity=0)

    assert sorted(Institution.objects.values_list("pk", "acronym")) == [
        (renamed.pk, "OIM"),
        (used.pk, "BIT"),
        (used_copy.pk, f"bit ({used_copy.pk})"),
    ]
    assert not Institution.objects.filter(pk=stray.pk).exists()
