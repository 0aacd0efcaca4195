"""Importing sessions: matching on the natural key, drafts, history, all or nothing."""

import datetime

import pytest

from access.models import ReviewState
from tests.factories import SessionFactory
from tests.spreadsheets.conftest import (
    SESSION_HEADERS,
    csv_bytes,
    demo_session_rows,
    problems,
    run_import,
    session_row,
    xlsx,
)
from trainings.models import Session
from trainings.resources import SessionResource

pytestmark = pytest.mark.django_db

HistoricalSession = Session.history.model


def test_the_demo_sessions_import_with_the_published_totals(reference, staff):
    result = run_import(SessionResource, staff, xlsx([SESSION_HEADERS, *demo_session_rows()]))

    assert problems(result) == []
    assert result.totals["new"] == 15
    assert Session.objects.in_year(2020).by_sex() == {
        "sessions": 15,
        "women": 3280,
        "men": 2879,
        "unrecorded": 140,
        "total": 6299,
    }
    rdpp = Session.objects.get(beneficiaries="Immigrés")
    assert [str(project) for project in rdpp.projects.all()] == ["RDPP"]
    assert [str(institution) for institution in rdpp.organisers.all()] == ["OIM"]
    assert [action.code for action in rdpp.actions.order_by("code")] == ["11.15", "11.16", "11.17"]


def test_importing_the_same_file_again_changes_nothing_and_writes_no_history(reference, staff):
    content = xlsx([SESSION_HEADERS, *demo_session_rows()])
    run_import(SessionResource, staff, content)
    history = HistoricalSession.objects.count()

    result = run_import(SessionResource, staff, content)

    assert problems(result) == []
    assert (result.totals["new"], result.totals["update"], result.totals["skip"]) == (0, 0, 15)
    assert Session.objects.count() == 15
    assert Session.objects.in_year(2020).by_sex()["total"] == 6299
    assert HistoricalSession.objects.count() == history
    assert [row.label for row in result.preview] == ["Inchangée"] * 15


def test_imported_sessions_are_drafts_of_the_importing_user_with_their_history(reference, staff):
    run_import(SessionResource, staff, xlsx([SESSION_HEADERS, session_row()]))

    session = Session.objects.get()
    assert (session.review_state, session.author) == (ReviewState.DRAFT, staff)
    # The save, then one record for each many-to-many list set (organisers, actions).
    records = list(session.history.order_by("history_id"))
    assert [record.history_type for record in records] == ["+", "~", "~"]
    assert {(record.history_user, record.history_change_reason) for record in records} == {
        (staff, "Import du fichier « import.xlsx »")
    }


def test_a_changed_row_updates_its_session_and_keeps_it_validated_for_staff(reference, staff):
    run_import(SessionResource, staff, xlsx([SESSION_HEADERS, session_row()]))
    session = Session.objects.get()
    Session.objects.filter(pk=session.pk).update(review_state=ReviewState.VALIDATED)
    history = session.history.count()

    result = run_import(SessionResource, staff, xlsx([SESSION_HEADERS, session_row(Femmes=12)]))

    assert (result.totals["new"], result.totals["update"]) == (0, 1)
    session.refresh_from_db()
    assert (session.women, session.review_state) == (12, ReviewState.VALIDATED)
    assert session.history.count() == history + 1
    assert session.history.first().history_change_reason == "Import du fichier « import.xlsx »"


def test_the_key_includes_the_start_date(reference, staff):
    rows = [
        session_row(**{"Date de début": datetime.date(2020, 3, 2)}),
        session_row(**{"Date de début": "09/03/2020"}),
        session_row(),
    ]
    result = run_import(SessionResource, staff, xlsx([SESSION_HEADERS, *rows]))

    assert result.totals["new"] == 3
    dates = sorted(Session.objects.values_list("start_date", flat=True), key=str)
    assert dates == [datetime.date(2020, 3, 2), datetime.date(2020, 3, 9), None]


