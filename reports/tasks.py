"""Background work: rendering a year's bilan to PDF (`manage.py snia_worker`
runs it), how a render is asked for, and how one whose worker died is taken up."""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from reports import exports
from reports.models import BilanExport, ReportingYear
from reports.pdf import collector_paused
from reports.working import WorkingVersion

logger = logging.getLogger(__name__)


@task()
def render_bilan_export(export_id: int) -> str:
    """Renders a queued export and stores its PDF; returns the export's final status.

    The export was asked for one revision of the year's data
    (reports.exports.current_revision). The revision is read before the HTML
    is rendered and again after: if it is not the export's, the data changed
    since the request, or during the render, and that HTML may not be theirs.
    Such an export can never be served (the PDF view serves only the current
    revision's): it is marked failed with that reason and the current data
    are requested instead, which reuses an export already asked for them.

    The PDF is the working version (reports.working: pieces laid out in
    parallel, the unchanged ones from the cache), stored under the fingerprint
    of the very pieces it is merged from; when a ready export of the year
    already holds that fingerprint's PDF (the data changed in a way the bilan
    does not show), its file is copied rather than rendered again.
    """
    export = BilanExport.objects.select_related("year", "requested_by").get(pk=export_id)
    if not export.start_rendering():
        # Another worker has it, or it was already rendered: nothing to do.
        return export.status
    year = export.year.year
    # The heartbeat renews the render's lease while WeasyPrint runs: should
    # this worker die, the lease expires and the render is taken up again.
    with export.heartbeat():
        try:
            version = None
            if exports.current_revision(year) == export.revision:
                with collector_paused():
                    version = WorkingVersion(year, export.language)
            if version is None or exports.current_revision(year) != export.revision:
                if export.mark_failed(
                    _("Les données ont changé depuis la demande : un nouveau PDF a été demandé.")
                ):
                    request_export(export.year, export.requested_by, language=export.language)
                return export.status
            export.fingerprint = version.fingerprint
            rendered = export.stored_pdf_of_same_html()
            if rendered is None:
                with collector_paused():
                    rendered = version.render().pdf
            export.mark_ready(rendered)
        except BaseException as exc:
            # BaseException too: a worker stopped mid-render (SystemExit) must
            # not leave the export "rendering" until its lease expires.
            reason = str(exc) or exc.__class__.__name__
            logger.warning("Bilan export %s (year %s) failed: %s", export.pk, export.year, reason)
            export.mark_failed(reason)
            # Re-raised so the task's own result records the failure and its traceback.
            raise
    # After storing, outside the render's error handling: a failed clean-up must
    # not turn a ready export into a failed one.
    try:
        version.tidy()
    except Exception:
        logger.exception("Bilan export %s: clean-up after the render failed", export.pk)
    return export.status


def request_export(
    year: ReportingYear, requested_by=None, revision: str | None = None, language: str = "fr"
) -> tuple[BilanExport, bool]:
    """Asks for the year's PDF in `language`; returns (export, whether a render was enqueued).

    An unchanged year is never rendered twice: an export already queued,
    rendering or ready for the current revision is reused as it is. A
    failed one, or one abandoned by a worker that died, is queued again.
    """
    if revision is None:
        revision = exports.current_revision(year.year)
    now = timezone.now()
    # The task is enqueued inside the transaction on purpose: with the
    # database backend its row commits (or not) together with the export's,
    # so a worker never sees a task without its export, nor an export
    # without its task.
    with transaction.atomic():
        export, created = BilanExport.objects.get_or_create(
            year=year,
            language=language,
            revision=revision,
            defaults={"requested_by": requested_by, "requested_at": now},
        )
        if not created:
            # A conditional UPDATE, so that two simultaneous requests
            # cannot both re-queue the same export. Asking again also
            # resets the attempts that automatic recovery counts.
            created = bool(
                BilanExport.objects.filter(BilanExport.dead_q(now), pk=export.pk).update(
                    status=BilanExport.Status.QUEUED,
                    error="",
                    requested_by=requested_by,
                    requested_at=now,
                    started_at=None,
                    finished_at=None,
                    lease_expires_at=None,
                    attempts=0,
                )
            )
            if created:
                export.refresh_from_db()
        if created:
            render_bilan_export.enqueue(export.pk)
    return export, created


def recover_renders() -> int:
    """Queues again the renders whose worker died, or fails them after too many attempts.

    A render that kills its worker each time (out of memory) must not
    loop for ever: after RENDER_MAX_ATTEMPTS it fails with the reason, and
    someone asking again starts a new count.
    """
    recovered = 0
    for export in BilanExport.expired_leases().filter(status=BilanExport.Status.RENDERING):
        with transaction.atomic():
            if export.attempts >= settings.RENDER_MAX_ATTEMPTS:
                recovered += export.take_back(
                    status=BilanExport.Status.FAILED,
                    error=_(
                        "Le rendu a été interrompu %(count)s fois : le service de tâches de fond "
                        "s'est arrêté en plein rendu (mémoire insuffisante ?). Relancez-le quand "
                        "la cause est corrigée."
                    )
                    % {"count": export.attempts},
                    finished_at=timezone.now(),
                )
            # Queued again as of now: the hour after which a queued export
            # counts as abandoned starts again.
            elif export.take_back(
                status=BilanExport.Status.QUEUED, started_at=None, requested_at=timezone.now()
            ):
                # Enqueued in the same transaction, as in `request_export`.
                render_bilan_export.enqueue(export.pk)
                recovered += 1
    return recovered
