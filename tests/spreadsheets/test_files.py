"""Files refused before any row is read, and files we write without live formulas."""

import csv
import datetime
import io
import zipfile

import pytest
from openpyxl import Workbook

from spreadsheets.files import CsvFormat, SpreadsheetRefused, XlsxFormat, read_csv, read_xlsx
from tests.spreadsheets.conftest import csv_bytes, xlsx


def refusal(read, content: bytes) -> str:
    with pytest.raises(SpreadsheetRefused) as refused:
        read(content)
    return refused.value.messages[0]


def with_extra_part(content: bytes, name: str, data: bytes = b"<x/>") -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(stream, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return stream.getvalue()


def test_a_pdf_renamed_xlsx_is_not_a_workbook():
    assert refusal(read_xlsx, b"%PDF-1.7 ...") == (
        "Ce fichier n'est pas un classeur Excel (.xlsx) : son contenu ne correspond pas à son extension."
    )


def test_an_old_or_protected_excel_file_is_refused_with_the_way_out():
    assert refusal(read_xlsx, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100) == (
        "Ce fichier est au format Excel 97-2003 (.xls) ou protégé par un mot de passe : "
        "enregistrez-le au format « Classeur Excel (.xlsx) », sans mot de passe."
    )


def test_a_workbook_too_large_is_refused(settings):
    settings.IMPORT_MAX_BYTES = 2 * 1024 * 1024
    content = xlsx([["Intitulé"]]) + b"\x00" * (2 * 1024 * 1024)

    assert refusal(read_xlsx, content) == (
        "Le fichier pèse 2,1 Mo : la limite est de 2 Mo. Découpez-le en plusieurs fichiers."
    )


def test_the_size_limit_comes_from_the_settings(settings):
    settings.IMPORT_MAX_BYTES = 100

    assert refusal(read_csv, b"a;b\n" * 30) == (
        "Le fichier pèse 120 octets : la limite est de 100 octets. Découpez-le en plusieurs fichiers."
    )


def test_a_formula_cell_is_refused_with_its_place():
    content = xlsx([["Intitulé", "Femmes"], ["Atelier", "=SUM(1,2)"]])

    assert refusal(read_xlsx, content) == (
        "Ligne 2, colonne « Femmes » (B2) : la cellule contient une formule (« =SUM(1,2) »). "
        "Les formules sont refusées : remplacez-les par leur valeur "
        "(copier, puis collage spécial « valeurs »)."
    )


def test_a_text_cell_starting_with_equals_is_refused_too():
    workbook = Workbook()
    workbook.active.append(["Intitulé"])
    cell = workbook.active.cell(row=2, column=1, value='=HYPERLINK("http://example.com")')
    cell.data_type = "s"
    stream = io.BytesIO()
    workbook.save(stream)

    assert refusal(read_xlsx, stream.getvalue()).startswith(
        "Ligne 2, colonne « Intitulé » (A2) : la cellule contient une formule"
    )


@pytest.mark.parametrize(
    "part", ["xl/externalLinks/externalLink1.xml", "xl/connections.xml", "xl/vbaProject.bin"]
)
def test_external_links_connections_and_macros_are_refused(part):
    content = with_extra_part(xlsx([["Intitulé"], ["Atelier"]]), part)

    assert refusal(read_xlsx, content) == (
        "Ce classeur contient des liaisons vers d'autres fichiers, des connexions de données ou des macros : "
        "ils sont refusés. Copiez les valeurs dans un nouveau classeur."
    )


def test_a_relationship_to_an_outside_target_is_refused_but_a_hyperlink_is_not():
    outside = (
        '<Relationships><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/oleObject" Target="file:///C:/secret.xlsx" TargetMode="External"/></Relationships>'
    )
    link = outside.replace("oleObject", "hyperlink").replace("file:///C:/secret.xlsx", "https://example.ma")
    base = xlsx([["Intitulé"], ["Atelier"]])

    assert refusal(
        read_xlsx, with_extra_part(base, "xl/worksheets/_rels/sheet9.xml.rels", outside.encode())
    ) == (
        "Ce classeur fait référence à un fichier ou une adresse extérieurs : il est refusé. "
        "Copiez les valeurs dans un nouveau classeur."
    )
    assert read_xlsx(with_extra_part(base, "xl/worksheets/_rels/sheet9.xml.rels", link.encode())).headers == [
        "Intitulé"
    ]


def test_a_zip_bomb_is_refused():
    content = with_extra_part(xlsx([["Intitulé"]]), "xl/media/big.bin", b"\x00" * (51 * 1024 * 1024))

    assert refusal(read_xlsx, content) == (
        "Ce classeur est anormalement volumineux une fois décompressé : il est refusé."
    )


@pytest.mark.parametrize(
    ("cell", "refused"),
    [
        ("=1+2", True),
        ("@SUM(A1)", True),
        ("+cmd|' /C calc'!A0", True),
        ("-2+3", True),
        ("-3", False),
        ("+12", False),
        ("1 234", False),
        ("Atelier = formation", False),
    ],
)
def test_csv_formula_cells_are_refused_but_signed_numbers_are_read(cell, refused):
    content = csv_bytes([["Intitulé", "Femmes"], ["Atelier", cell]])

    if refused:
        assert refusal(read_csv, content).startswith(
            "Ligne 2, colonne « Femmes » (B2) : la cellule contient une formule"
        )
    else:
        assert read_csv(content)[0] == ("Atelier", cell)


def test_a_binary_file_named_csv_is_refused():
    assert refusal(read_csv, xlsx([["Intitulé"]])) == (
        "Ce fichier n'est pas un fichier CSV (texte) : son contenu ne correspond pas à son extension."
    )


def test_blank_rows_are_skipped_and_lines_keep_their_number_in_the_file():
    content = xlsx([["Intitulé", "Année"], ["Premier", 2020], [None, None], ["Deuxième", 2020]])

    dataset = read_xlsx(content)

    assert list(dataset) == [("Premier", 2020), ("Deuxième", 2020)]
    assert dataset.line_numbers == [2, 4]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([["Intitulé", None, "Année"]], "Ligne 1, cellule B1 : en-tête de colonne vide."),
        ([["Intitulé", "Intitulé"]], "Ligne 1 : la colonne « Intitulé » apparaît deux fois."),
        ([[None, None]], "La ligne 1 doit porter les en-têtes de colonnes : elle est vide."),
        (
            [["Intitulé"], ["Atelier", "oublié"]],
            "Ligne 2, cellule B2 : une valeur se trouve hors des colonnes nommées en ligne 1.",
        ),
    ],
)
def test_a_table_without_proper_headers_is_refused(rows, message):
    assert refusal(read_xlsx, xlsx(rows)) == message


def test_dates_in_a_workbook_are_read_as_dates():
    dataset = read_xlsx(xlsx([["Date"], [datetime.date(2020, 6, 24)]]))

    assert dataset[0][0].date() == datetime.date(2020, 6, 24)


def test_exports_never_carry_a_live_formula():
    import tablib

    dataset = tablib.Dataset(['=HYPERLINK("http://x")', "-2+3", 12], headers=["Intitulé", "Note", "Femmes"])

    workbook_cell = XlsxFormat().export_data(dataset)
    from openpyxl import load_workbook

    cell = load_workbook(io.BytesIO(workbook_cell)).active["A2"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x")', "s")

    text = CsvFormat().export_data(dataset).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text), delimiter=";")) == [
        ["Intitulé", "Note", "Femmes"],
        ['\'=HYPERLINK("http://x")', "'-2+3", "12"],
    ]
