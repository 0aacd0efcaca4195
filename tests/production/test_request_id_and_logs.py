"""Every log line of a request carries its id; DJANGO_LOG_FORMAT=json writes one JSON object a line."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
NEW_ID = re.compile(r"[0-9a-f]{32}")


def test_a_safe_caller_id_is_kept_and_returned(client):
    response = client.get("/", headers={"X-Request-ID": "lb-7f3a.2026:11_30-1"})

    assert response["X-Request-ID"] == "lb-7f3a.2026:11_30-1"


@pytest.mark.parametrize(
    "hostile",
    ["a" * 65, "two words", 'quote"d', "line\r\nbreak", "é", "", "<script>"],
)
def test_an_unsafe_caller_id_is_replaced_by_a_new_one(client, hostile):
    response = client.get("/", headers={"X-Request-ID": hostile})

    assert NEW_ID.fullmatch(response["X-Request-ID"])


def test_without_a_caller_id_each_request_gets_its_own(client):
    first, second = client.get("/")["X-Request-ID"], client.get("/")["X-Request-ID"]

    assert NEW_ID.fullmatch(first) and NEW_ID.fullmatch(second) and first != second


def test_the_access_line_and_the_security_line_carry_the_request_id(client, caplog, db):
    caplog.set_level("INFO")

    client.post(
        "/admin/login/?next=/admin/",
        {"username": "nobody", "password": "wrong-password"},
        headers={"X-Request-ID": "req-login-1"},
    )

    lines = [(r.name, r.request_id) for r in caplog.records if r.name in ("snia.security", "snia.access")]
    assert lines == [("snia.security", "req-login-1"), ("snia.access", "req-login-1")]


def run_django(code: str, static_root: Path, **variables: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SNIA_"))}
    env.update(
        DJANGO_SECRET_KEY="log-test-secret-key",
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_SECURE_SSL_REDIRECT="0",
        # An existing (empty) one: WhiteNoise warns about a missing one.
        DJANGO_STATIC_ROOT=str(static_root),
        **variables,
    )
    env["DJANGO_SETTINGS_MODULE"] = "snia.settings"
    script = "import django\ndjango.setup()\n"
    return subprocess.run(
        [sys.executable, "-c", script + code], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )


def test_json_log_lines_name_their_request(tmp_path):
    result = run_django(
        "import logging\n"
        "from django.test import Client\n"
        "Client().get('/', headers={'X-Request-ID': 'req-42'})\n"
        "Client().get('/nulle-part/', headers={'X-Request-ID': 'req-404'})\n"
        "logging.getLogger('snia.test').warning('hors requête')\n",
        tmp_path,
        DJANGO_LOG_FORMAT="json",
    )

    assert result.returncode == 0, result.stderr
    access, access_404, not_found, outside = [json.loads(line) for line in result.stderr.splitlines()]
    # Django logs a 404 after the middleware returned: the line still names its request.
    assert (access_404["request_id"], access_404["status"]) == ("req-404", 404)
    assert (not_found["logger"], not_found["message"], not_found["request_id"]) == (
        "django.request",
        "Not Found: /nulle-part/",
        "req-404",
    )
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}", access.pop("time"))
    assert isinstance(access.pop("duration_ms"), float)
    assert access.pop("message").startswith("GET / 302 ")
    assert access == {
        "level": "INFO",
        "logger": "snia.access",
        "request_id": "req-42",
        "method": "GET",
        "path": "/",
        "status": 302,
    }
    outside.pop("time")
    assert outside == {
        "level": "WARNING",
        "logger": "snia.test",
        "request_id": "-",
        "message": "hors requête",
    }


def test_text_log_lines_name_their_request_too(tmp_path):
    result = run_django(
        "from django.test import Client\nClient().get('/', headers={'X-Request-ID': 'req-43'})\n", tmp_path
    )

    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"\S+ INFO snia\.access \[req-43\] GET / 302 [\d.]+ms", result.stderr.strip())


def test_an_unknown_log_format_is_refused_at_start(tmp_path):
    result = run_django("", tmp_path, DJANGO_LOG_FORMAT="xml")

    assert result.returncode == 1
    assert "DJANGO_LOG_FORMAT must be 'text' or 'json'." in result.stderr
