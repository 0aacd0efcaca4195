"""The database connection: where it is, how long we wait for it, and what we
say when it cannot be reached.

Two timeouts keep a database that accepts connections but never answers from
hanging start-up and requests:
- DATABASE_CONNECT_TIMEOUT (seconds, default 5) bounds every connection
  attempt, in every process (psycopg2's `connect_timeout`);
- DATABASE_STATEMENT_TIMEOUT (seconds, default 30) bounds each SQL statement of
  the web application only (PostgreSQL's `statement_timeout`, set when snia.wsgi
  or snia.asgi opens a connection). Management commands — migrations, loaders,
  `dumpdata` backups, `export_bilan` — and the PDF worker (`db_worker`) run
  without it: their long statements are legitimate, and nobody waits on them
  in a browser.
0 turns either off.

Connections persist between requests for DATABASE_CONN_MAX_AGE seconds
(default 60: opening one costs a PostgreSQL backend process and a few
milliseconds per request), and DATABASE_CONN_HEALTH_CHECKS (default on) makes
Django check a persistent connection before a request reuses it, so that a
restarted database costs no request an error. The statement timeout is set
once per connection, when it opens: a persistent one keeps it.
"""

import os
from pathlib import Path

import dj_database_url

# snia.settings imports this module: django.conf and django.db are imported
# where they are used, once the settings exist.

POSTGRESQL_ENGINES = {"django.db.backends.postgresql", "django.contrib.gis.db.backends.postgis"}


def database_settings(environ: dict | os._Environ, base_dir: Path) -> dict:
    """DATABASES["default"] from the environment (see .env.example)."""
    config = dj_database_url.parse(
        environ.get("DATABASE_URL") or f"sqlite:///{base_dir / 'db.sqlite3'}",
        conn_max_age=int(environ.get("DATABASE_CONN_MAX_AGE", 60)),
        conn_health_checks=environ.get("DATABASE_CONN_HEALTH_CHECKS", "1").strip().lower()
        in {"1", "true", "yes", "on"},
    )
    connect_timeout = int(environ.get("DATABASE_CONNECT_TIMEOUT", 5))
    if config["ENGINE"] in POSTGRESQL_ENGINES and connect_timeout > 0:
        config.setdefault("OPTIONS", {})["connect_timeout"] = connect_timeout
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # SQLite has no row locks: a transaction takes the write lock when it
        # begins, so that two review transitions (access.models.Reviewable) run
        # one after the other instead of both reading "submitted".
        config.setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
    return config


def limit_statements(sender, connection, **kwargs) -> None:
    """connection_created receiver: the statement timeout, on PostgreSQL."""
    from django.conf import settings

    seconds = settings.DATABASE_STATEMENT_TIMEOUT
    if connection.vendor == "postgresql" and seconds > 0:
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = %s", [int(seconds * 1000)])


def limit_web_statements() -> None:
    """Called by snia.wsgi and snia.asgi (and so by runserver): web connections only."""
    from django.db.backends.signals import connection_created

    connection_created.connect(limit_statements, dispatch_uid="snia.database.limit_statements")


def unreachable_message(error: BaseException, alias: str = "default") -> str | None:
    """One line for an operator when `error` means the database could not be
    reached at all; None for any other error (a failing migration, a bug)."""
    from django.db import InterfaceError, OperationalError, connections

    if not isinstance(error, OperationalError | InterfaceError):
        return None
    wrapper = connections[alias]
    if wrapper.connection is not None:
        # Connected: the error is about a statement, not about reaching the server.
        return None
    config = wrapper.settings_dict
    if config.get("HOST"):
        where = f"{config['HOST']}:{config.get('PORT') or 5432}/{config.get('NAME')}"
    else:
        where = str(config.get("NAME"))
    timeout = config.get("OPTIONS", {}).get("connect_timeout")
    delay = f", délai {timeout} s" if timeout else ""
    reason = " ".join(str(error).split()) or type(error).__name__
    return (
        f"Erreur : base de données injoignable ({where}{delay}) : {reason} — vérifiez DATABASE_URL "
        "et que le serveur de base de données est démarré. / Error: cannot reach the database."
    )
