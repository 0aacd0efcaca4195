"""The domain lists show 50 rows a page (adminsite.base.ScopedAdminMixin), with
the pages and « Tout afficher » to see more: at ten times the demo data, 100-row
pages saturated the server under load (README, « Load »)."""

import re

import pytest

from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db
ROW = re.compile(r'<input type="checkbox" name="_selected_action"')


def test_a_list_shows_fifty_rows_then_the_next_page_and_all_on_request(client, staff):
    SessionFactory.create_batch(51)
    client.force_login(staff)

    first = client.get("/admin/trainings/session/")
    second = client.get("/admin/trainings/session/?p=2")
    everything = client.get("/admin/trainings/session/?all=")

    assert first.status_code == second.status_code == everything.status_code == 200
    assert [len(ROW.findall(page.content.decode())) for page in (first, second, everything)] == [50, 1, 51]
    assert "Tout afficher" in first.content.decode()
