"""Leases for background jobs, so that a job whose worker died is noticed and
taken up again, and a worker that lost its job can never overwrite it.

A worker claims a job by taking its lease: the job's `lease_token` goes up by
one (a compare-and-swap, so two workers never both win) and
`lease_expires_at` is set a lease period ahead. While the work runs, a
heartbeat thread renews the lease. A worker killed by SIGKILL or the
out-of-memory killer renews nothing: its lease expires, and the job is
recovered — at worker start (`manage.py snia_worker`), by any live worker's
periodic sweep, or when someone asks for it again.

Every write that ends the work (result, failure) is a conditional update on
the token the worker claimed with — the fencing token: once the job was
recovered or claimed again, the old worker's writes match no row and its
result is discarded.

A job model adopts this by inheriting `LeasedJob`; what « taken up again »
means for it is a function of the service that queues it (for the bilan:
reports.tasks.recover_renders, reports.closing.recover_closings), which the
worker calls (reports.worker.recover_expired_leases).
"""

import logging
import os
import socket
import threading
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection, connections, models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


def lease_duration() -> timedelta:
    """How long a lease lasts without being renewed (SNIA_RENDER_LEASE_SECONDS)."""
    return timedelta(seconds=settings.RENDER_LEASE_SECONDS)


def heartbeat_interval() -> float:
    """Seconds between two renewals (SNIA_RENDER_HEARTBEAT_SECONDS), well inside the lease."""
    interval, lease = settings.RENDER_HEARTBEAT_SECONDS, settings.RENDER_LEASE_SECONDS
    if not 0 < interval < lease:
        # A heartbeat as long as the lease lets a live render's lease expire.
        raise ImproperlyConfigured(
            "SNIA_RENDER_HEARTBEAT_SECONDS must be positive and shorter than SNIA_RENDER_LEASE_SECONDS."
        )
    return interval


