"""The glossary of acronyms: loaded reference data, listed after the contents,
spelled out at the first use in each chapter (reports.acronyms)."""

import io

import pytest
from django.core.management import call_command
from django.db import IntegrityError
from pypdf import PdfReader

from programmes.models import Acronym
from reports.acronyms import Glossary, used_in
from reports.typography import typeset
from tests.demo_snapshot import load_reference

NBSP = "\u00a0"
GLOSSARY = Glossary(
    {
        "ENAS": "enfants non accompagnés ou séparés",
        "OIM": "Organisation internationale pour les migrations",
        "ARMIP-PRM": "Africa Regional Migration Program",
        "CP": "Comité programmes",
        "CIST": "Conférence internationale des statisticiens du travail",
    }
)
ENAS = '<abbr title="enfants non accompagnés ou séparés">ENAS</abbr>'
OIM = '<abbr title="Organisation internationale pour les migrations">OIM</abbr>'


def chapter(body: str) -> str:
    return f'<section class="chapter">{body}</section>'


def fr(html: str) -> str:
    return typeset(html, "fr", GLOSSARY)


# ---- Spelling out -----------------------------------------------------------------


def test_the_first_use_in_a_chapter_is_spelled_out_and_the_next_only_marked():
    assert fr(chapter("<p>le projet ENAS.</p><p>Les ENAS et l'OIM.</p>")) == chapter(
        f"<p>le projet {ENAS} (enfants non accompagnés ou séparés).</p>"
        f"<p>Les {ENAS} et l’{OIM} (Organisation internationale pour les migrations).</p>"
    )


def test_each_chapter_and_the_synthesis_spell_out_again():
    html = '<section class="synthesis"><p>OIM</p></section>' + chapter("<p>OIM</p>") + chapter("<p>OIM</p>")
    assert fr(html).count("(Organisation internationale pour les migrations)") == 3


def test_an_expansion_already_given_next_to_the_acronym_is_not_repeated():
    html = chapter("<p>des enfants non accompagnés ou séparés (ENAS), puis les ENAS</p>")
    assert fr(html) == chapter(f"<p>des enfants non accompagnés ou séparés ({ENAS}), puis les {ENAS}</p>")


def test_an_acronym_in_brackets_defines_itself():
    html = chapter("<p>Comités Programmes (CP), puis le CP</p>")
    assert "(Comité programmes)" not in fr(html)


def test_headings_tables_and_numbered_designations_are_marked_not_spelled_out():
    html = chapter("<h4>OIM</h4><table><tr><td>OIM</td></tr></table><p>CP 1 et CP3 puis l'OIM</p>")
    assert fr(html) == chapter(
        f"<h4>{OIM}</h4><table><tr><td>{OIM}</td></tr></table>"
        '<p><abbr title="Comité programmes">CP</abbr>'
        f' 1 et <abbr title="Comité programmes">CP3</abbr> puis l’{OIM}'
        " (Organisation internationale pour les migrations)</p>"
    )


def test_an_expansion_inside_brackets_takes_square_brackets():
    html = chapter("<p>(20e CIST)</p>")
    assert "CIST</abbr> [Conférence internationale des statisticiens du travail])" in fr(html)


def test_an_acronym_with_a_hyphen_is_one_abbr_and_words_containing_a_sigle_are_not_acronyms():
    html = chapter("<h4>ARMIP-PRM, OIMS, ENASX, CPU</h4>")
    assert fr(html) == chapter(
        '<h4><abbr title="Africa Regional Migration Program">ARMIP-PRM</abbr>, OIMS, ENASX, CPU</h4>'
    )


def test_urls_and_email_addresses_are_not_searched_nor_marked():
    html = chapter("<p>Voir https://www.iom.int/OIM/rapport et contact@OIM.org</p>")

    assert typeset(html, "fr", GLOSSARY) == html
    assert used_in(html, GLOSSARY) == set()


def test_the_list_itself_is_not_searched_nor_marked():
    html = '<section class="acronyms"><dl><dt>OIM</dt><dd>Organisation</dd></dl></section>'
    assert used_in(html, GLOSSARY) == set()
    assert fr(html) == html
    assert used_in(html + "<p>l'OIM et CP4</p>", GLOSSARY) == {"OIM", "CP"}


# ---- The glossary ---------------------------------------------------------------------


