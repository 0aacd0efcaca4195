"""Asking for a year's PDF: one render per revision of the year's data."""

import datetime

import pytest
from django.utils import timezone
from django_tasks import default_task_backend

from reports.exports import current_revision
from reports.models import BilanExport
from reports.tasks import request_export
from tests.factories import (
    ActionFactory,
    ReportingYearFactory,
    UserFactory,
    ValidatedSessionFactory,
)

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def dummy_tasks(db, settings, tmp_path):
    """Tasks are recorded, never run: what was enqueued can be counted."""
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = DUMMY_TASKS
    default_task_backend.clear()
    return default_task_backend


def enqueued_export_ids(backend) -> list[int]:
    return [result.args[0] for result in backend.results if result.task.name == "render_bilan_export"]


def test_request_queues_an_export_and_enqueues_its_render(dummy_tasks):
    year = ReportingYearFactory(year=2020)
    user = UserFactory()

    export, enqueued = request_export(year, user)

    assert enqueued is True
    assert export.status == BilanExport.Status.QUEUED
    assert export.requested_by == user
    assert export.revision == current_revision(2020)
    # Known once the worker rendered the HTML.
    assert export.fingerprint == ""
    assert enqueued_export_ids(dummy_tasks) == [export.pk]


def test_second_request_for_unchanged_data_reuses_the_export_and_enqueues_nothing(dummy_tasks):
    year = ReportingYearFactory(year=2020)
    first, _ = request_export(year, UserFactory())

    second, enqueued = request_export(year, UserFactory())

    assert enqueued is False
    assert second.pk == first.pk
    assert BilanExport.objects.count() == 1
    assert enqueued_export_ids(dummy_tasks) == [first.pk]


def test_a_ready_export_of_unchanged_data_is_never_rendered_again(dummy_tasks):
    year = ReportingYearFactory(year=2020)
    export, _ = request_export(year)
    BilanExport.objects.filter(pk=export.pk).update(
        status=BilanExport.Status.READY, file="bilans/x.pdf", size=10, pages=1
    )

    again, enqueued = request_export(year)

    assert (again.pk, again.status, enqueued) == (export.pk, BilanExport.Status.READY, False)
    assert len(enqueued_export_ids(dummy_tasks)) == 1


def test_a_new_session_in_the_year_changes_the_revision_and_asks_for_a_new_export(dummy_tasks):
    year = ReportingYearFactory(year=2020)
    old, _ = request_export(year)
    session = ValidatedSessionFactory(year=2020, title="Atelier ajouté après la demande", women=7, men=5)
    session.actions.add(ActionFactory(code="11.12"))

    new, enqueued = request_export(year)

    assert enqueued is True
    assert new.pk != old.pk
    assert new.revision != old.revision
    assert BilanExport.objects.current(year, current_revision(2020)) == new
    assert enqueued_export_ids(dummy_tasks) == [old.pk, new.pk]


def test_a_session_of_another_year_leaves_the_revision_unchanged(dummy_tasks):
    year = ReportingYearFactory(year=2020)
    action = ActionFactory(code="11.12")
    export, _ = request_export(year)

    ValidatedSessionFactory(year=2019, women=7, men=5).actions.add(action)

    assert request_export(year) == (export, False)


def test_a_failed_export_is_queued_again_on_request(dummy_tasks):
    year = ReportingYearFactory(year=2020)
    export, _ = request_export(year)
    export.mark_failed("Police introuvable")

    again, enqueued = request_export(year)

    assert enqueued is True
    assert again.pk == export.pk
    assert (again.status, again.error) == (BilanExport.Status.QUEUED, "")
    assert enqueued_export_ids(dummy_tasks) == [export.pk, export.pk]


def test_an_export_queued_for_over_an_hour_is_queued_again(dummy_tasks):
    year = ReportingYearFactory(year=2020)
    export, _ = request_export(year)
    BilanExport.objects.filter(pk=export.pk).update(
        requested_at=timezone.now() - datetime.timedelta(minutes=61)
    )

    again, enqueued = request_export(year)

    assert enqueued is True
    assert again.status == BilanExport.Status.QUEUED


def test_an_export_rendering_for_less_than_an_hour_is_left_to_its_worker(dummy_tasks):
    year = ReportingYearFactory(year=2020)
    export, _ = request_export(year)
    export.start_rendering()
    BilanExport.objects.filter(pk=export.pk).update(
        requested_at=timezone.now() - datetime.timedelta(minutes=59)
    )

    again, enqueued = request_export(year)

    assert enqueued is False
    assert again.status == BilanExport.Status.RENDERING


def test_a_queued_export_is_claimed_by_one_worker_only(dummy_tasks):
    export, _ = request_export(ReportingYearFactory(year=2020))
    other_worker_copy = BilanExport.objects.get(pk=export.pk)

    assert export.start_rendering() is True
    assert other_worker_copy.start_rendering() is False