class LeasedJob(models.Model):
    """A job that a worker holds by a lease, renewed by a heartbeat and fenced by a token."""

    lease_token = models.PositiveBigIntegerField(
        _("jeton de rendu"),
        default=0,
        editable=False,
        help_text=_("Augmente à chaque prise en charge par un service de tâches de fond."),
    )
    lease_expires_at = models.DateTimeField(_("bail expirant le"), null=True, blank=True, editable=False)
    heartbeat_at = models.DateTimeField(_("dernier signe de vie"), null=True, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(
        _("tentatives"),
        default=0,
        editable=False,
        help_text=_("Prises en charge depuis la dernière demande."),
    )

    class Meta:
        abstract = True

    @property
    def lease_expired(self) -> bool:
        """Held by a worker that stopped renewing it: that worker is gone."""
        return self.lease_expires_at is not None and self.lease_expires_at < timezone.now()

    def _fenced(self) -> models.QuerySet:
        """This very row, as long as nobody claimed it after this instance's claim."""
        return type(self)._base_manager.filter(pk=self.pk, lease_token=self.lease_token)

    def claim_lease(self, claimable: Q, **changes) -> bool:
        """Takes the lease if the row still matches `claimable` and nobody claimed it meanwhile.

        `changes` are saved with the claim (e.g. the job's running state).
        """
        now = timezone.now()
        token = self.lease_token + 1
        lease = {"lease_token": token, "lease_expires_at": now + lease_duration(), "heartbeat_at": now}
        claimed = self._fenced().filter(claimable).update(attempts=F("attempts") + 1, **lease, **changes)
        if claimed:
            for name, value in {**lease, **changes}.items():
                setattr(self, name, value)
            self.attempts += 1
        return bool(claimed)

    def renew_lease(self) -> bool:
        """Extends the lease this instance holds; False once it was lost (recovered or claimed again)."""
        now = timezone.now()
        return bool(
            self._fenced()
            .filter(lease_expires_at__isnull=False)
            .update(lease_expires_at=now + lease_duration(), heartbeat_at=now)
        )

    def settle(self, condition: Q, **changes) -> bool:
        """Ends the work: saves `changes` and drops the lease, only if this instance's claim still stands.

        `condition` says what "still stands" means for the job besides the
        token (e.g. still in its running state). False: the work was taken
        over, nothing was written, the caller discards its result.
        """
        changes["lease_expires_at"] = None
        settled = self._fenced().filter(condition).update(**changes)
        if settled:
            for name, value in changes.items():
                setattr(self, name, value)
        return bool(settled)

    def heartbeat(self) -> "Heartbeat":
        return Heartbeat(self)

    @classmethod
    def expired_leases(cls) -> models.QuerySet:
        return cls._base_manager.filter(lease_expires_at__lt=timezone.now())

    def take_back(self, **changes) -> bool:
        """Takes an expired lease from its dead worker, saving `changes`; only one caller wins."""
        return self.settle(Q(lease_expires_at__lt=timezone.now()), **changes)


def leased_models() -> Iterator[type[LeasedJob]]:
    return (model for model in apps.get_models() if issubclass(model, LeasedJob))


class _Beating(threading.Thread):
    """Calls `beat` every `interval` seconds, in its own database connection, until stopped."""

    def __init__(self, name: str, interval: float, beat) -> None:
        super().__init__(name=name, daemon=True)
        self.interval, self.beat = interval, beat
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(self.interval):
                try:
                    if self.beat() is False:
                        return
                except DatabaseError:
                    # A database that hiccups must not kill the heartbeat:
                    # the next beat tries again, within the lease.
                    logger.warning("%s: heartbeat failed, retrying", self.name, exc_info=True)
        finally:
            connections.close_all()

    def stop(self) -> None:
        self.stopped.set()
        # Bounded: a beat stuck on an unanswering database must not hold up
        # the job's end (the thread is a daemon: it dies with the process).
        self.join(timeout=10)


class Heartbeat:
    """Renews a claimed job's lease every heartbeat interval while the `with` block runs.

    Inside a transaction (an eager task backend, a test) the lease's row is
    locked by the caller itself and nobody else can see it: no thread then,
    it would wait on that lock.
    """

    def __init__(self, job: LeasedJob) -> None:
        self.job = job
        self.thread: _Beating | None = None

    def _beat(self) -> bool:
        if self.job.renew_lease():
            return True
        logger.warning(
            "%s %s lost its lease: its result will be discarded", type(self.job).__name__, self.job.pk
        )
        return False

    def __enter__(self) -> "Heartbeat":
        if not connection.in_atomic_block:
            label = f"heartbeat-{type(self.job).__name__}-{self.job.pk}"
            self.thread = _Beating(label, heartbeat_interval(), self._beat)
            self.thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        if self.thread is not None:
            self.thread.stop()


class WorkerHeartbeat(models.Model):
    """A background worker process's sign of life, renewed even while it is idle.

    The health check reads it (`reports.worker.worker_status`): no recent
    heartbeat means no worker is running, whatever is queued.
    """

    worker_id = models.CharField(_("service"), max_length=64, unique=True)
    hostname = models.CharField(_("machine"), max_length=255)
    pid = models.PositiveIntegerField(_("processus"))
    started_at = models.DateTimeField(_("démarré le"))
    heartbeat_at = models.DateTimeField(_("dernier signe de vie"), db_index=True)
    # The task queues it serves, as given to `snia_worker --queue-name`
    # (comma-separated; "*": all of them).
    queues = models.CharField(_("files d'attente"), max_length=200, default="*")

    class Meta:
        verbose_name = _("service de tâches de fond")
        verbose_name_plural = _("services de tâches de fond")

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid}"

    @classmethod
    def alive_since(cls) -> datetime:
        """Heartbeats older than this are those of dead workers."""
        return timezone.now() - lease_duration()


class WorkerProcessHeartbeat:
    """While the `with` block runs (the worker's loop), says every interval that this
    worker process lives, and sweeps every job model's expired leases — so a job
    whose worker died is taken up again within a lease and a heartbeat, even if
    nobody looks at it.
    """

    # Rows of workers stopped long ago (killed, or another machine) are pruned.
    FORGOTTEN_AFTER = timedelta(days=1)

    def __init__(self, worker_id: str, recover: Callable[[], int], queues: str = "*") -> None:
        self.worker_id = worker_id
        self.recover = recover
        self.queues = queues
        self.started_at = timezone.now()
        self.thread: _Beating | None = None

    def beat(self) -> None:
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={"heartbeat_at": timezone.now()},
            create_defaults={
                "hostname": socket.gethostname()[:255],
                "pid": os.getpid(),
                "started_at": self.started_at,
                "heartbeat_at": timezone.now(),
                "queues": self.queues[:200],
            },
        )
        recovered = self.recover()
        if recovered:
            logger.warning("Took up %s job(s) whose worker stopped renewing its lease", recovered)

    def __enter__(self) -> "WorkerProcessHeartbeat":
        WorkerHeartbeat.objects.filter(heartbeat_at__lt=timezone.now() - self.FORGOTTEN_AFTER).delete()
        self.beat()
        self.thread = _Beating(f"heartbeat-worker-{self.worker_id}", heartbeat_interval(), self.beat)
        self.thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        if self.thread is not None:
            self.thread.stop()
        # A worker that stops cleanly says so at once, rather than by silence
        # (if the database lets it: otherwise its heartbeat simply ages).
        try:
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
        except DatabaseError:
            logger.warning("Worker %s: could not remove its heartbeat", self.worker_id, exc_info=True)
