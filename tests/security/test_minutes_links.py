"""Every link Django draws to stored minutes goes through the scoped view."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_stored_minutes_link_to_the_scoped_view_not_to_media(cp2_meeting):
    assert cp2_meeting.minutes.url.startswith("/committees/minutes/minutes/")
    assert "/media/" not in cp2_meeting.minutes.url


def test_the_admin_form_links_the_minutes_through_the_scoped_view(admin_client, cp2_meeting):
    page = admin_client.get(f"/admin/committees/meeting/{cp2_meeting.pk}/change/").content.decode()
    links = re.findall(r'href="([^"]*cr-cp2[^"]*)"', page)
    assert links and all(link.startswith("/committees/minutes/") for link in links)
    response = admin_client.get(links[0])
    assert response.status_code == 302
    assert response["Location"] == f"/committees/meetings/{cp2_meeting.pk}/minutes/"


def test_the_stored_link_answers_404_outside_the_users_scope(client, focal_cp4, focal_cp2, cp2_meeting):
    client.force_login(focal_cp4)
    assert client.get(cp2_meeting.minutes.url).status_code == 404
    client.force_login(focal_cp2)
    assert client.get(cp2_meeting.minutes.url, follow=True).status_code == 200
