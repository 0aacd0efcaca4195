"""Is the background worker alive? What the health check and the status pages read.

Workers started by `manage.py snia_worker` renew their own heartbeat even
while idle (reports.leases.WorkerProcessHeartbeat); each render renews its
lease while it runs. Both are rows in the database, so any process — the web
server, a health check — can read them.
"""

from dataclasses import asdict, dataclass
from datetime import datetime

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Max
from django.utils import timezone
from django_tasks import default_task_backend

from reports.closing import recover_closings
from reports.leases import WorkerHeartbeat, leased_models
from reports.tasks import recover_renders

# What « taken up again » means for each kind of leased job: the service that queues it says.
RECOVERIES = {"reports.bilanexport": recover_renders, "reports.reportingyear": recover_closings}


def recover_expired_leases() -> int:
    """Takes up again every job whose worker died (its lease expired): renders
    and closings. Returns how many were queued again or failed."""
    recovered = 0
    for model in leased_models():
        label = model._meta.label_lower
        if label not in RECOVERIES:
            # A new leased job must say how it is recovered, or its dead jobs would wait for ever.
            raise ImproperlyConfigured(
                f"{label} is a leased job without a recovery in reports.worker.RECOVERIES."
            )
        recovered += RECOVERIES[label]()
    return recovered


@dataclass(frozen=True)
class WorkerStatus:
    alive: bool  # a worker process said it lives within the last lease period
    workers: int  # worker processes alive
    last_heartbeat: datetime | None  # of any worker process, alive or not
    running_jobs: int  # jobs (renders) whose lease is being renewed
    stalled_jobs: int  # jobs whose lease expired: their worker is gone, not yet taken up again
    last_job_heartbeat: datetime | None
    # Queues of the task backend that no live worker serves: their tasks wait
    # for ever (mail has a queue and a worker of its own, see settings.TASKS).
    unserved_queues: list[str]

    def as_dict(self) -> dict:
        return {
            name: value.isoformat() if isinstance(value, datetime) else value
            for name, value in asdict(self).items()
        }


def unserved_queues(served: list[str]) -> list[str]:
    """The backend's queues that none of `served` (each a worker's
    comma-separated queue names, "*" for all) covers."""
    names = {name.strip() for queues in served for name in queues.split(",")}
    if "*" in names:
        return []
    return sorted(set(default_task_backend.queues) - names)


def worker_status() -> WorkerStatus:
    alive_since = WorkerHeartbeat.alive_since()
    alive = WorkerHeartbeat.objects.filter(heartbeat_at__gte=alive_since)
    served = list(alive.values_list("queues", flat=True))
    workers = len(served)
    last = WorkerHeartbeat.objects.aggregate(last=Max("heartbeat_at"))["last"]
    running = stalled = 0
    last_job = None
    now = timezone.now()
    for model in leased_models():
        held = model._base_manager.filter(lease_expires_at__isnull=False)
        running += held.filter(lease_expires_at__gte=now).count()
        stalled += held.filter(lease_expires_at__lt=now).count()
        job_heartbeat = held.aggregate(last=Max("heartbeat_at"))["last"]
        if job_heartbeat is not None and (last_job is None or job_heartbeat > last_job):
            last_job = job_heartbeat
    return WorkerStatus(
        alive=workers > 0,
        workers=workers,
        last_heartbeat=last,
        running_jobs=running,
        stalled_jobs=stalled,
        last_job_heartbeat=last_job,
        unserved_queues=unserved_queues(served) if workers else [],
    )
