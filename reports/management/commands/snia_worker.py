"""`manage.py snia_worker`: the background worker (django-tasks-db's `db_worker`,
same options) that first takes up the renders left by a worker that died, then
keeps a heartbeat while it runs. It never runs under the autoreloader: a
reload would kill a render mid-way, and the reloader's parent process would
keep a heartbeat for a child that may be dead."""

import logging

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from reports.leases import WorkerProcessHeartbeat
from reports.worker import recover_expired_leases

logger = logging.getLogger(__name__)


class Command(DbWorkerCommand):
    help = (
        "Service de tâches de fond (rendu des PDF ; courriels avec --queue-name emails) : "
        "reprend les rendus interrompus, puis traite la file d'attente sans jamais se recharger."
    )

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        # db_worker reloads by default when DEBUG is on (run.sh's setting).
        parser.set_defaults(reload=False)

    def handle(self, *args, reload: bool, worker_id: str, queue_name: str, **options) -> None:
        if reload:
            raise CommandError(_("snia_worker ne se recharge pas : lancez-le sans --reload."))
        recovered = recover_expired_leases()
        if recovered:
            logger.warning("Worker start: took up %s job(s) whose worker had died", recovered)
        # The heartbeat says which queues this worker serves: worker_status
        # reports a queue nobody serves (mail waits on its own queue, "emails").
        with WorkerProcessHeartbeat(worker_id, recover=recover_expired_leases, queues=queue_name):
            super().handle(*args, reload=False, worker_id=worker_id, queue_name=queue_name, **options)
