"""A closing whose worker died is taken up again within a lease, like a PDF
render (reports.leases); a worker that lost its lease stores no edition."""

import datetime

import pytest
from django.db.models import Q
from django.utils import timezone
from django_tasks import default_task_backend

from reports import editions
from reports.closing import request_closing
from reports.closing_tasks import close_reporting_year
from reports.editions import ClosingSuperseded, store_edition
from reports.models import BilanEdition, ReportingYear
from reports.worker import recover_expired_leases

pytestmark = pytest.mark.django_db

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
FAKE_FILES = {"html": b"<html></html>", "pdf": b"%PDF-1.7", "xlsx": b"PK", "json": b"{}"}


@pytest.fixture
def closing_2020(settings, tmp_path, monkeypatch, staff):
    """2020 « clôture en cours », its task queued and not yet run."""
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = DUMMY_TASKS
    default_task_backend.clear()
    monkeypatch.setattr(editions, "render_edition_files", lambda year, language="fr": dict(FAKE_FILES))
    year = ReportingYear.objects.create(year=2020)
    request_closing(year, staff)
    default_task_backend.clear()
    return year


def claimed(year: ReportingYear) -> ReportingYear:
    """The year as a worker that claimed its closing holds it."""
    held = ReportingYear.objects.get(pk=year.pk)
    assert held.claim_lease(Q(closing_started_at=year.closing_started_at))
    return held


def worker_died(year: ReportingYear) -> None:
    past = timezone.now() - datetime.timedelta(seconds=61)
    ReportingYear.objects.filter(pk=year.pk).update(lease_expires_at=past, heartbeat_at=past)


def test_a_closing_whose_worker_died_is_queued_again(closing_2020):
    claimed(closing_2020)
    worker_died(closing_2020)

    assert recover_expired_leases() == 1

    year = ReportingYear.objects.get(pk=closing_2020.pk)
    assert year.is_closing
    assert year.lease_expires_at is None
    assert [r.args for r in default_task_backend.results] == [
        [closing_2020.pk, closing_2020.closing_started_at.isoformat()]
    ]


def test_a_live_closing_is_left_alone(closing_2020):
    claimed(closing_2020)

    assert recover_expired_leases() == 0
    assert default_task_backend.results == []


def test_a_worker_that_lost_its_lease_stores_no_edition(closing_2020, staff):
    stale = claimed(closing_2020)
    worker_died(closing_2020)
    recover_expired_leases()
    claimed(closing_2020)  # the worker taking it up

    with pytest.raises(ClosingSuperseded):
        store_edition(stale, staff, closing_started_at=closing_2020.closing_started_at)

    assert BilanEdition.objects.count() == 0
    assert ReportingYear.objects.get(pk=closing_2020.pk).is_closing


def test_the_task_taken_up_again_closes_the_year(closing_2020, staff):
    claimed(closing_2020)
    worker_died(closing_2020)
    recover_expired_leases()

    result = close_reporting_year.call(closing_2020.pk, closing_2020.closing_started_at.isoformat())

    year = ReportingYear.objects.get(pk=closing_2020.pk)
    assert result == "closed"
    assert year.is_closed
    assert year.lease_expires_at is None
    assert list(BilanEdition.objects.values_list("number", "closed_by__username")) == [(1, "suivi")]


def test_a_closing_that_kills_its_worker_every_time_leaves_the_year_open_with_the_reason(closing_2020):
    for _attempt in range(3):
        claimed(closing_2020)
        worker_died(closing_2020)
        recover_expired_leases()

    year = ReportingYear.objects.get(pk=closing_2020.pk)
    assert not year.is_closing
    assert not year.is_closed
    assert year.closing_error == (
        "La clôture a été interrompue 3 fois : le service de tâches de fond s'est arrêté en plein "
        "rendu (mémoire insuffisante ?). Relancez-la quand la cause est corrigée."
    )
