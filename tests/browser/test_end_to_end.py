"""A reporting cycle clicked through in Chromium, in the French admin: a focal point
logs a meeting and a session and submits both, each in one step from its form;
staff validate the meeting and return the session with a comment; the focal
point reads the comment on their dashboard; staff generate the year's PDF from
the dashboard and download it."""

import io

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from access.models import ReviewState
from committees.models import Meeting
from tests.browser.pages import log_in, log_out, select_autocomplete, submit_for_review
from tests.factories import ReportingYearFactory
from tests.tasks import IMMEDIATE_TASKS
from trainings.models import Session

# tests/factories.py's password of every user.
PASSWORD = "Un mot de passe solide 2020"
SESSION_TITLE = "Formation des agents d'accueil à Oujda"
RETURN_COMMENT = "Indiquez la ville et les dates de la formation."
# The PDF renders inside the request that asks for it (no worker in the tests).


@pytest.fixture
def year_2020(site):
    return ReportingYearFactory(year=2020)


def add_from_admin_index(page: Page, site_url: str, model: str) -> None:
    """« Ajouter » on the model's row of the admin index."""
    page.goto(site_url + "/admin/")
    page.locator(f"tr.model-{model}").get_by_role("link", name="Ajouter").click()


def open_from_list(page: Page, site_url: str, list_path: str, name: str) -> None:
    page.goto(site_url + list_path)
    page.locator("#result_list").get_by_role("link", name=name).click()


def see_return_comment(page: Page, title: str, comment: str) -> None:
    """The focal point's dashboard, where they land on logging in, lists what was
    returned to them with the reviewer's comment."""
    returned = page.locator("#renvoyes")
    expect(returned.get_by_role("link", name=title)).to_be_visible()
    expect(returned.locator(".snia-comment")).to_have_text(comment)


def test_a_reporting_cycle_from_entry_to_the_pdf(page, site, focal_cp2, staff, year_2020, settings):
    settings.TASKS = IMMEDIATE_TASKS

    # The focal point logs a meeting of their committee and submits it.
    log_in(page, site, "pf.cp2", PASSWORD)
    add_from_admin_index(page, site, "meeting")
    select_autocomplete(page, "committee", "CP2", "CP2")
    page.locator("#id_date").fill("15/03/2020")
    page.get_by_label("Modalité").select_option(label="En ligne")
    submit_for_review(page)

    # … and a session their institution organised, submitted too.
    add_from_admin_index(page, site, "session")
    page.get_by_label("Type").select_option(value=Session.Kind.TRAINING)
    page.get_by_label("Intitulé").fill(SESSION_TITLE)
    page.get_by_label("Année").fill("2020")
    select_autocomplete(page, "organisers", "Santé", "Ministère de la Santé")
    page.get_by_label("Femmes").fill("12")
    page.get_by_label("Hommes").fill("8")
    submit_for_review(page)
    log_out(page)

    # Staff validate the meeting and return the session with a comment.
    log_in(page, site, "suivi", PASSWORD)
    open_from_list(page, site, "/admin/committees/meeting/", "15 mars 2020")
    page.get_by_role("button", name="Enregistrer et valider").click()
    validated = "« CP2 — 15/03/2020 » a été enregistré et validé."
    expect(page.locator(".messagelist .success")).to_contain_text(validated)
    open_from_list(page, site, "/admin/trainings/session/", SESSION_TITLE)
    page.get_by_role("button", name="Enregistrer et renvoyer à l'auteur…").click()
    page.get_by_label("Commentaire pour l'auteur").fill(RETURN_COMMENT)
    page.get_by_role("button", name="Renvoyer à l'auteur").click()
    returned = f"« {SESSION_TITLE} » a été renvoyé à son auteur."
    expect(page.locator(".messagelist .success")).to_contain_text(returned)
    log_out(page)

    meeting, session = Meeting.objects.get(), Session.objects.get()
    assert (meeting.review_state, meeting.author.username) == (ReviewState.VALIDATED, "pf.cp2")
    assert (session.review_state, session.women, session.men) == (ReviewState.RETURNED, 12, 8)

    # The focal point reads the reviewer's comment.
    log_in(page, site, "pf.cp2", PASSWORD)
    expect(page).to_have_url(site + "/")
    see_return_comment(page, SESSION_TITLE, RETURN_COMMENT)
    log_out(page)

    # Staff generate the year's PDF and download it.
    log_in(page, site, "suivi", PASSWORD)
    page.locator("#bilan").get_by_role("link", name="Le PDF du bilan").click()
    page.get_by_role("button", name="Générer le PDF").click()
    expect(page.locator(".export-status")).to_contain_text("Prêt")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger le PDF").click()
    download = download_info.value
    assert download.suggested_filename == "bilan-programmatique-2020-version-de-travail.pdf"
    content = open(download.path(), "rb").read()
    assert content.startswith(b"%PDF-")
    text = " ".join(pdf_page.extract_text() for pdf_page in PdfReader(io.BytesIO(content)).pages)
    # A date never breaks: no-break spaces inside it (reports.typography).
    assert "15\xa0mars\xa02020" in text
