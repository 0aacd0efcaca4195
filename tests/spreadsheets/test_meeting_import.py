"""Importing meetings: a focal point logs their own committees' meetings, as in the form."""

import datetime

import pytest
from django.utils import timezone

from access.models import ReviewState
from committees.models import Meeting
from committees.resources import MeetingResource
from reports.models import ReportingYear
from tests.factories import MeetingFactory
from tests.spreadsheets.conftest import MEETING_HEADERS, problems, run_import, xlsx

pytestmark = pytest.mark.django_db


def meeting(
    committee: str = "CP2", date="24/06/2020", time="10:00", mode="En ligne", participants=""
) -> list:
    return [committee, date, time, mode, "", "Directeur des Affaires de la Migration", participants]


def test_a_focal_point_logs_a_meeting_of_their_committee_as_a_draft(reference, focal_cp2):
    result = run_import(
        MeetingResource, focal_cp2, xlsx([MEETING_HEADERS, meeting(participants="OIM ; HCP")])
    )

    assert problems(result) == []
    logged = Meeting.objects.get()
    assert (logged.committee.code, logged.date, logged.start_time, logged.mode) == (
        "CP2",
        datetime.date(2020, 6, 24),
        datetime.time(10, 0),
        Meeting.Mode.ONLINE,
    )
    assert (logged.review_state, logged.author) == (ReviewState.DRAFT, focal_cp2)
    assert sorted(str(institution) for institution in logged.participants.all()) == ["HCP", "OIM"]


def test_a_focal_points_meeting_of_another_committee_is_refused_and_nothing_is_saved(reference, focal_cp2):
    rows = [meeting("CP2"), meeting("CP4", date="25/06/2020")]

    result = run_import(MeetingResource, focal_cp2, xlsx([MEETING_HEADERS, *rows]))

    assert problems(result) == [
        "Ligne 3, colonne « Comité » : Vous ne pouvez pas enregistrer de réunion du comité CP4 : "
        "vous n'en êtes pas point focal."
    ]
    assert Meeting.objects.count() == 0


def test_the_same_meetings_imported_again_change_nothing(reference, staff):
    content = xlsx(
        [MEETING_HEADERS, meeting("CP2"), meeting("CP4", time=""), meeting("CoPil", date="2020-07-16")]
    )
    run_import(MeetingResource, staff, content)

    result = run_import(MeetingResource, staff, content)

    assert (result.totals["new"], result.totals["skip"]) == (0, 3)
    assert Meeting.objects.count() == 3


def test_a_focal_point_cannot_change_a_validated_meeting_by_import(reference, focal_cp2, cp2):
    MeetingFactory(
        committee=cp2, date=datetime.date(2020, 6, 24), start_time=datetime.time(10), review_state="validated"
    )

    result = run_import(MeetingResource, focal_cp2, xlsx([MEETING_HEADERS, meeting(mode="Présentiel")]))

    assert problems(result) == [
        "Ligne 2 : Cet enregistrement est « Validé » : seul le personnel du MDCMRE peut encore le modifier."
    ]
    assert Meeting.objects.get().mode == Meeting.Mode.ONLINE


def test_staff_change_a_validated_meeting_by_import_and_it_stays_validated(reference, staff, cp2):
    MeetingFactory(
        committee=cp2, date=datetime.date(2020, 6, 24), start_time=datetime.time(10), review_state="validated"
    )

    result = run_import(MeetingResource, staff, xlsx([MEETING_HEADERS, meeting(mode="Présentiel")]))

    assert result.totals["update"] == 1
    changed = Meeting.objects.get()
    assert (changed.mode, changed.review_state) == (Meeting.Mode.IN_PERSON, ReviewState.VALIDATED)


def test_a_meeting_of_a_closed_year_is_refused(reference, staff):
    ReportingYear.objects.create(year=2020, closed_at=timezone.now(), closed_by=staff)

    result = run_import(MeetingResource, staff, xlsx([MEETING_HEADERS, meeting()]))

    [problem] = problems(result)
    assert problem.startswith("Ligne 2, colonne « Date » : L'année 2020 est clôturée depuis le ")
    assert Meeting.objects.count() == 0


def test_a_reader_cannot_import(reference, reader):
    result = run_import(MeetingResource, reader, xlsx([MEETING_HEADERS, meeting()]))

    assert problems(result) == ["Votre rôle ne permet pas d'importer des réunions."]
    assert Meeting.objects.count() == 0


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            meeting("CP9"),
            "Ligne 2, colonne « Comité » : Comité inconnu : « CP9 ». "
            "Sigles possibles : Commission, CT, CoPil, CP1, CP2, CP3, CP4.",
        ),
        (
            meeting(time="dix heures"),
            "Ligne 2, colonne « Heure » : « dix heures » n'est pas une heure : "
            "écrivez-la HH:MM, par exemple 10:00.",
        ),
        (
            meeting(mode="Visio"),
            "Ligne 2, colonne « Modalité » : « Visio » n'est pas une modalité connue. "
            "Valeurs possibles : « Présentiel », « En ligne », « Hybride » ou vide.",
        ),
        (
            meeting(participants="OIM ; Agence inventée"),
            "Ligne 2, colonne « Institutions participantes » : Institution inconnue : « Agence inventée ». "
            "Écrivez le nom ou le sigle d'une institution du référentiel, séparés par « ; ». "
            "Une institution manquante est ajoutée par le MDCMRE, pas par un import.",
        ),
        (
            meeting(date=""),
            "Ligne 2, colonne « Date » : Ce champ ne peut pas contenir la valeur nulle.",
        ),
    ],
)
def test_a_bad_meeting_cell_is_refused_in_french(reference, staff, row, expected):
    result = run_import(MeetingResource, staff, xlsx([MEETING_HEADERS, row]))

    assert problems(result) == [expected]
    assert Meeting.objects.count() == 0
