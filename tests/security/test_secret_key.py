"""Debug off means a real secret key: without one nothing can be signed or served."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(code: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(DJANGO_DEBUG="0", DJANGO_SETTINGS_MODULE="snia.settings")
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_without_a_key_django_refuses_to_sign_anything():
    result = run("from django.core import signing; signing.dumps('x')")
    assert result.returncode != 0
    assert "The SECRET_KEY setting must not be empty." in result.stderr


def test_without_a_key_the_deployment_check_fails():
    result = run(
        "from django.core.management import call_command; "
        "call_command('check', '--deploy', '--fail-level', 'WARNING')"
    )
    assert result.returncode != 0
    assert "security.W009" in result.stderr


def test_commands_that_sign_nothing_run_on_a_bare_checkout():
    result = run(
        "from django.core.management import call_command; "
        "call_command('makemigrations', '--check', '--dry-run')"
    )
    assert result.returncode == 0, result.stderr
