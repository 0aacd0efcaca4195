"""Our XLSX and CSV files: numbers as numbers, dates as dates, never a live formula.

An XLSX cell whose text starts with "=" is stored as text, and a CSV cell
that a spreadsheet would run as a formula is prefixed with an apostrophe (the
OWASP advice for CSV exports). The same rule tells which cells of an uploaded
CSV are formulas (`is_csv_formula`): a cell starting with "=" or "@", or with
"+" or "-" unless the whole cell is a number.
"""

import datetime
import io
import re
from collections.abc import Iterable, Sequence

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

DATE_FORMAT = "DD/MM/YYYY"
TIME_FORMAT = "HH:MM"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
WRAP = Alignment(wrap_text=True, vertical="top")
MIN_WIDTH, MAX_WIDTH = 8, 60
PLAIN_NUMBER = re.compile(r"^[+-]?\s*\d[\d\s\u00a0\u202f]*([.,]\d+)?$")
# What a spreadsheet runs as a formula when it opens a CSV cell.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_csv_formula(text: str) -> bool:
    """Whether a spreadsheet would run this CSV cell as a formula (see the module's rules)."""
    stripped = text.lstrip(" ")
    if not stripped or not stripped.startswith(FORMULA_TRIGGERS):
        return False
    if stripped[0] in "+-" and PLAIN_NUMBER.match(stripped):
        return False
    return True


def _cell_text(value) -> str:
    """The text a cell shows, as long as Excel prints it (for the column's width)."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return "00/00/0000"
    return str(value)


def write_table(
    sheet: Worksheet,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    *,
    first_line: int = 1,
    freeze: bool = True,
) -> int:
    """Writes a header row (bold, frozen) and `rows` from `first_line`; returns the next free line.

    Numbers stay numbers, dates become date cells (DD/MM/YYYY), times HH:MM,
    and text is always text, even when it starts with "=".
    """
    line = first_line
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(row=line, column=column, value=str(header))
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
    if freeze and first_line == 1:
        sheet.freeze_panes = "A2"
    for row in rows:
        line += 1
        write_row(sheet, line, row)
    fit_columns(sheet)
    return line + 1


def write_row(sheet: Worksheet, line: int, values: Sequence, *, bold: bool = False) -> None:
    for column, value in enumerate(values, start=1):
        if isinstance(value, Promise):
            value = str(value)
        if value is None or value == "":
            continue
        cell = sheet.cell(row=line, column=column)
        if isinstance(value, str):
            cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
            # openpyxl would store "=…" as a formula: text stays text.
            cell.data_type = "s"
            if "\n" in value or len(value) > MAX_WIDTH:
                cell.alignment = WRAP
        elif isinstance(value, bool):
            cell.value = _("Oui") if value else _("Non")
        else:
            cell.value = value
            if isinstance(value, datetime.datetime):
                cell.number_format = f"{DATE_FORMAT} {TIME_FORMAT}"
            elif isinstance(value, datetime.date):
                cell.number_format = DATE_FORMAT
            elif isinstance(value, datetime.time):
                cell.number_format = TIME_FORMAT
        if bold:
            cell.font = HEADER_FONT


def fit_columns(sheet: Worksheet) -> None:
    """Column widths from the longest value of each column, within sensible bounds."""
    widths: dict[int, int] = {}
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is not None:
                longest = max((len(part) for part in _cell_text(cell.value).split("\n")), default=0)
                widths[cell.column] = max(widths.get(cell.column, 0), longest)
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width + 2, MIN_WIDTH), MAX_WIDTH)


def workbook_bytes(workbook: Workbook) -> bytes:
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def csv_safe(value) -> str:
    """A CSV cell a spreadsheet will show as text, never run as a formula."""
    text = "" if value is None else str(value)
    if is_csv_formula(text):
        return "'" + text
    return text
