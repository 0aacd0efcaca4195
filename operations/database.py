"""The database's part of a backup: PostgreSQL's pg_dump in custom format, or a
consistent copy of the SQLite file through SQLite's own backup API (safe while
the application writes)."""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection
from django.utils.translation import gettext as _

from operations.crypto import BackupError

DUMP_NAMES = {"postgresql": "database/snia.pgdump", "sqlite": "database/snia.sqlite3"}


def vendor() -> str:
    if connection.vendor not in DUMP_NAMES:
        raise BackupError(
            _("Base de données non prise en charge : %(vendor)s.") % {"vendor": connection.vendor}
        )
    return connection.vendor


def server_version() -> str:
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return cursor.fetchone()[0]
    return sqlite3.sqlite_version


def table_names() -> list[str]:
    return connection.introspection.table_names()


def _postgresql_tool(name: str) -> str:
    """pg_dump or pg_restore of the server's major version when installed side by side
    (Debian: /usr/lib/postgresql/<major>/bin), else the one on PATH; SNIA_PG_BIN_DIR forces one."""
    forced = os.environ.get("SNIA_PG_BIN_DIR", "").strip()
    if forced:
        return str(Path(forced) / name)
    major = server_version().split(".")[0].split()[0]
    versioned = Path("/usr/lib/postgresql") / major / "bin" / name
    if versioned.exists():
        return str(versioned)
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            _("%(tool)s est introuvable : installez les outils clients de PostgreSQL %(major)s.")
            % {"tool": name, "major": major}
        )
    return found


def _postgresql_command(tool: str) -> tuple[list[str], dict]:
    settings = connection.settings_dict
    command = [_postgresql_tool(tool), "--no-owner", "--no-privileges"]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings.get(key):
            command.append(f"{option}={settings[key]}")
    environment = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    if settings.get("PASSWORD"):
        environment["PGPASSWORD"] = settings["PASSWORD"]
    return command, environment


def _run(command: list[str], environment: dict, what: str) -> None:
    result = subprocess.run(command, env=environment, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(
            _("%(what)s a échoué : %(error)s") % {"what": what, "error": result.stderr.strip()[-2000:]}
        )


def dump(target: Path) -> None:
    """Writes a consistent copy of the whole database to `target`."""
    if vendor() == "postgresql":
        command, environment = _postgresql_command("pg_dump")
        command += ["--format=custom", f"--file={target}", connection.settings_dict["NAME"]]
        _run(command, environment, "pg_dump")
        return
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
    finally:
        copy.close()


def restore(source: Path) -> None:
    """Loads a dump into the (empty) database of the default connection."""
    if vendor() == "postgresql":
        command, environment = _postgresql_command("pg_restore")
        command += ["--exit-on-error", "--single-transaction", f"--dbname={connection.settings_dict['NAME']}"]
        _run([*command, str(source)], environment, "pg_restore")
        return
    connection.ensure_connection()
    copy = sqlite3.connect(source)
    try:
        copy.backup(connection.connection)
    finally:
        copy.close()
