"""`/health/`: whether this web process can serve, for a load balancer or a monitor.

Four checks: the database answers; the media storage takes a file, gives it
back and deletes it; a background worker said it lives within a lease period,
every task queue (renders, mail) has one, and no render's worker is gone
(reports.worker.worker_status); no PDF render or
year closing has been waiting longer than SNIA_HEALTH_PENDING_MINUTES.

200 when all pass, 503 otherwise. Anyone may ask, without logging in, and gets
the status alone (`{"status": "ok"}`); MDCMRE staff get each check's details,
which name servers and errors that are nobody else's business. Never cached.

Small code rather than django-health-check: its pages show every check's
details to whoever asks, and two of our four checks (the worker's heartbeat,
renders waiting too long) would be plugins of our own anyway.
"""

import time
import uuid
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from access.rules import is_mdcmre


class Unhealthy(Exception):
    """A check that ran and found something wrong; its message is for staff."""


def check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"vendor": connection.vendor}


def check_storage() -> dict:
    name = default_storage.save(f"health/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        with default_storage.open(name) as stored:
            if stored.read() != b"ok":
                raise Unhealthy(_("Le stockage des fichiers ne rend pas ce qui y a été écrit."))
    finally:
        default_storage.delete(name)
    return {}


def check_worker() -> dict:
    from reports.worker import worker_status

    status = worker_status()
    details = status.as_dict()
    if not status.alive:
        raise Unhealthy(_("Aucun service de tâches de fond ne donne signe de vie."), details)
    if status.stalled_jobs:
        raise Unhealthy(_("Un rendu est interrompu : son service de tâches de fond ne répond plus."), details)
    if status.unserved_queues:
        raise Unhealthy(
            _("Aucun service de tâches de fond ne traite la file « %(queues)s ».")
            % {"queues": ", ".join(status.unserved_queues)},
            details,
        )
    return details


def check_pending_renders() -> dict:
    from reports.models import BilanExport, ReportingYear

    minutes = settings.HEALTH_PENDING_MINUTES
    before = timezone.now() - timedelta(minutes=minutes)
    details = {
        "older_than_minutes": minutes,
        "renders": BilanExport.objects.pending().filter(requested_at__lt=before).count(),
        "closings": ReportingYear.objects.filter(
            closing_started_at__lt=before, closed_at__isnull=True
        ).count(),
    }
    if details["renders"] or details["closings"]:
        raise Unhealthy(
            _("Des rendus attendent depuis plus de %(minutes)s minutes.") % {"minutes": minutes}, details
        )
    return details


CHECKS: dict[str, Callable[[], dict]] = {
    "database": check_database,
    "storage": check_storage,
    "worker": check_worker,
    "pending_renders": check_pending_renders,
}


def run_checks() -> dict[str, dict]:
    """Each check's outcome: {"ok": bool, "ms": duration, ...details, "error": message}."""
    results = {}
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            result = {"ok": True, **check()}
        except Unhealthy as problem:
            details = problem.args[1] if len(problem.args) > 1 else {}
            result = {"ok": False, **details, "error": str(problem.args[0])}
        except Exception as error:  # any failure is an unhealthy check, never a 500
            result = {"ok": False, "error": f"{type(error).__name__}: {' '.join(str(error).split())}"[:500]}
        result["ms"] = round((time.perf_counter() - started) * 1000, 1)
        results[name] = result
    return results


def sees_details(request: HttpRequest) -> bool:
    try:
        return is_mdcmre(request.user)
    except DatabaseError:
        # The session cannot be read with the database down: answered as to anyone.
        return False


@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    results = run_checks()
    healthy = all(result["ok"] for result in results.values())
    body: dict = {"status": "ok" if healthy else "error"}
    if sees_details(request):
        body["checks"] = results
    return JsonResponse(body, status=200 if healthy else 503)
