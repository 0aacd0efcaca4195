"""What the annual bilan narrates beyond the activity records: the reporting
years, narrative sections, ordered lists (challenges, measures,
recommendations), published studies and university programmes."""

import logging
from datetime import timedelta
from io import BytesIO
from typing import TYPE_CHECKING

from concurrency.fields import AutoIncVersionField
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from programmes.models import Action, Institution, Programme, SpecificObjective
from reports.leases import LeasedJob, WorkerHeartbeat  # noqa: F401 (WorkerHeartbeat: a model of this app)

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

logger = logging.getLogger(__name__)

YEAR_VALIDATORS = [MinValueValidator(2014), MaxValueValidator(2100)]


def year_in_range(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(year__gte=2014, year__lte=2100), name=name)


class YearClosedError(ValidationError):
    """Raised on any attempt to change a record of a closed reporting year."""


class ReportingYearQuerySet(models.QuerySet):
    def closed(self) -> "ReportingYearQuerySet":
        """Years whose records are frozen: closed, or being closed (« clôture en
        cours », while their edition renders): closed_message() says which."""
        return self.filter(Q(closed_at__isnull=False) | Q(closing_started_at__isnull=False))

    def is_closed(self, year: int) -> bool:
        return self.closed().filter(year=year).exists()

    def ensure_open(self, year: int | None) -> None:
        """Raises YearClosedError, saying by whom and when, if `year` is closed."""
        if year is None:
            return
        closed = self.closed().filter(year=year).select_related("closed_by", "closing_started_by").first()
        if closed is not None:
            raise YearClosedError(closed.closed_message(), code="year_closed")


