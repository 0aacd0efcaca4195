"""Background work: rendering a year's bilan to PDF (`manage.py db_worker` runs it)."""

import logging

from django.utils.translation import gettext as _
from django_tasks import task

from reports import pdf
from reports.exports import fingerprint_of
from reports.models import BilanExport

logger = logging.getLogger(__name__)


@task()
def render_bilan_export(export_id: int) -> str:
    """Renders a queued export and stores its PDF; returns the export's final status.

    The PDF is written from the very HTML whose hash is checked against the
    export's fingerprint, so the stored file always matches its key. If the
    year's data changed between the request and the render, that export can
    never be served (the PDF view serves only the current fingerprint): it is
    marked failed with that reason and the current data are requested instead,
    which reuses an export already asked for them.
    """
    export = BilanExport.objects.select_related("year", "requested_by").get(pk=export_id)
    if not export.start_rendering():
        # Another worker has it, or it was already rendered: nothing to do.
        return export.status
    # The heartbeat renews the render's lease while WeasyPrint runs: should
    # this worker die, the lease expires and the render is taken up again.
    with export.heartbeat():
        try:
            html = pdf.render_bilan_html(export.year.year)
            fingerprint = fingerprint_of(html)
            if fingerprint != export.fingerprint:
                if export.mark_failed(
                    _("Les données ont changé depuis la demande : un nouveau PDF a été demandé.")
                ):
                    BilanExport.objects.request(export.year, export.requested_by, fingerprint=fingerprint)
                return export.status
            export.mark_ready(pdf.html_to_pdf(html))
        except BaseException as exc:
            # BaseException too: a worker stopped mid-render (SystemExit) must
            # not leave the export "rendering" until its lease expires.
            reason = str(exc) or exc.__class__.__name__
            logger.warning("Bilan export %s (year %s) failed: %s", export.pk, export.year, reason)
            export.mark_failed(reason)
            # Re-raised so the task's own result records the failure and its traceback.
            raise
    return export.status
