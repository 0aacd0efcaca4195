"""Stored PDFs of a year's bilan. Each export is asked for one revision of the
year's data (reports.exports.current_revision: cheap, so that the status page
and the download know without rendering whether a PDF is current) and its
file is stored under the hash of the HTML it was rendered from (its
fingerprint). Requesting and rendering them is the task's business
(reports.tasks)."""

import logging
from datetime import timedelta
from io import BytesIO

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports.leases import LeasedJob
from reports.models.years import ReportingYear

logger = logging.getLogger(__name__)


class BilanExportQuerySet(models.QuerySet):
    def pending(self) -> "BilanExportQuerySet":
        return self.filter(status__in=BilanExport.PENDING)

    def current(self, year: ReportingYear, revision: str, language: str = "fr") -> "BilanExport | None":
        """The export in `language` of the year's data as they are now (`revision`,
        reports.exports.current_revision), any status, if one was requested."""
        return self.filter(year=year, language=language, revision=revision).first()

    def latest_ready(self) -> "BilanExport | None":
        return self.filter(status=BilanExport.Status.READY).order_by("-finished_at", "-pk").first()

    def followed(self, year: ReportingYear, revision: str, language: str = "fr") -> "BilanExport | None":
        """The export in `language` the status page follows: a live render (queued or
        rendering), else the one of the current data (`revision`).

        A render of data changed since its request is followed too: its task
        sees the change and asks for the current data's render, which the page
        then follows.
        """
        exports = self.filter(year=year, language=language)
        pending = exports.pending().first()
        if pending is not None and not pending.is_abandoned:
            return pending
        return exports.current(year, revision, language)


