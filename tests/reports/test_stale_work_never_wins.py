"""Work that was taken over never undoes newer work: a closing worker that lost
its lease, an older PDF render finishing last, a second edition of a closing,
a second reopening."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db.models import Q
from django.utils import timezone
from django_tasks import default_task_backend

from reports import editions
from reports.closing import request_closing
from reports.closing_tasks import close_reporting_year
from reports.models import BilanEdition, BilanExport, ReportingYear, YearReopening
from reports.tasks import request_export
from reports.worker import recover_expired_leases
from tests.reports.test_worker_recovery import tiny_pdf

pytestmark = pytest.mark.django_db

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
FAKE_FILES = {"html": b"<p>telle que close</p>", "pdf": b"%PDF-1.7", "xlsx": b"PK", "json": b"{}"}


@pytest.fixture
def dummy_tasks(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = DUMMY_TASKS
    default_task_backend.clear()


def test_a_closing_worker_that_lost_its_lease_does_not_reopen_the_year_under_the_new_one(
    dummy_tasks, staff, monkeypatch
):
    year = ReportingYear.objects.create(year=2020)
    request_closing(year, staff, confirm_pending=True)
    started = year.closing_started_at

    def render_taken_over_then_crashing(year_number, language="fr"):
        past = timezone.now() - datetime.timedelta(seconds=61)
        ReportingYear.objects.filter(pk=year.pk).update(lease_expires_at=past)
        assert recover_expired_leases() == 1
        assert ReportingYear.objects.get(pk=year.pk).claim_lease(Q(closing_started_at=started))
        raise RuntimeError("WeasyPrint s'est arrêté")

    monkeypatch.setattr(editions, "render_edition_files", render_taken_over_then_crashing)
    with pytest.raises(RuntimeError):
        close_reporting_year.call(year.pk, started.isoformat())

    after = ReportingYear.objects.get(pk=year.pk)
    assert after.is_closing
    assert after.closing_error == ""
    assert after.lease_token == 2


def test_a_closed_years_edition_is_not_rendered_again_by_the_command(dummy_tasks, administrator, monkeypatch):
    monkeypatch.setattr(editions, "render_edition_files", lambda year, language="fr": dict(FAKE_FILES))
    year = ReportingYear.objects.create(year=2020)
    request_closing(year, administrator, confirm_pending=True)
    close_reporting_year.call(year.pk, year.closing_started_at.isoformat())

    with pytest.raises(CommandError, match="L'année 2020 a déjà son édition \\(fr\\)"):
        call_command("store_edition", "2020", "--user", administrator.username)

    assert list(BilanEdition.objects.values_list("number", flat=True)) == [1]


def test_an_older_render_finishing_last_keeps_the_newer_datas_pdf(dummy_tasks):
    year = ReportingYear.objects.create(year=2020)
    older, _ = request_export(year, revision="older-data")
    assert older.start_rendering()
    newer, _ = request_export(year, revision="newer-data")
    assert newer.start_rendering()
    assert newer.mark_ready(tiny_pdf())

    assert older.mark_ready(tiny_pdf())

    assert BilanExport.objects.get(pk=newer.pk).status == BilanExport.Status.READY


def test_of_two_administrators_reopening_at_once_the_second_is_told_the_year_is_open(administrator):
    year = ReportingYear.objects.create(year=2020)
    year.close(administrator)
    first, second = ReportingYear.objects.get(pk=year.pk), ReportingYear.objects.get(pk=year.pk)

    first.reopen(administrator, "Correction du programme 11")
    with pytest.raises(ValidationError, match="L.année 2020 n.est pas clôturée."):
        second.reopen(administrator, "Correction du programme 10")

    assert list(YearReopening.objects.values_list("reason", flat=True)) == ["Correction du programme 11"]
