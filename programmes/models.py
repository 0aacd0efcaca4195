"""The strategy's reference structure: objectives, programmes, OSPs, actions,
and the institutions and projects that carry them out."""

from concurrency.fields import AutoIncVersionField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Cast, Concat, Length, Lower
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from access.models import Reviewable, ReviewQuerySet
from programmes.translated import Translatable

PLACEHOLDER_TITLE = "Intitulé à compléter"
PROGRAMME_COUNT = 11
OSP_COUNT = 27


class StrategicObjective(Translatable, models.Model):
    # Reference data: focal points read it, MDCMRE staff change it (access.roles).
    reference_data = True

    number = models.PositiveSmallIntegerField(
        _("numéro"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    title = models.CharField(_("intitulé"), max_length=300)

    version = AutoIncVersionField(_("version"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name = _("objectif stratégique")
        verbose_name_plural = _("objectifs stratégiques")
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=4), name="strategic_objective_number_1_to_4"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Programme(Translatable, models.Model):
    # Reference data: focal points read it, MDCMRE staff change it (access.roles).
    reference_data = True

    class Kind(models.TextChoices):
        SECTORAL = "sectoral", _("Programme sectoriel")
        TRANSVERSE = "transverse", _("Programme transverse")

    # The programme's number is its identity in every document of the strategy
    # (actions are coded "<programme>.<n>"), so it is the primary key: the
    # action-code constraint can then compare against the foreign key column.
    number = models.PositiveSmallIntegerField(
        _("numéro"),
        primary_key=True,
        validators=[MinValueValidator(1), MaxValueValidator(PROGRAMME_COUNT)],
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind)
    name = models.CharField(_("intitulé"), max_length=200, unique=True)
    purpose = models.TextField(_("objet du programme"), blank=True, help_text=_("Texte en Markdown."))
    markdown_fields = ("purpose",)  # help and preview in the admin (adminsite.markdown)

    version = AutoIncVersionField(_("version"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=PROGRAMME_COUNT),
                name="programme_number_1_to_11",
            )
        ]

    def __str__(self) -> str:
        return gettext("Programme %(number)s : %(name)s") % {"number": self.number, "name": self.name}


class SpecificObjective(Translatable, models.Model):
    # Reference data: focal points read it, MDCMRE staff change it (access.roles).
    reference_data = True

    number = models.PositiveSmallIntegerField(
        _("numéro d'OSP"),
        unique=True,
        validators=[MinValueValidator(1), MaxValueValidator(OSP_COUNT)],
        help_text=_("Numéroté de 1 à 27 sur l'ensemble de la stratégie."),
    )
    # Nullable because our sources do not say which programme holds OSP 1–23:
    # staff attach them in the admin rather than us inventing the mapping.
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="specific_objectives",
        verbose_name=_("programme"),
        null=True,
        blank=True,
    )
    title = models.CharField(_("intitulé"), max_length=300)

    version = AutoIncVersionField(_("version"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name = _("objectif spécifique")
        verbose_name_plural = _("objectifs spécifiques")
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=OSP_COUNT), name="osp_number_1_to_27"
            )
        ]

    def __str__(self) -> str:
        return gettext("OSP %(number)s : %(title)s") % {"number": self.number, "title": self.title}


