"""A phone's window, 390 px wide: the pages fit it, and a session can be logged from it."""

from playwright.sync_api import expect

from tests.browser.pages import assert_no_horizontal_scroll, select_autocomplete
from trainings.models import Session


def test_the_login_page_fits_a_phone(site, mobile_page):
    mobile_page.goto(site + "/admin/login/")

    expect(mobile_page.get_by_role("button", name="Connexion")).to_be_in_viewport()
    assert_no_horizontal_scroll(mobile_page)


def test_the_admin_index_fits_a_phone(site, focal_cp2, mobile_page, page_as):
    page_as(site, focal_cp2, on=mobile_page)
    mobile_page.goto(site + "/admin/")

    expect(mobile_page.locator("tr.model-session")).to_be_visible()
    assert_no_horizontal_scroll(mobile_page)


def test_a_focal_point_logs_a_session_from_a_phone(site, focal_cp2, mobile_page, page_as):
    page = page_as(site, focal_cp2, on=mobile_page)
    page.goto(site + "/admin/trainings/session/add/")

    # Every field the form needs is within the window's width, and works by touch.
    for field in ["kind", "title", "year", "women", "men"]:
        box = page.locator(f"#id_{field}").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (field, box)
    page.locator("#id_kind").select_option(value=Session.Kind.TRAINING)
    page.locator("#id_title").tap()
    page.locator("#id_title").fill("Atelier sur l'accueil des migrants")
    page.locator("#id_year").fill("2020")
    select_autocomplete(page, "organisers", "Santé", "Ministère de la Santé")
    page.locator("#id_women").fill("5")
    page.locator("#id_men").fill("3")
    page.get_by_role("button", name="Enregistrer", exact=True).tap()

    expect(page.locator(".messagelist .success")).to_contain_text("a été ajouté")
    session = Session.objects.get()
    assert (session.title, session.year, session.total, session.author) == (
        "Atelier sur l'accueil des migrants",
        2020,
        8,
        focal_cp2,
    )
