"""A database that is down, or that accepts connections and never answers:
requests fail fast with 503 (JSON in the API, a French page elsewhere), and
start-up says so in one line instead of a traceback or a hang."""

import contextlib
import importlib
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import OperationalError, connection, connections
from django.db.backends.signals import connection_created
from django.db.utils import load_backend

from snia.database import database_settings, limit_statements
from snia.middleware import server_error

BASE_DIR = Path(__file__).resolve().parents[2]
UNAVAILABLE = "La base de données ne répond pas. Réessayez dans quelques instants."
# libpq's shortest effective connect timeout.
CONNECT_TIMEOUT = 2


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def silent_server():
    """A port that accepts connections and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    accepted, stop = [], threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            with contextlib.suppress(OSError):
                accepted.append(server.accept()[0])

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1]
    finally:
        stop.set()
        thread.join()
        for peer in accepted:
            peer.close()
        server.close()


def postgres_url(port: int) -> str:
    return f"postgres://snia:secret@127.0.0.1:{port}/snia"


@contextlib.contextmanager
def database_at(port: int):
    """The application's default database moved to 127.0.0.1:`port`, configured
    as settings.py configures it, for the duration of the block."""
    environ = {"DATABASE_URL": postgres_url(port), "DATABASE_CONNECT_TIMEOUT": str(CONNECT_TIMEOUT)}
    config = connections.configure_settings({"default": database_settings(environ, BASE_DIR)})["default"]
    dead = load_backend(config["ENGINE"]).DatabaseWrapper(config, "default")
    real = connections["default"]
    connections["default"] = dead
    try:
        yield
    finally:
        dead.close()
        connections["default"] = real


@pytest.fixture(params=["closed port", "silent server"])
def unreachable_port(request):
    if request.param == "closed port":
        yield closed_port()
    else:
        with silent_server() as port:
            yield port


def test_the_api_answers_503_in_json_when_the_database_is_unreachable(client, reader, unreachable_port):
    client.force_login(reader)

    started = time.monotonic()
    with database_at(unreachable_port):
        response = client.get("/api/v1/sessions/")

    assert time.monotonic() - started < CONNECT_TIMEOUT + 5
    assert (response.status_code, response["Content-Type"], response["Retry-After"]) == (
        503,
        "application/json",
        "30",
    )
    assert response.json() == {"detail": UNAVAILABLE}


@pytest.mark.parametrize("url", ["/admin/", "/admin/trainings/session/", "/reports/bilan/2020/"])
def test_pages_answer_a_french_503_when_the_database_is_unreachable(client, reader, unreachable_port, url):
    client.force_login(reader)

    started = time.monotonic()
    with database_at(unreachable_port):
        response = client.get(url)

    # One wait for the database, not one per part of the page that reads it.
    assert time.monotonic() - started < 2 * CONNECT_TIMEOUT
    assert (response.status_code, response["Retry-After"]) == (503, "30")
    assert response["Content-Type"] == "text/html; charset=utf-8"
    body = response.content.decode()
    assert "<h1>Service momentanément indisponible</h1>" in body
    assert UNAVAILABLE in body


@pytest.mark.parametrize(
    "path, status, content_type",
    [
        ("/api/v1/sessions/", 503, "application/json"),
        ("/admin/", 503, "text/html; charset=utf-8"),
    ],
)
def test_a_database_error_past_every_view_is_a_503_too(rf, path, status, content_type):
    # What Django's handler500 receives from a middleware's failure: no view to catch it.
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = server_error(rf.get(path))

    assert (response.status_code, response["Content-Type"], response["Retry-After"]) == (
        status,
        content_type,
        "30",
    )


def test_any_other_error_past_every_view_is_a_json_500_in_the_api(rf):
    try:
        raise RuntimeError("bug")
    except RuntimeError:
        response = server_error(rf.get("/api/v1/sessions/"))

    assert (response.status_code, response["Content-Type"]) == (500, "application/json")
    assert json.loads(response.content) == {
        "detail": "Une erreur inattendue s’est produite ; elle a été enregistrée."
    }


def test_the_connect_timeout_reaches_postgresql():
    config = database_settings({"DATABASE_URL": postgres_url(5432)}, BASE_DIR)
    assert config["OPTIONS"]["connect_timeout"] == 5
    environ = {"DATABASE_URL": postgres_url(5432), "DATABASE_CONNECT_TIMEOUT": "0"}
    config = database_settings(environ, BASE_DIR)
    assert "connect_timeout" not in config.get("OPTIONS", {})


def test_the_statement_timeout_is_a_setting_from_the_environment():
    assert django_settings.DATABASE_STATEMENT_TIMEOUT == int(os.environ.get("DATABASE_STATEMENT_TIMEOUT", 30))


@pytest.mark.django_db(transaction=True)
def test_web_connections_give_up_on_a_slow_statement(settings):
    """What snia.wsgi installs. On PostgreSQL a slow statement is cancelled
    (OperationalError, hence a 503); SQLite has no such setting and is left alone."""
    settings.DATABASE_STATEMENT_TIMEOUT = 1
    connection_created.connect(limit_statements, dispatch_uid="test.limit_statements")
    connection.close()
    try:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SHOW statement_timeout")
                assert cursor.fetchone() == ("1s",)
                started = time.monotonic()
                with pytest.raises(OperationalError, match="statement timeout"):
                    cursor.execute("SELECT pg_sleep(10)")
                assert time.monotonic() - started < 5
            else:
                cursor.execute("PRAGMA busy_timeout")
                assert cursor.fetchone() == (5000,)
    finally:
        connection_created.disconnect(dispatch_uid="test.limit_statements")
        connection.close()


@pytest.mark.parametrize("module", ["snia.wsgi", "snia.asgi"])
def test_the_web_application_installs_the_statement_timeout(module):
    connection_created.disconnect(dispatch_uid="snia.database.limit_statements")
    importlib.reload(importlib.import_module(module))

    # disconnect() says whether the receiver was connected.
    assert connection_created.disconnect(dispatch_uid="snia.database.limit_statements") is True


@pytest.mark.django_db(transaction=True)
def test_commands_and_the_worker_have_no_statement_timeout():
    # Only snia.wsgi and snia.asgi install the limit (a test above imports
    # them): without it, as in manage.py migrate, dumpdata or db_worker, the
    # settings alone give connections no statement timeout.
    connection_created.disconnect(dispatch_uid="snia.database.limit_statements")
    connection.close()
    try:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SHOW statement_timeout")
                assert cursor.fetchone() == ("0",)
        else:
            assert connection.vendor == "sqlite"
    finally:
        connection.close()


def run_manage(*args: str, **environ: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_SECRET_KEY": "x", **environ}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        cwd=BASE_DIR,
    )


def test_migrate_says_in_one_line_that_the_database_is_unreachable(unreachable_port):
    started = time.monotonic()
    result = run_manage(
        "migrate",
        "--noinput",
        DATABASE_URL=postgres_url(unreachable_port),
        DATABASE_CONNECT_TIMEOUT=str(CONNECT_TIMEOUT),
    )

    assert time.monotonic() - started < 30
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(
        f"Erreur : base de données injoignable (127.0.0.1:{unreachable_port}/snia, délai 2 s) : "
    )
    assert lines[0].endswith(
        "vérifiez DATABASE_URL et que le serveur de base de données est démarré. "
        "/ Error: cannot reach the database."
    )
