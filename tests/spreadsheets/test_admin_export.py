"""Every admin list exports to XLSX and CSV, with its filters, within the user's scope."""

import csv
import io

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from tests.factories import SessionFactory
from tests.spreadsheets.conftest import read_xlsx

pytestmark = pytest.mark.django_db

DOMAIN_APPS = {"programmes", "committees", "trainings", "reports"}

XLSX, CSV = "0", "1"


def export(client, model: str, params: str = "", file_format: str = XLSX):
    app_label = apps.get_model(model)._meta.app_label
    name = apps.get_model(model)._meta.model_name
    url = reverse(f"admin:{app_label}_{name}_export") + params
    return client.post(url, {"format": file_format, "resource": "0"})


def sheet_rows(response) -> list[tuple]:
    assert response.status_code == 200, response.content[:500]
    return list(read_xlsx(response.content).worksheets[0].iter_rows(values_only=True))


def test_the_export_keeps_the_lists_filter(client, demo, staff):
    client.force_login(staff)

    rows = sheet_rows(export(client, "trainings.Session", "?kind__exact=awareness"))

    assert rows[0][:3] == ("Intitulé", "Type", "Année")
    assert [row[1] for row in rows[1:]] == ["Événement de sensibilisation"] * 5
    assert sum(row[rows[0].index("Total")] for row in rows[1:]) == 22 + 24 + 140 + 67 + 5699


def test_a_focal_point_exports_only_the_meetings_of_their_committee(client, demo_focal_cp2):
    client.force_login(demo_focal_cp2)

    rows = sheet_rows(export(client, "committees.Meeting"))

    assert [(row[0], row[1].date().isoformat()) for row in rows[1:]] == [
        ("CP2", "2020-11-10"),
        ("CP2", "2020-10-07"),
        ("CP2", "2020-06-24"),
    ]


def test_a_focal_point_exports_only_their_institutions_sessions(client, demo_focal_cp4):
    client.force_login(demo_focal_cp4)

    rows = sheet_rows(export(client, "trainings.Session"))

    organisers = rows[0].index("Organisateurs")
    assert len(rows) == 1 + 7
    assert {row[organisers] for row in rows[1:]} == {"OIM"}


def test_staff_export_all_18_meetings_and_a_reader_may_export_too(client, demo, staff, reader):
    client.force_login(staff)
    assert len(sheet_rows(export(client, "committees.Meeting"))) == 1 + 18
    client.force_login(reader)
    assert len(sheet_rows(export(client, "committees.Meeting"))) == 1 + 18


def test_the_csv_export_opens_in_french_excel_and_runs_no_formula(client, reference, staff):
    SessionFactory(title='=HYPERLINK("http://exemple.ma")', women=3)
    client.force_login(staff)

    response = export(client, "trainings.Session", file_format=CSV)

    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][0] == '\'=HYPERLINK("http://exemple.ma")'
    assert rows[1][rows[0].index("Femmes")] == "3"


def test_an_exported_session_list_imports_again_unchanged(client, demo, staff):
    client.force_login(staff)
    exported = export(client, "trainings.Session").content

    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("admin:trainings_session_import"),
        {"import_file": SimpleUploadedFile("export.xlsx", exported), "format": ""},
    )

    assert response.context["result"].problems == []
    assert [row.label for row in response.context["result"].preview] == ["Inchangée"] * 15


def test_every_domain_list_exports_to_xlsx_and_csv(client, demo, administrator):
    client.force_login(administrator)
    models = [model for model in admin.site._registry if model._meta.app_label in DOMAIN_APPS]
    assert len(models) >= 15

    for model in models:
        label = f"{model._meta.app_label}.{model.__name__}"
        rows = sheet_rows(export(client, label))
        text = export(client, label, file_format=CSV)

        assert rows[0] and all(isinstance(header, str) for header in rows[0]), label
        assert len(rows) == 1 + model._default_manager.count(), label
        assert text.status_code == 200, label
        lines = list(csv.reader(io.StringIO(text.content.decode("utf-8-sig")), delimiter=";"))
        assert len(lines) == len(rows), label


def test_the_export_runs_the_same_queries_whatever_the_number_of_rows(client, demo, staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from programmes.models import Institution

    client.force_login(staff)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert export(client, "trainings.Session").status_code == 200
        return len(captured)

    before = queries()
    for number in range(10):
        session = SessionFactory(title=f"Session supplémentaire {number}")
        session.organisers.set(Institution.objects.all()[:2])
    assert queries() == before


def test_an_unknown_filter_in_the_address_sends_back_to_the_list(client, reference, staff):
    client.force_login(staff)

    response = export(client, "trainings.Session", "?titre__inconnu=1")

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:trainings_session_changelist")
