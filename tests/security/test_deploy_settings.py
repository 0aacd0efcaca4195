"""Production and development settings, read from the environment in a fresh process."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
SETTING_NAMES = [
    "DEBUG",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_PROXY_SSL_HEADER",
    "AXES_FAILURE_LIMIT",
    "AXES_IPWARE_PROXY_COUNT",
    "AXES_IPWARE_META_PRECEDENCE_ORDER",
]


def environment(**variables: str) -> dict[str, str]:
    """This process's environment without any Django or SNIA variable, plus `variables`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SNIA_"))}
    return {**env, **variables}


def production(**variables: str) -> dict[str, str]:
    # 50+ characters, as check --deploy demands of a real key.
    return environment(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="snia.example.ma",
        **variables,
    )


def settings_of(env: dict[str, str]) -> dict:
    script = (
        "import json, snia.settings as s; "
        f"print(json.dumps({{name: getattr(s, name, None) for name in {SETTING_NAMES!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=BASE_DIR, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_check_deploy_passes_with_production_variables():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=production(),
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (1 silenced)." in result.stdout


def test_check_deploy_fails_with_a_short_secret_key():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env={**production(), "DJANGO_SECRET_KEY": "court"},
        capture_output=True,
        text=True,
    )

    assert result.returncode == 1
    assert "security.W009" in result.stderr


def test_production_sends_only_secure_cookies_over_https_with_a_year_of_hsts():
    assert settings_of(production()) == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_PROXY_SSL_HEADER": None,
        "AXES_FAILURE_LIMIT": 5,
        "AXES_IPWARE_PROXY_COUNT": None,
        "AXES_IPWARE_META_PRECEDENCE_ORDER": ["REMOTE_ADDR"],
    }


def test_development_over_plain_http_keeps_ordinary_cookies_and_no_redirect():
    # run.sh: DJANGO_DEBUG=1, no secret key, http://127.0.0.1:8000.
    found = settings_of(environment(DJANGO_DEBUG="1"))

    assert found["DEBUG"] is True
    assert found["SESSION_COOKIE_SECURE"] is False
    assert found["CSRF_COOKIE_SECURE"] is False
    assert found["SECURE_SSL_REDIRECT"] is False
    assert found["SECURE_HSTS_SECONDS"] == 0


def test_behind_one_reverse_proxy_the_client_address_and_https_come_from_its_headers():
    found = settings_of(
        production(
            SNIA_PROXY_COUNT="1",
            DJANGO_SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
            SNIA_LOGIN_FAILURE_LIMIT="8",
        )
    )

    assert found["AXES_IPWARE_PROXY_COUNT"] == 0
    assert found["AXES_IPWARE_META_PRECEDENCE_ORDER"] == ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    assert found["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert found["AXES_FAILURE_LIMIT"] == 8
