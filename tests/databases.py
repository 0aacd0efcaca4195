"""The test databases' schema, and fresh databases for the tests that need one.

The suite's databases are built from the models (pytest-django's
--no-migrations, set in pyproject.toml), in 2 s: running the project's 95
migrations renders every intermediate state of the models, and took 29 s in
each test process (SQLite, on the machine of the README's timings). What the
migrations add beyond the models (the bilan revision triggers, and on
PostgreSQL the bigint ids of auth's link tables) `complete_schema` adds.
tests/test_upgrade_path.py runs the real migrations into a fresh database and
checks that they build this same schema, triggers included.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection, connections, transaction

from reports import revision_triggers

# SQLite's introspection names unnamed constraints by their place in the table
# (fk_0, __unnamed_constraint_1__, __primary__); the place follows the order of
# the columns, which differs between a table created whole and one grown by
# migrations.
PLACE_NAME = re.compile(r"^(__\w+__|fk_\d+)$")


# On PostgreSQL, Django's migrations give the auth app's link tables a bigint id
# (a migration state knows DEFAULT_AUTO_FIELD, not auth's own AutoField);
# built from the models, they get auth's integer. Production's are migrated.
AUTH_LINK_TABLES = ("auth_group_permissions", "auth_user_groups", "auth_user_user_permissions")


def complete_schema() -> None:
    """Makes the test database what the migrations build: the revision
    triggers, and the auth link tables' bigint ids on PostgreSQL."""
    revision_triggers.install(connection)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in AUTH_LINK_TABLES:
                cursor.execute(f'ALTER TABLE "{table}" ALTER COLUMN "id" TYPE bigint')


def schema() -> dict[str, object]:
    """The default database's tables, with their columns and constraints
    (indexes included), and the tables that have revision triggers."""
    tables = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table == "django_migrations":
                continue  # the migrations' own ledger
            columns = sorted(
                tuple(column) for column in connection.introspection.get_table_description(cursor, table)
            )
            constraints = sorted(
                (
                    "" if PLACE_NAME.match(name) else name,
                    tuple(details["columns"] or ()),
                    bool(details["primary_key"]),
                    bool(details["unique"]),
                    tuple(details["foreign_key"] or ()),
                    bool(details["check"]),
                    bool(details["index"]),
                    str(details.get("type") or ""),
                )
                for name, details in connection.introspection.get_constraints(cursor, table).items()
            )
            tables[table] = {"columns": columns, "constraints": constraints}
    triggers = {table: sorted(events) for table, events in revision_triggers.installed(connection).items()}
    return {"tables": tables, "triggers": triggers}


@contextmanager
def fresh_database(tmp_path: Path) -> Iterator[None]:
    """The default connection points, meanwhile, at a new empty database: a file
    on SQLite, a database created (and dropped afterwards) on PostgreSQL.

    Created through a connection of its own, outside the test's transaction,
    so that the test itself may run in one.
    """
    original = connections["default"]
    postgresql = original.vendor == "postgresql"
    name = f"{original.settings_dict['NAME']}_fresh" if postgresql else str(tmp_path / "fresh.sqlite3")

    def administer(statement: str) -> None:
        maintenance = type(original)({**original.settings_dict, "NAME": "postgres"}, alias="maintenance")
        try:
            with maintenance.cursor() as cursor:
                cursor.execute(statement)
        finally:
            maintenance.close()

    if postgresql:
        administer(f'DROP DATABASE IF EXISTS "{name}"')
        administer(f'CREATE DATABASE "{name}"')
    fresh = type(original)({**original.settings_dict, "NAME": name}, alias="default")
    connections["default"] = fresh
    try:
        yield
    finally:
        fresh.close()
        connections["default"] = original
        if postgresql:
            administer(f'DROP DATABASE IF EXISTS "{name}"')


@contextmanager
def rolled_back(django_db_blocker) -> Iterator[None]:
    """For a module-scoped world: what is written meanwhile is in one
    transaction rolled back at the end. Each test of the module runs in a
    savepoint of it (pytest-django's `db`), so that what one test writes is
    gone for the next."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)
