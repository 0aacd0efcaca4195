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

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from reports.models import ReportingYear

if TYPE_CHECKING:
    import datetime

REPORT_LANGUAGE = "fr"


class EditionFile:
    """One kind of file of an edition: its field, extension and content type."""

    def __init__(self, field: str, extension: str, content_type: str, label) -> None:
        self.field, self.extension, self.content_type, self.label = field, extension, content_type, label


FILES = {
    "pdf": EditionFile("pdf", "pdf", "application/pdf", _("PDF")),
    "html": EditionFile("html", "html", "text/html; charset=utf-8", _("HTML")),
    "xlsx": EditionFile(
        "xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _("Classeur")
    ),
    "json": EditionFile("figures", "json", "application/json", _("Chiffres (JSON)")),
}


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


class BilanEditionQuerySet(models.QuerySet):
    def published(self) -> "BilanEditionQuerySet":
        return self.filter(published_at__isnull=False)

    def served(self, year: ReportingYear, language: str = REPORT_LANGUAGE) -> "BilanEdition | None":
        """The edition the bilan's pages serve: the latest, once the year is closed."""
        if not year.is_closed:
            return None
        return self.filter(year=year, language=language).order_by("-number").first()


class BilanEdition(models.Model):
    """The bilan of a closed year as it was closed: its files and their SHA-256."""

    year = models.ForeignKey(
        ReportingYear, on_delete=models.PROTECT, related_name="editions", verbose_name=_("année")
    )
    language = models.CharField(_("langue"), max_length=8, default=REPORT_LANGUAGE)
    number = models.PositiveSmallIntegerField(_("édition n°"))
    closed_at = models.DateTimeField(_("établie le"), default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("établie par"),
    )
    html = models.FileField(_("HTML"), upload_to="editions/")
    pdf = models.FileField(_("PDF"), upload_to="editions/")
    xlsx = models.FileField(_("classeur"), upload_to="editions/")
    figures = models.FileField(_("chiffres (JSON)"), upload_to="editions/")
    html_sha256 = models.CharField(_("SHA-256 du HTML"), max_length=64)
    pdf_sha256 = models.CharField(_("SHA-256 du PDF"), max_length=64)
    xlsx_sha256 = models.CharField(_("SHA-256 du classeur"), max_length=64)
    figures_sha256 = models.CharField(_("SHA-256 des chiffres"), max_length=64)
    checklist = models.JSONField(
        _("points en attente à la clôture"),
        default=list,
        blank=True,
        help_text=_("La liste de contrôle telle qu'elle a été confirmée à la clôture."),
    )
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("publiée par"),
    )

    objects = BilanEditionQuerySet.as_manager()

    class Meta:
        ordering = ["-year__year", "language", "-number"]
        verbose_name = _("édition du bilan")
        verbose_name_plural = _("éditions du bilan")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "language", "number"], name="one_bilan_edition_per_number_and_language"
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True, published_by__isnull=True)
                | Q(published_at__isnull=False, published_by__isnull=False),
                name="bilan_edition_published_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return _("Bilan %(year)s — édition %(number)s (%(language)s)") % {
            "year": self.year.year,
            "number": self.number,
            "language": self.language,
        }

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def file_of(self, kind: str):
        return getattr(self, FILES[kind].field)

    def sha256_of(self, kind: str) -> str:
        return getattr(self, f"{FILES[kind].field}_sha256")

    def download_name(self, kind: str) -> str:
        extension = FILES[kind].extension
        return f"bilan-programmatique-{self.year.year}-{self.language}-edition-{self.number}.{extension}"

    def read(self, kind: str) -> bytes:
        with self.file_of(kind).open("rb") as stored:
            return stored.read()

    def publish(self, user) -> None:
        """Staff make an edition public: listed at /publications/, downloadable without an account."""
        from django.core.exceptions import PermissionDenied

        if not user.has_perm("reports.close_reportingyear"):
            raise PermissionDenied(_("Vous ne pouvez pas publier une édition."))
        if self.is_published:
            raise ValidationError(_("Cette édition est déjà publiée."))
        self.published_at, self.published_by = timezone.now(), user
        self.save(update_fields=["published_at", "published_by"])


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
