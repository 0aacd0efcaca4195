"""The front door on the 2020 demo data, in Chromium: every demo account lands on
its dashboard after logging in, sees the year's figures and reaches the bilan in
one click; the dashboard is accessible and fits a phone. The demo data is loaded
once for the module (`demo_site`): no test here uses `site` or `db`."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_PASSWORD
from tests.browser.pages import assert_accessible, assert_no_horizontal_scroll, log_in

# Each demo account, and what its dashboard offers beyond the figures.
ROLES = [
    ("admin", "#a-valider"),
    ("suivi", "#a-valider"),
    ("pf.cp2", "#renvoyes"),
    ("lecteur", None),
]


@pytest.mark.parametrize(("username", "own_block"), ROLES)
def test_each_role_lands_on_its_dashboard_and_reaches_the_bilan_in_one_click(
    demo_site, page, username, own_block
):
    log_in(page, demo_site, username, DEMO_PASSWORD)

    expect(page).to_have_url(demo_site + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord")
    # The 2020 figures of the published report: 6 299 participants, 53,3 % women.
    expect(page.locator('[data-figure="participants"]').first).to_have_text("6\u00a0299")
    expect(page.get_by_text("53,3\u00a0%").first).to_be_visible()
    if own_block:
        expect(page.locator(own_block)).to_be_visible()
    else:
        expect(page.get_by_role("link", name="Nouvelle session")).to_have_count(0)
        expect(page.locator("#a-valider")).to_have_count(0)

    page.locator("#bilan").get_by_role("link", name="Lire le bilan").click()
    expect(page).to_have_url(demo_site + "/reports/bilan/2020/")
    expect(page.get_by_text("Programme 11").first).to_be_visible()


@pytest.mark.parametrize("username", ["suivi", "pf.cp2", "lecteur"])
def test_the_dashboard_is_accessible(demo_page_as, username):
    page = demo_page_as(username)

    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord")
    assert_accessible(page)


@pytest.mark.parametrize("username", ["suivi", "pf.cp2", "lecteur"])
def test_the_dashboard_fits_a_phone(demo_site, mobile_page, page_as, username):
    page = page_as(demo_site, get_user_model().objects.get(username=username), on=mobile_page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord")
    assert_no_horizontal_scroll(page)


def test_the_session_form_fits_a_phone(demo_site, mobile_page, page_as):
    page = page_as(demo_site, get_user_model().objects.get(username="pf.cp2"), on=mobile_page)
    page.get_by_role("link", name="Nouvelle session").click()

    expect(page.get_by_role("button", name="Enregistrer et soumettre")).to_be_visible()
    assert_no_horizontal_scroll(page)


@pytest.mark.parametrize("username", ["suivi", "pf.cp2"])
def test_the_review_lists_fit_1366_pixels(demo_site, demo_page_as, username):
    page = demo_page_as(username)
    for model in ["trainings/session", "committees/meeting", "programmes/actionprogress"]:
        page.goto(f"{demo_site}/admin/{model}/")
        expect(page.locator("#changelist")).to_be_visible()
        assert_no_horizontal_scroll(page)
