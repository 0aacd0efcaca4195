from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from idempotency.models import IdempotencyKey


class Command(BaseCommand):
    help = "Supprime les clés d'idempotence de l'API de plus de 24 heures."

    def handle(self, *args, **options) -> None:
        deleted, _rows = IdempotencyKey.objects.expired().delete()
        self.stdout.write(_("%(count)d clé(s) d'idempotence expirée(s) supprimée(s).") % {"count": deleted})
