"""The 2020 demo on the dashboard: the figures of the bilan's excerpt
(../shared/reference/bilan-2020-extrait.md, summed by hand, and README),
French-formatted, for every role, and the bilan one click away."""

import re

import pytest
from django.test import Client

from access.roles import Role
from tests.demo_snapshot import load_demo
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"  # Django's French thousands separator, and the space before « % ».


@pytest.fixture(scope="module")
def demo_pages(django_db_setup, django_db_blocker):
    """The dashboard of each role on the 2020 demo, rendered once for the module."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        pages = {}
        for username, role in (
            ("lectrice", Role.READER),
            ("chargee", Role.STAFF),
            ("admin2", Role.ADMINISTRATOR),
        ):
            client = Client()
            client.force_login(user_with_role(username, role))
            response = client.get("/")
            pages[role] = (response.status_code, response.content.decode())
        transaction.set_rollback(True)
    return pages


def text_of(html: str) -> str:
    return re.sub(r"[ \t\n]+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("role", [Role.READER, Role.STAFF, Role.ADMINISTRATOR])
def test_demo_2020_figures_are_the_excerpts(demo_pages, role):
    status, html = demo_pages[role]
    text = text_of(html)

    assert status == 200
    # The latest year with validated records is shown without asking.
    assert '<option value="2020" selected>' in html
    assert f'<dd data-figure="participants">6{NBSP}299</dd>' in html
    assert f'<dd data-figure="women">3{NBSP}280</dd>' in html
    assert f'<dd data-figure="men">2{NBSP}879</dd>' in html
    assert '<dd data-figure="unrecorded">140</dd>' in html
    assert '<dd data-figure="sessions">15</dd>' in html
    assert "18 réunions tenues et validées." in text
    # 3280 / (3280 + 2879) = 53,26 %.
    assert f'<p class="snia-big" data-figure="women-share">53,3{NBSP}%</p>' in html
    assert f"3{NBSP}280 femmes parmi les 6{NBSP}159 participants dont le sexe est renseigné." in text


def test_demo_committees_show_meetings_held_and_no_target(demo_pages):
    _status, html = demo_pages[Role.READER]
    text = text_of(html)

    # The 2020 report gives no target (« au moins 3 » meetings each): the demo
    # sets none, so nobody is « en retard » and no ratio is drawn.
    assert "En retard" not in text
    assert (
        "Réunions tenues par comité Comité Tenues Commission 1 CT 3 CoPil 2 CP1 3 CP2 3 CP3 3 CP4 3" in text
    )
    assert "Objectif" not in text and "non fixé" not in text
    assert " / " not in text.split("Réunions des comités en 2020")[1].split("Sessions et participants")[0]


def test_demo_programme_11_row(demo_pages):
    _status, html = demo_pages[Role.READER]

    assert (
        f'<th scope="row">11. Gouvernance et communication</th><td>15</td><td>3{NBSP}280</td>'
        f"<td>2{NBSP}879</td><td>140</td><td>6{NBSP}299</td>"
    ) in html


def test_the_bilan_is_one_click_away(demo_pages):
    _status, html = demo_pages[Role.READER]

    assert 'href="/reports/bilan/2020/"' in html
    assert 'href="/reports/bilan/2020.xlsx"' in html
    assert 'href="/reports/bilan/2020/export/"' in html
    assert "Aucun PDF produit pour cette année" in html
