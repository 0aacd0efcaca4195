"""Importing through the admin: the template, the preview of every row, the confirmation, who may."""

import io

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from access.models import ReviewState
from committees.models import Meeting
from tests.spreadsheets.conftest import (
    MEETING_HEADERS,
    SESSION_HEADERS,
    read_xlsx,
    session_row,
    xlsx,
)
from trainings.models import Session

pytestmark = pytest.mark.django_db

SESSION_IMPORT = "admin:trainings_session_import"
SESSION_CONFIRM = "admin:trainings_session_process_import"
SESSION_TEMPLATE = "admin:trainings_session_import_template"


def upload(client, content: bytes, name: str = "sessions.xlsx", url: str = SESSION_IMPORT):
    return client.post(reverse(url), {"import_file": SimpleUploadedFile(name, content), "format": ""})


def confirm(client, response, url: str = SESSION_CONFIRM):
    form = response.context["confirm_form"]
    return client.post(reverse(url), {name: form.initial.get(name, "") for name in form.fields})


def test_a_reader_has_no_import_button_and_is_refused_the_import_pages(client, reference, reader):
    client.force_login(reader)

    changelist = client.get(reverse("admin:trainings_session_changelist"))
    assert changelist.status_code == 200
    assert reverse(SESSION_IMPORT) not in changelist.content.decode()
    assert client.get(reverse(SESSION_IMPORT)).status_code == 403
    assert client.get(reverse(SESSION_TEMPLATE)).status_code == 403
    assert upload(client, xlsx([SESSION_HEADERS, session_row()])).status_code == 403
    assert Session.objects.count() == 0


def test_staff_see_the_import_and_export_buttons(client, reference, staff):
    client.force_login(staff)

    content = client.get(reverse("admin:trainings_session_changelist")).content.decode()

    assert reverse(SESSION_IMPORT) in content
    assert reverse("admin:trainings_session_export") in content


def test_the_template_has_the_french_headers_an_example_row_and_a_help_sheet(client, reference, focal_cp4):
    client.force_login(focal_cp4)

    response = client.get(reverse(SESSION_TEMPLATE))

    assert response.status_code == 200
    assert (
        response["Content-Disposition"] == 'attachment; filename="modele-import-sessions-et-evenements.xlsx"'
    )
    workbook = read_xlsx(response.content)
    sheet = workbook.worksheets[0]
    assert [cell.value for cell in sheet[1]] == SESSION_HEADERS
    example = dict(zip(SESSION_HEADERS, [cell.value for cell in sheet[2]], strict=True))
    # A focal point's example names their own institution, so that it imports as it is.
    assert (example["Type"], example["Organisateurs"], example["Femmes"]) == ("Formation", "OIM", 12)
    assert sheet.freeze_panes == "A2"
    assert workbook["Aide"]["A1"].value == "Colonne"
    assert workbook["Listes"].sheet_state == "hidden"


def test_the_template_imports_as_it_is(client, reference, focal_cp4):
    client.force_login(focal_cp4)
    template = client.get(reverse(SESSION_TEMPLATE)).content

    response = upload(client, template)

    assert response.context["result"].problems == []
    assert confirm(client, response).status_code == 302
    assert Session.objects.get().organisers.get().acronym == "OIM"


def test_the_preview_shows_every_row_and_nothing_is_saved_before_the_confirmation(client, reference, staff):
    client.force_login(staff)
    rows = [session_row(Intitulé="Première"), session_row(Intitulé="Deuxième")]

    response = upload(client, xlsx([SESSION_HEADERS, *rows]))

    assert response.status_code == 200
    assert [(row.line, row.label) for row in response.context["result"].preview] == [
        (2, "Nouvelle"),
        (3, "Nouvelle"),
    ]
    assert "confirm_form" in response.context
    assert Session.objects.count() == 0

    confirmed = confirm(client, response)

    assert confirmed.status_code == 302
    assert set(Session.objects.values_list("title", "review_state", "author")) == {
        ("Première", ReviewState.DRAFT, staff.pk),
        ("Deuxième", ReviewState.DRAFT, staff.pk),
    }


def test_a_file_with_an_error_shows_its_line_and_column_and_offers_no_confirmation(client, reference, staff):
    client.force_login(staff)
    rows = [session_row(Intitulé="Bonne"), session_row(Intitulé="Mauvaise", Femmes=-2)]

    response = upload(client, xlsx([SESSION_HEADERS, *rows]))

    assert response.status_code == 200
    assert "confirm_form" not in response.context
    html = response.content.decode()
    assert "Le fichier n'a pas été importé : 1 erreur." in html
    assert "Ligne 3, colonne « Femmes » : Les effectifs ne peuvent pas être négatifs." in html
    assert Session.objects.count() == 0