class ReportingYear(LeasedJob):
    """A year for which a bilan is produced; closed once its bilan is published.

    Closing renders the year's edition in the background: the worker doing it
    holds the year's lease (reports.leases), so a closing whose worker died is
    taken up again within a minute, like a PDF render.
    """

    year = models.PositiveSmallIntegerField(_("année"), unique=True, validators=YEAR_VALIDATORS)
    closed_at = models.DateTimeField(_("clôturée le"), null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("clôturée par"),
    )
    # Closing renders the year's edition in the background (reports.closing):
    # meanwhile the year is « clôture en cours » and its records frozen.
    closing_started_at = models.DateTimeField(_("clôture demandée le"), null=True, blank=True, editable=False)
    closing_started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("clôture demandée par"),
    )
    closing_checklist = models.JSONField(
        _("points en attente confirmés"), default=list, blank=True, editable=False
    )
    closing_error = models.TextField(_("motif de l'échec de la clôture"), blank=True, editable=False)

    objects = ReportingYearQuerySet.as_manager()
    # The lease is the worker's business, not the year's history.
    history = HistoricalRecords(
        excluded_fields=["lease_token", "lease_expires_at", "heartbeat_at", "attempts"]
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("année de rapport")
        verbose_name_plural = _("années de rapport")
        constraints = [
            year_in_range("reporting_year_in_range"),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True, closed_by__isnull=True)
                | Q(closed_at__isnull=False, closed_by__isnull=False),
                name="reporting_year_closed_by_someone",
            ),
        ]
        permissions = [
            ("close_reportingyear", _("Peut clôturer une année de rapport")),
            ("reopen_reportingyear", _("Peut rouvrir une année de rapport clôturée")),
        ]

    def __str__(self) -> str:
        return str(self.year)

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def is_closing(self) -> bool:
        """Closing was asked for and its edition is being rendered."""
        return self.closing_started_at is not None and not self.is_closed

    @property
    def closing_is_abandoned(self) -> bool:
        from reports.closing import CLOSING_ABANDONED_AFTER

        return self.is_closing and self.closing_started_at < timezone.now() - CLOSING_ABANDONED_AFTER

    def closed_message(self) -> str:
        if not self.is_closed:
            return self.closing_message()
        who = self.closed_by.get_full_name() or self.closed_by.get_username()
        return _(
            "L'année %(year)s est clôturée depuis le %(date)s par %(user)s : "
            "ses données ne peuvent plus être modifiées."
        ) % {
            "year": self.year,
            "date": formats.date_format(timezone.localtime(self.closed_at), "SHORT_DATE_FORMAT"),
            "user": who,
        }

    def closing_message(self) -> str:
        user = self.closing_started_by
        return _(
            "Clôture en cours de l'année %(year)s, demandée le %(date)s par %(user)s : "
            "ses données ne peuvent plus être modifiées."
        ) % {
            "year": self.year,
            "date": formats.date_format(timezone.localtime(self.closing_started_at), "SHORT_DATE_FORMAT"),
            "user": (user.get_full_name() or user.get_username()) if user else "?",
        }

    def request_closing(self, user, confirm_pending: bool = False) -> list[dict]:
        """MDCMRE staff ask to close the year (admin and API alike); returns the
        checklist confirmed.

        With items pending (reports.closing.closing_checklist) it must be
        confirmed. The year is then « clôture en cours » — its records frozen —
        until a background task has stored its edition and closed it
        (reports.editions.store_edition); a failed render reopens it with the
        reason, and a closing whose worker died may be asked again.
        """
        from reports.closing import CLOSING_ABANDONED_AFTER, closing_checklist
        from reports.closing_tasks import close_reporting_year

        self._check_may_close(user)
        if self.is_closing and not self.closing_is_abandoned:
            raise ValidationError(
                _("La clôture de l'année %(year)s est déjà en cours.") % {"year": self.year},
                code="closing",
            )
        pending = closing_checklist(self.year)
        if pending and not confirm_pending:
            raise ValidationError(
                _("Des points restent en attente : confirmez la clôture malgré eux."),
                code="confirmation_required",
            )
        now = timezone.now()
        # The task is enqueued in the same transaction as the state it reads
        # (as BilanExport.request does), and the conditional UPDATE lets only
        # one of two simultaneous requests start a closing.
        with transaction.atomic():
            startable = Q(closing_started_at__isnull=True) | Q(
                closing_started_at__lt=now - CLOSING_ABANDONED_AFTER
            )
            started = ReportingYear.objects.filter(startable, pk=self.pk, closed_at__isnull=True).update(
                closing_started_at=now,
                closing_started_by=user,
                closing_checklist=pending,
                closing_error="",
                attempts=0,
            )
            if not started:
                raise ValidationError(
                    _("La clôture de l'année %(year)s est déjà en cours.") % {"year": self.year},
                    code="closing",
                )
            close_reporting_year.enqueue(self.pk, now.isoformat())
        self.refresh_from_db()
        return pending

    def finish_closing(self, edition) -> None:
        """Called with the year locked, once its edition is stored: the year is closed."""
        self.closed_at, self.closed_by = edition.closed_at, edition.closed_by
        self.closing_started_at, self.closing_started_by, self.closing_error = None, None, ""
        self.lease_expires_at = None
        self.save(
            update_fields=[
                "closed_at",
                "closed_by",
                "closing_started_at",
                "closing_started_by",
                "closing_error",
                "lease_expires_at",
            ]
        )

    def closing_failed(self, started_at, reason: str) -> None:
        """The render failed: the year stays open, with the reason on its page."""
        # Fenced by the lease's token: a worker whose closing was taken up by
        # another one does not reopen the year under it.
        ReportingYear.objects.filter(
            pk=self.pk, closing_started_at=started_at, closed_at__isnull=True, lease_token=self.lease_token
        ).update(
            closing_started_at=None, closing_started_by=None, closing_error=reason, lease_expires_at=None
        )

    @classmethod
    def recover_expired(cls) -> int:
        """Takes up again the closings whose worker died (their lease expired), or
        leaves the year open with the reason after too many attempts."""
        from reports.closing_tasks import close_reporting_year

        recovered = 0
        closings = cls.expired_leases().filter(closing_started_at__isnull=False, closed_at__isnull=True)
        for year in closings:
            with transaction.atomic():
                if year.attempts >= settings.RENDER_MAX_ATTEMPTS:
                    recovered += year.take_back(
                        closing_started_at=None,
                        closing_started_by=None,
                        closing_error=gettext(
                            "La clôture a été interrompue %(count)s fois : le service de tâches de fond "
                            "s'est arrêté en plein rendu (mémoire insuffisante ?). Relancez-la quand "
                            "la cause est corrigée."
                        )
                        % {"count": year.attempts},
                    )
                elif year.take_back():
                    # Enqueued in the same transaction, as in `request_closing`.
                    close_reporting_year.enqueue(year.pk, year.closing_started_at.isoformat())
                    recovered += 1
        return recovered

    def _check_may_close(self, user) -> None:
        if not user.has_perm("reports.close_reportingyear"):
            raise PermissionDenied(_("Vous ne pouvez pas clôturer une année."))
        if self.is_closed:
            raise ValidationError(_("L'année %(year)s est déjà clôturée.") % {"year": self.year})

    def close(self, user) -> None:
        """Marks the year closed at once, without storing an edition.

        Staff close through request_closing, which stores the edition first;
        this is for code and tests that need a closed year (its bilan pages
        then render live, as for years closed before editions existed)."""
        self._check_may_close(user)
        self.closed_at = timezone.now()
        self.closed_by = user
        self.closing_started_at, self.closing_started_by = None, None
        self.save(update_fields=["closed_at", "closed_by", "closing_started_at", "closing_started_by"])

    def reopen(self, user, reason: str) -> "YearReopening":
        """An administrator reopens a closed year; the reason is kept."""
        if not user.has_perm("reports.reopen_reportingyear"):
            raise PermissionDenied(_("Seul un administrateur peut rouvrir une année."))
        if not self.is_closed:
            raise ValidationError(_("L'année %(year)s n'est pas clôturée.") % {"year": self.year})
        if not reason.strip():
            raise ValidationError({"reason": _("Indiquez la raison de la réouverture.")})
        with transaction.atomic():
            # Locked and read again: of two administrators reopening at once,
            # the second finds the year open.
            locked = ReportingYear.objects.select_for_update().get(pk=self.pk)
            if not locked.is_closed:
                raise ValidationError(_("L'année %(year)s n'est pas clôturée.") % {"year": self.year})
            reopening = YearReopening.objects.create(
                reporting_year=self,
                reason=reason.strip(),
                reopened_by=user,
                closed_at=locked.closed_at,
                closed_by=locked.closed_by,
            )
            self.closed_at = None
            self.closed_by = None
            self.save(update_fields=["closed_at", "closed_by"])
        return reopening


