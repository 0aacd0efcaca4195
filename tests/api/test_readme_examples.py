"""The README's curl examples (section « REST API »), run as written against a live
server holding the demo data: the README text itself is what is executed."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.db import connections
from django.test.testcases import LiveServerThread, _StaticFilesHandler
from rest_framework.authtoken.models import Token

from access.models import ReviewState
from idempotency.models import IdempotencyKey
from tests.demo_snapshot import load_demo
from trainings.models import Session

README = Path(__file__).resolve().parents[2] / "README.md"
DEMO_URL = "http://127.0.0.1:8000"


def api_examples() -> str:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("\n## REST API\n") :]
    following = section.find("\n## ", 1)
    section = section if following == -1 else section[:following]
    return "\n".join(re.findall(r"^```sh\n(.*?)^```", section, flags=re.M | re.S))


@pytest.fixture
def demo_server(transactional_db):
    """A server on a free local port, started after the test's settings apply
    (pytest-django's session-wide live_server builds its middleware earlier)."""
    # An in-memory SQLite database exists only in this thread's connection: share it.
    shared = {
        conn.alias: conn for conn in connections.all() if conn.vendor == "sqlite" and conn.is_in_memory_db()
    }
    for conn in shared.values():
        conn.inc_thread_sharing()
    server = LiveServerThread("localhost", _StaticFilesHandler, connections_override=shared, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    yield f"http://localhost:{server.port}"
    server.terminate()
    for conn in shared.values():
        conn.dec_thread_sharing()


def test_the_readme_has_the_three_examples_the_issue_asks_for():
    script = api_examples()
    assert "/auth/token/" in script
    assert "$API/sessions/ " in script
    assert "/stats/2020/" in script


def test_the_readme_curl_examples_work_as_written(demo_server, monkeypatch):
    assert shutil.which("curl"), "the README's examples use curl"
    monkeypatch.delenv("SNIA_DEMO_PASSWORD", raising=False)
    load_demo()
    script = api_examples().replace(DEMO_URL, demo_server)

    run = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert run.returncode == 0, run.stderr
    submitted, refused, cp2_meetings, figures, revoked = run.stdout.strip().splitlines()

    assert json.loads(submitted)["review_state"] == "submitted"
    session = Session.objects.get(title="Formation des travailleurs sociaux")
    assert (session.review_state, session.author.username, session.total) == (
        ReviewState.SUBMITTED,
        "pf.cp4",
        23,
    )
    assert [action.code for action in session.actions.all()] == ["11.12"]
    # The post carried an Idempotency-Key: its answer is kept for a retry.
    key = IdempotencyKey.objects.get(user__username="pf.cp4")
    assert (key.key, key.response_status, key.response_body["id"]) == (
        "formation-oujda-2021-03-15",
        201,
        session.pk,
    )

    assert json.loads(refused) == {
        "kind": ['"course" is not a valid choice.'],
        "women": ["Counts cannot be negative."],
    }
    assert Session.objects.filter(title="Formation").count() == 0

    assert json.loads(cp2_meetings)["count"] == 0

    totals = json.loads(figures)["totals"]
    assert (totals["sessions"], totals["women"], totals["men"], totals["unrecorded"], totals["total"]) == (
        15,
        3280,
        2879,
        140,
        6299,
    )

    assert revoked == "204"
    assert not Token.objects.filter(user__username="pf.cp4").exists()