@pytest.mark.django_db
def test_load_reference_loads_the_acronyms_of_the_2020_report_with_their_sourced_expansions():
    load_reference()
    rows = dict(Acronym.objects.values_list("sigle", "expansion"))

    assert rows["ENAS"] == "enfants non accompagnés ou séparés"
    assert rows["UM5"] == "Université Mohammed V de Rabat"
    assert rows["OIM"] == "Organisation internationale pour les migrations"
    assert rows["BIT"] == "Bureau international du Travail"
    assert rows["CoPil"] == "Comité de pilotage"
    assert rows["ARMIP-PRM"] == "Africa Regional Migration Program"
    assert rows["DEPOMI"] == "Déploiement des politiques migratoires au niveau régional"
    assert rows["GAR"] == "gestion axée sur les résultats"
    # Project names, not acronyms: no invented expansion.
    assert "AMUDDU" not in rows
    assert "INDIMAJ" not in rows
    assert len(rows) == 39


@pytest.mark.django_db
def test_load_reference_keeps_an_expansion_staff_rewrote():
    load_reference()
    Acronym.objects.filter(sigle="OIM").update(
        expansion="Organisation internationale pour les migrations (ONU)"
    )
    call_command("load_reference", stdout=io.StringIO())
    assert (
        Acronym.objects.get(sigle="OIM").expansion == "Organisation internationale pour les migrations (ONU)"
    )


@pytest.mark.django_db
def test_a_sigle_is_unique_whatever_its_case():
    Acronym.objects.create(sigle="CoPil", expansion="Comité de pilotage")
    with pytest.raises(IntegrityError):
        Acronym.objects.create(sigle="COPIL", expansion="Autre")


@pytest.mark.django_db
def test_changes_to_the_glossary_are_kept_in_its_history():
    acronym = Acronym.objects.create(sigle="HCP", expansion="Haut-Commissariat au Plan")
    acronym.expansion = "Haut-Commissariat au Plan (Maroc)"
    acronym.save()
    assert [row.expansion for row in acronym.history.all()] == [
        "Haut-Commissariat au Plan (Maroc)",
        "Haut-Commissariat au Plan",
    ]


@pytest.mark.django_db
def test_staff_search_the_glossary_in_the_admin_in_french(admin_client):
    Acronym.objects.create(sigle="UM5", expansion="Université Mohammed V de Rabat")
    Acronym.objects.create(sigle="OIM", expansion="Organisation internationale pour les migrations")

    page = admin_client.get("/admin/programmes/acronym/", {"q": "Mohammed"}).content.decode()

    assert "Sigles et acronymes" in page
    assert "Université Mohammed V de Rabat" in page
    assert "Organisation internationale pour les migrations" not in page


def test_the_glossary_refuses_private_use_characters_and_the_bilan_ignores_old_ones(admin_client):
    response = admin_client.post(
        "/admin/programmes/acronym/add/", {"sigle": "X\ue001", "expansion": "x\ue000y"}
    )

    assert response.status_code == 200
    assert "caractère non imprimable" in response.content.decode()
    assert not Acronym.objects.exists()
    # A row written past the validators (the shell, an old import) is left out of the bilan.
    Acronym.objects.create(sigle="\ue000", expansion="x\ue000y")
    Acronym.objects.create(sigle="OIM", expansion="Organisation internationale pour les migrations")
    assert Glossary.from_database().expansions == {"OIM": "Organisation internationale pour les migrations"}


# ---- The demo 2020 PDF -------------------------------------------------------------------


@pytest.mark.django_db
def test_the_list_of_acronyms_follows_the_contents_with_those_the_document_uses(demo_bilan):
    text = demo_bilan.text
    listed = text[text.index("Sigles et acronymes ANAPEC") : text.index("Synthèse de l’année 2020 En")]

    assert "UM5 Université Mohammed V de Rabat" in listed
    assert "ENAS enfants non accompagnés ou séparés" in listed
    assert "CoPil Comité de pilotage" in listed
    assert "AMUDDU" not in listed  # a project's name, not an acronym
    assert text.index("Sommaire") < text.index("Sigles et acronymes ANAPEC")


@pytest.mark.django_db
def test_the_list_of_acronyms_is_in_the_contents_and_the_bookmarks(demo_bilan):
    assert '<a href="#sigles">Sigles et acronymes</a>' in demo_bilan.html
    assert "Sigles et acronymes ...." in demo_bilan.text  # the contents' line, with its page
    outline = [
        entry.title for entry in PdfReader(io.BytesIO(demo_bilan.pdf)).outline if not isinstance(entry, list)
    ]
    assert outline[:3] == ["Sommaire", "Sigles et acronymes", "Synthèse de l’année 2020"]


@pytest.mark.django_db
def test_the_first_enas_of_chapter_11_is_spelled_out(demo_bilan):
    squashed = demo_bilan.squashed
    chapter_11 = squashed[squashed.rindex("Programme11:Gouvernanceetcommunication") :]
    first = chapter_11.index("ENAS")
    assert chapter_11[first:].startswith("ENAS(enfantsnonaccompagnésouséparés)")
