"""The PDF's pages: download when ready, otherwise ask and follow the render."""

import datetime

import pytest
from django.test import Client
from django_tasks import default_task_backend

from access.roles import Role
from reports.models import BilanExport
from reports.tasks import request_export
from tests.factories import ReportingYearFactory, user_with_role
from tests.tasks import IMMEDIATE_TASKS

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def media(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def user_client(client, db):
    client.force_login(user_with_role("agent", Role.READER))
    return client


def test_pdf_url_redirects_to_the_status_page_when_nothing_is_ready(user_client, settings, media):
    settings.TASKS = DUMMY_TASKS
    ReportingYearFactory(year=2020)

    response = user_client.get("/reports/bilan/2020.pdf")

    assert response.status_code == 302
    assert response["Location"] == "/reports/bilan/2020/export/"


def test_pdf_url_redirects_while_the_export_is_only_queued(user_client, settings, media):
    settings.TASKS = DUMMY_TASKS
    request_export(ReportingYearFactory(year=2020))

    response = user_client.get("/reports/bilan/2020.pdf")

    assert response.status_code == 302
    assert response["Location"] == "/reports/bilan/2020/export/"


def test_pdf_url_serves_the_ready_pdf(user_client, settings, media):
    settings.TASKS = IMMEDIATE_TASKS
    export, _ = request_export(ReportingYearFactory(year=2020))

    response = user_client.get("/reports/bilan/2020.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="bilan-programmatique-2020-version-de-travail.pdf"'
    )
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF")
    export.refresh_from_db()
    assert len(body) == export.size


def test_post_asks_for_generation_and_redirects_to_the_status_page(user_client, settings, media):
    settings.TASKS = DUMMY_TASKS
    default_task_backend.clear()
    ReportingYearFactory(year=2020)

    response = user_client.post("/reports/bilan/2020/export/")

    assert response.status_code == 302
    assert response["Location"] == "/reports/bilan/2020/export/"
    export = BilanExport.objects.get()
    assert export.status == BilanExport.Status.QUEUED
    assert export.requested_by.username == "agent"
    assert len(default_task_backend.results) == 1


def test_status_page_of_a_queued_export_refreshes_itself(user_client, settings, media):
    settings.TASKS = DUMMY_TASKS
    request_export(ReportingYearFactory(year=2020))

    response = user_client.get("/reports/bilan/2020/export/")

    content = response.content.decode()
    assert response.status_code == 200
    assert "En file d&#x27;attente" in content
    assert '<meta http-equiv="refresh" content="3">' in content
    assert "Générer le PDF" not in content


def test_status_page_without_export_offers_the_button_and_does_not_refresh(user_client, settings, media):
    settings.TASKS = DUMMY_TASKS
    ReportingYearFactory(year=2020)

    content = user_client.get("/reports/bilan/2020/export/").content.decode()

    assert "Aucun PDF n'a encore été généré" in content
    assert 'value="Générer le PDF"' in content
    assert 'http-equiv="refresh"' not in content


def test_status_page_of_a_ready_export_gives_date_and_size_in_french(user_client, settings, media):
    settings.TASKS = IMMEDIATE_TASKS
    export, _ = request_export(ReportingYearFactory(year=2020))
    # 13:05 UTC is 14:05 in Casablanca in March 2021.
    BilanExport.objects.filter(pk=export.pk).update(
        finished_at=datetime.datetime(2021, 3, 3, 13, 5, tzinfo=datetime.UTC), size=1_572_864, pages=42
    )

    content = user_client.get("/reports/bilan/2020/export/").content.decode()

    assert "Prêt" in content
    assert "Généré le 3 mars 2021 à 14:05 : 42 pages, 1,5\xa0Mio." in content
    # The stored PDF is the working version; the publishable one is made at closing.
    assert "Version de travail, marquée comme telle sur chaque page" in content
    assert "Le bilan à publier (PDF/A balisé) est établi à la clôture de l'année." in content
    assert 'href="/reports/bilan/2020.pdf"' in content
    assert 'http-equiv="refresh"' not in content


def test_status_page_of_a_failed_export_shows_the_reason(user_client, settings, media, monkeypatch):
    settings.TASKS = IMMEDIATE_TASKS

    def broken(version) -> bytes:
        raise RuntimeError("Mémoire insuffisante pour le rendu")

    monkeypatch.setattr("reports.working.WorkingVersion.render", broken)
    request_export(ReportingYearFactory(year=2020))

    content = user_client.get("/reports/bilan/2020/export/").content.decode()

    assert "Échec" in content
    assert "La génération a échoué : Mémoire insuffisante pour le rendu" in content
    assert 'value="Générer le PDF"' in content


@pytest.mark.parametrize("url", ["/reports/bilan/2020.pdf", "/reports/bilan/2020/export/"])
def test_pages_require_login(client, db, url):
    ReportingYearFactory(year=2020)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=")


def test_anonymous_post_asks_for_nothing(client, db, settings):
    settings.TASKS = DUMMY_TASKS
    ReportingYearFactory(year=2020)

    response = client.post("/reports/bilan/2020/export/")

    assert response.status_code == 302
    assert not BilanExport.objects.exists()


@pytest.mark.parametrize("url", ["/reports/bilan/2019.pdf", "/reports/bilan/2019/export/"])
def test_a_year_that_is_not_a_reporting_year_is_404(user_client, url):
    ReportingYearFactory(year=2020)

    assert user_client.get(url).status_code == 404


def test_post_without_csrf_token_is_refused(db, settings):
    settings.TASKS = DUMMY_TASKS
    ReportingYearFactory(year=2020)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user_with_role("lecteur", Role.READER))

    response = client.post("/reports/bilan/2020/export/")

    assert response.status_code == 403
    assert not BilanExport.objects.exists()


