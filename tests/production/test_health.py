"""/health/ for a load balancer: status alone for anyone, details for MDCMRE staff, 503 when unhealthy."""

from datetime import timedelta

import pytest
from django.db import OperationalError
from django.utils import timezone

import snia.health
from reports.leases import WorkerHeartbeat
from reports.models import BilanExport, ReportingYear
from tests.factories import ReportingYearFactory

NO_WORKER = "Aucun service de tâches de fond ne donne signe de vie."


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def live_worker(db):
    now = timezone.now()
    return WorkerHeartbeat.objects.create(
        worker_id="w1", hostname="web1", pid=4242, started_at=now, heartbeat_at=now
    )


def test_anyone_gets_200_and_the_status_alone_when_all_is_well(client, media, live_worker):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    # The storage check left nothing behind.
    assert list((media / "health").iterdir()) == []


def test_anyone_gets_503_without_details_when_no_worker_lives(client, media, db):
    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json() == {"status": "error"}


def test_a_focal_point_gets_no_details_either(client, media, focal_cp2):
    client.force_login(focal_cp2)

    response = client.get("/health/")

    assert (response.status_code, response.json()) == (503, {"status": "error"})


def test_staff_get_each_check_with_the_reason(client, media, staff):
    WorkerHeartbeat.objects.create(
        worker_id="old",
        hostname="web1",
        pid=7,
        started_at=timezone.now() - timedelta(hours=2),
        heartbeat_at=timezone.now() - timedelta(minutes=5),
    )
    client.force_login(staff)

    body = client.get("/health/").json()

    assert body["status"] == "error"
    assert sorted(body["checks"]) == ["database", "pending_renders", "storage", "worker"]
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["storage"]["ok"] is True
    worker = body["checks"]["worker"]
    assert (worker["ok"], worker["error"], worker["workers"], worker["alive"]) == (False, NO_WORKER, 0, False)
    assert body["checks"]["pending_renders"] == {
        "ok": True,
        "older_than_minutes": 15,
        "renders": 0,
        "closings": 0,
        "ms": body["checks"]["pending_renders"]["ms"],
    }


def test_administrators_see_a_healthy_worker(client, media, administrator, live_worker):
    client.force_login(administrator)

    response = client.get("/health/")

    assert response.status_code == 200
    worker = response.json()["checks"]["worker"]
    assert (worker["ok"], worker["workers"], worker["alive"], worker["stalled_jobs"]) == (True, 1, True, 0)


def test_a_render_waiting_longer_than_the_setting_is_unhealthy(client, media, staff, live_worker, settings):
    settings.HEALTH_PENDING_MINUTES = 10
    year = ReportingYearFactory(year=2020)
    BilanExport.objects.create(
        year=year, revision="current", requested_at=timezone.now() - timedelta(minutes=11)
    )
    client.force_login(staff)

    response = client.get("/health/")

    assert response.status_code == 503
    pending = response.json()["checks"]["pending_renders"]
    assert (pending["ok"], pending["renders"], pending["closings"], pending["error"]) == (
        False,
        1,
        0,
        "Des rendus attendent depuis plus de 10 minutes.",
    )


def test_a_render_queued_recently_and_a_finished_one_are_healthy(client, media, live_worker, settings):
    settings.HEALTH_PENDING_MINUTES = 10
    year = ReportingYearFactory(year=2020)
    BilanExport.objects.create(
        year=year, revision="current", requested_at=timezone.now() - timedelta(minutes=9)
    )
    BilanExport.objects.create(
        year=year,
        revision="earlier",
        status=BilanExport.Status.FAILED,
        error="x",
        requested_at=timezone.now() - timedelta(days=3),
    )

    assert client.get("/health/").status_code == 200


def test_a_closing_waiting_too_long_is_unhealthy(client, media, staff, live_worker):
    ReportingYear.objects.create(year=2021, closing_started_at=timezone.now() - timedelta(minutes=16))
    client.force_login(staff)

    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json()["checks"]["pending_renders"]["closings"] == 1


def test_a_storage_that_cannot_write_is_unhealthy(client, settings, staff, live_worker, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    settings.MEDIA_ROOT = blocker
    client.force_login(staff)

    response = client.get("/health/")

    assert response.status_code == 503
    storage = response.json()["checks"]["storage"]
    assert storage["ok"] is False
    assert storage["error"].startswith(("FileExistsError", "NotADirectoryError"))


def test_a_database_error_is_unhealthy_not_a_500(client, media, live_worker, monkeypatch):
    class Down:
        vendor = "postgresql"

        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(snia.health, "connection", Down())

    response = client.get("/health/")

    assert (response.status_code, response.json()) == (503, {"status": "error"})
    assert snia.health.run_checks()["database"]["error"] == "OperationalError: connection refused"


def test_only_get_and_head(client, media, live_worker):
    assert client.head("/health/").status_code == 200
    assert client.post("/health/").status_code == 405


def test_a_probe_over_plain_http_is_not_redirected_to_https(client, media, live_worker, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/health/").status_code == 200
    assert client.get("/admin/login/").status_code == 301
