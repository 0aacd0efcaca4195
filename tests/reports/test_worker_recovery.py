"""A worker killed mid-render (SIGKILL, out of memory, a restart) never leaves
the bilan's PDF stuck: the render's lease expires, the render is taken up
again, a worker that lost its lease writes nothing, and the status page always
offers the latest ready PDF and a way forward."""

import datetime
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from django.utils import timezone
from django_tasks import default_task_backend
from pypdf import PdfWriter

from access.roles import Role
from reports.leases import WorkerHeartbeat
from reports.models import BilanExport
from reports.tasks import request_export
from reports.worker import recover_expired_leases, worker_status
from reports.working import WorkingRender, WorkingVersion
from tests.factories import ReportingYearFactory, UserFactory, user_with_role

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
REPOSITORY = Path(django_settings.BASE_DIR)


def tiny_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def dummy_tasks(db, settings, media):
    settings.TASKS = DUMMY_TASKS
    default_task_backend.clear()
    return default_task_backend


def enqueued(backend) -> list[int]:
    return [result.args[0] for result in backend.results]


def expire(export: BilanExport) -> None:
    """As if its worker died: the lease was last renewed long enough ago."""
    past = timezone.now() - datetime.timedelta(seconds=61)
    BilanExport.objects.filter(pk=export.pk).update(lease_expires_at=past, heartbeat_at=past)
    export.refresh_from_db()


def ready_export_of_earlier_data(year, media) -> BilanExport:
    earlier = BilanExport(year=year, revision="earlier", fingerprint="e" * 64)
    earlier.file.save("ancien.pdf", ContentFile(b"%PDF-1.7 ancien"), save=False)
    earlier.status, earlier.size, earlier.pages = BilanExport.Status.READY, 15, 3
    earlier.finished_at = datetime.datetime(2021, 3, 3, 13, 5, tzinfo=datetime.UTC)
    earlier.save()
    return earlier


# --- The lease ---


def test_a_claim_takes_a_lease_of_a_minute_with_a_new_token(dummy_tasks):
    export, _ = request_export(ReportingYearFactory(year=2020))

    assert export.start_rendering() is True

    export.refresh_from_db()
    assert export.status == BilanExport.Status.RENDERING
    assert (export.lease_token, export.attempts) == (1, 1)
    assert export.lease_expires_at - export.heartbeat_at == datetime.timedelta(seconds=60)
    assert export.is_abandoned is False


def test_a_lease_that_expires_is_detected_and_the_render_queued_again(dummy_tasks):
    export, _ = request_export(ReportingYearFactory(year=2020))
    export.start_rendering()
    BilanExport.objects.filter(pk=export.pk).update(requested_at=timezone.now() - datetime.timedelta(hours=2))
    expire(export)
    assert export.is_abandoned is True

    assert recover_expired_leases() == 1

    export.refresh_from_db()
    assert export.status == BilanExport.Status.QUEUED
    assert (export.lease_expires_at, export.started_at) == (None, None)
    # Queued as of now, not "queued for over an hour".
    assert export.is_abandoned is False
    assert enqueued(dummy_tasks) == [export.pk, export.pk]
    # Taken up once: a second sweep finds nothing.
    assert recover_expired_leases() == 0


def test_a_render_whose_lease_is_renewed_is_left_to_its_worker(dummy_tasks):
    export, _ = request_export(ReportingYearFactory(year=2020))
    export.start_rendering()

    assert recover_expired_leases() == 0
    again, queued = request_export(export.year)

    assert (again.status, queued) == (BilanExport.Status.RENDERING, False)
    assert enqueued(dummy_tasks) == [export.pk]


def test_asking_again_queues_a_render_whose_lease_expired(dummy_tasks):
    export, _ = request_export(ReportingYearFactory(year=2020))
    export.start_rendering()
    expire(export)

    again, queued = request_export(export.year, UserFactory())

    assert queued is True
    assert (again.status, again.lease_expires_at, again.attempts) == (BilanExport.Status.QUEUED, None, 0)
    assert enqueued(dummy_tasks) == [export.pk, export.pk]


