"""A year's editions: what closing a year stores, and serves from then on.

Closing a year renders its bilan once more and keeps the result — the HTML
(self-contained: CSS, fonts and images inlined), the publishable PDF, the
workbook and the year's figures (JSON, as `/api/v1/stats/<year>/` gives
them) — with the SHA-256 of each file. From then on the bilan's pages, its
PDF, its workbook and its API figures serve these files, whatever happens to
reference data, templates or the layout. Reopening keeps the edition;
closing again makes edition 2. Later languages add an edition per language
without reopening the year (the key is year, language, number).
"""

import hashlib
import json
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import translation

from reports.models import FILES, REPORT_LANGUAGE, BilanEdition, ReportingYear

if TYPE_CHECKING:
    import datetime


def year_figures(year: int) -> dict:
    """The year's figures exactly as the API's stats endpoint computes them."""
    from reports.stats import institution_statistics, project_statistics, year_statistics

    figures = year_statistics(year)
    figures["institutions"] = institution_statistics(year)
    figures["projects"] = project_statistics(year)
    return figures


def figures_json(figures: dict) -> bytes:
    # The API's own renderer: the stored file is what the endpoint answers.
    from rest_framework.renderers import JSONRenderer

    return JSONRenderer().render(figures)


def render_edition_files(year: int, language: str = REPORT_LANGUAGE) -> dict[str, bytes]:
    """Every file of an edition of `year`, from its validated records (tens of seconds)."""
    from reports.pdf import html_to_pdf, render_bilan_html
    from reports.selfcontained import self_contained
    from reports.spreadsheets import bilan_workbook

    with translation.override(language):
        html = render_bilan_html(year, language=language)
        return {
            "html": self_contained(html).encode("utf-8"),
            "pdf": html_to_pdf(html),
            "xlsx": bilan_workbook(year),
            "json": figures_json(year_figures(year)),
        }


class ClosingSuperseded(Exception):
    """The closing this edition was rendered for is no longer the year's current one."""


def save_edition(
    year: ReportingYear, files: dict[str, bytes], user, *, language: str, checklist: list
) -> BilanEdition:
    """Stores rendered files as the year's next edition in `language` (inside a transaction)."""
    last = BilanEdition.objects.filter(year=year, language=language).aggregate(last=Max("number"))["last"]
    edition = BilanEdition(year=year, language=language, number=(last or 0) + 1, closed_by=user)
    edition.checklist = checklist
    for kind, content in files.items():
        field = FILES[kind].field
        setattr(edition, f"{field}_sha256", hashlib.sha256(content).hexdigest())
        getattr(edition, field).save(edition.download_name(kind), ContentFile(content), save=False)
    edition.save()
    return edition


def store_edition(
    year: ReportingYear,
    user,
    *,
    language: str = REPORT_LANGUAGE,
    checklist: list | None = None,
    closing_started_at: "datetime.datetime | None" = None,
) -> BilanEdition:
    """Renders the year's bilan and stores it as its next edition.

    Rendering takes tens of seconds and runs outside any transaction. With
    `closing_started_at`, the edition is the one closing the year: it is saved,
    and the year closed, in one transaction and only if that closing is still
    the year's current one (ClosingSuperseded otherwise: a retried closing
    took over an abandoned one).
    """
    files = render_edition_files(year.year, language)
    with transaction.atomic():
        locked = ReportingYear.objects.select_for_update().get(pk=year.pk)
        if closing_started_at is not None and (
            locked.is_closed
            or locked.closing_started_at != closing_started_at
            # Fenced: a worker whose lease was taken back stores nothing.
            or locked.lease_token != year.lease_token
        ):
            raise ClosingSuperseded(str(year))
        edition = save_edition(locked, files, user, language=language, checklist=checklist or [])
        if closing_started_at is not None:
            locked.finish_closing(edition)
            year.refresh_from_db()
    return edition


def checksums(edition: BilanEdition) -> list[dict]:
    """Each file of an edition with its SHA-256, for the pages that list them."""
    return [
        {"kind": kind, "label": spec.label, "sha256": edition.sha256_of(kind)} for kind, spec in FILES.items()
    ]


def figures_of(edition: BilanEdition) -> dict:
    return json.loads(edition.read("json"))
