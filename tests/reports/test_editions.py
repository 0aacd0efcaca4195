"""A closed year is frozen: its edition is stored, served, kept and published.

Closing the demo year renders its PDF (seconds): it is done once for the
module (`closed_demo`), inside a transaction rolled back afterwards.
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test import Client, override_settings
from rest_framework.test import APIClient

from access.roles import Role
from programmes.models import Action, Institution, SpecificObjective
from reports.closing import request_closing
from reports.models import BilanEdition, ReportingYear
from tests.demo_snapshot import load_demo
from tests.factories import user_with_role
from tests.tasks import IMMEDIATE_TASKS

pytestmark = pytest.mark.django_db

URLS = ["/reports/bilan/2020/", "/reports/bilan/2020.pdf", "/reports/bilan/2020.xlsx", "/api/v1/stats/2020/"]


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@dataclass
class ClosedDemo:
    before: dict[str, tuple[int, str]]
    after: dict[str, tuple[int, str]]
    open_after_changes: dict[str, str]
    edition: BilanEdition
    stored: dict[str, bytes]
    state_while_closing: tuple[bool, bool]
    second_edition: BilanEdition
    editions_after_second_closing: list[tuple[int, str]]
    first_edition_download: tuple[int, str]
    anonymous: dict[str, int]
    published_anonymous: dict[str, tuple[int, str]]
    publications_page: str
    preview_csp: str


def fetch(client: Client, api: APIClient, url: str) -> tuple[int, str]:
    response = api.get(url) if url.startswith("/api/") else client.get(url)
    return response.status_code, sha256(body(response))


@pytest.fixture(scope="module")
def closed_demo(django_db_setup, django_db_blocker, tmp_path_factory) -> ClosedDemo:
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        transaction.atomic(),
        override_settings(TASKS=IMMEDIATE_TASKS, MEDIA_ROOT=media),
    ):
        name = str(connection.settings_dict["NAME"])
        assert Path(name).name.startswith("test"), f"not a test database: {name}"
        load_demo()
        staff = user_with_role("suivi-editions", Role.STAFF)
        administrator = user_with_role("admin-editions", Role.ADMINISTRATOR)
        client, api = Client(), APIClient()
        client.force_login(staff)
        api.force_authenticate(staff)
        year = ReportingYear.objects.get(year=2020)

        # The state the task sees while it renders.
        seen = {}
        from reports import editions

        render = editions.render_edition_files

        def spying(*args, **kwargs):
            frozen = ReportingYear.objects.get(year=2020)
            seen["state"] = (frozen.is_closing, ReportingYear.objects.is_closed(2020))
            return render(*args, **kwargs)

        editions.render_edition_files = spying
        try:
            request_closing(year, staff, confirm_pending=True)
        finally:
            editions.render_edition_files = render
        year.refresh_from_db()
        assert year.is_closed
        edition = BilanEdition.objects.select_related("closed_by", "year").get(year=year)
        stored = {kind: edition.read(kind) for kind in ("html", "pdf", "xlsx", "json")}
        before = {url: fetch(client, api, url) for url in URLS}
        preview_csp = client.get(URLS[0])["Content-Security-Policy"]

        # Reference data change under the closed year.
        iom = Institution.objects.get(acronym="OIM")
        iom.name = "Organisation renommée"
        iom.acronym = "ORN"
        iom.save()
        action = Action.objects.get(code="11.12")
        action.specific_objective = (
            SpecificObjective.objects.exclude(pk=action.specific_objective_id).order_by("number").first()
        )
        action.save()
        after = {url: fetch(client, api, url) for url in URLS}

        # Anonymous, before publication: nothing.
        anonymous_client = Client()
        download = "/publications/2020/fr/1/{}/"
        anonymous = {kind: anonymous_client.get(download.format(kind)).status_code for kind in stored}
        edition.publish(staff)
        published_anonymous = {
            kind: (response.status_code, sha256(body(response)))
            for kind in stored
            for response in [anonymous_client.get(download.format(kind))]
        }
        publications_page = anonymous_client.get("/publications/").content.decode()

        # Reopened, the year shows its data as they are now; closed again, edition 2.
        year.reopen(administrator, "Erratum")
        open_after_changes = {url: fetch(client, api, url)[1] for url in URLS[:1]}
        request_closing(year, staff, confirm_pending=True)
        second = BilanEdition.objects.get(year=year, number=2)
        kept = list(
            BilanEdition.objects.filter(year=year).order_by("number").values_list("number", "pdf_sha256")
        )
        first_download = fetch(client, api, "/publications/2020/fr/1/pdf/")
        transaction.set_rollback(True)
    return ClosedDemo(
        before=before,
        after=after,
        open_after_changes=open_after_changes,
        edition=edition,
        stored=stored,
        state_while_closing=seen["state"],
        second_edition=second,
        editions_after_second_closing=kept,
        first_edition_download=first_download,
        anonymous=anonymous,
        published_anonymous=published_anonymous,
        publications_page=publications_page,
        preview_csp=preview_csp,
    )


def test_the_year_is_frozen_while_its_edition_renders(closed_demo):
    assert closed_demo.state_while_closing == (True, True)


def test_the_edition_stores_each_file_with_its_sha256(closed_demo):
    edition = closed_demo.edition
    assert (edition.number, edition.language, edition.closed_by.username) == (1, "fr", "suivi-editions")
    for kind, content in closed_demo.stored.items():
        assert edition.sha256_of(kind) == sha256(content)
    assert closed_demo.stored["pdf"].startswith(b"%PDF-")
    assert closed_demo.stored["xlsx"].startswith(b"PK")
    assert b'"total"' in closed_demo.stored["json"]


def test_the_html_is_self_contained(closed_demo):
    html = closed_demo.stored["html"].decode()
    assert '<link rel="stylesheet"' not in html
    assert "/static/" not in html
    assert html.count("data:font/ttf;base64,") == 7
    assert html.count("<style>") == 1


def test_the_stored_html_may_use_its_inlined_fonts(closed_demo):
    assert "font-src 'self' data:" in closed_demo.preview_csp


def test_hostile_edition_urls_answer_404(client):
    for url in (
        "/publications/99999999999999999999/fr/1/pdf/",
        "/publications/2020/fr/99999999999999999999/pdf/",
        "/publications/2020/fr/1/exe/",
        "/publications/2020/xx-yyyyyyyyyyyyyyyyyyyy/1/pdf/",
    ):
        assert client.get(url).status_code == 404, url


def test_the_closing_checklist_is_recorded_on_the_edition(closed_demo):
    keys = [item["key"] for item in closed_demo.edition.checklist]
    assert "duplicates" in keys


def test_a_closed_year_serves_its_edition_byte_for_byte(closed_demo):
    stored = {kind: sha256(content) for kind, content in closed_demo.stored.items()}
    assert closed_demo.before["/reports/bilan/2020/"] == (200, stored["html"])
    assert closed_demo.before["/reports/bilan/2020.pdf"] == (200, stored["pdf"])
    assert closed_demo.before["/reports/bilan/2020.xlsx"] == (200, stored["xlsx"])
    assert closed_demo.before["/api/v1/stats/2020/"][0] == 200


def test_renaming_an_institution_and_moving_an_action_leave_a_closed_year_as_published(closed_demo):
    assert closed_demo.after == closed_demo.before


def test_a_reopened_year_shows_its_data_as_they_are_now(closed_demo):
    assert (
        closed_demo.open_after_changes["/reports/bilan/2020/"]
        != closed_demo.before["/reports/bilan/2020/"][1]
    )


def test_closing_again_makes_edition_2_and_keeps_edition_1(closed_demo):
    first, second = closed_demo.edition, closed_demo.second_edition
    assert closed_demo.editions_after_second_closing == [(1, first.pdf_sha256), (2, second.pdf_sha256)]
    assert closed_demo.first_edition_download == (200, first.pdf_sha256)
    # The renamed institution is in edition 2, not in edition 1.
    assert second.html_sha256 != first.html_sha256


def test_an_unpublished_edition_is_never_downloadable_anonymously(closed_demo):
    assert closed_demo.anonymous == {"html": 404, "pdf": 404, "xlsx": 404, "json": 404}


def test_a_published_edition_is_listed_and_downloadable_without_an_account(closed_demo):
    for kind, content in closed_demo.stored.items():
        assert closed_demo.published_anonymous[kind] == (200, sha256(content))
        assert closed_demo.edition.sha256_of(kind) in closed_demo.publications_page
    assert "Bilan 2020 — édition 1 (fr)" in closed_demo.publications_page
    assert "/publications/2020/fr/1/pdf/" in closed_demo.publications_page
