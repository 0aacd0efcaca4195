"""axe-core (Deque's accessibility engine) on our pages: no serious or critical
violation. The rules left out, and why, are in tests/browser/pages.py."""

from tests.browser.pages import assert_accessible
from tests.factories import SessionFactory


def test_the_login_page(site, page):
    page.goto(site + "/admin/login/")

    assert_accessible(page)


def test_a_list(site, staff_page, health_ministry):
    for title in ["Formation des travailleurs sociaux", "Atelier régional sur l'asile"]:
        SessionFactory(title=title, women=4, men=6).organisers.set([health_ministry])
    staff_page.goto(site + "/admin/trainings/session/")

    assert_accessible(staff_page)


def test_a_form(site, focal_page, health_ministry):
    session = SessionFactory(title="Formation des travailleurs sociaux")
    session.organisers.set([health_ministry])
    focal_page.goto(site + f"/admin/trainings/session/{session.pk}/change/")

    assert_accessible(focal_page)