def test_a_render_that_kills_its_worker_every_time_ends_failed_with_the_reason(dummy_tasks, settings):
    settings.RENDER_MAX_ATTEMPTS = 3
    export, _ = request_export(ReportingYearFactory(year=2020))
    for _attempt in range(3):
        export.refresh_from_db()
        assert export.start_rendering() is True
        expire(export)
        recover_expired_leases()

    export.refresh_from_db()
    assert export.status == BilanExport.Status.FAILED
    assert export.error == (
        "Le rendu a été interrompu 3 fois : le service de tâches de fond s'est arrêté en plein "
        "rendu (mémoire insuffisante ?). Relancez-le quand la cause est corrigée."
    )
    assert len(enqueued(dummy_tasks)) == 3
    # Asking again starts a new count.
    again, queued = request_export(export.year)
    assert (queued, again.status, again.attempts) == (True, BilanExport.Status.QUEUED, 0)


# --- The fencing token ---


def test_a_stale_worker_cannot_mark_ready_over_a_newer_claim(dummy_tasks, media):
    export, _ = request_export(ReportingYearFactory(year=2020))
    stale = BilanExport.objects.get(pk=export.pk)
    assert stale.start_rendering() is True
    expire(stale)
    recover_expired_leases()
    newer = BilanExport.objects.get(pk=export.pk)
    assert newer.start_rendering() is True

    assert stale.mark_ready(tiny_pdf()) is False
    assert stale.renew_lease() is False

    export.refresh_from_db()
    assert (export.status, export.lease_token, export.file.name) == (BilanExport.Status.RENDERING, 2, "")
    # The stale worker's file was discarded, not left on the disk.
    assert list(media.rglob("*.pdf")) == []
    assert newer.mark_ready(tiny_pdf()) is True
    export.refresh_from_db()
    assert (export.status, export.pages, export.lease_expires_at) == (BilanExport.Status.READY, 1, None)
    assert len(list(media.rglob("*.pdf"))) == 1


def test_a_stale_worker_cannot_mark_failed_over_a_newer_claim(dummy_tasks):
    export, _ = request_export(ReportingYearFactory(year=2020))
    stale = BilanExport.objects.get(pk=export.pk)
    stale.start_rendering()
    expire(stale)
    recover_expired_leases()
    newer = BilanExport.objects.get(pk=export.pk)
    newer.start_rendering()

    assert stale.mark_failed("MemoryError") is False

    export.refresh_from_db()
    assert (export.status, export.error, export.lease_token) == (BilanExport.Status.RENDERING, "", 2)


def test_a_worker_whose_render_was_queued_again_keeps_nothing(dummy_tasks, media):
    export, _ = request_export(ReportingYearFactory(year=2020))
    stale = BilanExport.objects.get(pk=export.pk)
    stale.start_rendering()
    expire(stale)
    request_export(export.year)

    assert stale.mark_ready(tiny_pdf()) is False

    export.refresh_from_db()
    assert export.status == BilanExport.Status.QUEUED
    assert list(media.rglob("*.pdf")) == []


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_renews_the_lease_while_the_render_runs_and_stops_once_it_is_lost(settings, media):
    settings.TASKS = DUMMY_TASKS
    settings.RENDER_LEASE_SECONDS, settings.RENDER_HEARTBEAT_SECONDS = 5, 0.1
    export, _ = request_export(ReportingYearFactory(year=2020))
    export.start_rendering()
    claimed_until = export.lease_expires_at

    with export.heartbeat() as heartbeat:
        renewed = wait_for(
            lambda: BilanExport.objects.filter(pk=export.pk, lease_expires_at__gt=claimed_until).first(),
            5,
            "the lease is renewed",
        )
        assert renewed.heartbeat_at > export.heartbeat_at
        # Another worker takes the render over: this one's heartbeat stops.
        BilanExport.objects.filter(pk=export.pk).update(lease_token=5)
        heartbeat.thread.join(timeout=5)
        assert heartbeat.thread.is_alive() is False