class Institution(Translatable, models.Model):
    # Reference data: focal points read it, MDCMRE staff change it (access.roles).
    reference_data = True

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministère")
        PUBLIC_BODY = "public_body", _("Établissement public")
        INTERNATIONAL = "international", _("Agence onusienne ou internationale")
        COOPERATION = "cooperation", _("Agence de coopération")
        UNIVERSITY = "university", _("Université ou école")
        CIVIL_SOCIETY = "civil_society", _("Société civile")
        LOCAL_AUTHORITY = "local_authority", _("Collectivité territoriale")
        PRIVATE_SECTOR = "private_sector", _("Secteur privé")

    name = models.CharField(_("nom"), max_length=250, unique=True)
    acronym = models.CharField(_("sigle"), max_length=40, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind)

    version = AutoIncVersionField(_("version"))
    history = HistoricalRecords()

    class Meta:
        # By the French, the text of record, in every language: ordering by
        # the Arabic would scatter those not yet translated (NULL).
        ordering = ["name_fr"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        constraints = [
            # Lists, imports and the report name an institution by its acronym:
            # two « OIM » would make every one of them ambiguous.
            models.UniqueConstraint(
                Lower("acronym"),
                condition=~Q(acronym=""),
                name="institution_acronym_unique_ci",
                violation_error_message=_(
                    "Une autre institution porte déjà ce sigle (majuscules et minuscules confondues) : "
                    "choisissez-en un autre ou laissez-le vide."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.acronym or self.name


class Project(models.Model):
    # Reference data: focal points read it, MDCMRE staff change it (access.roles).
    reference_data = True

    name = models.CharField(_("nom"), max_length=250, unique=True)
    acronym = models.CharField(_("nom court"), max_length=60, blank=True)
    funder = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="funded_projects",
        verbose_name=_("bailleur"),
        null=True,
        blank=True,
    )
    implementers = models.ManyToManyField(
        Institution,
        related_name="implemented_projects",
        verbose_name=_("institutions de mise en œuvre"),
        blank=True,
    )

    version = AutoIncVersionField(_("version"))
    history = HistoricalRecords(m2m_fields=[implementers])

    class Meta:
        ordering = ["name"]
        verbose_name = _("projet")
        verbose_name_plural = _("projets")

    def __str__(self) -> str:
        return self.acronym or self.name


# The bilan's typography filter (reports.typography) uses private-use
# characters as its own marks: a glossary entry may not hold any.
PRINTABLE_ONLY = RegexValidator(
    r"[\ue000-\uf8ff]",
    inverse_match=True,
    message=_("Ce texte contient un caractère non imprimable (zone à usage privé d’Unicode)."),
)


class Acronym(Translatable, models.Model):
    """One entry of the glossary: the bilan lists the acronyms it uses and
    spells each out at its first use in a chapter (reports.acronyms)."""

    # Reference data: focal points read it, MDCMRE staff change it (access.roles).
    reference_data = True

    sigle = models.CharField(
        _("sigle"),
        max_length=40,
        unique=True,
        validators=[PRINTABLE_ONLY],
        help_text=_(
            "Tel qu'il s'écrit dans le texte, majuscules comprises : « OIM », « CoPil », « ARMIP-PRM »."
        ),
    )
    expansion = models.CharField(
        _("forme développée"),
        max_length=300,
        validators=[PRINTABLE_ONLY],
        help_text=_("Par exemple « Organisation internationale pour les migrations »."),
    )

    version = AutoIncVersionField(_("version"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["sigle"]
        verbose_name = _("sigle")
        verbose_name_plural = _("sigles et acronymes")
        constraints = [
            # « CoPil » and « COPIL » would be one entry of the printed list.
            models.UniqueConstraint(
                Lower("sigle"),
                name="acronym_sigle_unique_ci",
                violation_error_message=_(
                    "Ce sigle figure déjà dans le glossaire (majuscules et minuscules confondues)."
                ),
            ),
            models.CheckConstraint(condition=~Q(sigle=""), name="acronym_sigle_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.sigle} : {self.expansion}"


class ActionQuerySet(models.QuerySet):
    def in_code_order(self) -> "ActionQuerySet":
        # "11.2" sorts before "11.10": shorter codes first within a programme.
        return self.order_by("programme", Length("code"), "code")


class Action(Translatable, models.Model):
    # Reference data: focal points read it, MDCMRE staff change it (access.roles).
    reference_data = True

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="actions", verbose_name=_("programme")
    )
    specific_objective = models.ForeignKey(
        SpecificObjective,
        on_delete=models.PROTECT,
        related_name="actions",
        verbose_name=_("objectif spécifique"),
        null=True,
        blank=True,
    )
    code = models.CharField(
        _("code"),
        max_length=10,
        unique=True,
        help_text=_("« programme.numéro », par exemple 11.12."),
    )
    title = models.CharField(_("intitulé"), max_length=400)
    lead_institutions = models.ManyToManyField(
        Institution,
        related_name="led_actions",
        verbose_name=_("institutions pilotes"),
        blank=True,
    )
    partner_institutions = models.ManyToManyField(
        Institution,
        related_name="supported_actions",
        verbose_name=_("institutions partenaires"),
        blank=True,
    )

    version = AutoIncVersionField(_("version"))

    objects = ActionQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[lead_institutions, partner_institutions])

    class Meta:
        ordering = ["programme", Length("code"), "code"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{1,2}\.[0-9]{1,2}$"),
                name="action_code_format",
                violation_error_message=_("Le code s'écrit « programme.numéro », par exemple 11.12."),
            ),
            models.CheckConstraint(
                condition=Q(code__startswith=Concat(Cast(F("programme_id"), models.CharField()), Value("."))),
                name="action_code_starts_with_programme",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def clean(self) -> None:
        errors = {}
        if self.programme_id and self.code and not self.code.startswith(f"{self.programme_id}."):
            errors["code"] = _(
                "Le code d'une action du programme %(number)s commence par « %(number)s. »."
            ) % {"number": self.programme_id}
        if (
            self.specific_objective
            and self.programme_id
            and self.specific_objective.programme_id not in (None, self.programme_id)
        ):
            errors["specific_objective"] = _(
                "Cet objectif spécifique appartient à un autre programme que l'action."
            )
        if errors:
            raise ValidationError(errors)


class ActionProgress(Reviewable):
    """What an action achieved in a reporting year: its état d'avancement."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Non démarrée")
        IN_PROGRESS = "in_progress", _("En cours")
        COMPLETED = "completed", _("Réalisée")
        CONTINUOUS = "continuous", _("Action continue")
        SUSPENDED = "suspended", _("Suspendue")

    action = models.ForeignKey(
        Action, on_delete=models.PROTECT, related_name="progress", verbose_name=_("action")
    )
    year = models.PositiveSmallIntegerField(
        _("année"), validators=[MinValueValidator(2014), MaxValueValidator(2100)]
    )
    status = models.CharField(_("état"), max_length=20, choices=Status, default=Status.IN_PROGRESS)
    narrative = models.TextField(_("état d'avancement"), blank=True, help_text=_("Texte en Markdown."))

    version = AutoIncVersionField(_("version"))

    objects = ReviewQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "action__programme", Length("action__code"), "action__code"]
        verbose_name = _("avancement d'une action")
        verbose_name_plural = _("avancements des actions")
        constraints = [
            models.UniqueConstraint(
                fields=["action", "year"],
                name="one_progress_per_action_and_year",
                violation_error_message=_("Cette action a déjà un état d'avancement pour cette année."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2014, year__lte=2100), name="progress_year_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action.code} — {self.year}"

    # For the shared rules (access.models.Reviewable): a focal point reports on
    # the actions their institution leads, and on those only.
    year_field = "year"
    markdown_fields = ("narrative",)  # help and preview in the admin (adminsite.markdown)

    @classmethod
    def focal_point_scope(cls, focal_point, institution) -> Q:
        return Q(action__lead_institutions=institution)

    @classmethod
    def focal_point_choices(cls, queryset: models.QuerySet, focal_point) -> models.QuerySet:
        if queryset.model is Action:
            return queryset.filter(lead_institutions=focal_point.institution_id)
        return queryset