def test_one_bad_row_among_good_ones_saves_nothing_and_names_its_line_and_column(reference, staff):
    rows = [
        session_row(Intitulé="Première session"),
        session_row(**{"Intitulé": "Deuxième session", "Date de début": "31/02/2020"}),
        session_row(Intitulé="Troisième session"),
    ]
    result = run_import(SessionResource, staff, xlsx([SESSION_HEADERS, *rows]))

    assert problems(result) == [
        "Ligne 3, colonne « Date de début » : « 31/02/2020 » n'est pas une date : "
        "écrivez-la JJ/MM/AAAA, par exemple 15/10/2020."
    ]
    assert [(row.line, row.label) for row in result.preview] == [
        (2, "Nouvelle"),
        (3, "Erreur"),
        (4, "Nouvelle"),
    ]
    # The first row was saved, then rolled back with its history.
    assert Session.objects.count() == 0
    assert HistoricalSession.objects.count() == 0


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (
            {"Femmes": -3},
            "Ligne 2, colonne « Femmes » : Les effectifs ne peuvent pas être négatifs.",
        ),
        (
            {"Hommes": "douze"},
            "Ligne 2, colonne « Hommes » : « douze » n'est pas un nombre entier de participants.",
        ),
        (
            {"Date de fin": "le 3 mars"},
            "Ligne 2, colonne « Date de fin » : « le 3 mars » n'est pas une date : "
            "écrivez-la JJ/MM/AAAA, par exemple 15/10/2020.",
        ),
        (
            {"Actions (codes)": "11.12 ; 11.99"},
            "Ligne 2, colonne « Actions (codes) » : Code d'action inconnu : « 11.99 ». "
            "Les codes s'écrivent « programme.numéro », par exemple 11.12, séparés par « ; ».",
        ),
        (
            {"Actions (codes)": 11.1},
            "Ligne 2, colonne « Actions (codes) » : La cellule contient le nombre 11.1 : saisissez les codes "
            "d'action comme du texte (cellule au format Texte), par exemple « 11.10 ; 11.12 ».",
        ),
        (
            {"Organisateurs": "OIM ; Institut imaginaire"},
            "Ligne 2, colonne « Organisateurs » : Institution inconnue : « Institut imaginaire ». "
            "Écrivez le nom ou le sigle d'une institution du référentiel, séparés par « ; ». "
            "Une institution manquante est ajoutée par le MDCMRE, pas par un import.",
        ),
        (
            {"Projets": "Projet fantôme"},
            "Ligne 2, colonne « Projets » : Projet inconnu : « Projet fantôme ». "
            "Écrivez le nom ou le nom court d'un projet du référentiel, séparés par « ; ».",
        ),
        (
            {"Type": "Conférence"},
            "Ligne 2, colonne « Type » : « Conférence » n'est pas un type de session connu. "
            "Valeurs possibles : « Formation », « Séminaire », « Atelier », « Webinaire », "
            "« Événement de sensibilisation ».",
        ),
        (
            {"En ligne": "peut-être"},
            "Ligne 2, colonne « En ligne » : « peut-être » : écrivez « Oui » ou « Non ».",
        ),
        (
            {"Année": "vingt"},
            "Ligne 2, colonne « Année » : « vingt » n'est pas une année "
            "(écrivez-la sur quatre chiffres, par exemple 2020).",
        ),
        (
            {"Date de début": "10/03/2020", "Date de fin": "09/03/2020"},
            "Ligne 2, colonne « Date de fin » : La date de fin ne peut pas précéder la date de début.",
        ),
        (
            {"Date de début": "10/03/2019"},
            "Ligne 2, colonne « Date de début » : La date de début doit tomber dans l'année 2020.",
        ),
        (
            {"Intitulé": "  "},
            "Ligne 2, colonne « Intitulé » : Ce champ ne peut pas être vide.",
        ),
    ],
)
def test_a_bad_cell_is_refused_in_french_on_its_line_and_column(reference, staff, values, expected):
    result = run_import(SessionResource, staff, xlsx([SESSION_HEADERS, session_row(**values)]))

    assert problems(result) == [expected]
    assert Session.objects.count() == 0