# --- The status page and the download ---


@pytest.fixture
def user_client(client, db):
    client.force_login(user_with_role("agent", Role.READER))
    return client


def test_status_page_of_a_dead_render_offers_the_button_and_the_last_ready_pdf(
    user_client, dummy_tasks, media
):
    year = ReportingYearFactory(year=2020)
    earlier = ready_export_of_earlier_data(year, media)
    export, _ = request_export(year)
    export.start_rendering()
    expire(export)

    response = user_client.get("/reports/bilan/2020/export/")

    content = response.content.decode()
    assert response.status_code == 200
    assert "En cours de rendu" in content
    assert "s'est interrompu : son service de tâches de fond ne donne plus signe de vie depuis" in content
    assert 'value="Générer le PDF"' in content
    assert 'http-equiv="refresh"' not in content
    assert (
        "Dernier PDF prêt, généré le 3 mars 2021 à 14:05 (3 pages, 15\xa0octets) : il reflète les "
        "données d'alors, qui ont changé depuis." in content
    )
    assert f'href="/reports/bilan/2020.pdf?export={earlier.pk}"' in content


def test_status_page_of_a_live_render_still_offers_the_last_ready_pdf(user_client, dummy_tasks, media):
    year = ReportingYearFactory(year=2020)
    earlier = ready_export_of_earlier_data(year, media)
    export, _ = request_export(year)
    export.start_rendering()

    content = user_client.get("/reports/bilan/2020/export/").content.decode()

    assert "En cours de rendu" in content
    assert '<meta http-equiv="refresh" content="3">' in content
    assert 'value="Générer le PDF"' not in content
    assert f'href="/reports/bilan/2020.pdf?export={earlier.pk}"' in content


def test_status_page_says_when_no_worker_lives_to_take_a_queued_render(user_client, dummy_tasks, media):
    export, _ = request_export(ReportingYearFactory(year=2020))
    BilanExport.objects.filter(pk=export.pk).update(
        requested_at=timezone.now() - datetime.timedelta(minutes=5)
    )

    content = user_client.get("/reports/bilan/2020/export/").content.decode()

    assert (
        "Aucun service de tâches de fond ne donne signe de vie : le rendu commencera dès qu'il "
        "sera relancé." in content
    )


def test_status_page_says_nothing_of_the_worker_while_one_lives(user_client, dummy_tasks, media):
    export, _ = request_export(ReportingYearFactory(year=2020))
    BilanExport.objects.filter(pk=export.pk).update(
        requested_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    now = timezone.now()
    WorkerHeartbeat.objects.create(worker_id="w1", hostname="h", pid=1, started_at=now, heartbeat_at=now)

    content = user_client.get("/reports/bilan/2020/export/").content.decode()

    assert "En file d&#x27;attente" in content
    assert "ne donne signe de vie" not in content


def test_the_last_ready_pdf_of_earlier_data_downloads(user_client, dummy_tasks, media):
    year = ReportingYearFactory(year=2020)
    earlier = ready_export_of_earlier_data(year, media)
    request_export(year)

    response = user_client.get(f"/reports/bilan/2020.pdf?export={earlier.pk}")

    assert response.status_code == 200
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="bilan-programmatique-2020-version-de-travail.pdf"'
    )
    assert b"".join(response.streaming_content) == b"%PDF-1.7 ancien"
    # Without `export`, only the PDF of the current data is served.
    assert user_client.get("/reports/bilan/2020.pdf")["Location"] == "/reports/bilan/2020/export/"


# (A NUL, "%00", is refused with a 400 before any view: tests/security/test_hostile_input.py.)
@pytest.mark.parametrize("asked", ["abc", "99999999999999999999", "-1", "", "１"])
def test_a_bad_export_id_redirects_to_the_status_page(user_client, dummy_tasks, media, asked):
    ready_export_of_earlier_data(ReportingYearFactory(year=2020), media)

    response = user_client.get(f"/reports/bilan/2020.pdf?export={asked}")

    assert response.status_code == 302
    assert response["Location"] == "/reports/bilan/2020/export/"


