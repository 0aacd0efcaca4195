"""Background work: closing a year by storing its edition (`manage.py db_worker` runs it)."""

import logging
from datetime import datetime

from django.db.models import Q
from django_tasks import task

from reports.editions import ClosingSuperseded, store_edition
from reports.models import ReportingYear

logger = logging.getLogger(__name__)


@task()
def close_reporting_year(year_id: int, started_at: str) -> str:
    """Renders and stores the year's edition, then closes the year.

    `started_at` identifies the closing asked for: if it was retried since
    (its worker presumed dead), this older run stores nothing. A failure
    leaves the year open with the reason, for staff to retry.
    """
    started = datetime.fromisoformat(started_at)
    year = ReportingYear.objects.select_related("closing_started_by").get(pk=year_id)
    if year.is_closed or year.closing_started_at != started:
        return "superseded"
    # The lease: should this worker die, the closing is taken up again
    # (reports.closing.recover_closings); a worker that lost it stores nothing.
    if not year.claim_lease(Q(closing_started_at=started, closed_at__isnull=True)):
        return "superseded"
    try:
        with year.heartbeat():
            store_edition(
                year, year.closing_started_by, checklist=year.closing_checklist, closing_started_at=started
            )
    except ClosingSuperseded:
        return "superseded"
    except BaseException as exc:
        # BaseException too: a worker stopped mid-render must not leave the
        # year « clôture en cours » for ever.
        reason = str(exc) or exc.__class__.__name__
        logger.warning("Closing year %s failed: %s", year.year, reason)
        year.closing_failed(started, reason)
        raise
    return "closed"
