"""The database triggers that keep each year's bilan revision (reports.models.BilanRevision).

Every insert, update and delete on a table the bilan reads adds one to the
counter of the year(s) of the rows written: the year of the old row and the
year of the new one (a session moved from 2020 to 2021 moves both). Triggers
rather than signals, because they also see what signals miss: QuerySet.update,
bulk writes, raw SQL, loaddata, many-to-many through tables. A restore brings
the counters back together with the stored exports they describe (pg_restore
creates triggers after loading the data, SQLite is copied as a file).

TRACKED is the one list of tracked tables: the migrations install it, and
tests/reports/test_revision_coverage.py checks it against the tables that the
bilan's HTML actually reads and against the triggers in the database.

Keep in mind:
- a table the bilan starts to read goes into TRACKED, with a migration that
  runs `install` again;
- on SQLite, a migration that rebuilds a tracked table (most AlterField and
  RemoveField do: new table, copy, drop, rename) drops its triggers with the
  old table: run `install` again at the end of that migration (the coverage
  test fails until then).
"""

from dataclasses import dataclass

from django.db.backends.base.base import BaseDatabaseWrapper

REVISION_TABLE = "reports_bilanrevision"
EVENTS = ("INSERT", "UPDATE", "DELETE")


@dataclass(frozen=True)
class Reference:
    """Data of no year, shown in every year's bilan: counted under year 0."""

    def year_sql(self, row: str, vendor: str) -> str:
        return "0"


@dataclass(frozen=True)
class YearColumn:
    column: str = "year"

    def year_sql(self, row: str, vendor: str) -> str:
        return f'{row}."{self.column}"'


@dataclass(frozen=True)
class DateYear:
    """A dated record is in its date's year (a meeting); none without a date."""

    column: str

    def year_sql(self, row: str, vendor: str) -> str:
        if vendor == "postgresql":
            return f'EXTRACT(YEAR FROM {row}."{self.column}")'
        return f"CAST(strftime('%Y', {row}.\"{self.column}\") AS INTEGER)"


@dataclass(frozen=True)
class ParentYear:
    """A row of a many-to-many table is in its parent's year, found through its key."""

    key: str
    parent: str

    def year_sql(self, row: str, vendor: str) -> str:
        return f'(SELECT "year" FROM "{self.parent}" WHERE "id" = {row}."{self.key}")'


REFERENCE = Reference()

TRACKED = {
    # Reference data: a new programme title shows in every year's bilan.
    "committees_committee": REFERENCE,
    "programmes_acronym": REFERENCE,
    "programmes_action": REFERENCE,
    "programmes_institution": REFERENCE,
    "programmes_programme": REFERENCE,
    "programmes_project": REFERENCE,
    "programmes_specificobjective": REFERENCE,
    # A year's own rows; the bilan reads only its year's (settings included).
    "committees_meeting": DateYear("date"),
    "committees_meetingtarget": YearColumn(),
    "programmes_actionprogress": YearColumn(),
    "reports_narrativesection": YearColumn(),
    "reports_reportingyear": YearColumn(),
    "reports_reportitem": YearColumn(),
    "reports_study": YearColumn(),
    "reports_study_actions": ParentYear("study_id", "reports_study"),
    "reports_study_institutions": ParentYear("study_id", "reports_study"),
    "reports_universityprogramme": YearColumn(),
    "reports_universityprogramme_actions": ParentYear(
        "universityprogramme_id", "reports_universityprogramme"
    ),
    "trainings_session": YearColumn(),
    "trainings_session_actions": ParentYear("session_id", "trainings_session"),
    "trainings_session_organisers": ParentYear("session_id", "trainings_session"),
    "trainings_session_projects": ParentYear("session_id", "trainings_session"),
}

# PostgreSQL: one function adds one to the counters of a list of years. A
# counter's row stays locked until the writing transaction ends, so that two
# writers of one year count one after the other; a row moved between two
# years locks both in ascending order.
_POSTGRESQL_BUMP = f"""
CREATE OR REPLACE FUNCTION bilan_revision_bump(years integer[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO {REVISION_TABLE} ("year", "counter")
    SELECT DISTINCT written."year", 1 FROM unnest(years) AS written("year")
    WHERE written."year" IS NOT NULL ORDER BY written."year"
    ON CONFLICT ("year") DO UPDATE SET "counter" = {REVISION_TABLE}."counter" + 1
$$;
CREATE OR REPLACE FUNCTION bilan_revision_reference() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM bilan_revision_bump(ARRAY[0]);
    RETURN NULL;
END $$;
"""


def _postgresql_function(table: str) -> str:
    return f"bilan_revision_{table}"


