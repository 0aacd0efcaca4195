"""`manage.py worker_status`: the background worker's heartbeat, as JSON, for a
health check — exit status 1 when no worker said it lives within a lease period,
a task queue (renders, mail) has no live worker, or a job's worker is gone."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from reports.worker import worker_status


class Command(BaseCommand):
    help = "État du service de tâches de fond (JSON) ; échoue s'il ne donne plus signe de vie."

    def handle(self, *args, **options) -> None:
        status = worker_status()
        self.stdout.write(json.dumps(status.as_dict()))
        if not status.alive:
            raise CommandError(_("Aucun service de tâches de fond ne donne signe de vie."))
        if status.stalled_jobs:
            raise CommandError(_("Un rendu est interrompu : son service de tâches de fond ne répond plus."))
        if status.unserved_queues:
            raise CommandError(
                _("Aucun service de tâches de fond ne traite la file « %(queues)s ».")
                % {"queues": ", ".join(status.unserved_queues)}
            )
