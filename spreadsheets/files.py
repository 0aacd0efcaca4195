"""Spreadsheet files: what an uploaded XLSX or CSV must be, and the formats
(XLSX, CSV) the admin's imports and exports use.

An import reads one table: the first sheet of an XLSX workbook, or a CSV file
(comma, semicolon or tab separated; UTF-8, or Windows-1252 as French Excel
saves it). Before any row is read, a file is refused with a French message if:
- it is larger than settings.IMPORT_MAX_BYTES (SNIA_IMPORT_MAX_BYTES, 2 MiB);
- it is not what its format says: an XLSX must be an Office Open XML workbook
  (an old .xls, a password-protected workbook or a renamed PDF is not), a CSV
  must be text;
- the workbook could reach outside itself or run code: external links, data
  connections, macros, or any relationship to an outside target but a plain
  hyperlink; or it would unpack to more than MAX_UNPACKED_BYTES (a zip bomb);
- it holds a formula. In an XLSX: a formula cell, or a text cell starting with
  "=" (saved as CSV it would become a formula again). In a CSV: a cell
  starting with "=" or "@", or with "+" or "-" unless the whole cell is a
  number — so "-3" passes here and is then refused on its row as a negative
  count, while "-2+3" or "+cmd|..." is refused as a formula;
- its table has no header, an empty or repeated header, a value outside the
  header's columns, or more than MAX_ROWS rows.

Blank rows are skipped; every row keeps its line number in the file (the
header is line 1), which is the number error messages give.

Files are written by `spreadsheets.writer`, never with a live formula.
"""

import csv
import io
import math
import re
import zipfile
from collections.abc import Iterable
from pathlib import PurePath

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export.formats import base_formats
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from spreadsheets.language import isolated
from spreadsheets.writer import csv_safe, is_csv_formula, workbook_bytes, write_table

DEFAULT_IMPORT_MAX_BYTES = 2 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 60

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP_MAGIC = b"PK\x03\x04"
# Old Excel (.xls) files and password-protected workbooks are OLE2 containers.
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Parts through which a workbook reaches outside itself or runs code.
FORBIDDEN_PARTS = re.compile(
    r"^xl/(externalLinks/|connections\.xml|queryTables/|vbaProject\.bin|activeX/|embeddings/)",
    re.IGNORECASE,
)
HYPERLINK_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
EXTERNAL_TARGET = re.compile(r"<Relationship\b[^>]*TargetMode=\"External\"[^>]*>", re.IGNORECASE)
RELATIONSHIP_TYPE = re.compile(r"\bType=\"([^\"]+)\"")


class SpreadsheetRefused(ValidationError):
    """A file refused as a whole, before any of its rows is imported."""


def import_max_bytes() -> int:
    return getattr(settings, "IMPORT_MAX_BYTES", DEFAULT_IMPORT_MAX_BYTES)


