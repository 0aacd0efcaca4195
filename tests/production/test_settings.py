"""Production settings that keep web processes fast and interchangeable."""

import json
import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]


def settings_with(**variables: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SNIA_", "DATABASE_"))}
    script = (
        "import json, snia.settings as s; d = s.DATABASES['default']; "
        "print(json.dumps([d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'], "
        "getattr(s, 'SESSION_ENGINE', 'django.contrib.sessions.backends.db'), s.HEALTH_PENDING_MINUTES]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=BASE_DIR, env={**env, **variables}, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_connections_persist_a_minute_and_are_checked_before_reuse():
    assert settings_with() == [60, True, "django.contrib.sessions.backends.db", 15]


def test_connection_settings_come_from_the_environment():
    assert settings_with(
        DATABASE_CONN_MAX_AGE="0", DATABASE_CONN_HEALTH_CHECKS="0", SNIA_HEALTH_PENDING_MINUTES="30"
    ) == [0, False, "django.contrib.sessions.backends.db", 30]


def test_postgresql_connections_too():
    database = "postgres://u:p@127.0.0.1:5432/snia"
    assert settings_with(DATABASE_URL=database)[:2] == [60, True]