def test_an_export_of_another_year_is_not_served(user_client, dummy_tasks, media):
    ReportingYearFactory(year=2020)
    other = ready_export_of_earlier_data(ReportingYearFactory(year=2021), media)

    response = user_client.get(f"/reports/bilan/2020.pdf?export={other.pk}")

    assert response.status_code == 302


# --- The worker ---


def test_worker_status_reads_the_workers_heartbeats(dummy_tasks, settings):
    settings.RENDER_LEASE_SECONDS = 60
    now = timezone.now()
    assert worker_status().alive is False
    WorkerHeartbeat.objects.create(
        worker_id="old",
        hostname="h",
        pid=1,
        started_at=now,
        heartbeat_at=now - datetime.timedelta(seconds=61),
    )
    assert (worker_status().alive, worker_status().workers) == (False, 0)
    WorkerHeartbeat.objects.create(worker_id="new", hostname="h", pid=2, started_at=now, heartbeat_at=now)
    export, _ = request_export(ReportingYearFactory(year=2020))
    export.start_rendering()

    status = worker_status()

    assert (status.alive, status.workers, status.last_heartbeat) == (True, 1, now)
    assert (status.running_jobs, status.stalled_jobs) == (1, 0)
    expire(export)
    assert (worker_status().running_jobs, worker_status().stalled_jobs) == (0, 1)
    with pytest.raises(CommandError, match="Un rendu est interrompu"):
        call_command("worker_status", stdout=io.StringIO())


def test_worker_status_command_fails_without_a_live_worker(db):
    out = io.StringIO()

    with pytest.raises(CommandError, match="Aucun service de tâches de fond ne donne signe de vie."):
        call_command("worker_status", stdout=out)

    assert '"alive": false' in out.getvalue()


@pytest.fixture
def restore_signal_handlers():
    # The worker installs its own SIGINT/SIGTERM handlers: give pytest its own back.
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


@pytest.mark.django_db(transaction=True)
def test_worker_start_takes_up_a_render_whose_worker_died(
    settings, media, monkeypatch, restore_signal_handlers
):
    settings.TASKS = DATABASE_TASKS
    monkeypatch.setattr(WorkingVersion, "render", lambda version: WorkingRender(tiny_pdf(), 1, ""))
    export, _ = request_export(ReportingYearFactory(year=2020))
    export.start_rendering()
    expire(export)

    call_command("snia_worker", "--batch", "--no-startup-delay", verbosity=0)

    export.refresh_from_db()
    assert (export.status, export.lease_token, export.pages) == (BilanExport.Status.READY, 2, 1)
    # A worker that stops cleanly removes its heartbeat at once.
    assert not WorkerHeartbeat.objects.exists()


def test_the_worker_refuses_the_autoreloader(db, settings):
    settings.TASKS = DATABASE_TASKS

    with pytest.raises(CommandError, match="snia_worker ne se recharge pas : lancez-le sans --reload."):
        call_command("snia_worker", "--reload")


def test_run_sh_starts_the_worker_without_autoreload():
    script = (REPOSITORY / "run.sh").read_text()

    assert "manage.py snia_worker --no-reload &" in script
    assert "manage.py db_worker" not in script


# --- A real worker, killed mid-render ---


@pytest.fixture
def shared_database(transactional_db, tmp_path):
    """A DATABASE_URL that a child process can open, on the same data as this test.

    PostgreSQL: the test database itself. SQLite: its in-memory test database
    is invisible to other processes, so this test runs on a file copied from
    it (schema and all), swapped in as the default connection meanwhile.
    """
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        credentials = quote(db["USER"] or "", safe="") + ":" + quote(db["PASSWORD"] or "", safe="")
        yield f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        return
    import sqlite3

    from django.db.backends.sqlite3.base import DatabaseWrapper

    path = tmp_path / "worker.sqlite3"
    original = connections["default"]
    original.ensure_connection()
    copy = sqlite3.connect(path)
    original.connection.backup(copy)
    copy.close()
    file_connection = DatabaseWrapper({**original.settings_dict, "NAME": str(path)}, alias="default")
    connections["default"] = file_connection
    try:
        yield f"sqlite:///{path}"
    finally:
        file_connection.close()
        connections["default"] = original


