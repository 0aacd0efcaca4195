"""Closing a year: the checklist, the confirmation, « clôture en cours », a failed
render and a closing whose worker died. The render itself is replaced by a fast
stand-in here (tests/reports/test_editions.py renders the real one)."""

import datetime
import io

import pytest
from django.contrib.messages import get_messages
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone
from rest_framework.test import APIClient

from access.models import ReviewState
from reports import editions
from reports.closing import closing_checklist, request_closing
from reports.closing_tasks import close_reporting_year
from reports.models import BilanEdition, ReportingYear, YearClosedError
from tests.admin import admin_url, visible_text
from tests.admin.conftest import logged_in
from tests.factories import InstitutionFactory, ProgrammeFactory, SessionFactory
from tests.tasks import IMMEDIATE_TASKS
from trainings.models import Session

pytestmark = pytest.mark.django_db

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
FAKE_FILES = {"html": b"<html></html>", "pdf": b"%PDF-1.7", "xlsx": b"PK", "json": b"{}"}


@pytest.fixture
def fast_render(monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(editions, "render_edition_files", lambda year, language="fr": dict(FAKE_FILES))


@pytest.fixture
def pending_2020(db):
    """A year with one of each pending item."""
    ProgrammeFactory(number=4, name="Emploi")
    oim = InstitutionFactory(acronym="OIM")
    for title in ("Formation A", "Formation B"):
        SessionFactory(title=title, women=17, men=10, review_state=ReviewState.VALIDATED).organisers.set(
            [oim]
        )
    SessionFactory(title="Atelier soumis", women=1, review_state=ReviewState.SUBMITTED)
    SessionFactory(title="Atelier brouillon", women=2, review_state=ReviewState.DRAFT)
    return ReportingYear.objects.get_or_create(year=2020)[0]


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_checklist_lists_submitted_records_drafts_duplicates_and_empty_programmes(pending_2020):
    assert closing_checklist(2020) == [
        {
            "key": "submitted",
            "label": "Éléments soumis, en attente de validation (ils ne figureront pas dans le bilan)",
            "entries": ["Session « Atelier soumis »"],
        },
        {
            "key": "drafts",
            "label": "Brouillons et éléments renvoyés (ils ne figureront pas dans le bilan)",
            "entries": ["Session « Atelier brouillon »"],
        },
        {
            "key": "duplicates",
            "label": "Doublons probables",
            "entries": ["2020 : « Formation A » ; « Formation B » (mêmes organisateurs et mêmes effectifs)"],
        },
        {
            "key": "empty_programmes",
            "label": "Programmes sans contenu pour l'année",
            "entries": ["Programme 4 : Emploi"],
        },
    ]


def test_closing_with_items_pending_asks_for_confirmation_then_records_them(
    pending_2020, staff, settings, fast_render
):
    settings.TASKS = DUMMY_TASKS
    client = logged_in(staff)
    url = f"/admin/reports/reportingyear/{pending_2020.pk}/cloturer/"

    page = visible_text(client.get(url))
    unconfirmed = client.post(url)
    pending_2020.refresh_from_db()
    assert "Liste de contrôle : points en attente" in page
    assert "Session « Atelier soumis »" in page
    assert "Je confirme la clôture malgré les points en attente" in page
    assert unconfirmed.status_code == 200
    assert "Des points restent en attente : confirmez la clôture malgré eux." in visible_text(unconfirmed)
    assert (pending_2020.is_closing, pending_2020.is_closed) == (False, False)

    confirmed = client.post(url, {"confirm": "on"})
    assert messages_of(confirmed) == [
        "Clôture de l'année 2020 en cours : son édition (HTML, PDF, classeur, chiffres) est en cours de "
        "rendu ; l'année sera clôturée dès qu'elle sera enregistrée."
    ]
    pending_2020.refresh_from_db()
    assert (pending_2020.is_closing, pending_2020.is_closed) == (True, False)
    assert "clôture en cours (demandée le" in visible_text(
        client.get(admin_url(ReportingYear, "change", pending_2020.pk))
    )

    close_reporting_year.call(pending_2020.pk, pending_2020.closing_started_at.isoformat())
    pending_2020.refresh_from_db()
    edition = BilanEdition.objects.get(year=pending_2020)
    assert (pending_2020.is_closed, pending_2020.closed_by, pending_2020.is_closing) == (True, staff, False)
    assert [item["key"] for item in edition.checklist] == [
        "submitted",
        "drafts",
        "duplicates",
        "empty_programmes",
    ]
    assert edition.html_sha256 == "b633a587c652d02386c4f16f8c6f6aab7352d97f16367c3c40576214372dd628"


def test_records_are_refused_while_the_year_is_being_closed(pending_2020, staff, settings):
    settings.TASKS = DUMMY_TASKS
    request_closing(pending_2020, staff, confirm_pending=True)
    session = Session.objects.get(title="Atelier brouillon")
    session.women = 5
    today = timezone.localtime().strftime("%d/%m/%Y")
    message = (
        f"Clôture en cours de l'année 2020, demandée le {today} par suivi : "
        "ses données ne peuvent plus être modifiées."
    )
    with pytest.raises(YearClosedError) as refused, transaction.atomic():
        session.save()
    assert refused.value.messages == [message]
    response = logged_in(staff).get(admin_url(Session, "change", session.pk))
    assert message in visible_text(response)


def test_a_failed_render_leaves_the_year_open_with_the_reason(staff, settings, monkeypatch, tmp_path):
    settings.TASKS = IMMEDIATE_TASKS
    settings.MEDIA_ROOT = tmp_path

    def broken(year, language="fr"):
        raise RuntimeError("Police introuvable")

    monkeypatch.setattr(editions, "render_edition_files", broken)
    year = ReportingYear.objects.get_or_create(year=2021)[0]

    request_closing(year, staff, confirm_pending=True)

    year.refresh_from_db()
    assert (year.is_closed, year.is_closing, year.closing_error) == (False, False, "Police introuvable")
    assert BilanEdition.objects.count() == 0
    page = visible_text(logged_in(staff).get(admin_url(ReportingYear, "change", year.pk)))
    assert "ouverte — la dernière clôture a échoué : Police introuvable" in page
    assert "Clôturer l'année…" in page


def test_a_closing_whose_worker_died_can_be_asked_again_and_the_old_run_stores_nothing(
    staff, settings, fast_render
):
    settings.TASKS = DUMMY_TASKS
    year = ReportingYear.objects.get_or_create(year=2021)[0]
    request_closing(year, staff, confirm_pending=True)
    with pytest.raises(Exception, match="La clôture de l'année 2021 est déjà en cours."):
        request_closing(year, staff, confirm_pending=True)
    dead = year.closing_started_at - datetime.timedelta(minutes=16)
    ReportingYear.objects.filter(pk=year.pk).update(closing_started_at=dead)
    year.refresh_from_db()
    assert "sans nouvelles du service de tâches de fond" in visible_text(
        logged_in(staff).get(admin_url(ReportingYear, "change", year.pk))
    )

    request_closing(year, staff, confirm_pending=True)

    assert close_reporting_year.call(year.pk, dead.isoformat()) == "superseded"
    assert BilanEdition.objects.count() == 0
    assert close_reporting_year.call(year.pk, year.closing_started_at.isoformat()) == "closed"
    assert BilanEdition.objects.get().number == 1


def test_the_api_close_action_goes_through_the_same_checklist(pending_2020, staff, settings, fast_render):
    settings.TASKS = DUMMY_TASKS
    api = APIClient()
    api.force_authenticate(staff)

    unconfirmed = api.post("/api/v1/years/2020/close/")
    confirmed = api.post("/api/v1/years/2020/close/", {"confirm": True}, format="json")
    again = api.post("/api/v1/years/2020/close/", {"confirm": True}, format="json")

    assert unconfirmed.status_code == 400
    assert unconfirmed.json()["detail"] == "Des points restent en attente : confirmez la clôture malgré eux."
    assert [item["key"] for item in unconfirmed.json()["checklist"]] == [
        "submitted",
        "drafts",
        "duplicates",
        "empty_programmes",
    ]
    assert confirmed.status_code == 202
    assert (confirmed.json()["is_closing"], confirmed.json()["is_closed"]) == (True, False)
    assert (again.status_code, again.json()) == (
        400,
        {"non_field_errors": ["La clôture de l'année 2020 est déjà en cours."]},
    )


def test_a_year_with_nothing_pending_closes_without_confirmation(staff, settings, fast_render):
    settings.TASKS = IMMEDIATE_TASKS
    year = ReportingYear.objects.get_or_create(year=2021)[0]

    request_closing(year, staff)

    year.refresh_from_db()
    assert year.is_closed
    assert BilanEdition.objects.get().checklist == []


def test_the_years_page_lists_its_editions_with_checksums_and_staff_publish_them(
    staff, reader, settings, fast_render
):
    settings.TASKS = IMMEDIATE_TASKS
    year = ReportingYear.objects.get_or_create(year=2021)[0]
    request_closing(year, staff)
    edition = BilanEdition.objects.get()
    client = logged_in(staff)
    page = visible_text(client.get(admin_url(ReportingYear, "change", year.pk)))
    publish_url = f"/admin/reports/reportingyear/{year.pk}/editions/{edition.pk}/publier/"
    before = APIClient().get("/publications/2021/fr/1/pdf/")
    by_reader = logged_in(reader).post(publish_url)

    published = client.post(publish_url)

    assert "Éditions du bilan" in page
    assert edition.pdf_sha256 in page and edition.figures_sha256 in page
    assert "non publiée · Publier…" in page
    assert before.status_code == 404
    assert messages_of(by_reader) == ["Vous ne pouvez pas publier une édition."]
    assert messages_of(published) == [
        "Bilan 2021 — édition 1 (fr) est publiée : elle est en ligne sur la page des publications."
    ]
    edition.refresh_from_db()
    assert (edition.is_published, edition.published_by) == (True, staff)
    download = APIClient().get("/publications/2021/fr/1/pdf/")
    assert (download.status_code, b"".join(download.streaming_content)) == (200, FAKE_FILES["pdf"])
    assert edition.pdf_sha256 in APIClient().get("/publications/").content.decode()


def test_unpublished_editions_download_for_mdcmre_and_readers_only(
    staff, reader, focal_cp2, settings, fast_render
):
    settings.TASKS = IMMEDIATE_TASKS
    request_closing(ReportingYear.objects.get_or_create(year=2021)[0], staff)
    url = "/publications/2021/fr/1/json/"

    statuses = {user.username: logged_in(user).get(url).status_code for user in (staff, reader, focal_cp2)}

    assert statuses == {"suivi": 200, "lecteur": 200, "pf.cp2": 404}
    assert APIClient().get(url).status_code == 404


def test_a_year_closed_before_editions_gets_one_without_being_reopened(staff, reader, fast_render):
    year = ReportingYear.objects.get_or_create(year=2019)[0]
    with pytest.raises(CommandError, match="L'année 2019 n'est pas clôturée."):
        call_command("store_edition", "2019", "--user", "suivi", stdout=io.StringIO())
    year.close(staff)
    with pytest.raises(CommandError, match="lecteur ne peut pas établir une édition."):
        call_command("store_edition", "2019", "--user", "lecteur", stdout=io.StringIO())

    call_command("store_edition", "2019", "--user", "suivi", stdout=io.StringIO())
    call_command("store_edition", "2019", "--user", "suivi", "--language", "ar", stdout=io.StringIO())

    assert list(BilanEdition.objects.order_by("language").values_list("language", "number")) == [
        ("ar", 1),
        ("fr", 1),
    ]
    assert ReportingYear.objects.get(year=2019).is_closed


def test_the_closing_page_speaks_french_down_to_its_cancel_link(pending_2020, staff, client):
    client.force_login(staff)

    page = client.get(admin_url(ReportingYear, "close", pending_2020.pk))

    assert page.status_code == 200
    assert ">Annuler</a>" in page.content.decode()
    assert "Cancel" not in page.content.decode()
