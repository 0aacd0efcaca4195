"""Arabic lays out right to left, in Chromium: the dashboard and an admin change
form, checked from where the browser puts things (the admin's sidebar and a
form's labels on the right), with a screenshot of each kept under
test-results/ for a person to look at."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from accounts.models import UserProfile
from tests.factories import ProgrammeFactory


def in_arabic(user) -> None:
    profile = UserProfile.of(user)
    profile.language = "ar"
    profile.save()


def centre(page: Page) -> float:
    return page.viewport_size["width"] / 2


def box(page: Page, selector: str) -> dict:
    element = page.locator(selector).first
    expect(element).to_be_visible()
    return element.bounding_box()


def screenshot(page: Page, output_path: str, name: str) -> None:
    folder = Path(output_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=folder / name, full_page=True)


@pytest.fixture
def arabic_staff_page(site, staff, page_as) -> Page:
    in_arabic(staff)
    return page_as(site, staff)


def test_the_dashboard_reads_right_to_left(arabic_staff_page, output_path):
    page = arabic_staff_page

    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    screenshot(page, output_path, "dashboard-ar.png")
    # The header starts on the right with the site's name and ends on the left with the switch.
    name, tools, switch = box(page, "#site-name"), box(page, "#user-tools"), box(page, ".language-switch")
    assert name["x"] + name["width"] > centre(page) > switch["x"]
    assert name["x"] > tools["x"] > switch["x"]
    # The main navigation's first link (« Tableau de bord ») is the rightmost.
    links = page.locator(".snia-nav a")
    assert links.nth(0).bounding_box()["x"] > links.nth(1).bounding_box()["x"]
    heading = box(page, "h1")
    assert heading["x"] + heading["width"] > centre(page)
    # Charts are mirrored: a bar's label on the right, its value (past the bar) on the left.
    bar = page.locator(".snia-bar").first
    assert (
        bar.locator(".snia-bar-label").bounding_box()["x"]
        > bar.locator(".snia-bar-value").bounding_box()["x"]
    )
    # Django's own strings are in Arabic already (« تسجيل الخروج »: Log out).
    expect(page.locator("#logout-form button")).to_have_text("تسجيل الخروج")

    page.goto(page.url + "aide/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    screenshot(page, output_path, "help-ar.png")
    heading = box(page, "h1")
    assert heading["x"] + heading["width"] > centre(page)


def test_an_admin_change_form_reads_right_to_left(site, staff, arabic_staff_page, output_path):
    page = arabic_staff_page
    programme = ProgrammeFactory(number=11)

    page.goto(f"{site}/admin/programmes/programme/{programme.pk}/change/")

    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    screenshot(page, output_path, "change-form-ar.png")
    sidebar = box(page, "#nav-sidebar")
    assert sidebar["x"] > centre(page)
    label, field = box(page, "label[for=id_number]"), box(page, "#id_number")
    assert label["x"] > field["x"]
    assert label["x"] > centre(page)


def test_the_switch_turns_the_page_right_to_left_and_back(site, staff, page_as):
    page = page_as(site, staff)
    expect(page.locator("html")).to_have_attribute("dir", "ltr")

    page.locator(".language-switch").get_by_role("button", name="العربية").click()

    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page).to_have_url(site + "/")
    page.locator(".language-switch").get_by_role("button", name="Français").click()
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    assert UserProfile.of(staff).language == "fr"


def test_the_login_page_switches_to_arabic_before_logging_in(site, page, output_path):
    page.goto(site + "/admin/login/")

    page.locator(".language-switch").get_by_role("button", name="العربية").click()

    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page).to_have_url(site + "/admin/login/")
    screenshot(page, output_path, "login-ar.png")
    # Django's own label, in Arabic: « اسم المستخدم » (Username), beside its field on the right.
    label, field = box(page, "label[for=id_username]"), box(page, "#id_username")
    expect(page.locator("label[for=id_username]")).to_contain_text("اسم المستخدم")
    assert label["x"] + label["width"] >= field["x"] + field["width"] - 1
    # The switch fits the login box's header, under the site's name.
    header, switch = box(page, "#header"), box(page, ".language-switch")
    assert header["x"] <= switch["x"] and switch["x"] + switch["width"] <= header["x"] + header["width"]
    assert switch["y"] > box(page, "#site-name")["y"]