def _postgresql_install(table: str, year_of) -> list[str]:
    if isinstance(year_of, Reference):
        function = "bilan_revision_reference"
        statements = []
    else:
        function = _postgresql_function(table)
        old, new = year_of.year_sql("OLD", "postgresql"), year_of.year_sql("NEW", "postgresql")
        statements = [
            f"""CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    years integer[] := ARRAY[]::integer[];
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN years := years || ({old})::integer; END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN years := years || ({new})::integer; END IF;
    PERFORM bilan_revision_bump(years);
    RETURN NULL;
END $$;"""
        ]
    return [
        *statements,
        f'CREATE TRIGGER bilan_revision AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
        f"FOR EACH ROW EXECUTE FUNCTION {function}();",
        # TRUNCATE says no row: every year's revision moves.
        f'CREATE TRIGGER bilan_revision_truncate AFTER TRUNCATE ON "{table}" '
        "FOR EACH STATEMENT EXECUTE FUNCTION bilan_revision_reference();",
    ]


def _postgresql_remove(table: str) -> list[str]:
    return [
        f'DROP TRIGGER IF EXISTS bilan_revision ON "{table}";',
        f'DROP TRIGGER IF EXISTS bilan_revision_truncate ON "{table}";',
    ]


def _sqlite_trigger(table: str, event: str) -> str:
    return f"bilan_revision_{event.lower()}_{table}"


def _sqlite_install(table: str, year_of) -> list[str]:
    statements = []
    for event in EVENTS:
        rows = {"INSERT": ["NEW"], "UPDATE": ["OLD", "NEW"], "DELETE": ["OLD"]}[event]
        years = " UNION ".join(f'SELECT {year_of.year_sql(row, "sqlite")} AS "year"' for row in rows)
        # No INSERT OR IGNORE: an outer INSERT OR REPLACE would turn it into a
        # REPLACE (SQLite applies the outer statement's conflict clause), and
        # set a counter back to 0.
        statements.append(
            f"""CREATE TRIGGER {_sqlite_trigger(table, event)} AFTER {event} ON "{table}" FOR EACH ROW BEGIN
    INSERT INTO {REVISION_TABLE} ("year", "counter")
        SELECT written."year", 0 FROM ({years}) AS written
        WHERE written."year" IS NOT NULL
        AND written."year" NOT IN (SELECT "year" FROM {REVISION_TABLE});
    UPDATE {REVISION_TABLE} SET "counter" = "counter" + 1 WHERE "year" IN ({years});
END;"""
        )
    return statements


def _sqlite_remove(table: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {_sqlite_trigger(table, event)};" for event in EVENTS]


def _execute(connection: BaseDatabaseWrapper, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _existing(connection: BaseDatabaseWrapper, tracked: dict) -> dict:
    tables = set(connection.introspection.table_names())
    return {table: year_of for table, year_of in tracked.items() if table in tables}


def install(connection: BaseDatabaseWrapper, tracked: dict = TRACKED) -> None:
    """(Re)creates the triggers of every tracked table that exists; idempotent.

    A table that does not exist yet is skipped: the migration that creates it
    (or adds it to TRACKED) runs `install` again.
    """
    tables = _existing(connection, tracked)
    remove(connection, tables)
    if connection.vendor == "postgresql":
        statements = [_POSTGRESQL_BUMP]
        for table, year_of in tables.items():
            statements += _postgresql_install(table, year_of)
    else:
        statements = [
            statement for table, year_of in tables.items() for statement in _sqlite_install(table, year_of)
        ]
    _execute(connection, statements)


def remove(connection: BaseDatabaseWrapper, tracked: dict = TRACKED) -> None:
    """Drops the triggers of the tracked tables (and, on PostgreSQL, their functions)."""
    tables = _existing(connection, tracked)
    if connection.vendor == "postgresql":
        statements = [statement for table in tables for statement in _postgresql_remove(table)]
        statements += [
            f"DROP FUNCTION IF EXISTS {_postgresql_function(table)}();"
            for table, year_of in tracked.items()
            if not isinstance(year_of, Reference)
        ]
    else:
        statements = [statement for table in tables for statement in _sqlite_remove(table)]
    _execute(connection, statements)


def remove_all(connection: BaseDatabaseWrapper) -> None:
    """Every trigger and function of the revisions (their migration undone)."""
    remove(connection)
    if connection.vendor == "postgresql":
        _execute(
            connection,
            [
                "DROP FUNCTION IF EXISTS bilan_revision_reference();",
                "DROP FUNCTION IF EXISTS bilan_revision_bump(integer[]);",
            ],
        )


def installed(connection: BaseDatabaseWrapper) -> dict[str, set[str]]:
    """The tables that have revision triggers in the database, with their events (INSERT, UPDATE, DELETE)."""
    found: dict[str, set[str]] = {}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT event_object_table, event_manipulation FROM information_schema.triggers "
                "WHERE trigger_name = 'bilan_revision' AND trigger_schema = current_schema()"
            )
            rows = cursor.fetchall()
        else:
            cursor.execute(
                "SELECT tbl_name, name FROM sqlite_master "
                "WHERE type = 'trigger' AND name LIKE 'bilan_revision_%'"
            )
            rows = [(table, name.split("_")[2].upper()) for table, name in cursor.fetchall()]
    for table, event in rows:
        found.setdefault(table, set()).add(event)
    return found
