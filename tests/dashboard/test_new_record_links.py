"""« Nouvelle réunion » / « Nouvelle session » open the admin's add forms with
the focal point's only committee and their institution already chosen."""

import pytest

pytestmark = pytest.mark.django_db


def selected_options(html: str, name: str) -> str:
    start = html.index(f'name="{name}"')
    return html[start : html.index("</select>", start)]


def test_the_meeting_form_opens_with_the_committee_chosen(client_of, focal_cp2, cp2):
    client = client_of(focal_cp2)
    dashboard = client.get("/").content.decode()
    url = f"/admin/committees/meeting/add/?committee={cp2.pk}"
    assert f'href="{url}"' in dashboard

    response = client.get(url)

    assert response.status_code == 200
    assert f'<option value="{cp2.pk}" selected>CP2</option>' in selected_options(
        response.content.decode(), "committee"
    )


def test_the_session_form_opens_with_the_institution_among_organisers(client_of, focal_cp2, health_ministry):
    client = client_of(focal_cp2)
    url = f"/admin/trainings/session/add/?organisers={health_ministry.pk}"
    assert f'href="{url}"' in client.get("/").content.decode()

    response = client.get(url)

    assert response.status_code == 200
    assert f'<option value="{health_ministry.pk}" selected>' in selected_options(
        response.content.decode(), "organisers"
    )


def test_a_committee_outside_the_focal_points_is_not_preselected(client_of, focal_cp2, cp4):
    response = client_of(focal_cp2).get(f"/admin/committees/meeting/add/?committee={cp4.pk}")

    assert response.status_code == 200
    assert f'<option value="{cp4.pk}" selected>' not in response.content.decode()