class YearReopening(models.Model):
    """The trace of a closed year being reopened, with its reason."""

    reporting_year = models.ForeignKey(
        ReportingYear, on_delete=models.CASCADE, related_name="reopenings", verbose_name=_("année")
    )
    reason = models.TextField(_("raison"))
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("rouverte par")
    )
    reopened_at = models.DateTimeField(_("rouverte le"), auto_now_add=True)
    closed_at = models.DateTimeField(_("avait été clôturée le"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("avait été clôturée par"),
    )

    class Meta:
        ordering = ["-reopened_at"]
        verbose_name = _("réouverture d'année")
        verbose_name_plural = _("réouvertures d'années")

    def __str__(self) -> str:
        return f"{self.reporting_year} — {self.reopened_at:%d/%m/%Y}"


class NarrativeSection(models.Model):
    """Free text written by MDCMRE staff for a programme's chapter.

    Without an OSP it introduces the chapter (after the OSP list); with one it
    opens that OSP's subsection of "Activités menées", before the tables.
    """

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="narrative_sections", verbose_name=_("programme")
    )
    year = models.PositiveSmallIntegerField(_("année"), validators=YEAR_VALIDATORS)
    specific_objective = models.ForeignKey(
        SpecificObjective,
        on_delete=models.PROTECT,
        related_name="narrative_sections",
        verbose_name=_("objectif spécifique"),
        null=True,
        blank=True,
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    heading = models.CharField(
        _("intertitre"),
        max_length=300,
        blank=True,
        help_text=_("Par exemple « a- Coordination au niveau national »."),
    )
    body = models.TextField(_("texte"), help_text=_("Texte en Markdown ; le HTML n'est pas interprété."))

    version = AutoIncVersionField(_("version"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "year", "specific_objective__number", "position"]
        verbose_name = _("section narrative")
        verbose_name_plural = _("sections narratives")
        constraints = [year_in_range("narrative_year_in_range")]

    def __str__(self) -> str:
        return self.heading or f"{self.programme} — {self.year} ({self.position})"


class ReportItem(models.Model):
    """One entry of a programme's ordered lists for a year."""

    class Kind(models.TextChoices):
        CHALLENGE = "challenge", _("Défi ou contrainte")
        MEASURE = "measure", _("Mesure prévue pour l'année suivante")
        RECOMMENDATION = "recommendation", _("Recommandation")

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="report_items", verbose_name=_("programme")
    )
    year = models.PositiveSmallIntegerField(_("année"), validators=YEAR_VALIDATORS)
    kind = models.CharField(_("rubrique"), max_length=20, choices=Kind)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    text = models.TextField(_("texte"), help_text=_("Texte en Markdown."))

    version = AutoIncVersionField(_("version"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "year", "kind", "position"]
        verbose_name = _("élément de bilan")
        verbose_name_plural = _("défis, mesures et recommandations")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "year", "kind", "position"],
                name="one_report_item_per_position",
                violation_error_message=_("Un élément occupe déjà cette position dans cette rubrique."),
            ),
            year_in_range("report_item_year_in_range"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.position} — {self.programme_id}/{self.year}"


