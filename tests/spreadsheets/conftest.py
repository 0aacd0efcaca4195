"""Shared fixtures and helpers of the spreadsheet tests.

Files are built in the tests with openpyxl or as CSV text, then read through
the same format classes as the admin (`spreadsheets.files`).
"""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from openpyxl import Workbook, load_workbook

from loaders import demo_data
from spreadsheets.files import CsvFormat, XlsxFormat
from tests.demo_snapshot import load_demo, load_reference
from trainings.resources import SessionResource

SESSION_HEADERS = SessionResource().import_columns()
MEETING_HEADERS = ["Comité", "Date", "Heure", "Modalité", "Lieu", "Présidence", "Institutions participantes"]


@pytest.fixture
def reference(db) -> None:
    load_reference()


@pytest.fixture
def demo(db) -> None:
    load_demo()


@pytest.fixture
def demo_focal_cp2(demo):
    """The demo's CP2 focal point (Ministère de la Santé), as `focal_cp2` outside the demo."""
    return get_user_model().objects.get(username="pf.cp2")


@pytest.fixture
def demo_focal_cp4(demo):
    """The demo's CP4 focal point (OIM), as `focal_cp4` outside the demo."""
    return get_user_model().objects.get(username="pf.cp4")


def xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def csv_bytes(rows: list[list], delimiter: str = ";", encoding: str = "utf-8-sig") -> bytes:
    stream = io.StringIO()
    csv.writer(stream, delimiter=delimiter).writerows(rows)
    return stream.getvalue().encode(encoding)


def read_xlsx(content: bytes):
    return load_workbook(io.BytesIO(content))


def run_import(resource_class, user, content: bytes, *, csv_file: bool = False, dry_run: bool = False):
    file_format = CsvFormat() if csv_file else XlsxFormat()
    dataset = file_format.create_dataset(content)
    name = "import.csv" if csv_file else "import.xlsx"
    return resource_class(user=user).import_data(dataset, dry_run=dry_run, file_name=name)


def problems(result) -> list[str]:
    return [str(problem) for problem in result.problems]


def session_row(**values) -> list:
    """A session row under SESSION_HEADERS, with defaults that import cleanly."""
    row = {
        "Intitulé": "Atelier sur la traite des êtres humains",
        "Type": "Atelier",
        "Année": 2020,
        "Date de début": None,
        "Date de fin": None,
        "Projets": "",
        "Organisateurs": "OIM",
        "Bénéficiaires": "Magistrats",
        "Ville": "Rabat",
        "En ligne": "Non",
        "Femmes": 10,
        "Hommes": 8,
        "Sexe non renseigné": 0,
        "Actions (codes)": "11.12",
        "Tableau du bilan": "",
    }
    row.update({key.replace("_", " "): value for key, value in values.items()})
    return [row[header] for header in SESSION_HEADERS]


def demo_session_rows() -> list[list]:
    """The 15 sessions of the 2020 demo, as a partner would type them."""
    rows = []
    for session in demo_data.SESSIONS:
        rows.append(
            [
                session["title"],
                str(dict(demo_data.Session.Kind.choices)[session["kind"]]),
                2020,
                None,
                None,
                " ; ".join(session.get("projects", [])),
                " ; ".join(session.get("organisers", [])),
                session["beneficiaries"],
                session.get("city", ""),
                "Oui" if session.get("online") else "Non",
                session["women"],
                session["men"],
                session.get("unrecorded", 0),
                " ; ".join(session["actions"]),
                session.get("report_table", ""),
            ]
        )
    return rows
