"""What MDCMRE staff write for a year's bilan: narrative sections, the lists of
challenges, measures and recommendations, studies and university programmes.
Each belongs to a reporting year and is frozen with it (`year_field`)."""

from concurrency.fields import AutoIncVersionField
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from programmes.models import Action, Institution, Programme, SpecificObjective
from programmes.translated import Translatable
from reports.models.years import YEAR_VALIDATORS, year_in_range

# The demo's Arabic (loaders.demo_arabic) was written without a translator: the
# bilan says so beside the chapter until staff review it and untick the box.
DEMO_TRANSLATION_HELP = _(
    "Le texte arabe ou anglais a été écrit pour la démonstration, pas par un traducteur : "
    "le bilan le signale. Décochez une fois la traduction relue."
)


class NarrativeSection(Translatable, models.Model):
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
    markdown_fields = ("body",)  # help and preview in the admin (adminsite.markdown)
    demo_translation = models.BooleanField(
        _("traduction de démonstration"), default=False, help_text=DEMO_TRANSLATION_HELP
    )

    year_field = "year"  # closed with its year (access.years)
    version = AutoIncVersionField(_("version"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "year", "specific_objective__number", "position"]
        verbose_name = _("section narrative")
        verbose_name_plural = _("sections narratives")
        constraints = [year_in_range("narrative_year_in_range")]

    def __str__(self) -> str:
        return self.heading or f"{self.programme} — {self.year} ({self.position})"


class ReportItem(Translatable, models.Model):
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
    markdown_fields = ("text",)  # help and preview in the admin (adminsite.markdown)
    demo_translation = models.BooleanField(
        _("traduction de démonstration"), default=False, help_text=DEMO_TRANSLATION_HELP
    )

    year_field = "year"  # closed with its year (access.years)
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


class Study(Translatable, models.Model):
    title = models.CharField(_("intitulé"), max_length=500)
    institutions = models.ManyToManyField(
        Institution, related_name="studies", verbose_name=_("institutions"), blank=True
    )
    year = models.PositiveSmallIntegerField(_("année"), validators=YEAR_VALIDATORS)
    summary = models.TextField(_("résumé"), blank=True, help_text=_("Texte en Markdown."))
    markdown_fields = ("summary",)  # help and preview in the admin (adminsite.markdown)
    actions = models.ManyToManyField(Action, related_name="studies", verbose_name=_("actions"), blank=True)

    year_field = "year"  # closed with its year (access.years)
    version = AutoIncVersionField(_("version"))
    history = HistoricalRecords(m2m_fields=[institutions, actions])

    class Meta:
        ordering = ["-year", "title_fr"]  # French in every language (programmes.translated)
        verbose_name = _("étude")
        verbose_name_plural = _("études")
        constraints = [
            models.UniqueConstraint(fields=["title", "year"], name="unique_study_title_per_year"),
            year_in_range("study_year_in_range"),
        ]

    def __str__(self) -> str:
        return self.title


class UniversityProgramme(Translatable, models.Model):
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

    year_field = "year"  # closed with its year (access.years)
    version = AutoIncVersionField(_("version"))
    history = HistoricalRecords(m2m_fields=[actions])

    class Meta:
        ordering = ["-year", "university", "title_fr"]
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
