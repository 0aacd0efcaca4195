"""Bad input in the admin: the form comes back with a French message on the
faulty field, and nothing is saved."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from committees.models import Meeting
from programmes.models import Action, ActionProgress, SpecificObjective
from tests.admin import admin_url, form_errors, page_text, signed_version
from tests.factories import (
    ActionFactory,
    CommitteeFactory,
    MeetingFactory,
    ProgrammeFactory,
    SessionFactory,
    SpecificObjectiveFactory,
)
from trainings.models import Session

NO_PROGRESS_ROWS = {"progress-TOTAL_FORMS": "0", "progress-INITIAL_FORMS": "0"}


def session_data(**changes: object) -> dict:
    data = {
        "kind": Session.Kind.TRAINING,
        "title": "Formation des magistrats",
        "year": "2020",
        "start_date": "02/03/2020",
        "end_date": "04/03/2020",
        "women": "12",
        "men": "15",
        "unrecorded": "0",
    }
    return {**data, **changes}


def action_data(**changes: object) -> dict:
    data = {"programme": "11", "code": "11.12", "title_fr": "Renforcer les capacités", **NO_PROGRESS_ROWS}
    return {**data, **changes}


def meeting_data(committee_pk: int, **changes: object) -> dict:
    data = {"committee": str(committee_pk), "date": "10/06/2020", "mode": Meeting.Mode.ONLINE}
    return {**data, **changes}


def assert_refused(response, field: str, message: str) -> None:
    """The form is shown again, with `message` on `field` and in the page."""
    assert response.status_code == 200
    assert message in [str(error) for error in response.context["adminform"].form.errors[field]]
    assert message in page_text(response)


# Sessions


def test_valid_session_is_saved_with_its_counts(admin_client):
    response = admin_client.post(admin_url(Session, "add"), session_data())

    assert response.status_code == 302
    session = Session.objects.get()
    assert (session.women, session.men, session.total) == (12, 15, 27)


def test_session_ending_before_it_starts_is_refused(admin_client):
    response = admin_client.post(
        admin_url(Session, "add"), session_data(start_date="10/03/2020", end_date="09/03/2020")
    )

    assert_refused(response, "end_date", "La date de fin ne peut pas précéder la date de début.")
    assert Session.objects.count() == 0


def test_session_with_an_end_but_no_start_is_refused(admin_client):
    response = admin_client.post(admin_url(Session, "add"), session_data(start_date=""))

    assert_refused(response, "start_date", "Indiquez la date de début avant la date de fin.")
    assert Session.objects.count() == 0


@pytest.mark.parametrize("field", ["women", "men", "unrecorded"])
def test_session_with_a_negative_count_is_refused(admin_client, field):
    response = admin_client.post(admin_url(Session, "add"), session_data(**{field: "-1"}))

    assert_refused(response, field, "Les effectifs ne peuvent pas être négatifs.")
    assert Session.objects.count() == 0


def test_session_starting_outside_its_year_is_refused(admin_client):
    response = admin_client.post(
        admin_url(Session, "add"), session_data(start_date="30/12/2019", end_date="04/01/2020")
    )

    assert_refused(response, "start_date", "La date de début doit tomber dans l'année 2020.")
    assert Session.objects.count() == 0


def test_editing_a_session_into_a_negative_count_leaves_it_unchanged(admin_client):
    session = SessionFactory(women=12, men=15)

    response = admin_client.post(admin_url(Session, "change", session.pk), session_data(men="-15"))

    assert_refused(response, "men", "Les effectifs ne peuvent pas être négatifs.")
    session.refresh_from_db()
    assert session.men == 15


# Actions and specific objectives


def test_valid_action_is_saved(admin_client):
    ProgrammeFactory(number=11)

    response = admin_client.post(admin_url(Action, "add"), action_data())

    assert response.status_code == 302
    assert Action.objects.get().code == "11.12"


def test_action_code_not_starting_with_its_programme_number_is_refused(admin_client):
    ProgrammeFactory(number=11)

    response = admin_client.post(admin_url(Action, "add"), action_data(code="3.1"))

    assert_refused(response, "code", "Le code d'une action du programme 11 commence par « 11. ».")
    assert Action.objects.count() == 0


def test_action_code_that_is_not_programme_dot_number_is_refused(admin_client):
    ProgrammeFactory(number=11)

    response = admin_client.post(admin_url(Action, "add"), action_data(code="11.a"))

    assert_refused(response, "code", "Le code s'écrit « programme.numéro », par exemple 11.12.")
    assert Action.objects.count() == 0


def test_action_whose_osp_belongs_to_another_programme_is_refused(admin_client):
    ProgrammeFactory(number=11)
    osp_of_programme_10 = SpecificObjectiveFactory(number=22, programme=ProgrammeFactory(number=10))

    response = admin_client.post(
        admin_url(Action, "add"), action_data(specific_objective=str(osp_of_programme_10.pk))
    )

    assert_refused(
        response,
        "specific_objective",
        "Cet objectif spécifique appartient à un autre programme que l'action.",
    )
    assert Action.objects.count() == 0


def test_duplicate_action_code_is_refused(admin_client):
    ActionFactory(code="11.12")

    response = admin_client.post(admin_url(Action, "add"), action_data(title="Doublon"))

    assert_refused(response, "code", "Une action porte déjà ce code.")
    assert Action.objects.count() == 1


def test_duplicate_osp_number_is_refused(admin_client):
    SpecificObjectiveFactory(number=26)

    response = admin_client.post(
        admin_url(SpecificObjective, "add"), {"number": "26", "programme": "11", "title_fr": "Doublon"}
    )

    assert_refused(response, "number", "Un objectif spécifique porte déjà ce numéro.")
    assert SpecificObjective.objects.count() == 1


def test_second_progress_report_of_an_action_for_the_same_year_is_refused(admin_client):
    action = ActionFactory(code="11.12")
    ActionProgress.objects.create(action=action, year=2020)

    response = admin_client.post(
        admin_url(ActionProgress, "add"),
        {"action": str(action.pk), "year": "2020", "status": ActionProgress.Status.COMPLETED},
    )

    assert_refused(response, "__all__", "Cette action a déjà un état d'avancement pour cette année.")
    assert ActionProgress.objects.count() == 1


def test_action_added_under_a_programme_with_a_foreign_code_is_refused(admin_client):
    programme = ProgrammeFactory(number=11, name="Gouvernance et communication")
    data = {
        "number": "11",
        "kind": programme.kind,
        "name_fr": programme.name,
        "version": signed_version(programme),
        "specific_objectives-TOTAL_FORMS": "0",
        "specific_objectives-INITIAL_FORMS": "0",
        "actions-TOTAL_FORMS": "1",
        "actions-INITIAL_FORMS": "0",
        "actions-0-code": "3.1",
        "actions-0-title_fr": "Mauvais code",
    }

    response = admin_client.post(admin_url(programme.__class__, "change", 11), data)

    assert response.status_code == 200
    assert form_errors(response) == ["Le code d'une action du programme 11 commence par « 11. »."]
    assert Action.objects.count() == 0


# Meetings


def test_valid_meeting_with_pdf_minutes_is_saved(admin_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    committee = CommitteeFactory(code="CP4")
    minutes = SimpleUploadedFile("compte-rendu.pdf", b"%PDF-1.4 compte-rendu")

    response = admin_client.post(admin_url(Meeting, "add"), meeting_data(committee.pk, minutes=minutes))

    assert response.status_code == 302
    # upload_to dates the folder by the upload, not by the meeting.
    with Meeting.objects.get().minutes.open("rb") as stored:
        assert stored.read() == b"%PDF-1.4 compte-rendu"


def test_second_untimed_meeting_of_a_committee_on_the_same_day_is_refused(admin_client):
    meeting = MeetingFactory(date=datetime.date(2020, 6, 10))

    response = admin_client.post(admin_url(Meeting, "add"), meeting_data(meeting.committee.pk))

    assert_refused(response, "__all__", "Ce comité a déjà une réunion sans heure à cette date.")
    assert Meeting.objects.count() == 1


def test_second_meeting_of_a_committee_at_the_same_time_is_refused(admin_client):
    meeting = MeetingFactory(date=datetime.date(2020, 6, 10), start_time=datetime.time(10, 0))

    response = admin_client.post(
        admin_url(Meeting, "add"), meeting_data(meeting.committee.pk, start_time="10:00")
    )

    assert_refused(response, "__all__", "Ce comité a déjà une réunion à cette date et à cette heure.")
    assert Meeting.objects.count() == 1


def test_second_meeting_of_a_committee_on_the_same_day_at_another_time_is_saved(admin_client):
    meeting = MeetingFactory(date=datetime.date(2020, 6, 10), start_time=datetime.time(10, 0))

    response = admin_client.post(
        admin_url(Meeting, "add"), meeting_data(meeting.committee.pk, start_time="15:00")
    )

    assert response.status_code == 302
    assert Meeting.objects.count() == 2


def test_minutes_that_are_not_pdf_or_docx_are_refused(admin_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    committee = CommitteeFactory(code="CP4")
    program = SimpleUploadedFile("compte-rendu.exe", b"MZ\x90\x00")

    response = admin_client.post(admin_url(Meeting, "add"), meeting_data(committee.pk, minutes=program))

    assert_refused(
        response,
        "minutes",
        "L'extension de fichier «\xa0exe\xa0» n’est pas autorisée. "
        "Les extensions autorisées sont\xa0:  pdf, docx.",
    )
    assert Meeting.objects.count() == 0
    assert list(tmp_path.iterdir()) == []


def test_minutes_larger_than_the_limit_are_refused(admin_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MINUTES_MAX_BYTES = 1024 * 1024
    committee = CommitteeFactory(code="CP4")
    too_big = SimpleUploadedFile("compte-rendu.pdf", b"%PDF" + b"0" * (1024 * 1024))

    response = admin_client.post(admin_url(Meeting, "add"), meeting_data(committee.pk, minutes=too_big))

    assert_refused(response, "minutes", "Le fichier dépasse la taille autorisée (1 Mo).")
    assert Meeting.objects.count() == 0