def wait_for(predicate, timeout: float, what: str, process: subprocess.Popen | None = None, log=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        if process is not None and process.poll() is not None:
            pytest.fail(f"the worker exited ({process.returncode}) before {what}:\n{log.read_text()}")
        time.sleep(0.1)
    pytest.fail(f"{what}: not within {timeout} s" + (f"\n{log.read_text()}" if log else ""))


def start_worker(database_url: str, media: Path, log: Path, *args: str, block: Path | None = None):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_MEDIA_ROOT": str(media),
        # run.sh's setting, under which db_worker would autoreload.
        "DJANGO_DEBUG": "1",
        "SNIA_RENDER_LEASE_SECONDS": "3",
        "SNIA_RENDER_HEARTBEAT_SECONDS": "1",
    }
    env.pop("SNIA_TEST_BLOCK_RENDER", None)
    if block is not None:
        env["SNIA_TEST_BLOCK_RENDER"] = str(block)
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.reports.worker_process",
            "--no-startup-delay",
            "--interval",
            "0.2",
            *args,
        ],
        cwd=REPOSITORY,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        # Its own process group: killed with everything it started, whatever happens.
        start_new_session=True,
    )


def test_a_worker_killed_mid_render_is_detected_and_a_restarted_worker_renders_the_pdf(
    shared_database, settings, tmp_path, client
):
    settings.TASKS = DATABASE_TASKS
    settings.RENDER_LEASE_SECONDS, settings.RENDER_HEARTBEAT_SECONDS = 3, 1
    settings.MEDIA_ROOT = media = tmp_path / "media"
    export, _ = request_export(ReportingYearFactory(year=2020))
    marker, first_log, second_log = tmp_path / "rendering", tmp_path / "first.log", tmp_path / "second.log"
    first = start_worker(shared_database, media, first_log, block=marker)
    try:
        wait_for(marker.exists, 40, "the render starts", first, first_log)
        export.refresh_from_db()
        assert (export.status, export.lease_token, export.is_abandoned) == (
            BilanExport.Status.RENDERING,
            1,
            False,
        )
        # The heartbeat renews the lease while the render runs.
        claimed_heartbeat = export.heartbeat_at
        wait_for(
            lambda: BilanExport.objects.get(pk=export.pk).heartbeat_at > claimed_heartbeat,
            5,
            "the lease is renewed",
            first,
            first_log,
        )
        assert worker_status().alive is True
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        killed_at = timezone.now()
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
            first.wait(timeout=10)

    # Detected as dead within the lease: its last renewal was before the kill.
    export.refresh_from_db()
    assert export.lease_expires_at <= killed_at + datetime.timedelta(seconds=3)
    wait_for(lambda: BilanExport.objects.get(pk=export.pk).is_abandoned, 5, "the dead render is detected")
    wait_for(lambda: not worker_status().alive, 5, "the dead worker is noticed")
    client.force_login(user_with_role("lecteur-2", Role.READER))
    page = client.get("/reports/bilan/2020/export/").content.decode()
    assert "s'est interrompu" in page
    assert 'value="Générer le PDF"' in page

    # Restarted, a worker takes the render up and finishes it.
    second = start_worker(shared_database, media, second_log, "--batch")
    try:
        assert second.wait(timeout=45) == 0, second_log.read_text()
    finally:
        if second.poll() is None:
            os.killpg(second.pid, signal.SIGKILL)
            second.wait(timeout=10)
    export.refresh_from_db()
    assert (export.status, export.lease_token, export.error) == (BilanExport.Status.READY, 2, "")
    assert (media / export.file.name).read_bytes().startswith(b"%PDF")
    assert export.lease_expires_at is None
