"""Every admin change leaves a history row (who, when, which fields, before
and after) shown on the history page; deleted sessions and meetings wait in
the trash, from which MDCMRE staff restore them."""

import datetime

import pytest
from django.contrib.messages import get_messages

from access.models import ReviewState
from committees.models import Meeting
from reports.models import ReportingYear
from tests.admin import admin_url, visible_text
from tests.factories import InstitutionFactory, MeetingFactory, SessionFactory
from trainings.models import Session


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def session_data(session: Session, client, **changes) -> dict:
    session.refresh_from_db()
    form = client.get(admin_url(Session, "change", session.pk)).context["adminform"].form
    data = {
        "kind": session.kind,
        "title": session.title,
        "year": str(session.year),
        "women": str(session.women),
        "men": str(session.men),
        "unrecorded": str(session.unrecorded),
        "organisers": [str(pk) for pk in session.organisers.values_list("pk", flat=True)],
        "version": form["version"].value(),
    }
    return {**data, **changes}


@pytest.fixture
def session(health_ministry) -> Session:
    session = SessionFactory(title="Formation ENSA", women=30, men=18)
    session.organisers.add(health_ministry)
    return session


def test_every_admin_change_writes_a_history_row_with_its_author(staff_client, session):
    rows_before = session.history.count()

    staff_client.post(
        admin_url(Session, "change", session.pk), session_data(session, staff_client, women="31")
    )

    assert session.history.count() == rows_before + 1
    latest = session.history.first()
    assert (latest.history_type, latest.history_user.username, latest.women) == ("~", "suivi", 31)


def test_history_page_shows_who_and_each_changed_field_before_and_after(staff_client, session, iom):
    staff_client.post(
        admin_url(Session, "change", session.pk),
        session_data(session, staff_client, women="31", title="Formation des étudiants ENSA"),
    )
    staff_client.post(
        admin_url(Session, "change", session.pk),
        session_data(session, staff_client, organisers=[str(session.organisers.get().pk), str(iom.pk)]),
    )
    staff_client.post(f"/admin/trainings/session/{session.pk}/validation/soumettre/")

    text = visible_text(staff_client.get(admin_url(Session, "history", session.pk)))

    assert "Historique : Formation des étudiants ENSA" in text
    assert "Intitulé : Formation ENSA → Formation des étudiants ENSA" in text
    assert "Femmes : 30 → 31" in text
    assert "Institutions organisatrices : [Ministère de la Santé] → [Ministère de la Santé, OIM]" in text
    assert "État de validation : Brouillon → Soumis pour validation" in text
    assert "Modifié suivi" in text
    # The version counter is bookkeeping, not a change anyone made.
    assert "Version :" not in text


def test_history_of_an_out_of_scope_record_is_refused_to_a_focal_point(focal_client, cp4):
    meeting = MeetingFactory(committee=cp4)
    record = meeting.history.first()

    listing = focal_client.get(admin_url(Meeting, "history", meeting.pk))
    version = focal_client.get(f"/admin/committees/meeting/{meeting.pk}/history/{record.history_id}/")

    assert (listing.status_code, listing["Location"]) == (302, "/admin/")
    assert (version.status_code, version["Location"]) == (302, "/admin/")


def test_a_past_version_can_be_seen_but_not_reverted(staff_client, session):
    record = session.history.first()
    url = f"/admin/trainings/session/{session.pk}/history/{record.history_id}/"

    seen = staff_client.get(url)
    reverted = staff_client.post(url, {"title": "Autre"})

    assert seen.status_code == 200
    assert reverted.status_code == 405
    assert staff_client.get(f"/admin/trainings/session/{session.pk}/history/abc/").status_code == 404


