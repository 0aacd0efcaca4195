"""Reporting years: open, « clôture en cours » while their edition renders,
closed, reopened with a reason. Closing itself is a service (reports.closing)."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from access import years
from access.people import person
from access.storage import ScopedLinkStorage
from reports.leases import LeasedJob
from reports.validators import LOGO_HELP, LogoValidator

# A closing that no worker took up in this time may be asked for again.
CLOSING_ABANDONED_AFTER = timedelta(minutes=15)

YEAR_VALIDATORS = [MinValueValidator(2014), MaxValueValidator(2100)]

# The cover's Arabic block as staff find it: the kingdom, the policy, « Rapport
# {année} ». Text they may correct; no further official name is invented here.
DEFAULT_ARABIC_TITLE = "المملكة المغربية\nالسياسة الوطنية للهجرة واللجوء\nتقرير {année}"
# Neither the published excerpt nor our sources give the ministry's postal
# address: the default names the ministry and the city, for staff to complete.
DEFAULT_BACK_COVER_ADDRESS = (
    "Ministère Délégué chargé des Marocains Résidant à l'Étranger et des Affaires de la Migration\n"
    "Rabat — Royaume du Maroc"
)
# The publication settings: frozen with the year (the closing's own fields are not).
PUBLICATION_FIELDS = ("logo", "publication_date", "arabic_title", "back_cover_address", "full_chapters")


class LogoStorage(ScopedLinkStorage):
    """The default storage; links to a stored logo lead to reports:year-logo."""

    url_name = "reports:year-logo"


def logo_storage() -> LogoStorage:
    return LogoStorage()


def year_in_range(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(year__gte=2014, year__lte=2100), name=name)


class ReportingYearQuerySet(models.QuerySet):
    def closed(self) -> "ReportingYearQuerySet":
        """Years whose records are frozen: closed, or being closed (« clôture en
        cours », while their edition renders): closed_message() says which."""
        return self.filter(Q(closed_at__isnull=False) | Q(closing_started_at__isnull=False))

    def is_closed(self, year: int) -> bool:
        return self.closed().filter(year=year).exists()

    def closed_year(self, year: int) -> "ReportingYear | None":
        """The closed (or closing) year `year`, with who closed it; what
        access.years asks (this manager is registered there by reports.apps)."""
        return self.closed().filter(year=year).select_related("closed_by", "closing_started_by").first()

    def ensure_open(self, year: int | None) -> None:
        """Raises YearClosedError, saying by whom and when, if `year` is closed."""
        years.ensure_open(year)


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
    # Institutions that still owe their état d'avancement are reminded by mail
    # as it nears, and after it (accounts/reminders.py).
    reporting_deadline = models.DateField(
        _("date limite des états d'avancement"),
        null=True,
        blank=True,
        help_text=_(
            "Les points focaux des institutions qui n'ont pas rendu compte de leurs actions "
            "reçoivent des rappels par courriel à l'approche de cette date, puis après."
        ),
    )
    # The bilan gives a chapter to programmes with content for the year only,
    # and names the others in one paragraph (reports.bilan): unless staff ask
    # for every chapter, say to keep the structure of an earlier edition.
    full_chapters = models.BooleanField(
        _("chapitres complets pour tous les programmes"),
        default=False,
        help_text=_(
            "Cochée : chaque programme a son chapitre dans le bilan, même sans contenu pour l'année "
            "(ses rubriques vides portent « Non renseigné »). Décochée : les programmes sans contenu "
            "sont seulement nommés, ensemble, après la synthèse."
        ),
    )

    # What the cover and back cover print (reports.cover). Part of the year's
    # data: frozen with it once it is closed (clean() below, and the admin).
    logo = models.FileField(
        _("emblème ou logo"),
        upload_to="logos/",
        storage=logo_storage,
        blank=True,
        validators=[LogoValidator()],
        help_text=LOGO_HELP,
    )
    publication_date = models.DateField(
        _("date de publication"),
        null=True,
        blank=True,
        help_text=_(
            "Imprimée sur la couverture (mois et année). Vide : la date de clôture de l'année ; "
            "tant que l'année n'est pas clôturée, la couverture ne porte pas de date."
        ),
    )
    arabic_title = models.TextField(
        _("titre en arabe"),
        blank=True,
        default=DEFAULT_ARABIC_TITLE,
        help_text=_(
            "Bloc de titre en arabe de la couverture, une ligne par ligne imprimée ; "
            "« {année} » est remplacé par l'année du rapport. Vide : pas de bloc en arabe."
        ),
    )
    back_cover_address = models.TextField(
        _("adresse de la quatrième de couverture"),
        blank=True,
        default=DEFAULT_BACK_COVER_ADDRESS,
        help_text=_(
            "Imprimée sur la dernière page du bilan, une ligne par ligne : complétez-la "
            "(adresse postale, téléphone, site web)."
        ),
    )

    # Focal points read the years (their state, the bilan's links) and change none:
    # the calendar of the bilan is reference data for them (access.roles).
    reference_data = True

    objects = ReportingYearQuerySet.as_manager()
    # The lease is the worker's business, not the year's history. Nor are the
    # closing's checklist and error: they name other institutions' drafts, and
    # the history is read by every role (reference data).
    history = HistoricalRecords(
        excluded_fields=[
            "lease_token",
            "lease_expires_at",
            "heartbeat_at",
            "attempts",
            "closing_checklist",
            "closing_error",
        ]
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
        return self.is_closing and self.closing_started_at < timezone.now() - CLOSING_ABANDONED_AFTER

    def closed_message(self) -> str:
        if not self.is_closed:
            return self.closing_message()
        who = person(self.closed_by)
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

    def ensure_publication_open(self) -> None:
        """Refuses (YearClosedError) a change of the cover's settings once the
        year is closed or closing: its edition printed them. The closing's own
        saves name their fields (update_fields) and never come here."""
        if self.pk is None:
            return
        stored = ReportingYear.objects.filter(pk=self.pk).values("year", *PUBLICATION_FIELDS).first()
        if stored is None:
            return
        now = {name: getattr(self, name) for name in PUBLICATION_FIELDS}
        now["logo"] = self.logo.name or ""  # a file field's value is its stored name
        if any(now[name] != stored[name] for name in PUBLICATION_FIELDS):
            ReportingYear.objects.ensure_open(stored["year"])

    def clean(self) -> None:
        super().clean()
        self.ensure_publication_open()

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

    def check_may_close(self, user) -> None:
        if not user.has_perm("reports.close_reportingyear"):
            raise PermissionDenied(_("Vous ne pouvez pas clôturer une année."))
        if self.is_closed:
            raise ValidationError(_("L'année %(year)s est déjà clôturée.") % {"year": self.year})

    def close(self, user) -> None:
        """Marks the year closed at once, without storing an edition.

        Staff close through reports.closing.request_closing, which stores the edition first;
        this is for code and tests that need a closed year (its bilan pages
        then render live, as for years closed before editions existed)."""
        self.check_may_close(user)
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