def test_institutions_and_projects_are_found_by_name_or_acronym_whatever_the_case_and_accents(
    reference, staff
):
    row = session_row(
        Organisateurs="oim ; ministere de la sante",
        Projets="Assistance et protection des enfants non accompagnés ou séparés ; rdpp",
    )
    result = run_import(SessionResource, staff, xlsx([SESSION_HEADERS, row]))

    assert problems(result) == []
    session = Session.objects.get()
    assert sorted(str(institution) for institution in session.organisers.all()) == [
        "Ministère de la Santé",
        "OIM",
    ]
    assert sorted(str(project) for project in session.projects.all()) == ["ENAS", "RDPP"]


def test_a_missing_and_an_unknown_column_refuse_the_file(reference, staff):
    headers = [("Femme" if header == "Femmes" else header) for header in SESSION_HEADERS]
    headers.remove("Sexe non renseigné")
    row = session_row()
    del row[SESSION_HEADERS.index("Sexe non renseigné")]

    result = run_import(SessionResource, staff, xlsx([headers, row]))

    assert problems(result) == [
        "Ligne 1 : la colonne « Femme » est inconnue.",
        "Ligne 1 : il manque la colonne « Femmes ».",
        "Ligne 1 : il manque la colonne « Sexe non renseigné ».",
        "Colonnes attendues, dans l'ordre du modèle à télécharger : " + ", ".join(SESSION_HEADERS) + ".",
    ]
    assert Session.objects.count() == 0


def test_headers_typed_loosely_are_recognised(reference, staff):
    headers = [header.upper().replace("É", "E") for header in SESSION_HEADERS]
    result = run_import(SessionResource, staff, xlsx([headers, session_row()]))

    assert problems(result) == []
    assert Session.objects.count() == 1


def test_a_row_matching_two_undated_sessions_is_refused(reference, staff):
    SessionFactory(title="Atelier sur la traite des êtres humains", year=2020)
    SessionFactory(title="Atelier sur la traite des êtres humains", year=2020)

    result = run_import(SessionResource, staff, xlsx([SESSION_HEADERS, session_row()]))

    assert problems(result) == [
        "Ligne 2 : Plusieurs sessions de cette année portent cet intitulé et cette date de début : "
        "précisez la date de début, ou corrigez-les dans l'administration."
    ]


def test_a_french_excel_csv_imports_like_the_workbook(reference, staff):
    # "CSV (séparateur : point-virgule)": semicolons, Windows-1252.
    content = csv_bytes([SESSION_HEADERS, session_row(**{"Date de début": "02/03/2020"})], encoding="cp1252")

    result = run_import(SessionResource, staff, content, csv_file=True)

    assert problems(result) == []
    session = Session.objects.get()
    assert (session.start_date, session.women, session.get_kind_display()) == (
        datetime.date(2020, 3, 2),
        10,
        "Atelier",
    )


def test_a_negative_number_in_a_csv_is_a_negative_count_not_a_formula(reference, staff):
    content = csv_bytes([SESSION_HEADERS, session_row(Hommes="-3")], delimiter=",")

    result = run_import(SessionResource, staff, content, csv_file=True)

    assert problems(result) == ["Ligne 2, colonne « Hommes » : Les effectifs ne peuvent pas être négatifs."]


def test_the_bilan_table_column_is_optional_and_checked(reference, staff):
    # A file filled before the column existed still imports.
    headers = [header for header in SESSION_HEADERS if header != "Tableau du bilan"]
    row = session_row()[: len(headers)]
    assert problems(run_import(SessionResource, staff, xlsx([headers, row]))) == []
    assert Session.objects.get().report_table == ""

    result = run_import(
        SessionResource, staff, xlsx([SESSION_HEADERS, session_row(Intitulé="Autre", Tableau_du_bilan="a b")])
    )

    assert problems(result) == [
        "Ligne 2, colonne « Tableau du bilan » : Le nom du tableau s'écrit en minuscules sans accents, "
        "chiffres et tirets, sans espace : par exemple « formations-oim »."
    ]
    assert Session.objects.count() == 1
