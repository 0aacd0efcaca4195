"""Training sessions, seminars, workshops and events, with participants by sex."""

from concurrency.fields import AutoIncVersionField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from access.models import Reviewable, ReviewQuerySet
from programmes.models import Action, Institution, Project
from trainings.duplicates import duplicate_ids

YEAR_VALIDATORS = [MinValueValidator(2014), MaxValueValidator(2100)]
# No event counts ten million people; the bound also keeps women + men +
# unrecorded within PostgreSQL's integer range when the database adds them up.
MAX_PARTICIPANTS = 10_000_000
COUNT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(MAX_PARTICIPANTS)]

# The name of a table of the bilan that staff give sessions, placed by the
# marker [[tableau:sessions:<name>]] (reports.bilan_tables). Lowercase ASCII
# letters, digits and hyphens only: the marker must be easy to type again, and
# NUL or private-use characters (the typography filter's marks) never get in.
REPORT_TABLE_NAME = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z",
    message=_(
        "Le nom du tableau s'écrit en minuscules sans accents, chiffres et tirets, sans espace : "
        "par exemple « formations-oim »."
    ),
)
# The kinds' markers ([[tableau:sessions:formations]]…), which a group may not shadow.
RESERVED_REPORT_TABLES = frozenset({"formation", "formations", "evenement", "evenements"})


def validate_report_table(value: str) -> None:
    if value in RESERVED_REPORT_TABLES:
        raise ValidationError(
            _("« %(name)s » désigne déjà un type de sessions dans les repères : choisissez un autre nom."),
            code="reserved",
            params={"name": value},
        )


class SessionQuerySet(ReviewQuerySet):
    def in_year(self, year: int) -> "SessionQuerySet":
        return self.filter(year=year)

    def for_actions(self, actions) -> "SessionQuerySet":
        return self.filter(actions__in=actions).distinct()

    def with_total(self) -> "SessionQuerySet":
        return self.annotate(participants_total=F("women") + F("men") + F("unrecorded"))

    def probable_duplicates(self) -> "SessionQuerySet":
        """The sessions among these that look like another one of the same year
        (trainings.duplicates says how): flagged for staff, never refused."""
        return self.filter(pk__in=duplicate_ids(self))

    def by_sex(self) -> dict[str, int]:
        """Participants of these sessions: sessions, women, men, unrecorded, total."""
        # Aliases must differ from the field names they sum.
        totals = self.aggregate(
            n_sessions=models.Count("pk", distinct=True),
            n_women=Sum("women", default=0),
            n_men=Sum("men", default=0),
            n_unrecorded=Sum("unrecorded", default=0),
            n_total=Sum(F("women") + F("men") + F("unrecorded"), default=0),
        )
        return {key.removeprefix("n_"): value for key, value in totals.items()}