class BilanExport(LeasedJob):
    """One stored PDF of a year's bilan, asked for one revision of the year's data and layout."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("En file d'attente")
        RENDERING = "rendering", _("En cours de rendu")
        READY = "ready", _("Prêt")
        FAILED = "failed", _("Échec")

    PENDING = (Status.QUEUED, Status.RENDERING)
    # A render's worker proves it lives by renewing the render's lease (see
    # reports/leases.py). A queued export that no worker took for this long
    # means no worker runs: a new request queues it again.
    ABANDONED_AFTER = timedelta(hours=1)

    year = models.ForeignKey(
        ReportingYear, on_delete=models.PROTECT, related_name="exports", verbose_name=_("année")
    )
    # Each language its own PDF: a French and an Arabic export of the same data never replace each other.
    language = models.CharField(_("langue"), max_length=8, default="fr")
    revision = models.CharField(
        _("révision"),
        max_length=80,
        help_text=_(
            "Révision des données de l'année et de la mise en page au moment de la demande : "
            "le PDF est à jour tant qu'elle n'a pas changé."
        ),
    )
    fingerprint = models.CharField(
        _("empreinte"),
        max_length=64,
        blank=True,
        help_text=_(
            "SHA-256 du HTML rendu et de la mise en page, connue une fois le HTML rendu : "
            "le fichier est enregistré sous cette clé."
        ),
    )
    status = models.CharField(_("état"), max_length=20, choices=Status, default=Status.QUEUED)
    file = models.FileField(_("fichier"), upload_to="bilans/", blank=True)
    size = models.PositiveIntegerField(_("taille (octets)"), null=True, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    error = models.TextField(_("motif de l'échec"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="bilan_exports",
        verbose_name=_("demandé par"),
        null=True,
        blank=True,
    )
    requested_at = models.DateTimeField(_("demandé le"), default=timezone.now)
    started_at = models.DateTimeField(_("rendu commencé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)

    objects = BilanExportQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("export PDF du bilan")
        verbose_name_plural = _("exports PDF du bilan")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "language", "revision"],
                name="one_bilan_export_per_year_language_and_revision",
                violation_error_message=_("Ce bilan a déjà été demandé pour ces données."),
            ),
            models.CheckConstraint(
                condition=~Q(status="ready") | (Q(size__isnull=False, pages__isnull=False) & ~Q(file="")),
                name="ready_bilan_export_has_its_file",
            ),
            models.CheckConstraint(
                condition=~Q(status="failed") | ~Q(error=""),
                name="failed_bilan_export_has_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Bilan {self.year} ({self.language}) — {self.get_status_display()}"

    @property
    def is_pending(self) -> bool:
        return self.status in self.PENDING

    @classmethod
    def dead_q(cls, now) -> Q:
        """Exports that a new request queues again: failed, or abandoned (see `is_abandoned`)."""
        return (
            Q(status=cls.Status.FAILED)
            | Q(status=cls.Status.QUEUED, requested_at__lt=now - cls.ABANDONED_AFTER)
            # Without a lease: a render started before leases existed.
            | Q(status=cls.Status.RENDERING, lease_expires_at__lt=now)
            | Q(status=cls.Status.RENDERING, lease_expires_at__isnull=True)
        )

    @property
    def is_abandoned(self) -> bool:
        """A render whose worker stopped renewing its lease, or queued for an hour with no worker."""
        if self.status == self.Status.RENDERING:
            return self.lease_expires_at is None or self.lease_expired
        return self.status == self.Status.QUEUED and self.requested_at < timezone.now() - self.ABANDONED_AFTER

    @property
    def download_name(self) -> str:
        # The working version (reports.working): the published edition is stored when the year closes.
        suffix = "" if self.language == "fr" else f"-{self.language}"
        return f"bilan-programmatique-{self.year}-version-de-travail{suffix}.pdf"

    def start_rendering(self) -> bool:
        """Claims a queued export for this worker, taking its lease; False if another already took it."""
        return self.claim_lease(
            Q(status=self.Status.QUEUED), status=self.Status.RENDERING, started_at=timezone.now()
        )

    def stored_pdf_of_same_html(self) -> bytes | None:
        """The PDF a ready export of the year already holds for this export's very HTML
        (its fingerprint), or None.

        Data can change without changing the bilan (a draft edited, a record
        saved unchanged): the revision moves, the HTML does not, and its PDF
        need not be rendered again. A copy, not a shared file: the older
        export is superseded by this one, and deleted with its file.
        """
        same = (
            BilanExport.objects.filter(
                year_id=self.year_id,
                language=self.language,
                fingerprint=self.fingerprint,
                status=self.Status.READY,
            )
            .exclude(pk=self.pk)
            .latest_ready()
        )
        if same is None:
            return None
        try:
            with same.file.open("rb") as stored:
                return stored.read()
        except FileNotFoundError:
            # Lost from the storage, or deleted by a render finishing meanwhile: render it.
            return None

    def mark_ready(self, pdf: bytes) -> bool:
        """Stores the rendered PDF of the HTML whose hash is `fingerprint`, then deletes the
        year's superseded exports and their files.

        Only while this instance's claim stands (its fencing token): a worker
        whose render was taken over keeps nothing — its file is deleted and
        False returned.
        """
        from pypdf import PdfReader

        pages = len(PdfReader(BytesIO(pdf)).pages)
        # The language in the name (the French one's as it always was): never the same file.
        language = "" if self.language == "fr" else f"{self.language}-"
        stored = self.file.field.storage.save(
            self.file.field.generate_filename(
                self, f"bilan-programmatique-{self.year}-{language}{self.fingerprint[:12]}.pdf"
            ),
            ContentFile(pdf),
        )
        ready = self.settle(
            Q(status=self.Status.RENDERING),
            file=stored,
            size=len(pdf),
            pages=pages,
            fingerprint=self.fingerprint,
            status=self.Status.READY,
            error="",
            finished_at=timezone.now(),
        )
        if not ready:
            self.file.field.storage.delete(stored)
            logger.warning("Bilan export %s: render taken over by another worker, PDF discarded", self.pk)
            return False
        # Only the PDF of the data as they are now can be served: older
        # files would only fill the disk. Pending ones belong to a running
        # or queued render and are left to it.
        # The same language's only: the other languages' PDFs are theirs to supersede.
        superseded = (
            BilanExport.objects.filter(year_id=self.year_id, language=self.language)
            .exclude(pk=self.pk)
            .exclude(status__in=self.PENDING)
        )
        if self.started_at is not None:
            # A render of newer data that finished while this one ran is not superseded by it.
            superseded = superseded.exclude(finished_at__gt=self.started_at)
        for export in superseded:
            if export.file:
                export.file.delete(save=False)
        superseded.delete()
        return True

    def mark_failed(self, reason: str) -> bool:
        """Fails the export, unless it changed meanwhile (a worker whose render was taken over)."""
        return self.settle(
            Q(status=self.status), status=self.Status.FAILED, error=reason, finished_at=timezone.now()
        )
