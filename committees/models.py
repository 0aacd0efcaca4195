"""The SNIA's governance: committees, their focal points and their meetings."""

from concurrency.fields import AutoIncVersionField
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from access.models import Reviewable, ReviewQuerySet
from access.storage import ScopedLinkStorage
from committees.validators import MinutesContentValidator
from programmes.models import Institution, Programme
from programmes.translated import Translatable


class CommitteeQuerySet(models.QuerySet):
    def with_meetings_held(self, meetings: models.QuerySet) -> "CommitteeQuerySet":
        """Annotates `held`: the committee's number of `meetings` (those a bilan
        reports, see reports.stats.reported_meetings)."""
        return self.annotate(held=Count("meetings", filter=Q(meetings__in=meetings.values("pk"))))

    def with_target(self, year: int) -> "CommitteeQuerySet":
        """Annotates `expected`: the committee's meeting target for `year`
        (MeetingTarget), None where staff set none."""
        targets = MeetingTarget.objects.filter(committee=OuterRef("pk"), year=year)
        return self.annotate(expected=Subquery(targets.values("expected")[:1]))


class Committee(Translatable, models.Model):
    # Reference data: focal points read it, MDCMRE staff change it (access.roles).
    reference_data = True

    class Kind(models.TextChoices):
        COMMISSION = "commission", _("Commission interministérielle")
        TECHNICAL = "technical", _("Comité technique")
        STEERING = "steering", _("Comité de pilotage")
        PROGRAMME = "programme", _("Comité programme")

    code = models.CharField(_("sigle"), max_length=20, unique=True, help_text=_("Par exemple CP1, CoPil."))
    name = models.CharField(_("nom"), max_length=300, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind)
    role = models.CharField(_("rôle"), max_length=200, blank=True)
    chair = models.CharField(_("présidence"), max_length=200, blank=True)
    programmes = models.ManyToManyField(
        Programme, related_name="committees", verbose_name=_("programmes suivis"), blank=True
    )
    members = models.ManyToManyField(
        Institution, related_name="committees", verbose_name=_("institutions membres"), blank=True
    )
    position = models.PositiveSmallIntegerField(_("ordre d'affichage"), default=0)

    version = AutoIncVersionField(_("version"))

    objects = CommitteeQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[programmes, members])

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("comité")
        verbose_name_plural = _("comités")

    def __str__(self) -> str:
        return self.code


