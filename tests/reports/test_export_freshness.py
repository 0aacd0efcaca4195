"""An unchanged year's PDF is served without rendering any HTML: the status
page, the request and the download know from the year's revision (one SQL
query) whether the stored PDF is current, on the 2020 demo."""

import pytest
from django.core.files.base import ContentFile
from django.db.models import F
from django.test import Client
from django_tasks import default_task_backend

from access.roles import Role
from dashboard.bilan import pdf_state
from reports.exports import current_revision
from reports.models import BilanExport, ReportingYear
from tests.demo_snapshot import load_demo
from tests.factories import user_with_role
from trainings.models import Session

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
PDF = b"%PDF-1.7 bilan 2020"


@pytest.fixture
def no_html_render(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the year's HTML was rendered")

    monkeypatch.setattr("reports.pdf.render_bilan_html", refuse)


@pytest.fixture
def stored_pdf(db, settings, tmp_path) -> BilanExport:
    """The demo, and the PDF of its 2020 data as they are now, stored and ready."""
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = DUMMY_TASKS
    default_task_backend.clear()
    load_demo()
    export = BilanExport(
        year=ReportingYear.objects.get(year=2020),
        revision=current_revision(2020),
        fingerprint="f" * 64,
        status=BilanExport.Status.READY,
        size=len(PDF),
        pages=1,
    )
    export.file.save("bilan-programmatique-2020.pdf", ContentFile(PDF), save=False)
    export.save()
    return export


@pytest.fixture
def reader(db) -> Client:
    client = Client()
    client.force_login(user_with_role("lectrice", Role.READER))
    return client


def test_an_unchanged_year_is_downloaded_without_rendering(
    stored_pdf, reader, no_html_render, django_assert_num_queries
):
    # Session, user, their language, role; the year; the revision; the export, and
    # its year for the file's name.
    with django_assert_num_queries(8):
        response = reader.get("/reports/bilan/2020.pdf")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_the_status_page_of_an_unchanged_year_offers_its_pdf_without_rendering(
    stored_pdf, reader, no_html_render, django_assert_num_queries
):
    # Session, user, their language, role; the year; the revision; a pending render, the current
    # export, the latest ready one; the admin's permissions for its menu.
    with django_assert_num_queries(11):
        response = reader.get("/reports/bilan/2020/export/")

    content = response.content.decode()
    assert "Prêt" in content
    assert 'href="/reports/bilan/2020.pdf"' in content


def test_asking_again_for_an_unchanged_year_renders_and_enqueues_nothing(
    stored_pdf, reader, no_html_render, django_assert_num_queries
):
    # Session, user, their language, role; the year; the revision; in a savepoint, the export and
    # the conditional update that would queue it again were it failed or abandoned.
    with django_assert_num_queries(10):
        response = reader.post("/reports/bilan/2020/export/")

    assert response.status_code == 302
    assert list(BilanExport.objects.values_list("pk", "status")) == [
        (stored_pdf.pk, BilanExport.Status.READY)
    ]
    assert default_task_backend.results == []


def test_after_a_write_the_pdf_is_asked_for_again_still_without_rendering_in_the_request(
    stored_pdf, reader, no_html_render
):
    Session.objects.filter(year=2020).update(women=F("women") + 1)

    assert reader.get("/reports/bilan/2020.pdf")["Location"] == "/reports/bilan/2020/export/"
    assert "Générer le PDF" in reader.get("/reports/bilan/2020/export/").content.decode()
    reader.post("/reports/bilan/2020/export/")

    queued = BilanExport.objects.get(status=BilanExport.Status.QUEUED)
    assert queued.revision == current_revision(2020) != stored_pdf.revision
    assert [result.args for result in default_task_backend.results] == [[queued.pk]]


def test_the_dashboard_says_whether_the_latest_pdf_is_current(stored_pdf, no_html_render):
    year = stored_pdf.year
    BilanExport.objects.filter(pk=stored_pdf.pk).update(finished_at="2021-03-03T13:05:00Z")

    assert pdf_state(year) == "PDF à jour, produit le 3 mars 2021 à 14:05 (1 pages)."
    Session.objects.filter(year=2020).first().delete()
    assert pdf_state(year) == (
        "Dernier PDF produit le 3 mars 2021 à 14:05 (1 pages) ; les données ou la mise en page ont "
        "changé depuis : la page du PDF permet d'en demander un à jour."
    )