def test_deleted_session_waits_in_the_trash_and_is_restored_with_its_links(staff_client, session, iom):
    session.organisers.add(iom)
    pk = session.pk
    staff_client.post(admin_url(Session, "delete", pk), {"post": "yes"})
    assert not Session.objects.filter(pk=pk).exists()

    trash = staff_client.get("/admin/reports/reportingyear/suivi/corbeille/")
    record = Session.history.get(id=pk, history_type="-")
    assert "Formation ENSA 2020" in visible_text(trash)
    assert (
        f'action="/admin/reports/reportingyear/suivi/corbeille/session/{record.history_id}/restaurer/"'
        in (trash.content.decode())
    )

    response = staff_client.post(
        f"/admin/reports/reportingyear/suivi/corbeille/session/{record.history_id}/restaurer/"
    )

    assert (response.status_code, response["Location"]) == (302, admin_url(Session, "change", pk))
    assert messages_of(response) == ["« Formation ENSA » a été restauré."]
    restored = Session.objects.get(pk=pk)
    assert (restored.total, sorted(str(i) for i in restored.organisers.all())) == (
        48,
        ["Ministère de la Santé", "OIM"],
    )
    assert restored.history.first().history_change_reason == "Restauré depuis la corbeille"
    staff_client.get(response["Location"])  # shows, and so clears, the message
    trash = visible_text(staff_client.get("/admin/reports/reportingyear/suivi/corbeille/"))
    assert "Formation ENSA" not in trash
    assert "Sessions et événements Aucun élément supprimé." in trash


def test_deleted_meeting_is_restored_with_its_participants_and_review_state(staff_client, cp2):
    meeting = MeetingFactory(
        committee=cp2, date=datetime.date(2020, 6, 25), review_state=ReviewState.VALIDATED
    )
    meeting.participants.add(InstitutionFactory(name="UNHCR"))
    pk = meeting.pk
    meeting.delete()
    record = Meeting.history.get(id=pk, history_type="-")

    trash = staff_client.get("/admin/reports/reportingyear/suivi/corbeille/")
    staff_client.post(f"/admin/reports/reportingyear/suivi/corbeille/reunion/{record.history_id}/restaurer/")

    assert "CP2 — 25/06/2020 2020" in visible_text(trash)
    restored = Meeting.objects.get(pk=pk)
    assert restored.review_state == ReviewState.VALIDATED
    assert [str(i) for i in restored.participants.all()] == ["UNHCR"]


def test_restoring_into_a_closed_year_is_refused(staff_client, staff, session):
    pk = session.pk
    session.delete()
    ReportingYear.objects.get_or_create(year=2020)[0].close(staff)
    record = Session.history.get(id=pk, history_type="-")

    response = staff_client.post(
        f"/admin/reports/reportingyear/suivi/corbeille/session/{record.history_id}/restaurer/"
    )

    assert response.status_code == 302
    assert messages_of(response)[0].startswith(
        "« Formation ENSA » ne peut pas être restauré : L'année 2020 est clôturée depuis le"
    )
    assert not Session.objects.filter(pk=pk).exists()


def test_restoring_twice_is_refused(staff_client, session):
    pk = session.pk
    session.delete()
    record = Session.history.get(id=pk, history_type="-")
    url = f"/admin/reports/reportingyear/suivi/corbeille/session/{record.history_id}/restaurer/"
    staff_client.post(url)

    response = staff_client.post(url)

    assert messages_of(response)[-1] == "Cet enregistrement a déjà été restauré."
    assert Session.objects.filter(pk=pk).count() == 1


def test_the_trash_is_for_mdcmre_staff_only(focal_client, reader_client, administrator_client, client):
    assert focal_client.get("/admin/reports/reportingyear/suivi/corbeille/").status_code == 403
    assert reader_client.get("/admin/reports/reportingyear/suivi/corbeille/").status_code == 403
    assert administrator_client.get("/admin/reports/reportingyear/suivi/corbeille/").status_code == 200
    assert client.get("/admin/reports/reportingyear/suivi/corbeille/").status_code == 302


def test_restoring_is_posted_never_fetched(staff_client, session):
    pk = session.pk
    session.delete()
    record = Session.history.get(id=pk, history_type="-")

    response = staff_client.get(
        f"/admin/reports/reportingyear/suivi/corbeille/session/{record.history_id}/restaurer/"
    )

    assert response.status_code == 405
    assert not Session.objects.filter(pk=pk).exists()


def test_mdcmre_staff_see_the_history_of_a_deleted_record(staff_client, focal_client, session):
    pk = session.pk
    session.delete()

    assert staff_client.get(admin_url(Session, "history", pk)).status_code == 200
    assert focal_client.get(admin_url(Session, "history", pk)).status_code == 302
    assert staff_client.get(admin_url(Session, "history", "abc")).status_code == 302