class MeetingTarget(models.Model):
    """How many meetings MDCMRE staff expect of a committee in one year.

    A number staff set for a year, never a standing rhythm: the sources give no
    target for most years (the 2020 report says the committees met « au moins
    3 » times, not against what). Without a target the bilan and the dashboard
    show the meetings held, with no ratio and no « en retard »."""

    # Reference data: focal points read it, MDCMRE staff set it (access.roles).
    reference_data = True
    year_field = "year"  # closed with its year (access.years)

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="meeting_targets", verbose_name=_("comité")
    )
    year = models.PositiveSmallIntegerField(
        _("année"), validators=[MinValueValidator(2014), MaxValueValidator(2100)]
    )
    expected = models.PositiveSmallIntegerField(
        _("réunions prévues"),
        # At most one meeting a day: a larger figure is a typing error.
        validators=[MinValueValidator(1), MaxValueValidator(366)],
        help_text=_("Nombre de réunions que le comité doit tenir dans l'année, tel que fixé par le MDCMRE."),
    )

    version = AutoIncVersionField(_("version"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "committee__position", "committee__code"]
        verbose_name = _("objectif de réunions")
        verbose_name_plural = _("objectifs de réunions")
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year"],
                name="one_meeting_target_per_committee_and_year",
                violation_error_message=_("Ce comité a déjà un objectif de réunions pour cette année."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2014, year__lte=2100), name="meeting_target_year_in_range"
            ),
            models.CheckConstraint(
                condition=Q(expected__gte=1),
                name="meeting_target_at_least_one",
                violation_error_message=_("Un objectif compte au moins une réunion."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee} — {self.year}"


class FocalPoint(models.Model):
    """A person who represents a member institution in one or more committees."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="focal_point",
        verbose_name=_("utilisateur"),
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="focal_points", verbose_name=_("institution")
    )
    committees = models.ManyToManyField(Committee, related_name="focal_points", verbose_name=_("comités"))
    phone = models.CharField(_("téléphone"), max_length=40, blank=True)

    history = HistoricalRecords(m2m_fields=[committees])

    class Meta:
        ordering = ["institution__name", "user__last_name", "user__username"]
        verbose_name = _("point focal")
        verbose_name_plural = _("points focaux")

    def __str__(self) -> str:
        return f"{self.user.get_full_name() or self.user.get_username()} ({self.institution})"


@deconstructible
class MaxFileSizeValidator:
    """Refuses files larger than settings.MINUTES_MAX_BYTES (read at validation time)."""

    def __call__(self, file) -> None:
        # A file already stored was checked when uploaded; asking its size would
        # read the disk, and fail if the file has gone missing since.
        if getattr(file, "_committed", False):
            return
        limit = settings.MINUTES_MAX_BYTES
        if file.size > limit:
            raise ValidationError(
                _("Le fichier dépasse la taille autorisée (%(limit)s Mo)."),
                code="file_too_large",
                params={"limit": limit // (1024 * 1024)},
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MaxFileSizeValidator)


class MinutesStorage(ScopedLinkStorage):
    """Stores minutes in the configured storage (disk or S3), but links them to a scoped view.

    Uploaded files are never served from MEDIA_URL nor from the object store;
    every link Django draws to a stored file (admin widgets, read-only views)
    goes to /committees/minutes/, which checks that the user may see the meeting.
    """

    url_name = "committees:stored-minutes"


def minutes_storage() -> MinutesStorage:
    return MinutesStorage()


class MeetingQuerySet(ReviewQuerySet):
    def in_year(self, year: int) -> "MeetingQuerySet":
        return self.filter(date__year=year)


class Meeting(Reviewable):
    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("Présentiel")
        ONLINE = "online", _("En ligne")
        HYBRID = "hybrid", _("Hybride")

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("comité")
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("heure de début"), null=True, blank=True)
    mode = models.CharField(
        _("modalité"), max_length=20, choices=Mode, blank=True, help_text=_("Vide si non précisée.")
    )
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    chair = models.CharField(_("présidence"), max_length=200, blank=True)
    participants = models.ManyToManyField(
        Institution,
        related_name="meetings",
        verbose_name=_("institutions participantes"),
        blank=True,
    )
    agenda = models.TextField(_("ordre du jour"), blank=True, help_text=_("Texte en Markdown."))
    decisions = models.TextField(_("décisions"), blank=True, help_text=_("Texte en Markdown."))
    alerts = models.TextField(
        _("alertes remontées au comité de pilotage"), blank=True, help_text=_("Texte en Markdown.")
    )
    minutes = models.FileField(
        _("compte-rendu"),
        upload_to="minutes/%Y/",
        storage=minutes_storage,
        blank=True,
        validators=[
            FileExtensionValidator(["pdf", "docx"]),
            MaxFileSizeValidator(),
            MinutesContentValidator(),
        ],
        help_text=_("PDF ou DOCX, 10 Mo au plus."),
    )

    version = AutoIncVersionField(_("version"))

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[participants])

    class Meta:
        ordering = ["-date", "committee"]
        verbose_name = _("réunion")
        verbose_name_plural = _("réunions")
        constraints = [
            # NULL times are distinct in SQL, so a meeting without a time gets its
            # own partial index: one untimed meeting per committee and day.
            models.UniqueConstraint(
                fields=["committee", "date", "start_time"],
                name="one_meeting_per_committee_and_time",
                violation_error_message=_("Ce comité a déjà une réunion à cette date et à cette heure."),
            ),
            models.UniqueConstraint(
                fields=["committee", "date"],
                condition=Q(start_time__isnull=True),
                name="one_untimed_meeting_per_committee_and_day",
                violation_error_message=_("Ce comité a déjà une réunion sans heure à cette date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee} — {self.date:%d/%m/%Y}"

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None

    # For the shared rules (access.models.Reviewable): a meeting's year is its date's,
    year_field = "date"
    # Drawn with the Markdown help and preview in the admin (adminsite.markdown).
    markdown_fields = ("agenda", "decisions", "alerts")

    @classmethod
    def focal_point_scope(cls, focal_point, institution) -> Q:
        # a focal point reaches the meetings of their committees
        return Q(committee__focal_points=focal_point)

    @classmethod
    def focal_point_choices(cls, queryset: models.QuerySet, focal_point) -> models.QuerySet:
        # and logs meetings of those committees only.
        if queryset.model is Committee:
            return queryset.filter(focal_points=focal_point)
        return queryset