def size_label(size: int) -> str:
    """2097152 → "2 Mo"; 1536 → "1,5 Ko" (French units, rounded up to a tenth)."""
    for unit, factor in ((_("Mo"), 1024 * 1024), (_("Ko"), 1024)):
        if size >= factor:
            # Rounded up: a file just over the limit must not read as equal to it.
            tenths = math.ceil(size * 10 / factor)
            value = f"{tenths // 10},{tenths % 10}" if tenths % 10 else str(tenths // 10)
            return f"{value} {unit}"
    return _("%(size)s octets") % {"size": size}


def check_size(size: int) -> None:
    limit = import_max_bytes()
    if size > limit:
        raise SpreadsheetRefused(
            _("Le fichier pèse %(size)s : la limite est de %(limit)s. Découpez-le en plusieurs fichiers.")
            % {"size": size_label(size), "limit": size_label(limit)},
            code="too_large",
        )


def cell_label(line: int, column: int, header: str = "") -> str:
    """ "Ligne 3, colonne « Femmes » (K3)" — the place of a cell, as a user finds it."""
    coordinate = f"{get_column_letter(column)}{line}"
    if header:
        return _("Ligne %(line)s, colonne « %(header)s » (%(cell)s)") % {
            "line": line,
            "header": isolated(header),
            "cell": coordinate,
        }
    return _("Ligne %(line)s, cellule %(cell)s") % {"line": line, "cell": coordinate}


def _excerpt(text: str, length: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def _formula_refused(line: int, column: int, header: str, text: str) -> SpreadsheetRefused:
    return SpreadsheetRefused(
        _(
            "%(place)s : la cellule contient une formule (« %(formula)s »). Les formules sont refusées : "
            "remplacez-les par leur valeur (copier, puis collage spécial « valeurs »)."
        )
        % {"place": cell_label(line, column, header), "formula": _excerpt(text)},
        code="formula",
    )


# --- Reading ---------------------------------------------------------------
def _table(headers: list, rows: Iterable[tuple[int, list]]) -> tablib.Dataset:
    """A dataset of the rows under `headers`, each remembering its line in the file.

    `rows` yields (line number, cell values). Trailing empty headers are
    dropped; an empty or repeated header, or a value outside the headers'
    columns, refuses the file.
    """
    names = ["" if value is None else str(value).strip() for value in headers]
    while names and not names[-1]:
        names.pop()
    if not names:
        raise SpreadsheetRefused(
            _("La ligne 1 doit porter les en-têtes de colonnes : elle est vide."), code="no_header"
        )
    for index, name in enumerate(names, start=1):
        if not name:
            raise SpreadsheetRefused(
                _("%(place)s : en-tête de colonne vide.") % {"place": cell_label(1, index)},
                code="empty_header",
            )
        if names.index(name) != index - 1:
            raise SpreadsheetRefused(
                _("Ligne 1 : la colonne « %(header)s » apparaît deux fois.") % {"header": isolated(name)},
                code="repeated_header",
            )
    dataset = tablib.Dataset(headers=names)
    line_numbers = []
    for line, values in rows:
        values = list(values)
        if all(value is None or (isinstance(value, str) and not value.strip()) for value in values):
            continue
        for index, value in enumerate(values[len(names) :], start=len(names) + 1):
            if value is not None and str(value).strip():
                raise SpreadsheetRefused(
                    _("%(place)s : une valeur se trouve hors des colonnes nommées en ligne 1.")
                    % {"place": cell_label(line, index)},
                    code="value_without_header",
                )
        if len(line_numbers) == MAX_ROWS:
            raise SpreadsheetRefused(
                _("Le fichier compte plus de %(max)s lignes : découpez-le en plusieurs fichiers.")
                % {"max": MAX_ROWS},
                code="too_many_rows",
            )
        values = values[: len(names)] + [None] * (len(names) - len(values))
        dataset.append(values)
        line_numbers.append(line)
    # Read by the import to number its messages as the file does.
    dataset.line_numbers = line_numbers
    return dataset


def check_xlsx_package(data: bytes) -> None:
    """Refuses what is not a plain XLSX workbook (see the module's rules)."""
    if data.startswith(OLE2_MAGIC):
        raise SpreadsheetRefused(
            _(
                "Ce fichier est au format Excel 97-2003 (.xls) ou protégé par un mot de passe : "
                "enregistrez-le au format « Classeur Excel (.xlsx) », sans mot de passe."
            ),
            code="not_xlsx",
        )
    not_xlsx = SpreadsheetRefused(
        _("Ce fichier n'est pas un classeur Excel (.xlsx) : son contenu ne correspond pas à son extension."),
        code="not_xlsx",
    )
    if not data.startswith(ZIP_MAGIC):
        raise not_xlsx
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            names = {member.filename for member in members}
            if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
                raise not_xlsx
            if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
                raise SpreadsheetRefused(
                    _("Ce classeur est anormalement volumineux une fois décompressé : il est refusé."),
                    code="zip_bomb",
                )
            if any(FORBIDDEN_PARTS.match(name) for name in names):
                raise SpreadsheetRefused(
                    _(
                        "Ce classeur contient des liaisons vers d'autres fichiers, des connexions de données "
                        "ou des macros : ils sont refusés. Copiez les valeurs dans un nouveau classeur."
                    ),
                    code="external_link",
                )
            for name in names:
                if not name.endswith(".rels"):
                    continue
                for relationship in EXTERNAL_TARGET.findall(archive.read(name).decode("utf-8", "replace")):
                    kind = RELATIONSHIP_TYPE.search(relationship)
                    if not kind or kind.group(1) != HYPERLINK_RELATIONSHIP:
                        raise SpreadsheetRefused(
                            _(
                                "Ce classeur fait référence à un fichier ou une adresse extérieurs : "
                                "il est refusé. Copiez les valeurs dans un nouveau classeur."
                            ),
                            code="external_link",
                        )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError):
        raise not_xlsx from None


def read_xlsx(data: bytes) -> tablib.Dataset:
    """The first sheet of an XLSX workbook as a dataset (values as typed: numbers, dates, text)."""
    check_size(len(data))
    check_xlsx_package(data)
    try:
        # data_only=False: formula cells come as their formula, to be refused.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:
        # openpyxl raises many kinds of errors on a damaged workbook.
        raise SpreadsheetRefused(
            _("Ce classeur Excel est endommagé ou illisible : ouvrez-le et enregistrez-le à nouveau."),
            code="unreadable",
        ) from None
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(max_col=MAX_COLUMNS + 1)
        header_cells = next(rows, ())
        headers = [cell.value for cell in header_cells]
        if len(headers) > MAX_COLUMNS and headers[MAX_COLUMNS] is not None:
            raise SpreadsheetRefused(
                _("La feuille compte plus de %(max)s colonnes.") % {"max": MAX_COLUMNS}, code="too_wide"
            )
        names = ["" if value is None else str(value).strip() for value in headers]
        for index, cell in enumerate(header_cells, start=1):
            _check_xlsx_cell(cell, 1, index, "")

        def values() -> Iterable[tuple[int, list]]:
            for line, row in enumerate(rows, start=2):
                for index, cell in enumerate(row, start=1):
                    _check_xlsx_cell(cell, line, index, names[index - 1] if index <= len(names) else "")
                yield line, [cell.value for cell in row]

        return _table(headers, values())
    finally:
        workbook.close()


def _check_xlsx_cell(cell, line: int, column: int, header: str) -> None:
    value = cell.value
    if value is None:
        return
    if getattr(cell, "data_type", None) == "f" or (isinstance(value, str) and value.lstrip().startswith("=")):
        raise _formula_refused(line, column, header, str(getattr(value, "text", value)))


def decode_csv(data: bytes) -> str:
    if b"\x00" in data[:4096] or data.startswith((ZIP_MAGIC, OLE2_MAGIC, b"%PDF")):
        raise SpreadsheetRefused(
            _("Ce fichier n'est pas un fichier CSV (texte) : son contenu ne correspond pas à son extension."),
            code="not_csv",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # What French Excel writes for "CSV (séparateur : point-virgule)".
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise SpreadsheetRefused(
            _("L'encodage de ce fichier CSV n'est pas reconnu : enregistrez-le en « CSV UTF-8 »."),
            code="encoding",
        ) from None


def read_csv(data: bytes) -> tablib.Dataset:
    """A CSV file as a dataset of texts; the separator is read from its header line."""
    check_size(len(data))
    text = decode_csv(data)
    first_line = text.split("\n", 1)[0]
    try:
        delimiter = csv.Sniffer().sniff(first_line, delimiters=";,\t").delimiter
    except csv.Error:
        delimiter = ","
    records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        headers = next(records, [])
        for index, value in enumerate(headers, start=1):
            if is_csv_formula(value):
                raise _formula_refused(1, index, "", value)

        def values() -> Iterable[tuple[int, list]]:
            # A record's line is its row in a spreadsheet, even when a quoted
            # cell spans several lines of text.
            for line, record in enumerate(records, start=2):
                for index, value in enumerate(record, start=1):
                    if is_csv_formula(value):
                        header = headers[index - 1].strip() if index <= len(headers) else ""
                        raise _formula_refused(line, index, header, value)
                yield line, record

        return _table(headers, values())
    except csv.Error:
        raise SpreadsheetRefused(
            _("Ce fichier CSV est mal formé (guillemets non refermés ?)."), code="bad_csv"
        ) from None


# --- import-export formats -------------------------------------------------
class XlsxFormat(base_formats.XLSX):
    """XLSX read under this module's rules and written by `write_table`."""

    def create_dataset(self, in_stream: bytes) -> tablib.Dataset:
        return read_xlsx(in_stream)

    def export_data(self, dataset: tablib.Dataset, **kwargs) -> bytes:
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = (dataset.title or _("Export"))[:31]
        write_table(sheet, dataset.headers or [], dataset)
        return workbook_bytes(workbook)


class CsvFormat(base_formats.CSV):
    """CSV read under this module's rules; written for French Excel: UTF-8 with BOM, semicolons."""

    def is_binary(self) -> bool:
        # Read as bytes: the encoding is found by `decode_csv`, not assumed.
        return True

    def get_read_mode(self) -> str:
        return "rb"

    def create_dataset(self, in_stream: bytes | str) -> tablib.Dataset:
        if isinstance(in_stream, str):
            in_stream = in_stream.encode("utf-8")
        return read_csv(in_stream)

    def export_data(self, dataset: tablib.Dataset, **kwargs) -> bytes:
        stream = io.StringIO()
        writer = csv.writer(stream, delimiter=";")
        writer.writerow([csv_safe(header) for header in dataset.headers or []])
        for row in dataset:
            writer.writerow([csv_safe(value) for value in row])
        return stream.getvalue().encode("utf-8-sig")


SPREADSHEET_FORMATS = [XlsxFormat, CsvFormat]
EXTENSIONS = {".xlsx": XlsxFormat, ".csv": CsvFormat}


def format_for(file_name: str) -> type[base_formats.Format] | None:
    return EXTENSIONS.get(PurePath(file_name or "").suffix.lower())
