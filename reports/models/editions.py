"""The editions of closed years: the bilan as it was closed, its files and their
SHA-256. Storing and serving them: reports.editions."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports.models.years import ReportingYear

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
        if not user.has_perm("reports.close_reportingyear"):
            raise PermissionDenied(_("Vous ne pouvez pas publier une édition."))
        if self.is_published:
            raise ValidationError(_("Cette édition est déjà publiée."))
        self.published_at, self.published_by = timezone.now(), user
        self.save(update_fields=["published_at", "published_by"])
