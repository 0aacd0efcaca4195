"""How many times the data of a year's bilan were written: the cheap half of
« is the stored PDF still current? » (reports.exports.current_revision).

The counters are kept by database triggers, never by this code
(reports.revision_triggers): they see every write, ORM or not.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The counter of the data that belong to no year (programmes, institutions,
# committees, acronyms…): shown in every year's bilan.
REFERENCE_YEAR = 0


class BilanRevisionQuerySet(models.QuerySet):
    def counters(self, year: int) -> tuple[int, int]:
        """(the year's counter, the reference data's counter), in one query; 0 for a year never written."""
        found = dict(self.filter(year__in=(year, REFERENCE_YEAR)).values_list("year", "counter"))
        return found.get(year, 0), found.get(REFERENCE_YEAR, 0)


class BilanRevision(models.Model):
    year = models.PositiveSmallIntegerField(
        _("année"),
        primary_key=True,
        help_text=_("0 : les données de référence, communes à toutes les années."),
    )
    counter = models.PositiveBigIntegerField(
        _("compteur"),
        default=0,
        help_text=_("Augmente à chaque écriture dans les données que lit le bilan de l'année."),
    )

    objects = BilanRevisionQuerySet.as_manager()

    class Meta:
        ordering = ["year"]
        verbose_name = _("révision des données du bilan")
        verbose_name_plural = _("révisions des données du bilan")

    def __str__(self) -> str:
        return f"{self.year} : {self.counter}"