def test_a_confirmation_for_another_file_is_refused(client, reference, staff):
    client.force_login(staff)
    response = upload(client, xlsx([SESSION_HEADERS, session_row()]))
    fields = {name: response.context["confirm_form"].initial.get(name, "") for name in ("format", "resource")}

    forged = client.post(
        reverse(SESSION_CONFIRM),
        {**fields, "import_file_name": "passwd", "original_file_name": "sessions.xlsx"},
    )

    assert forged.status_code == 200
    assert "Cet aperçu a expiré ou ne vous appartient pas" in forged.content.decode()
    assert Session.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "sessions.pdf",
            b"%PDF-1.7 ...",
            "« sessions.pdf » n&#x27;est ni un classeur Excel (.xlsx) ni un fichier CSV (.csv).",
        ),
        (
            "sessions.xlsx",
            b"%PDF-1.7 ...",
            "Ce fichier n&#x27;est pas un classeur Excel (.xlsx) : "
            "son contenu ne correspond pas à son extension.",
        ),
        (
            "sessions.csv",
            "Intitulé;Femmes\n=1+2;3\n".encode(),
            "Ligne 2, colonne « Intitulé » (A2) : la cellule contient une formule (« =1+2 »).",
        ),
    ],
)
def test_a_file_that_is_not_a_clean_spreadsheet_is_refused_on_the_form(
    client, reference, staff, name, content, message
):
    client.force_login(staff)

    response = upload(client, content, name=name)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert "result" not in response.context or response.context["result"] is None


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(client, reference, staff, settings):
    settings.IMPORT_MAX_BYTES = 1024
    client.force_login(staff)

    response = upload(client, b"x" * 2048, name="sessions.csv")

    assert "Le fichier pèse 2 Ko : la limite est de 1 Ko. Découpez-le en plusieurs fichiers." in (
        response.content.decode()
    )


def test_a_focal_points_meeting_of_another_committee_is_refused_in_the_preview(client, reference, focal_cp2):
    client.force_login(focal_cp2)
    rows = [
        ["CP2", "24/06/2020", "", "En ligne", "", "", ""],
        ["CP4", "25/06/2020", "", "En ligne", "", "", ""],
    ]

    response = upload(
        client, xlsx([MEETING_HEADERS, *rows]), name="reunions.xlsx", url="admin:committees_meeting_import"
    )

    assert [str(problem) for problem in response.context["result"].problems] == [
        "Ligne 3, colonne « Comité » : Vous ne pouvez pas enregistrer de réunion du comité CP4 : "
        "vous n'en êtes pas point focal."
    ]
    assert Meeting.objects.count() == 0


def test_done_when_a_new_user_fills_the_template_fixes_an_error_and_finds_drafts_and_the_workbook(
    client, demo_focal_cp4
):
    client.force_login(demo_focal_cp4)
    workbook = read_xlsx(client.get(reverse(SESSION_TEMPLATE)).content)
    sheet = workbook.worksheets[0]
    titles = ["Atelier juridique à Oujda", "Webinaire sur la traite", "Formation des travailleurs sociaux"]
    for line, (title, women) in enumerate(zip(titles, [14, -6, 20], strict=True), start=2):
        values = session_row(Intitulé=title, Type="Atelier", Année=2020, Organisateurs="OIM", Femmes=women)
        for column, value in enumerate(values, start=1):
            sheet.cell(row=line, column=column).value = value

    def save() -> bytes:
        stream = io.BytesIO()
        workbook.save(stream)
        return stream.getvalue()

    sessions_before = Session.objects.count()
    refused = upload(client, save())
    assert [str(problem) for problem in refused.context["result"].problems] == [
        "Ligne 3, colonne « Femmes » : Les effectifs ne peuvent pas être négatifs."
    ]
    assert Session.objects.count() == sessions_before

    sheet.cell(row=3, column=SESSION_HEADERS.index("Femmes") + 1, value=6)
    preview = upload(client, save())
    assert [row.label for row in preview.context["result"].preview] == ["Nouvelle"] * 3
    assert confirm(client, preview).status_code == 302

    drafts = Session.objects.filter(title__in=titles)
    assert set(drafts.values_list("review_state", "author")) == {(ReviewState.DRAFT, demo_focal_cp4.pk)}
    assert drafts.count() == 3
    changelist = client.get(reverse("admin:trainings_session_changelist"), {"review_state__exact": "draft"})
    assert all(title in changelist.content.decode() for title in titles)

    response = client.get(reverse("reports:bilan-xlsx", args=[2020]), {"brouillons": "1"})
    rows = list(read_xlsx(response.content)["Sessions"].iter_rows(values_only=True))
    imported = [row for row in rows if row[0] in titles]
    assert [(row[0], row[11], row[-1]) for row in imported] == [
        ("Atelier juridique à Oujda", 14, "Brouillon"),
        ("Webinaire sur la traite", 6, "Brouillon"),
        ("Formation des travailleurs sociaux", 20, "Brouillon"),
    ]
    totals = next(row for row in rows if row[0] == "Ensemble des sessions de l'année")
    assert totals[10:15] == (18, 3280 + 40, 2879 + 24, 140, 6299 + 64)


def test_a_file_that_became_wrong_after_its_preview_is_not_imported(client, reference, staff):
    from django.utils import timezone

    from reports.models import ReportingYear

    client.force_login(staff)
    preview = upload(client, xlsx([SESSION_HEADERS, session_row()]))
    # The year is closed between the preview and the confirmation.
    ReportingYear.objects.create(year=2020, closed_at=timezone.now(), closed_by=staff)

    response = confirm(client, preview)

    assert response.status_code == 302
    assert response["Location"] == reverse(SESSION_IMPORT)
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert shown[0] == "Rien n'a été importé : le fichier comporte des erreurs."
    assert shown[1].startswith("Ligne 2, colonne « Année » : L'année 2020 est clôturée depuis le ")
    assert Session.objects.count() == 0
