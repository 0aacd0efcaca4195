"""What the API answered to a POST sent with an `Idempotency-Key` header.

A partner whose request timed out sends it again with the same key: the first
answer is given back and nothing is created twice. One row per user and key,
kept KEY_LIFETIME.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

KEY_LIFETIME = datetime.timedelta(hours=24)
KEY_MAX_LENGTH = 255


class IdempotencyKeyQuerySet(models.QuerySet):
    def expired(self, now: datetime.datetime | None = None) -> "IdempotencyKeyQuerySet":
        return self.filter(created_at__lt=(now or timezone.now()) - KEY_LIFETIME)


class IdempotencyKey(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("utilisateur")
    )
    key = models.CharField(_("clé"), max_length=KEY_MAX_LENGTH)
    # SHA-256 of the method, the path and the body: the same key with another
    # request is the caller's mistake, not a retry.
    fingerprint = models.CharField(_("empreinte de la requête"), max_length=64)
    response_status = models.PositiveSmallIntegerField(_("statut de la réponse"))
    response_body = models.JSONField(_("corps de la réponse"), null=True)
    created_at = models.DateTimeField(_("reçue le"), default=timezone.now, db_index=True)

    objects = IdempotencyKeyQuerySet.as_manager()

    class Meta:
        verbose_name = _("clé d'idempotence")
        verbose_name_plural = _("clés d'idempotence")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_unique_per_user")
        ]

    def __str__(self) -> str:
        return self.key
