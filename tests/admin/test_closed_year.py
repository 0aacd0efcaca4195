"""Closing a reporting year in the admin: who may close and reopen it, and
every record of a closed year read-only for everyone, with the message."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from committees.models import Meeting, MeetingTarget
from programmes.models import ActionProgress
from reports.models import NarrativeSection, ReportingYear, ReportItem, Study, UniversityProgramme
from tests.admin import admin_url, visible_text
from tests.factories import (
    ActionFactory,
    CommitteeFactory,
    MeetingFactory,
    MeetingTargetFactory,
    NarrativeSectionFactory,
    ProgrammeFactory,
    ReportItemFactory,
    SessionFactory,
    StudyFactory,
    UniversityProgrammeFactory,
)
from trainings.models import Session

CLOSED_ON = datetime.datetime(2021, 3, 12, 10, 30, tzinfo=datetime.UTC)
CLOSED_MESSAGE = (
    "L'année 2020 est clôturée depuis le 12/03/2021 par suivi : ses données ne peuvent plus être modifiées."
)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def close_2020(staff) -> ReportingYear:
    year = ReportingYear.objects.get_or_create(year=2020)[0]
    year.close(staff)
    # A fixed date, for literal messages.
    ReportingYear.objects.filter(pk=year.pk).update(closed_at=CLOSED_ON)
    year.refresh_from_db()
    return year


@pytest.fixture
def records_2020(cp2, health_ministry) -> dict:
    programme = ProgrammeFactory(number=11)
    action = ActionFactory(code="11.12")
    action.lead_institutions.add(health_ministry)
    session = SessionFactory(title="Formation 2020", women=3)
    session.organisers.add(health_ministry)
    return {
        Meeting: MeetingFactory(committee=cp2, date=datetime.date(2020, 6, 10)),
        MeetingTarget: MeetingTargetFactory(committee=cp2, year=2020, expected=4),
        Session: session,
        ActionProgress: ActionProgress.objects.create(action=action, year=2020),
        NarrativeSection: NarrativeSectionFactory(programme=programme),
        ReportItem: ReportItemFactory(programme=programme),
        Study: StudyFactory(),
        UniversityProgramme: UniversityProgrammeFactory(),
    }


YEAR_BOUND = [
    Meeting,
    MeetingTarget,
    Session,
    ActionProgress,
    NarrativeSection,
    ReportItem,
    Study,
    UniversityProgramme,
]


def test_staff_close_a_year_from_its_page(staff_client, staff):
    year = ReportingYear.objects.create(year=2020)
    page = visible_text(staff_client.get(admin_url(ReportingYear, "change", year.pk)))
    confirm = staff_client.get(f"/admin/reports/reportingyear/{year.pk}/cloturer/")

    response = staff_client.post(f"/admin/reports/reportingyear/{year.pk}/cloturer/")

    assert "Clôturer l'année…" in page
    assert "Aperçu du bilan" in page
    assert "Une fois l'année clôturée, personne ne peut plus modifier" in visible_text(confirm)
    # The year closes once its edition is rendered, in the background
    # (tests/reports/test_closing_checklist.py follows it to the end).
    assert messages_of(response) == [
        "Clôture de l'année 2020 en cours : son édition (HTML, PDF, classeur, chiffres) est en cours de "
        "rendu ; l'année sera clôturée dès qu'elle sera enregistrée."
    ]
    year.refresh_from_db()
    assert (year.is_closing, year.closing_started_by) == (True, staff)


def test_neither_a_reader_nor_a_focal_point_can_close_a_year(reader_client, focal_client):
    year = ReportingYear.objects.create(year=2020)

    by_reader = reader_client.post(f"/admin/reports/reportingyear/{year.pk}/cloturer/")
    # Focal points read the years (the bilan's links), as readers do.
    by_focal_point = focal_client.post(f"/admin/reports/reportingyear/{year.pk}/cloturer/")

    assert messages_of(by_reader) == ["Vous ne pouvez pas clôturer une année."]
    assert messages_of(by_focal_point) == ["Vous ne pouvez pas clôturer une année."]
    year.refresh_from_db()
    assert not year.is_closed


def test_year_list_shows_state_and_bilan_links(staff_client, staff):
    close_2020(staff)
    ReportingYear.objects.create(year=2021)

    text = visible_text(staff_client.get(admin_url(ReportingYear, "changelist")))
    html = staff_client.get(admin_url(ReportingYear, "changelist")).content.decode()

    assert "2021 ouverte Aperçu du bilan · Bilan PDF" in text
    assert "2020 clôturée le 12/03/2021 par suivi Aperçu du bilan · Bilan PDF" in text
    assert '<a href="/reports/bilan/2020/">Aperçu du bilan</a>' in html
    assert '<a href="/reports/bilan/2020/export/">Bilan PDF</a>' in html


@pytest.mark.parametrize("model", YEAR_BOUND, ids=lambda model: model._meta.label)
def test_a_closed_years_record_opens_read_only_with_the_message_for_everyone(
    staff_client, administrator_client, staff, records_2020, model
):
    row = records_2020[model]
    close_2020(staff)

    for client in (staff_client, administrator_client):
        response = client.get(admin_url(model, "change", row.pk))
        assert response.status_code == 200
        assert CLOSED_MESSAGE in visible_text(response)
        assert 'name="_save"' not in response.content.decode()


@pytest.mark.parametrize("model", YEAR_BOUND, ids=lambda model: model._meta.label)
def test_changing_or_deleting_a_closed_years_record_is_refused_with_the_message(
    administrator_client, staff, records_2020, model
):
    row = records_2020[model]
    close_2020(staff)
    change_url = admin_url(model, "change", row.pk)

    changed = administrator_client.post(change_url, {})
    asked_to_delete = administrator_client.get(admin_url(model, "delete", row.pk))
    deleted = administrator_client.post(admin_url(model, "delete", row.pk), {"post": "yes"})

    assert (changed.status_code, changed["Location"]) == (302, change_url)
    assert messages_of(changed) == ["Modification refusée : l'année de cet enregistrement est clôturée."]
    assert (asked_to_delete.status_code, asked_to_delete["Location"]) == (302, change_url)
    assert (deleted.status_code, deleted["Location"]) == (302, change_url)
    assert messages_of(deleted)[-1] == "Suppression refusée : l'année de cet enregistrement est clôturée."
    assert model.objects.filter(pk=row.pk).exists()
    assert row.history.count() == model.history.filter(id=row.pk).count()


ADD_2020 = {
    Meeting: lambda rows: {
        "committee": str(rows[Meeting].committee_id),
        "date": "11/06/2020",
        "mode": "online",
    },
    Session: lambda rows: {
        "kind": "training",
        "title": "Ajoutée",
        "year": "2020",
        "women": "1",
        "men": "1",
        "unrecorded": "0",
    },
    ActionProgress: lambda rows: {
        "action": str(ActionFactory(code="11.13").pk),
        "year": "2020",
        "status": "completed",
    },
    # Another committee's target (CP2 already has one for 2020).
    MeetingTarget: lambda rows: {
        "committee": str(CommitteeFactory(code="CP1").pk),
        "year": "2020",
        "expected": "4",
    },
    NarrativeSection: lambda rows: {"programme": "11", "year": "2020", "position": "1", "body": "Texte."},
    ReportItem: lambda rows: {
        "programme": "11",
        "year": "2020",
        "kind": "measure",
        "position": "1",
        "text": "x",
    },
    Study: lambda rows: {"title": "Autre étude", "year": "2020"},
    UniversityProgramme: lambda rows: {
        "university": "UIR",
        "city": "Rabat",
        "diploma": "master",
        "title": "Autre",
        "year": "2020",
    },
}


@pytest.mark.parametrize("model", YEAR_BOUND, ids=lambda model: model._meta.label)
def test_adding_a_record_to_a_closed_year_is_refused_with_the_message(
    administrator_client, staff, records_2020, model
):
    close_2020(staff)
    rows_before = model.objects.count()

    response = administrator_client.post(admin_url(model, "add"), ADD_2020[model](records_2020))

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [CLOSED_MESSAGE]
    assert model.objects.count() == rows_before


def test_moving_a_record_into_a_closed_year_is_refused(staff_client, staff):
    session = SessionFactory(title="Formation 2021", year=2021)
    close_2020(staff)
    version = staff_client.get(admin_url(Session, "change", session.pk)).context["adminform"].form["version"]

    response = staff_client.post(
        admin_url(Session, "change", session.pk),
        {
            "kind": "training",
            "title": "Formation 2021",
            "year": "2020",
            "women": "0",
            "men": "0",
            "unrecorded": "0",
            "version": version.value(),
        },
    )

    assert response.context["adminform"].form.non_field_errors() == [CLOSED_MESSAGE]
    session.refresh_from_db()
    assert session.year == 2021


def test_other_years_stay_editable(staff_client, staff):
    session = SessionFactory(title="Formation 2021", year=2021)
    close_2020(staff)

    page = staff_client.get(admin_url(Session, "change", session.pk))

    assert 'name="_save"' in page.content.decode()
    assert "est clôturée" not in visible_text(page)


def test_reopening_is_an_administrators_act(staff_client, staff):
    year = close_2020(staff)
    page = visible_text(staff_client.get(admin_url(ReportingYear, "change", year.pk)))

    asked = staff_client.get(f"/admin/reports/reportingyear/{year.pk}/rouvrir/")
    posted = staff_client.post(f"/admin/reports/reportingyear/{year.pk}/rouvrir/", {"reason": "Erratum"})

    assert "Rouvrir l'année…" not in page
    assert messages_of(asked) == ["Seul un administrateur peut rouvrir une année."]
    assert messages_of(posted)[-1] == "Seul un administrateur peut rouvrir une année."
    year.refresh_from_db()
    assert year.is_closed


def test_reopening_requires_a_reason_which_is_kept_and_shown(administrator_client, administrator, staff):
    year = close_2020(staff)
    assert "Rouvrir l'année…" in visible_text(
        administrator_client.get(admin_url(ReportingYear, "change", year.pk))
    )

    blank = administrator_client.post(f"/admin/reports/reportingyear/{year.pk}/rouvrir/", {"reason": " "})
    year.refresh_from_db()
    assert year.is_closed
    assert blank.status_code == 200
    assert blank.context["form"].errors == {"reason": ["Indiquez la raison de la réouverture."]}

    reopened = administrator_client.post(
        f"/admin/reports/reportingyear/{year.pk}/rouvrir/", {"reason": "Erratum sur le tableau des sessions"}
    )

    assert messages_of(reopened) == ["L'année 2020 est rouverte."]
    year.refresh_from_db()
    assert not year.is_closed
    reopening = year.reopenings.get()
    assert (reopening.reason, reopening.reopened_by, reopening.closed_by) == (
        "Erratum sur le tableau des sessions",
        administrator,
        staff,
    )
    assert reopening.reopened_at <= timezone.now()
    page = visible_text(administrator_client.get(admin_url(ReportingYear, "change", year.pk)))
    assert "Erratum sur le tableau des sessions" in page


def test_a_closed_year_cannot_be_deleted(administrator_client, staff):
    year = close_2020(staff)

    response = administrator_client.post(admin_url(ReportingYear, "delete", year.pk), {"post": "yes"})

    assert response.status_code == 302
    assert response["Location"] == admin_url(ReportingYear, "change", year.pk)
    assert messages_of(response) == ["Suppression refusée : l'année de cet enregistrement est clôturée."]
    assert ReportingYear.objects.get(pk=year.pk).is_closed


def test_a_closed_years_own_page_says_who_closed_it(administrator_client, staff):
    year = close_2020(staff)

    response = administrator_client.get(admin_url(ReportingYear, "change", year.pk))

    assert response.status_code == 200
    assert CLOSED_MESSAGE in visible_text(response)
    refused = administrator_client.get(admin_url(ReportingYear, "delete", year.pk))
    assert refused.status_code == 302
    assert messages_of(refused) == ["Suppression refusée : l'année de cet enregistrement est clôturée."]


def test_review_transitions_in_a_closed_year_are_refused_with_the_message(staff_client, staff, records_2020):
    meeting = records_2020[Meeting]
    close_2020(staff)

    response = staff_client.post(f"/admin/committees/meeting/{meeting.pk}/validation/soumettre/")

    assert messages_of(response) == [CLOSED_MESSAGE]


def test_bulk_deletion_of_a_closed_years_records_is_refused(administrator_client, staff, records_2020):
    session = records_2020[Session]
    close_2020(staff)

    selected = {"action": "delete_selected", "_selected_action": [str(session.pk)]}
    asked = administrator_client.post(admin_url(Session, "changelist"), selected)
    confirmed = administrator_client.post(admin_url(Session, "changelist"), {**selected, "post": "yes"})

    assert asked.status_code == 200
    assert (
        "Impossible de supprimer session ou événement La suppression des objets session ou événement "
        "sélectionnés provoquerait la suppression d’objets liés, mais votre compte n’est pas autorisé "
        "à supprimer les types d’objet suivants : session ou événement"
    ) in visible_text(asked)
    assert confirmed.status_code == 403
    assert Session.objects.filter(pk=session.pk).exists()


def test_an_action_with_progress_in_a_closed_year_stays_editable(staff_client, staff, records_2020):
    progress = records_2020[ActionProgress]
    action = progress.action
    close_2020(staff)
    page = staff_client.get(admin_url(type(action), "change", action.pk))
    form = page.context["adminform"].form

    response = staff_client.post(
        admin_url(type(action), "change", action.pk),
        {
            "programme": str(action.programme_id),
            "code": action.code,
            "title_fr": "Former les soignants",
            "lead_institutions": [str(pk) for pk in action.lead_institutions.values_list("pk", flat=True)],
            "version": form["version"].value(),
            "progress-TOTAL_FORMS": "1",
            "progress-INITIAL_FORMS": "1",
            "progress-0-id": str(progress.pk),
            "progress-0-action": str(action.pk),
        },
    )

    assert response.status_code == 302
    action.refresh_from_db()
    assert action.title == "Former les soignants"
