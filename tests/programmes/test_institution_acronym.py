"""An acronym names one institution (case aside): imports, lists and the report rely on it."""

import pytest
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
