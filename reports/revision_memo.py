"""Figures remembered per process until the year's data change.

The dashboard and the API's statistics ask for the same aggregates on every
request (a dozen queries over the year's sessions and meetings: half of the
dashboard's time under load). The year's revision counters
(reports.models.BilanRevision, moved by database triggers on every write to
what the bilan reads, reference data included) say in one query whether they
can have changed. Results are kept in this process only: nothing to share
between servers, and a deployment's new code starts afresh.

An entry also ends after MAX_AGE seconds: counters start again from zero in a
database restored from a backup, and a process that outlived the restore must
not take the restored data's counters for those of the figures it kept.

Inside a transaction nothing is remembered: a transaction that wrote has moved
the counters for itself, and if it rolled back, figures of data that never
existed would be kept under the counters a later write reaches.
"""

import copy
import functools
import threading
import time
from collections import OrderedDict

from django.db import connection
from django.utils import translation

from reports.models import BilanRevision

LIMIT = 64  # entries per process: a few years × languages × functions
MAX_AGE = 60  # seconds

_entries: OrderedDict = OrderedDict()
_lock = threading.Lock()


def by_revision(function):
    """`function(year)`'s result kept until the year's or the reference data's counter moves.

    Each caller gets its own copy: callers add to the dicts they receive."""

    @functools.wraps(function)
    def remembered(year: int):
        if connection.in_atomic_block:
            return function(year)
        key = (function.__qualname__, year, translation.get_language(), *BilanRevision.objects.counters(year))
        now = time.monotonic()
        with _lock:
            stored, found = _entries.get(key, (0.0, None))
            if found is not None and now - stored < MAX_AGE:
                _entries.move_to_end(key)
            else:
                found = None
        if found is None:
            found = function(year)
            with _lock:
                _entries[key] = (now, found)
                _entries.move_to_end(key)
                while len(_entries) > LIMIT:
                    _entries.popitem(last=False)
        return copy.deepcopy(found)

    remembered.uncached = function
    return remembered


def forget() -> None:
    """Everything remembered dropped (tests)."""
    with _lock:
        _entries.clear()
