"""The editing rule: a focal point changes, submits and deletes the drafts and
returned records authored within their own institution; the focal points of a
co-organising institution read them; MDCMRE staff hand a record to another
author. One function decides (access.rules.can_change): admin, API, bulk
actions and imports obey it alike."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from rest_framework.test import APIClient

from access.roles import Role
from access.rules import can_change
from committees.models import FocalPoint
from tests.admin import admin_url, visible_text
from tests.factories import SessionFactory, user_with_role
from trainings.models import Session

pytestmark = pytest.mark.django_db

CO_ORGANISER_NOTICE = (
    "Cet élément a été saisi par une autre institution (OIM) : vous pouvez le consulter, "
    "seuls ses points focaux le modifient."
)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def shared_draft(focal_cp4, iom, health_ministry) -> Session:
    """A draft written by pf.cp4 (OIM), co-organised with the Ministère de la Santé (pf.cp2)."""
    session = SessionFactory(title="Atelier conjoint", author=focal_cp4)
    session.organisers.set([iom, health_ministry])
    return session


def test_the_authors_institution_is_stored_when_the_record_is_created(shared_draft, iom):
    assert shared_draft.author_institution == iom


def test_a_co_organising_focal_point_reads_but_cannot_change_in_the_admin(focal_cp2, shared_draft):
    client = logged_in(focal_cp2)

    page = client.get(admin_url(Session, "change", shared_draft.pk))
    changed = client.post(admin_url(Session, "change", shared_draft.pk), {"title": "Changé"})
    delete_page = client.get(admin_url(Session, "delete", shared_draft.pk))
    deleted = client.post(admin_url(Session, "delete", shared_draft.pk), {"post": "yes"})
    submitted = client.post(f"/admin/trainings/session/{shared_draft.pk}/validation/soumettre/")

    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert CO_ORGANISER_NOTICE in visible_text(page)
    assert (changed.status_code, delete_page.status_code, deleted.status_code) == (403, 403, 403)
    assert messages_of(submitted) == ["Vous ne pouvez pas soumettre cet élément."]
    shared_draft.refresh_from_db()
    assert (shared_draft.title, shared_draft.review_state) == ("Atelier conjoint", "draft")


def test_a_co_organising_focal_point_cannot_submit_it_in_bulk(focal_cp2, shared_draft):
    response = logged_in(focal_cp2).post(
        admin_url(Session, "changelist"),
        {"action": "submit_selected", "_selected_action": [str(shared_draft.pk)]},
    )

    assert messages_of(response) == [
        "Refusé pour « Atelier conjoint » : Vous ne pouvez pas soumettre cet élément."
    ]
    shared_draft.refresh_from_db()
    assert shared_draft.review_state == "draft"


def test_a_co_organising_focal_point_reads_but_cannot_change_through_the_api(focal_cp2, shared_draft):
    client = api_for(focal_cp2)
    url = f"/api/v1/sessions/{shared_draft.pk}/"

    read = client.get(url)
    patched = client.patch(url, {"title": "Changé", "version": shared_draft.version}, format="json")
    submitted = client.post(f"{url}submit/")
    deleted = client.delete(url)

    assert (read.status_code, read.json()["title"]) == (200, "Atelier conjoint")
    assert (patched.status_code, patched.json()) == (403, {"detail": CO_ORGANISER_NOTICE})
    assert (submitted.status_code, submitted.json()) == (
        403,
        {"detail": "Vous ne pouvez pas soumettre cet élément."},
    )
    assert (deleted.status_code, deleted.json()) == (403, {"detail": CO_ORGANISER_NOTICE})
    assert Session.objects.get(pk=shared_draft.pk).title == "Atelier conjoint"


def test_the_author_and_a_successor_in_their_institution_change_it(focal_cp4, shared_draft, iom, cp4):
    successor = user_with_role("pf.cp4.bis", Role.FOCAL_POINT)
    FocalPoint.objects.create(user=successor, institution=iom).committees.set([cp4])

    assert can_change(focal_cp4, shared_draft) is True
    assert can_change(successor, shared_draft) is True
    response = api_for(successor).patch(
        f"/api/v1/sessions/{shared_draft.pk}/",
        {"city": "Tanger", "version": shared_draft.version},
        format="json",
    )
    assert response.status_code == 200


def test_the_rule_survives_the_author_moving_to_another_institution(focal_cp4, shared_draft, health_ministry):
    # pf.cp4 now represents the Ministère de la Santé: the draft stays the OIM's.
    FocalPoint.objects.filter(user=focal_cp4).update(institution=health_ministry)
    moved = type(focal_cp4).objects.get(pk=focal_cp4.pk)

    assert can_change(moved, shared_draft) is False


def test_a_record_without_an_author_institution_is_mdcmres_until_handed_over(
    focal_cp2, staff, health_ministry
):
    imported = SessionFactory(title="Importée")
    imported.organisers.set([health_ministry])

    assert can_change(focal_cp2, imported) is False
    assert can_change(staff, imported) is True
    imported.hand_over(staff, focal_cp2)
    assert can_change(focal_cp2, imported) is True


def test_staff_hand_a_record_over_to_a_successor_and_history_keeps_it(
    staff, focal_cp2, focal_cp4, shared_draft
):
    client = logged_in(staff)
    url = f"/admin/trainings/session/{shared_draft.pk}/auteur/"

    page = client.get(admin_url(Session, "change", shared_draft.pk))
    form = client.get(url)
    response = client.post(url, {"author": str(focal_cp2.pk)})

    assert f'href="{url}"' in page.content.decode()
    # Who may reach the record: MDCMRE and the focal points of its organisers.
    assert [user.username for user in form.context["form"].fields["author"].queryset] == [
        "pf.cp2",
        "pf.cp4",
        "suivi",
    ]
    assert (response.status_code, response["Location"]) == (
        302,
        admin_url(Session, "change", shared_draft.pk),
    )
    assert messages_of(response) == ["« Atelier conjoint » a maintenant pour auteur pf.cp2."]
    shared_draft.refresh_from_db()
    assert (shared_draft.author, shared_draft.author_institution.name) == (focal_cp2, "Ministère de la Santé")
    latest = shared_draft.history.first()
    assert (latest.history_user, latest.author_id, latest.author_institution.name) == (
        staff,
        focal_cp2.pk,
        "Ministère de la Santé",
    )
    assert can_change(focal_cp2, shared_draft) is True
    assert can_change(focal_cp4, shared_draft) is False


def test_a_record_is_handed_only_to_someone_who_may_reach_it(staff, reader, focal_cp2, shared_draft):
    outsider = user_with_role("pf.autre", Role.FOCAL_POINT)
    url = f"/admin/trainings/session/{shared_draft.pk}/auteur/"

    for user in (reader, outsider):
        response = logged_in(staff).post(url, {"author": str(user.pk)})
        assert response.status_code == 200
        assert response.context["form"].errors == {
            "author": ["Sélectionnez un choix valide. Ce choix ne fait pas partie de ceux disponibles."]
        }
    shared_draft.refresh_from_db()
    assert shared_draft.author.username == "pf.cp4"


def test_only_mdcmre_staff_hand_a_record_over(focal_cp4, focal_cp2, shared_draft):
    response = logged_in(focal_cp4).post(
        f"/admin/trainings/session/{shared_draft.pk}/auteur/", {"author": str(focal_cp2.pk)}
    )

    assert response.status_code == 403
    shared_draft.refresh_from_db()
    assert shared_draft.author.username == "pf.cp4"


def test_a_session_posted_through_the_api_is_authored_within_the_callers_institution(focal_cp4, iom):
    response = api_for(focal_cp4).post(
        "/api/v1/sessions/",
        {"kind": "training", "title": "Formation OIM", "year": 2020, "organisers": [iom.pk]},
        format="json",
    )

    assert response.status_code == 201
    assert Session.objects.get(title="Formation OIM").author_institution == iom