class Study(models.Model):
    title = models.CharField(_("intitulé"), max_length=500)
    institutions = models.ManyToManyField(
        Institution, related_name="studies", verbose_name=_("institutions"), blank=True
    )
    year = models.PositiveSmallIntegerField(_("année"), validators=YEAR_VALIDATORS)
    summary = models.TextField(_("résumé"), blank=True, help_text=_("Texte en Markdown."))
    actions = models.ManyToManyField(Action, related_name="studies", verbose_name=_("actions"), blank=True)

    version = AutoIncVersionField(_("version"))
    history = HistoricalRecords(m2m_fields=[institutions, actions])

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("étude")
        verbose_name_plural = _("études")
        constraints = [
            models.UniqueConstraint(fields=["title", "year"], name="unique_study_title_per_year"),
            year_in_range("study_year_in_range"),
        ]

    def __str__(self) -> str:
        return self.title


class UniversityProgramme(models.Model):
    class Diploma(models.TextChoices):
        LICENCE = "licence", _("Licence")
        MASTER = "master", _("Master")
        DOCTORATE = "doctorate", _("Doctorat")
        OTHER = "other", _("Autre")

    # As the ministry publishes it (an acronym such as "UM5"), not a reference.
    university = models.CharField(_("université"), max_length=120)
    city = models.CharField(_("ville"), max_length=100)
    diploma = models.CharField(_("diplôme"), max_length=20, choices=Diploma)
    title = models.CharField(_("intitulé de la filière"), max_length=300)
    year = models.PositiveSmallIntegerField(_("année"), validators=YEAR_VALIDATORS)
    actions = models.ManyToManyField(
        Action, related_name="university_programmes", verbose_name=_("actions"), blank=True
    )

    version = AutoIncVersionField(_("version"))
    history = HistoricalRecords(m2m_fields=[actions])

    class Meta:
        ordering = ["-year", "university", "title"]
        verbose_name = _("filière universitaire")
        verbose_name_plural = _("filières universitaires")
        constraints = [
            models.UniqueConstraint(
                fields=["university", "title", "year"], name="unique_university_programme_per_year"
            ),
            year_in_range("university_programme_year_in_range"),
        ]

    def __str__(self) -> str:
        return f"{self.university} — {self.title}"


class BilanExportQuerySet(models.QuerySet):
    def pending(self) -> "BilanExportQuerySet":
        return self.filter(status__in=BilanExport.PENDING)

    def current(self, year: ReportingYear, fingerprint: str | None = None) -> "BilanExport | None":
        """The export keyed on the year's data as they are now (any status), if one was requested.

        Computing the fingerprint renders the year's HTML: pass it when already known.
        """
        from reports.exports import bilan_fingerprint

        if fingerprint is None:
            fingerprint = bilan_fingerprint(year.year)
        return self.filter(year=year, fingerprint=fingerprint).first()

    def request(
        self,
        year: ReportingYear,
        requested_by: "AbstractBaseUser | None" = None,
        fingerprint: str | None = None,
    ) -> tuple["BilanExport", bool]:
        """Asks for the year's PDF; returns (export, whether a render was enqueued).

        An unchanged year is never rendered twice: an export already queued,
        rendering or ready for the current fingerprint is reused as it is. A
        failed one, or one abandoned by a worker that died, is queued again.
        """
        from reports.exports import bilan_fingerprint
        from reports.tasks import render_bilan_export

        if fingerprint is None:
            fingerprint = bilan_fingerprint(year.year)
        now = timezone.now()
        # The task is enqueued inside the transaction on purpose: with the
        # database backend its row commits (or not) together with the export's,
        # so a worker never sees a task without its export, nor an export
        # without its task.
        with transaction.atomic():
            export, created = self.get_or_create(
                year=year,
                fingerprint=fingerprint,
                defaults={"requested_by": requested_by, "requested_at": now},
            )
            if not created:
                # A conditional UPDATE, so that two simultaneous requests
                # cannot both re-queue the same export. Asking again also
                # resets the attempts that automatic recovery counts.
                created = bool(
                    self.filter(BilanExport.dead_q(now), pk=export.pk).update(
                        status=BilanExport.Status.QUEUED,
                        error="",
                        requested_by=requested_by,
                        requested_at=now,
                        started_at=None,
                        finished_at=None,
                        lease_expires_at=None,
                        attempts=0,
                    )
                )
                if created:
                    export.refresh_from_db()
            if created:
                render_bilan_export.enqueue(export.pk)
        return export, created

    def latest_ready(self) -> "BilanExport | None":
        return self.filter(status=BilanExport.Status.READY).order_by("-finished_at", "-pk").first()

    def followed(self, year: ReportingYear) -> "BilanExport | None":
        """The export the status page follows: a live render (queued or rendering), else the one
        of the current data.

        While a render is under way the page reloads every few seconds: it
        shows that render without rendering the year's HTML for its fingerprint
        each time (the task checks the data again before it writes the PDF).
        """
        from reports.exports import bilan_fingerprint

        exports = self.filter(year=year)
        pending = exports.pending().first()
        if pending is not None and not pending.is_abandoned:
            return pending
        return exports.current(year, bilan_fingerprint(year.year))