class Session(Reviewable):
    class Kind(models.TextChoices):
        TRAINING = "training", _("Formation")
        SEMINAR = "seminar", _("Séminaire")
        WORKSHOP = "workshop", _("Atelier")
        WEBINAR = "webinar", _("Webinaire")
        AWARENESS = "awareness", _("Événement de sensibilisation")

    kind = models.CharField(_("type"), max_length=20, choices=Kind)
    title = models.CharField(_("intitulé"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    projects = models.ManyToManyField(Project, related_name="sessions", verbose_name=_("projets"), blank=True)
    organisers = models.ManyToManyField(
        Institution,
        related_name="organised_sessions",
        verbose_name=_("institutions organisatrices"),
        blank=True,
    )
    beneficiaries = models.CharField(
        _("bénéficiaires"),
        max_length=300,
        blank=True,
        help_text=_("Public cible, par exemple « Magistrats »."),
    )
    online = models.BooleanField(_("en ligne"), default=False)
    city = models.CharField(_("ville"), max_length=100, blank=True)
    # Published tables often give only the year: dates stay optional, the year
    # is required and must agree with them.
    year = models.PositiveSmallIntegerField(_("année"), validators=YEAR_VALIDATORS)
    start_date = models.DateField(_("date de début"), null=True, blank=True)
    end_date = models.DateField(_("date de fin"), null=True, blank=True)
    actions = models.ManyToManyField(
        Action, related_name="sessions", verbose_name=_("actions servies"), blank=True
    )
    women = models.IntegerField(_("femmes"), default=0, validators=COUNT_VALIDATORS)
    men = models.IntegerField(_("hommes"), default=0, validators=COUNT_VALIDATORS)
    unrecorded = models.IntegerField(
        _("sexe non renseigné"),
        default=0,
        validators=COUNT_VALIDATORS,
        help_text=_("Participants dont le sexe n'a pas été relevé."),
    )
    report_table = models.CharField(
        _("tableau du bilan"),
        max_length=40,
        blank=True,
        validators=[REPORT_TABLE_NAME, validate_report_table],
        help_text=_(
            "Facultatif. Un nom court, par exemple « formations-oim » : le repère "
            "[[tableau:sessions:formations-oim]] du texte de l'objectif place les sessions qui le "
            "portent dans leur propre tableau. Vide : le tableau des sessions de l'objectif."
        ),
    )

    version = AutoIncVersionField(_("version"))

    objects = SessionQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[projects, organisers, actions])

    class Meta:
        ordering = ["-year", "start_date", "title"]
        verbose_name = _("session ou événement")
        verbose_name_plural = _("sessions et événements")
        constraints = [
            models.CheckConstraint(
                condition=Q(women__gte=0, men__gte=0, unrecorded__gte=0),
                name="session_counts_non_negative",
                violation_error_message=_("Les effectifs ne peuvent pas être négatifs."),
            ),
            models.CheckConstraint(
                condition=Q(
                    women__lte=MAX_PARTICIPANTS, men__lte=MAX_PARTICIPANTS, unrecorded__lte=MAX_PARTICIPANTS
                ),
                name="session_counts_plausible",
                violation_error_message=_("Un effectif ne peut pas dépasser 10 000 000."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=False, end_date__gte=F("start_date")),
                name="session_end_not_before_start",
                violation_error_message=_("La date de fin ne peut pas précéder la date de début."),
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(year=ExtractYear("start_date")),
                name="session_start_in_its_year",
                violation_error_message=_("La date de début doit tomber dans l'année indiquée."),
            ),
            models.CheckConstraint(condition=Q(year__gte=2014, year__lte=2100), name="session_year_in_range"),
        ]

    def __str__(self) -> str:
        return self.title

    # For the shared rules (access.models.Reviewable): a focal point reaches the
    # sessions their institution organises, so a session they write must name it.
    year_field = "year"
    own_institution_field = "organisers"

    @classmethod
    def focal_point_scope(cls, focal_point, institution) -> Q:
        return Q(organisers=institution)

    @property
    def total(self) -> int:
        return self.women + self.men + self.unrecorded

    @property
    def sex_recorded(self) -> bool:
        return self.unrecorded == 0

    @property
    def place(self) -> str:
        if self.online:
            return str(_("En ligne"))
        return self.city

    def clean_fields(self, exclude=None) -> None:
        # Staff may type « Formations-OIM »: the name is kept in its one spelling.
        self.report_table = (self.report_table or "").strip().lower()
        super().clean_fields(exclude)

    def clean(self) -> None:
        # Field-level messages for the rules the constraints enforce, so the
        # form points at the right input.
        errors = {}
        if self.end_date and not self.start_date:
            errors["start_date"] = _("Indiquez la date de début avant la date de fin.")
        elif self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("La date de fin ne peut pas précéder la date de début.")
        if self.start_date and self.year and self.start_date.year != self.year:
            errors["start_date"] = _("La date de début doit tomber dans l'année %(year)s.") % {
                "year": self.year
            }
        if errors:
            raise ValidationError(errors)
