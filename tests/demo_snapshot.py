"""The demo data, loaded for real once per test process and then replayed as rows.

`load_demo` takes seconds (reference data, history rows, validation, revision
triggers), and about a hundred tests of each run start from it: fixtures call
`load_demo()` here instead of the command. The first call in a process, for a
given starting state, runs the real command and records what it wrote: every
table whose rows changed, with its rows afterwards. A later call that finds the
database in the same starting state (same rows, same password hasher, same
demo password variable) writes those rows back in one transaction: the same
data, ids and revision counters as the command leaves, in a few milliseconds.
Any other starting state runs the real command.

The tests of the command's output (tests/loaders/test_load_demo.py) start from
this too; those of a second run, of its options and of its refusals call the
command itself.
"""

import datetime
import hashlib
import io
import os
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils.translation import get_language

from loaders.demo_data import DEMO_ADMIN_PASSWORD_VARIABLE
from reports.revision_triggers import REVISION_TABLE

Rows = list[tuple]


@dataclass(frozen=True)
class _Table:
    name: str
    columns: tuple[str, ...]
    rows: Rows


_recorded: dict[str, tuple[list[_Table], str]] = {}


def _tables() -> list[str]:
    names = connection.introspection.table_names(include_views=False)
    if connection.vendor == "sqlite":
        # AUTOINCREMENT's counters: the next ids must follow the replayed ones.
        names.append("sqlite_sequence")
    return sorted(names)


def _read(table: str) -> _Table:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT * FROM "{table}" WHERE 1 = 0')
        count = len(cursor.description)
        # In key order (the id first), so that rows come back as the command left them.
        cursor.execute(f'SELECT * FROM "{table}" ORDER BY {", ".join(map(str, range(1, count + 1)))}')
        columns = tuple(column[0] for column in cursor.description)
        rows = cursor.fetchall()
    return _Table(table, columns, rows)


def _state() -> dict[str, _Table]:
    return {table: _read(table) for table in _tables()}


def _key(command: str, state: dict[str, _Table]) -> str:
    digest = hashlib.sha256(command.encode())
    settings_read = (settings.PASSWORD_HASHERS, os.environ.get(DEMO_ADMIN_PASSWORD_VARIABLE), get_language())
    digest.update(repr(settings_read).encode())
    for table in state.values():
        digest.update(repr((table.name, table.rows)).encode())
    return digest.hexdigest()


def _rows(table: _Table) -> Rows:
    if connection.vendor == "sqlite":
        # sqlite3 reads a time column as a time, but has no adapter to write one back.
        return [
            tuple(v.isoformat() if isinstance(v, datetime.time) else v for v in row) for row in table.rows
        ]
    if connection.vendor != "postgresql":
        return table.rows
    # psycopg2 reads json columns as Python objects, and writes them only wrapped.
    from psycopg2.extras import Json

    return [
        tuple(Json(value) if isinstance(value, dict | list) else value for value in row) for row in table.rows
    ]


def _write(table: _Table) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{table.name}"')
        if table.rows:
            columns = ", ".join(f'"{column}"' for column in table.columns)
            marks = ", ".join(["%s"] * len(table.columns))
            cursor.executemany(f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})', _rows(table))


def _replay(tables: list[_Table]) -> None:
    # The revision triggers count the replayed rows as writes: the counters
    # are written last, as the command left them.
    for table in sorted(tables, key=lambda table: table.name == REVISION_TABLE):
        _write(table)
    if connection.vendor == "postgresql":
        statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True))
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def loaded(command: str) -> str:
    """The database as `manage.py <command>` (load_demo, load_reference) leaves
    it, and what the command printed."""
    with transaction.atomic():
        before = _state()
        key = _key(command, before)
        if key in _recorded:
            tables, output = _recorded[key]
            _replay(tables)
            return output
        out = io.StringIO()
        call_command(command, stdout=out)
        after = _state()
        tables = [table for name, table in after.items() if table.rows != before[name].rows]
        _recorded[key] = tables, out.getvalue()
        return out.getvalue()


def load_demo() -> str:
    return loaded("load_demo")


def load_reference() -> str:
    return loaded("load_reference")
