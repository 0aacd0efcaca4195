"""Every table the bilan's HTML reads has its revision triggers in the
database, so that no write can leave a stored PDF served as current.

Not a list kept by hand beside the code: the tables are those the SQL of the
2020 demo's render actually names, compared with reports.revision_triggers'
TRACKED (what the migrations install) and with the triggers the test database
really has — which, on SQLite, a later migration rebuilding a tracked table
would have dropped (see reports/revision_triggers.py).
"""

import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.pdf import render_bilan_html
from reports.revision_triggers import EVENTS, TRACKED, installed

TABLE = re.compile(r'\b(?:FROM|JOIN)\s+"(\w+)"')


@pytest.fixture(scope="module")
def tables_read(django_db_setup, django_db_blocker) -> set[str]:
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        with CaptureQueriesContext(connection) as queries:
            render_bilan_html(2020)
        transaction.set_rollback(True)
    return {table for query in queries.captured_queries for table in TABLE.findall(query["sql"])}


@pytest.mark.django_db
def test_the_tracked_tables_are_those_the_bilan_reads(tables_read):
    # Sanity: the pattern finds the render's reads.
    assert {"trainings_session", "trainings_session_actions", "programmes_programme"} <= tables_read
    assert sorted(tables_read - set(TRACKED)) == [], "read by the bilan, not tracked"
    assert sorted(set(TRACKED) - tables_read) == [], "tracked, no longer read by the bilan"


@pytest.mark.django_db
def test_every_table_the_bilan_reads_has_its_triggers_in_the_database(tables_read):
    triggers = installed(connection)

    missing = {table: sorted(set(EVENTS) - triggers.get(table, set())) for table in tables_read}
    assert {table: events for table, events in missing.items() if events} == {}
