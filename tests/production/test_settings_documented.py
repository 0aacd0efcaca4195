"""Every environment variable the application or its server reads is in the README's table
of settings and in .env.example."""

import re
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
READERS = ["snia/settings.py", "snia/database.py", "deploy/gunicorn.conf.py"]
READ = re.compile(r'(?:env_int|env_bool|env_list|environ\.get)\(\s*"([A-Z][A-Z0-9_]+)"')


def variables_read() -> set[str]:
    return {name for path in READERS for name in READ.findall((BASE_DIR / path).read_text())}


def test_the_scan_finds_the_variables():
    # Literal, so that a broken pattern cannot make the test below pass on nothing.
    assert {
        "DJANGO_SECRET_KEY",
        "DATABASE_CONN_MAX_AGE",
        "DJANGO_LOG_FORMAT",
        "WEB_CONCURRENCY",
    } <= variables_read()


def test_each_variable_is_in_the_readme_table():
    first_cells = re.findall(r"^\| ([^|]+) \|", (BASE_DIR / "README.md").read_text(), re.MULTILINE)
    rows = {name for cell in first_cells for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", cell)}
    assert sorted(variables_read() - rows) == []


def test_each_variable_is_in_env_example():
    listed = set(re.findall(r"^([A-Z][A-Z0-9_]+)=", (BASE_DIR / ".env.example").read_text(), re.MULTILINE))
    assert sorted(variables_read() - listed) == []
