"""Pages on the 2020 demo data (loaders/demo_data.py), loaded once for the module:
its tests use `demo_site`, never `site` nor `db` (which would empty it)."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_PASSWORD
from tests.browser.pages import assert_accessible, assert_no_horizontal_scroll, log_in

# Each demo account, and the first name the header greets.
DEMO_ACCOUNTS = [
    ("suivi", "Salma"),
    ("pf.cp2", "Karim"),
    ("pf.cp4", "Nadia"),
    ("lecteur", "Youssef"),
]


@pytest.mark.parametrize(("username", "first_name"), DEMO_ACCOUNTS)
def test_each_demo_account_logs_in_with_the_demo_password(demo_site, page, username, first_name):
    log_in(page, demo_site, username, DEMO_PASSWORD)

    expect(page.locator("#user-tools strong")).to_have_text(first_name)


def test_the_years_session_list_is_accessible(demo_page_as):
    page = demo_page_as("suivi")
    page.goto(page.url + "admin/trainings/session/?year=2020")

    # The demo's 15 sessions of 2020.
    expect(page.locator("#result_list tbody tr")).to_have_count(15)
    assert_accessible(page)


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_the_bilan_preview_fits_a_phone_in_each_language(demo_site, mobile_page, page_as, language):
    # Staff's view: the list of acronyms, and the untranslated texts in Arabic and English.
    page = page_as(demo_site, get_user_model().objects.get(username="suivi"), on=mobile_page)
    page.goto(f"{demo_site}/reports/bilan/2020/?langue={language}")

    expect(page.locator("dl.acronym-list")).to_be_attached()
    assert_no_horizontal_scroll(page)
