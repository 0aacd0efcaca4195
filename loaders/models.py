"""Which row each entry of a loader (reference data, demo year) became.

A loader that looked rows up by their name re-created an institution staff had
renamed. The ledger ties each entry's key to the row's id once, so a re-run
finds the row whatever staff did to its name, and does not bring back a row
staff deleted. The key lives here rather than as a column on every loaded
model: it is the loader's business, not the record's, and staff never see it.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class LoadedRecord(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("type"))
    key = models.CharField(_("clé de chargement"), max_length=255)
    object_id = models.BigIntegerField(_("identifiant"))
    loaded_at = models.DateTimeField(_("chargé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("enregistrement chargé")
        verbose_name_plural = _("enregistrements chargés")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "key"], name="loaded_record_unique_key"),
        ]

    def __str__(self) -> str:
        return f"{self.content_type.model}:{self.key}"