class BilanExport(LeasedJob):
    """One stored PDF of a year's bilan, keyed on the year's data and layout."""

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
    fingerprint = models.CharField(
        _("empreinte"),
        max_length=64,
        help_text=_("SHA-256 du HTML de l'année et de la mise en page : toute modification la change."),
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
                fields=["year", "fingerprint"],
                name="one_bilan_export_per_year_and_fingerprint",
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
        return f"Bilan {self.year} — {self.get_status_display()}"

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
        return f"bilan-programmatique-{self.year}.pdf"

    def start_rendering(self) -> bool:
        """Claims a queued export for this worker, taking its lease; False if another already took it."""
        return self.claim_lease(
            Q(status=self.Status.QUEUED), status=self.Status.RENDERING, started_at=timezone.now()
        )

    def mark_ready(self, pdf: bytes) -> bool:
        """Stores the rendered PDF, then deletes the year's superseded exports and their files.

        Only while this instance's claim stands (its fencing token): a worker
        whose render was taken over keeps nothing — its file is deleted and
        False returned.
        """
        from pypdf import PdfReader

        pages = len(PdfReader(BytesIO(pdf)).pages)
        stored = self.file.field.storage.save(
            self.file.field.generate_filename(
                self, f"bilan-programmatique-{self.year}-{self.fingerprint[:12]}.pdf"
            ),
            ContentFile(pdf),
        )
        ready = self.settle(
            Q(status=self.Status.RENDERING),
            file=stored,
            size=len(pdf),
            pages=pages,
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
        superseded = (
            BilanExport.objects.filter(year_id=self.year_id)
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

    @classmethod
    def recover_expired(cls) -> int:
        """Queues again the renders whose worker died, or fails them after too many attempts.

        A render that kills its worker each time (out of memory) must not
        loop for ever: after RENDER_MAX_ATTEMPTS it fails with the reason, and
        someone asking again starts a new count.
        """
        from reports.tasks import render_bilan_export

        recovered = 0
        for export in cls.expired_leases().filter(status=cls.Status.RENDERING):
            with transaction.atomic():
                if export.attempts >= settings.RENDER_MAX_ATTEMPTS:
                    recovered += export.take_back(
                        status=cls.Status.FAILED,
                        error=gettext(
                            "Le rendu a été interrompu %(count)s fois : le service de tâches de fond "
                            "s'est arrêté en plein rendu (mémoire insuffisante ?). Relancez-le quand "
                            "la cause est corrigée."
                        )
                        % {"count": export.attempts},
                        finished_at=timezone.now(),
                    )
                # Queued again as of now: the hour after which a queued export
                # counts as abandoned starts again.
                elif export.take_back(status=cls.Status.QUEUED, started_at=None, requested_at=timezone.now()):
                    # Enqueued in the same transaction, as in `request`.
                    render_bilan_export.enqueue(export.pk)
                    recovered += 1
        return recovered


# The year's editions live in their own module; imported here so that Django registers the model.
from reports.editions import BilanEdition  # noqa: E402, F401
