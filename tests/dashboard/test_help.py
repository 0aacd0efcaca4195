"""« Aide »: one page per role, with its sections only, and links that open."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.admin.conftest import logged_in
from tests.factories import ReportingYearFactory

ROLES = ("administrator", "staff", "focal_cp2", "reader")

SECTIONS = {
    "administrator": [
        "Enregistrer une réunion",
        "Enregistrer une session ou un événement",
        "Soumettre pour validation",
        "Valider ou renvoyer",
        "Importer un tableur",
        "Obtenir le bilan",
        "Clôturer une année",
        "Départ d'un point focal",
    ],
    "staff": [
        "Enregistrer une réunion",
        "Enregistrer une session ou un événement",
        "Soumettre pour validation",
        "Valider ou renvoyer",
        "Importer un tableur",
        "Obtenir le bilan",
        "Clôturer une année",
        "Départ d'un point focal",
    ],
    "focal_cp2": [
        "Enregistrer une réunion",
        "Enregistrer une session ou un événement",
        "Soumettre pour validation",
        "Importer un tableur",
        "Obtenir le bilan",
    ],
    "reader": ["Consulter les réunions et les sessions", "Obtenir le bilan"],
}


def help_of(request, role: str) -> str:
    response = logged_in(request.getfixturevalue(role)).get(reverse("help"))
    assert response.status_code == 200
    return response.content.decode()


def main_part(content: str) -> str:
    return content.split('id="content-main"')[1]


def headings(content: str) -> list[str]:
    return re.findall(r'<h2 id="[a-z]+-title">([^<]+)</h2>', content)


@pytest.fixture
def year_2020(db):
    return ReportingYearFactory(year=2020)


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("help"))

    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/aide/"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_has_its_own_sections(request, role, year_2020):
    assert headings(help_of(request, role)) == SECTIONS[role]


def test_the_page_says_which_role_it_is_for(request, year_2020):
    assert "Vous êtes connecté(e) avec le rôle « Point focal »." in help_of(request, "focal_cp2")


def test_a_focal_points_help_never_mentions_validating(request, year_2020):
    content = help_of(request, "focal_cp2")

    assert "« Valider »" not in content
    assert "« À valider »" not in content
    assert "Désactiver" not in content
    assert "« Soumettre pour validation »" in content
    assert "« Nouvelle session »" in content


def test_a_readers_help_offers_nothing_to_enter(request, year_2020):
    content = help_of(request, "reader")

    for absent in ("« Nouvelle session »", "« Nouvelle réunion »", "Soumettre", "Importer", "« Valider »"):
        assert absent not in content
    assert "brouillons=1" not in content
    assert "/reports/bilan/2020/" in content


def test_staff_help_names_the_review_buttons(request, year_2020):
    content = help_of(request, "staff")

    assert "« Valider »" in content
    assert "« Renvoyer à l'auteur… »" in content
    # Reopening a year is an administrator's act.
    assert "Rouvrir l'année" not in content
    assert "Rouvrir l'année" in help_of(request, "administrator")


def test_the_import_section_lists_the_templates_columns(request, year_2020):
    content = help_of(request, "focal_cp2")

    assert "<li>Intitulé *</li>" in content
    assert "<li>Sexe non renseigné *</li>" in content
    assert "<li>Comité *</li>" in content
    assert "« Confirmer l’importation »" in content


def test_without_any_reporting_year_the_bilan_section_says_so(request, db):
    content = help_of(request, "reader")

    assert "Aucune année de rapport n'existe encore" in content
    assert "/reports/bilan/" not in main_part(content)


@pytest.mark.parametrize("role", ROLES)
def test_every_link_of_a_roles_help_opens_for_that_role(request, role, year_2020):
    ReportingYearFactory(year=2019)
    user = request.getfixturevalue(role)
    client = logged_in(user)
    content = main_part(client.get(reverse("help")).content.decode())
    links = sorted({link.replace("&amp;", "&") for link in re.findall(r'href="(/[^"#]*)"', content)})

    assert len(links) >= 5
    for link in links:
        response = client.get(link, follow=True)
        assert response.status_code == 200, link
        final = response.redirect_chain[-1][0] if response.redirect_chain else link
        assert "/login/" not in final, link


def test_a_role_less_account_is_refused_in_french(db):
    from tests.factories import UserFactory

    client = Client()
    client.force_login(UserFactory(username="sans.role", is_staff=True))

    response = client.get(reverse("help"))

    assert response.status_code == 403


def test_earlier_years_are_linked_too(request, year_2020):
    ReportingYearFactory(year=2019)

    content = help_of(request, "reader")

    assert "Le bilan programmatique 2020" in content
    assert (
        '<bdi dir="ltr">2019</bdi> : <a href="/reports/bilan/2019/">aperçu</a>, '
        '<a href="/reports/bilan/2019/export/">PDF</a>' in content
    )
