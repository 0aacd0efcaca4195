"""The background render: a stored PDF, or a failure with its reason."""

import io
import signal

import pytest
from django.core.management import call_command
from django_tasks import default_task_backend
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from reports import tasks
from reports.exports import current_revision
from reports.models import BilanExport
from reports.tasks import render_bilan_export, request_export
from reports.working import WorkingVersion
from tests.factories import ActionFactory, ReportingYearFactory, SessionFactory, ValidatedSessionFactory
from tests.tasks import IMMEDIATE_TASKS

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def media(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_immediate_render_stores_a_real_pdf(settings, media):
    settings.TASKS = IMMEDIATE_TASKS
    year = ReportingYearFactory(year=2020)

    export, _ = request_export(year)

    export.refresh_from_db()
    assert export.status == BilanExport.Status.READY
    content = export.file.read()
    assert content.startswith(b"%PDF")
    assert export.size == len(content)
    assert export.pages == len(PdfReader(io.BytesIO(content)).pages)
    assert export.pages > 0
    assert export.error == ""
    assert export.started_at <= export.finished_at
    assert export.file.name.startswith("bilans/bilan-programmatique-2020-")


def test_a_failing_render_marks_the_export_failed_with_the_reason(settings, media, monkeypatch):
    settings.TASKS = IMMEDIATE_TASKS

    def broken(version) -> bytes:
        raise RuntimeError("Police Amiri introuvable")

    monkeypatch.setattr(WorkingVersion, "render", broken)

    export, _ = request_export(ReportingYearFactory(year=2020))

    export.refresh_from_db()
    assert export.status == BilanExport.Status.FAILED
    assert export.error == "Police Amiri introuvable"
    assert export.finished_at is not None
    assert not export.file


def refuse(*args):
    raise AssertionError("not to be rendered")


def test_data_changed_before_the_render_fails_the_stale_export_and_asks_for_the_current_data(
    settings, media, monkeypatch
):
    settings.TASKS = DUMMY_TASKS
    year = ReportingYearFactory(year=2020)
    stale, _ = request_export(year)
    session = ValidatedSessionFactory(year=2020, title="Atelier ajouté pendant l'attente", women=3, men=4)
    session.actions.add(ActionFactory(code="11.12"))
    # Known from the revision alone: no HTML is rendered for data already gone.
    monkeypatch.setattr(tasks, "WorkingVersion", refuse)

    render_bilan_export.call(stale.pk)

    stale.refresh_from_db()
    assert stale.status == BilanExport.Status.FAILED
    assert stale.error == "Les données ont changé depuis la demande : un nouveau PDF a été demandé."
    assert not stale.file
    current = BilanExport.objects.current(year, current_revision(2020))
    assert current.status == BilanExport.Status.QUEUED
    assert [result.args for result in default_task_backend.results] == [[stale.pk], [current.pk]]


def test_data_changed_during_the_render_are_not_served_as_that_renders(settings, media, monkeypatch):
    settings.TASKS = DUMMY_TASKS
    year = ReportingYearFactory(year=2020)
    export, _ = request_export(year)

    def read_while_someone_writes(year: int, language: str) -> WorkingVersion:
        version = WorkingVersion(year, language)
        # Committed after the data were read, before the worker looks again.
        ValidatedSessionFactory(year=2020, title="Atelier validé pendant le rendu", women=3, men=4)
        return version

    monkeypatch.setattr(tasks, "WorkingVersion", read_while_someone_writes)
    monkeypatch.setattr(WorkingVersion, "render", refuse)

    render_bilan_export.call(export.pk)

    export.refresh_from_db()
    assert (export.status, export.error, export.file.name) == (
        BilanExport.Status.FAILED,
        "Les données ont changé depuis la demande : un nouveau PDF a été demandé.",
        "",
    )
    current = BilanExport.objects.current(year, current_revision(2020))
    assert current.status == BilanExport.Status.QUEUED
    assert [result.args for result in default_task_backend.results] == [[export.pk], [current.pk]]


def test_a_write_the_bilan_does_not_show_gets_a_copy_of_the_stored_pdf_unrendered(
    settings, media, monkeypatch
):
    settings.TASKS = IMMEDIATE_TASKS
    year = ReportingYearFactory(year=2020)
    first, _ = request_export(year)
    first.refresh_from_db()
    first_path = media / first.file.name
    content = first_path.read_bytes()
    # A draft: a write to a table the bilan reads, which the published bilan does not show.
    SessionFactory(year=2020, title="Brouillon en cours", women=7, men=5, review_state="draft")
    monkeypatch.setattr(WorkingVersion, "render", refuse)

    second, enqueued = request_export(year)

    assert enqueued is True
    second.refresh_from_db()
    assert (second.status, second.fingerprint, second.size, second.pages) == (
        BilanExport.Status.READY,
        first.fingerprint,
        first.size,
        first.pages,
    )
    assert second.revision == current_revision(2020) != first.revision
    assert (media / second.file.name).read_bytes() == content
    # The first export is superseded: gone, and its file with it, not the copy.
    assert list(BilanExport.objects.values_list("pk", flat=True)) == [second.pk]
    assert not first_path.exists()


def test_the_stored_fingerprint_is_that_of_the_pieces_the_pdf_is_merged_from(settings, media):
    settings.TASKS = IMMEDIATE_TASKS
    ValidatedSessionFactory(year=2020, women=3, men=4).actions.add(ActionFactory(code="11.12"))

    export, _ = request_export(ReportingYearFactory(year=2020))

    export.refresh_from_db()
    assert export.fingerprint == WorkingVersion(2020).fingerprint
    assert len(export.fingerprint) == 64
    assert export.file.name.startswith(f"bilans/bilan-programmatique-2020-{export.fingerprint[:12]}")


def test_a_new_ready_export_deletes_the_superseded_pdf(settings, media):
    settings.TASKS = IMMEDIATE_TASKS
    year = ReportingYearFactory(year=2020)
    old, _ = request_export(year)
    old.refresh_from_db()
    old_path = media / old.file.name
    assert old_path.exists()
    session = ValidatedSessionFactory(year=2020, women=3, men=4)
    session.actions.add(ActionFactory(code="11.12"))

    new, _ = request_export(year)

    assert list(BilanExport.objects.values_list("pk", "status")) == [(new.pk, BilanExport.Status.READY)]
    assert not old_path.exists()


def test_a_task_for_an_export_already_taken_does_nothing(settings, media):
    settings.TASKS = DUMMY_TASKS
    export, _ = request_export(ReportingYearFactory(year=2020))
    export.start_rendering()

    assert render_bilan_export.call(export.pk) == BilanExport.Status.RENDERING
    export.refresh_from_db()
    assert export.status == BilanExport.Status.RENDERING
    assert not export.file


@pytest.fixture
def restore_signal_handlers():
    # The worker installs its own SIGINT/SIGTERM handlers: give pytest its own back.
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_renders_a_queued_export(settings, media, restore_signal_handlers):
    # The project's own backend, as in production.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    export, _ = request_export(ReportingYearFactory(year=2020))
    assert DBTaskResult.objects.get().status == "READY"
    export.refresh_from_db()
    assert export.status == BilanExport.Status.QUEUED

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    export.refresh_from_db()
    assert export.status == BilanExport.Status.READY
    assert export.file.read().startswith(b"%PDF")
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
