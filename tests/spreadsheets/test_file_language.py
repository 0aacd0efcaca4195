"""Spreadsheet files are French whatever the user's language; what is said about them is not.

An export, the import template and the year's workbook made in Arabic are the
French ones, cell for cell, so that a file made in one language imports in the
other; the messages about a file (errors, preview, success) are in the user's
language and name the file's French column.
"""

import csv
import io

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from tests.spreadsheets.conftest import SESSION_HEADERS, problems, read_xlsx, run_import, session_row, xlsx
from tests.spreadsheets.test_admin_export import CSV, XLSX, export
from tests.spreadsheets.test_admin_import import confirm
from trainings.models import Session
from trainings.resources import SessionResource

pytestmark = pytest.mark.django_db

LANGUAGES = ("fr", "ar", "en")


def in_language(client, language: str):
    client.cookies["django_language"] = language
    return client


def workbook_cells(content: bytes) -> dict[str, list[tuple]]:
    """Every sheet's cells by sheet name (an XLSX's bytes also hold the time it was written)."""
    book = read_xlsx(content)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def test_the_interface_really_changes_language_in_these_tests(client, staff):
    client.force_login(staff)
    arabic = in_language(client, "ar").get(reverse("admin:trainings_session_import")).content.decode()
    french = in_language(client, "fr").get(reverse("admin:trainings_session_import")).content.decode()

    assert 'lang="ar"' in arabic
    assert 'lang="fr"' in french


@pytest.mark.parametrize("model", ["trainings.Session", "committees.Meeting", "programmes.Institution"])
def test_a_list_exported_in_arabic_or_english_is_the_french_export(client, demo, staff, model):
    client.force_login(staff)
    files = {}
    for language in LANGUAGES:
        in_language(client, language)
        files[language] = {
            "xlsx": export(client, model, file_format=XLSX),
            "csv": export(client, model, file_format=CSV),
        }

    for language in ("ar", "en"):
        assert files[language]["csv"].content == files["fr"]["csv"].content
        assert workbook_cells(files[language]["xlsx"].content) == workbook_cells(files["fr"]["xlsx"].content)
        assert files[language]["xlsx"]["Content-Disposition"] == files["fr"]["xlsx"]["Content-Disposition"]


def test_the_arabic_session_export_has_french_headers_and_values(client, demo, staff):
    in_language(client, "ar").force_login(staff)

    response = export(client, "trainings.Session", file_format=CSV)

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [*SESSION_HEADERS, "Total", "État de validation"]
    columns = {header: [row[index] for row in rows[1:]] for index, header in enumerate(rows[0])}
    assert set(columns["Type"]) == {"Formation", "Atelier", "Événement de sensibilisation", "Séminaire"}
    assert set(columns["En ligne"]) == {"Oui", "Non"}
    assert set(columns["État de validation"]) == {"Validé"}
    assert response["Content-Disposition"].startswith('attachment; filename="sessions-et-evenements-')


@pytest.mark.parametrize(("exported_in", "imported_in"), [("ar", "fr"), ("fr", "ar"), ("en", "ar")])
def test_a_file_exported_in_one_language_imports_unchanged_in_another(
    client, demo, staff, exported_in, imported_in
):
    in_language(client, exported_in).force_login(staff)
    exported = export(client, "trainings.Session").content

    in_language(client, imported_in)
    response = client.post(
        reverse("admin:trainings_session_import"),
        {"import_file": SimpleUploadedFile("export.xlsx", exported), "format": ""},
    )

    assert response.context["result"].problems == []
    assert len(response.context["result"].preview) == 15
    assert {row.status for row in response.context["result"].preview} == {"skip"}


def test_a_french_file_imports_under_arabic_and_the_preview_shows_the_files_values(client, reference, staff):
    in_language(client, "ar").force_login(staff)
    content = xlsx([SESSION_HEADERS, session_row(Type="Formation", En_ligne="Oui")])

    response = client.post(
        reverse("admin:trainings_session_import"),
        {"import_file": SimpleUploadedFile("sessions.xlsx", content), "format": ""},
    )

    result = response.context["result"]
    assert result.problems == []
    (row,) = result.preview
    assert row.status == "new"
    # The cells as the file writes them; the words around them in Arabic.
    assert "Formation" in row.cells[SESSION_HEADERS.index("Type")]
    assert "Oui" in row.cells[SESSION_HEADERS.index("En ligne")]
    assert row.label == "جديد"

    confirmed = confirm(client, response)

    assert [str(message) for message in get_messages(confirmed.wsgi_request)] == [
        "اكتمل الاستيراد: أُضيف 1 في حالة مسودة، وحُيِّن 0، وبقي 0 دون تغيير (الدورات والفعاليات)."
    ]
    assert Session.objects.get().kind == "training"


