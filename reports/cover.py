"""What the bilan's cover and back cover print, from the year's publication
settings (ReportingYear: logo, publication date, Arabic title, address).

Like the rest of the bilan's HTML, it depends only on stored data — never on
the time of rendering — so that an unchanged year keeps its fingerprint. The
logo is embedded as a data: URI: WeasyPrint's fetcher reads our static files
only (reports.pdf), and the logo's bytes become part of the fingerprint.
"""

import base64
import datetime

from django.utils import formats, timezone

from reports.models import ReportingYear
from reports.models.years import DEFAULT_ARABIC_TITLE, DEFAULT_BACK_COVER_ADDRESS
from reports.validators import LOGO_CONTENT_TYPES, logo_format

YEAR_PLACEHOLDER = "{année}"


def cover_date(year: ReportingYear | None) -> datetime.date | None:
    """The date printed on the cover: the one staff set, else the day the year
    was closed — while it is being closed, the day closing was asked for, so
    that the edition rendered then carries it — else none."""
    if year is None:
        return None
    if year.publication_date is not None:
        return year.publication_date
    closed = year.closed_at or year.closing_started_at
    return timezone.localtime(closed).date() if closed is not None else None


def french_month(date: datetime.date) -> str:
    """« Décembre 2021 »: month and year, as a report's cover gives them."""
    text = formats.date_format(date, "F Y")
    return text[:1].upper() + text[1:]


def logo_data_uri(year: ReportingYear | None) -> str:
    """The year's logo as a data: URI, or "" (none, or its file is gone or not an image)."""
    if year is None or not year.logo:
        return ""
    try:
        with year.logo.open("rb") as file:
            kind = logo_format(file)
            content = file.read()
    except (FileNotFoundError, OSError):
        return ""
    if kind is None:
        return ""
    return f"data:{LOGO_CONTENT_TYPES[kind]};base64,{base64.b64encode(content).decode('ascii')}"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def cover_context(year: int, found: ReportingYear | None) -> dict:
    """The cover's and back cover's content for `year`, from its settings
    (`found`). A year not yet stored (None) gets the defaults, without a logo or
    a date."""
    arabic = found.arabic_title if found is not None else DEFAULT_ARABIC_TITLE
    address = found.back_cover_address if found is not None else DEFAULT_BACK_COVER_ADDRESS
    date = cover_date(found)
    return {
        "logo": logo_data_uri(found),
        "date": french_month(date) if date is not None else "",
        # The PDF's creation date and its attachment's: the cover's date, else
        # the last day of the year its figures cover — never the time of rendering.
        "document_date": date or datetime.date(year, 12, 31),
        "arabic_lines": _lines(arabic.replace(YEAR_PLACEHOLDER, str(year))),
        "address_lines": _lines(address),
    }