def test_the_status_page_form_carries_a_working_csrf_token(db, settings, media):
    settings.TASKS = DUMMY_TASKS
    ReportingYearFactory(year=2020)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user_with_role("lecteur", Role.READER))
    page = client.get("/reports/bilan/2020/export/")
    token = page.context["csrf_token"]

    response = client.post("/reports/bilan/2020/export/", {"csrfmiddlewaretoken": str(token)})

    assert response.status_code == 302
    assert BilanExport.objects.get().status == BilanExport.Status.QUEUED


def test_a_ready_export_whose_file_was_lost_is_marked_failed_not_a_500(user_client, settings, media):
    settings.TASKS = IMMEDIATE_TASKS
    export, _ = request_export(ReportingYearFactory(year=2020))
    export.refresh_from_db()
    (media / export.file.name).unlink()

    response = user_client.get("/reports/bilan/2020.pdf")

    assert response.status_code == 302
    assert response["Location"] == "/reports/bilan/2020/export/"
    export.refresh_from_db()
    assert export.status == BilanExport.Status.FAILED
    assert export.error == "Le fichier PDF enregistré est introuvable dans le stockage des fichiers."


def test_polling_a_render_under_way_does_not_render_the_years_html(user_client, settings, media, monkeypatch):
    settings.TASKS = DUMMY_TASKS
    request_export(ReportingYearFactory(year=2020))

    def too_costly(*args, **kwargs) -> str:
        raise AssertionError("the year's HTML was rendered again")

    monkeypatch.setattr("reports.pdf.render_bilan_html", too_costly)

    response = user_client.get("/reports/bilan/2020/export/")

    assert response.status_code == 200
    assert '<meta http-equiv="refresh" content="3">' in response.content.decode()


def test_an_abandoned_render_stops_refreshing_and_offers_the_button(user_client, settings, media):
    settings.TASKS = DUMMY_TASKS
    export, _ = request_export(ReportingYearFactory(year=2020))
    BilanExport.objects.filter(pk=export.pk).update(
        requested_at=datetime.datetime(2020, 12, 31, tzinfo=datetime.UTC)
    )

    content = user_client.get("/reports/bilan/2020/export/").content.decode()

    assert "En file d&#x27;attente" in content
    assert "le service de tâches de fond est sans doute arrêté" in content
    assert 'value="Générer le PDF"' in content
    assert 'http-equiv="refresh"' not in content
