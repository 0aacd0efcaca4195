"""Issue 4's « Done when », end to end through the admin, as the demo users:
pf.cp2 logs a CP2 meeting and submits it; cannot see, open by URL or change a
CP4 meeting; MDCMRE staff validate it and see its history; after the year is
closed nobody can change it."""

import datetime

from django.contrib.messages import get_messages

from access.models import ReviewState
from committees.models import Meeting
from reports.models import ReportingYear
from tests.admin import admin_url, visible_text
from tests.factories import MeetingFactory
from tests.tasks import IMMEDIATE_TASKS


def test_a_cp2_meeting_from_entry_to_closed_year(
    focal_client, staff_client, administrator_client, cp2, cp4, settings, tmp_path
):
    # Closing renders the year's edition in the background: here, at once.
    settings.TASKS = IMMEDIATE_TASKS
    settings.MEDIA_ROOT = tmp_path
    cp4_meeting = MeetingFactory(committee=cp4, date=datetime.date(2020, 6, 11), chair="OIM")

    # pf.cp2 logs a CP2 meeting…
    added = focal_client.post(
        admin_url(Meeting, "add"),
        {"committee": str(cp2.pk), "date": "10/06/2020", "mode": "online", "chair": "Ministère de la Santé"},
    )
    assert added.status_code == 302
    meeting = Meeting.objects.get(committee=cp2)
    assert meeting.author.username == "pf.cp2"

    # … and submits it.
    focal_client.post(f"/admin/committees/meeting/{meeting.pk}/validation/soumettre/")
    meeting.refresh_from_db()
    assert meeting.review_state == ReviewState.SUBMITTED

    # pf.cp2 cannot see, open by URL or change the CP4 meeting.
    listed = focal_client.get(admin_url(Meeting, "changelist"))
    assert list(listed.context["cl"].result_list) == [meeting]
    opened = focal_client.get(admin_url(Meeting, "change", cp4_meeting.pk))
    assert (opened.status_code, opened["Location"]) == (302, "/admin/")
    changed = focal_client.post(admin_url(Meeting, "change", cp4_meeting.pk), {"chair": "Changé"})
    assert (changed.status_code, changed["Location"]) == (302, "/admin/")
    cp4_meeting.refresh_from_db()
    assert cp4_meeting.chair == "OIM"

    # MDCMRE staff validate it and see its history.
    staff_client.post(f"/admin/committees/meeting/{meeting.pk}/validation/valider/")
    meeting.refresh_from_db()
    assert (meeting.review_state, meeting.reviewed_by.username) == (ReviewState.VALIDATED, "suivi")
    history = visible_text(staff_client.get(admin_url(Meeting, "history", meeting.pk)))
    assert "Modifié suivi État de validation : Soumis pour validation → Validé" in history
    assert "Modifié pf.cp2 État de validation : Brouillon → Soumis pour validation" in history
    assert "Créé pf.cp2" in history

    # After the year is closed nobody can change it.
    year = ReportingYear.objects.get_or_create(year=2020)[0]
    # The CP4 meeting is still a draft: the checklist asks for confirmation.
    staff_client.post(f"/admin/reports/reportingyear/{year.pk}/cloturer/", {"confirm": "on"})
    year.refresh_from_db()
    assert year.is_closed
    for client in (administrator_client, staff_client, focal_client):
        page = client.get(admin_url(Meeting, "change", meeting.pk))
        assert "L'année 2020 est clôturée depuis le" in visible_text(page)
        assert 'name="_save"' not in page.content.decode()
        refused = client.post(admin_url(Meeting, "change", meeting.pk), {"chair": "Changé"})
        assert refused.status_code == 302
        assert [str(m) for m in get_messages(refused.wsgi_request)][-1] == (
            "Modification refusée : l'année de cet enregistrement est clôturée."
        )
    meeting.refresh_from_db()
    assert (meeting.chair, meeting.review_state) == ("Ministère de la Santé", ReviewState.VALIDATED)