def test_an_import_error_under_arabic_is_arabic_and_names_the_french_column(reference, staff):
    content = xlsx([SESSION_HEADERS, session_row(Type="Colloque")])

    with translation.override("ar"):
        result = run_import(SessionResource, staff, content)
        messages = problems(result)

    assert messages == [
        "السطر 2، العمود « \u2068Type\u2069 »: « Colloque » ليس نوع دورة معروفًا. "
        "القيم الممكنة: « \u2068Formation\u2069 », « \u2068Séminaire\u2069 », « \u2068Atelier\u2069 », "
        "« \u2068Webinaire\u2069 », « \u2068Événement de sensibilisation\u2069 »."
    ]
    assert Session.objects.count() == 0


def test_the_same_error_in_french_names_the_same_column(reference, staff):
    content = xlsx([SESSION_HEADERS, session_row(Type="Colloque")])

    with translation.override("fr"):
        messages = problems(run_import(SessionResource, staff, content))

    assert messages == [
        "Ligne 2, colonne « Type » : « Colloque » n'est pas un type de session connu. "
        "Valeurs possibles : « Formation », « Séminaire », « Atelier », "
        "« Webinaire », « Événement de sensibilisation »."
    ]


def test_a_missing_column_is_named_in_french_inside_an_arabic_message(reference, staff):
    headers = [header for header in SESSION_HEADERS if header != "Femmes"]
    row = session_row()
    del row[SESSION_HEADERS.index("Femmes")]

    with translation.override("ar"):
        messages = problems(run_import(SessionResource, staff, xlsx([headers, row])))

    assert "« \u2068Femmes\u2069 »" in messages[0]
    assert not messages[0].startswith("Ligne")


@pytest.mark.parametrize(
    ("cell", "online"),
    [("Oui", True), ("نعم", True), ("yes", True), ("Non", False), ("لا", False), ("No", False)],
)
@pytest.mark.parametrize("language", LANGUAGES)
def test_yes_no_cells_are_read_in_any_language(reference, staff, cell, online, language):
    content = xlsx([SESSION_HEADERS, session_row(En_ligne=cell)])

    with translation.override(language):
        result = run_import(SessionResource, staff, content)

    assert problems(result) == []
    assert Session.objects.get().online is online


@pytest.mark.parametrize(
    ("cell", "kind"), [("Formation", "training"), ("Training", "training"), ("Atelier", "workshop")]
)
@pytest.mark.parametrize("language", LANGUAGES)
def test_choice_labels_are_read_in_french_whatever_the_language(reference, staff, cell, kind, language):
    content = xlsx([SESSION_HEADERS, session_row(Type=cell)])

    with translation.override(language):
        result = run_import(SessionResource, staff, content)

    assert problems(result) == []
    assert Session.objects.get().kind == kind


def test_the_import_template_is_the_same_in_every_language(client, reference, staff):
    client.force_login(staff)
    responses = {}
    for language in LANGUAGES:
        in_language(client, language)
        responses[language] = client.get(reverse("admin:trainings_session_import_template"))

    french = workbook_cells(responses["fr"].content)
    assert list(french) == ["Sessions et événements", "Listes", "Aide"]
    assert french["Aide"][0] == ("Colonne", "Obligatoire", "Contenu attendu")
    for language in ("ar", "en"):
        assert workbook_cells(responses[language].content) == french
        assert responses[language]["Content-Disposition"] == responses["fr"]["Content-Disposition"]


def test_the_meeting_import_template_is_the_same_in_every_language(client, reference, staff):
    client.force_login(staff)
    cells = {}
    for language in LANGUAGES:
        in_language(client, language)
        cells[language] = workbook_cells(
            client.get(reverse("admin:committees_meeting_import_template")).content
        )

    assert cells["ar"] == cells["en"] == cells["fr"]
    assert cells["fr"]["Réunions"][0][:3] == ("Comité", "Date", "Heure")


def test_the_years_workbook_is_the_same_in_french_and_arabic(client, demo, staff):
    client.force_login(staff)
    cells = {}
    for language in LANGUAGES:
        in_language(client, language)
        response = client.get(reverse("reports:bilan-xlsx", args=[2020]))
        assert response.status_code == 200
        cells[language] = workbook_cells(response.content)

    assert list(cells["fr"]) == ["Réunions", "Sessions", "Filières et études"]
    assert cells["fr"]["Sessions"][0][:3] == ("Intitulé", "Type", "Programme(s)")
    assert cells["ar"] == cells["fr"]
    assert cells["en"] == cells["fr"]


def test_the_arabic_preview_of_a_wrong_file_isolates_the_french_column_and_cells(client, reference, staff):
    in_language(client, "ar").force_login(staff)
    content = xlsx([SESSION_HEADERS, session_row(Type="Colloque")])

    response = client.post(
        reverse("admin:trainings_session_import"),
        {"import_file": SimpleUploadedFile("sessions.xlsx", content), "format": ""},
    )

    page = response.content.decode()
    assert "<strong><bdi>Type</bdi></strong> : « Colloque » ليس نوع دورة معروفًا." in page
    assert '<th dir="auto">Intitulé</th>' in page
    assert "confirm_form" not in response.context
    assert Session.objects.count() == 0
