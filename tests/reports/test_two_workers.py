"""Two worker processes on one queue never render the same export twice.

Two real `manage.py snia_worker` processes poll the same database queue while
exports are asked for: several years, one year asked twice, and one task
delivered twice (as a queue may after a retry). Each render is counted in a
file by the worker that does it (tests/reports/worker_process.py), and the
first renders wait until both workers have one under way, so that the two
really run side by side. Every export must be rendered exactly once, by one
claim, and end ready.

On PostgreSQL the workers share the test database; on SQLite a file copy of
it (see `shared_database`): the test runs on both.
"""

import os
import signal
from collections import Counter

import pytest
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from reports.leases import WorkerHeartbeat
from reports.models import BilanExport
from reports.tasks import render_bilan_export, request_export
from tests.factories import ReportingYearFactory
from tests.reports import test_worker_recovery
from tests.reports.test_worker_recovery import DATABASE_TASKS, start_worker, wait_for

# The database the worker processes open (PostgreSQL's test database, or an SQLite file).
shared_database = test_worker_recovery.shared_database

YEARS = [2019, 2020, 2021, 2022, 2023]


def stop(worker) -> None:
    if worker.poll() is None:
        # db_worker finishes its task and exits on SIGTERM.
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=20)
        except Exception:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)


def test_two_workers_on_one_queue_render_each_export_exactly_once(
    shared_database, settings, tmp_path, monkeypatch
):
    settings.TASKS = DATABASE_TASKS
    settings.RENDER_LEASE_SECONDS, settings.RENDER_HEARTBEAT_SECONDS = 3, 1
    settings.MEDIA_ROOT = media = tmp_path / "media"
    renders = tmp_path / "renders.log"
    renders.touch()
    monkeypatch.setenv("SNIA_TEST_COUNT_RENDERS", str(renders))
    years = [ReportingYearFactory(year=year) for year in YEARS]
    logs = [tmp_path / "worker-1.log", tmp_path / "worker-2.log"]
    workers = [start_worker(shared_database, media, log) for log in logs]
    try:
        wait_for(lambda: WorkerHeartbeat.objects.count() == 2, 40, "both workers start", workers[0], logs[0])

        exports = [request_export(year)[0] for year in years]
        # The same export asked for again while queued: reused, nothing enqueued.
        again, enqueued = request_export(years[1])
        # The same task delivered twice.
        render_bilan_export.enqueue(exports[2].pk)

        wait_for(
            lambda: DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).count() == 6,
            60,
            "every task ends",
            workers[1],
            logs[1],
        )
    finally:
        for worker in workers:
            stop(worker)

    assert (again.pk, enqueued) == (exports[1].pk, False)
    # Each export's fingerprint is that of the pieces its worker merged.
    for export in exports:
        export.refresh_from_db()
    lines = [line.split() for line in renders.read_text().splitlines()]
    by_export = Counter(fingerprint for _, fingerprint in lines)
    assert sorted(by_export.values()) == [1, 1, 1, 1, 1]
    assert set(by_export) == {export.fingerprint for export in exports}
    # The two workers rendered side by side.
    assert len({pid for pid, _ in lines}) == 2
    assert sorted(
        BilanExport.objects.values_list("year__year", "status", "lease_token", "attempts", "error")
    ) == [(year, BilanExport.Status.READY, 1, 1, "") for year in YEARS]
    assert sorted(DBTaskResult.objects.values_list("status", flat=True)) == [TaskResultStatus.SUCCESSFUL] * 6
    assert sorted(path.name for path in (media / "bilans").iterdir()) == sorted(
        f"bilan-programmatique-{export.year}-{export.fingerprint[:12]}.pdf" for export in exports
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("earlier", ["none", "failed"])
def test_two_simultaneous_requests_make_one_export_and_enqueue_one_render(settings, earlier):
    from reports.exports import current_revision
    from tests.access.test_concurrent_review import race

    settings.TASKS = DATABASE_TASKS
    year = ReportingYearFactory(year=2020)
    revision = current_revision(2020)
    if earlier == "failed":
        BilanExport.objects.create(
            year=year, revision=revision, status=BilanExport.Status.FAILED, error="Mémoire insuffisante"
        )

    def ask(barrier):
        barrier.wait()
        return request_export(year, revision=revision)

    results = race(ask, ask)

    assert sorted(enqueued for _, enqueued in results) == [False, True]
    assert results[0][0].pk == results[1][0].pk
    assert list(BilanExport.objects.values_list("status", "error")) == [(BilanExport.Status.QUEUED, "")]
    assert DBTaskResult.objects.count() == 1
