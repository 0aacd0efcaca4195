"""For each database constraint, an admin form that breaks it together with
other rules comes back (200) with every message, and saves nothing: a mix of
errors must never reach the database as an IntegrityError (a 500)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from committees.models import Meeting
from programmes.models import Action, ActionProgress, Programme, SpecificObjective, StrategicObjective
from reports.models import NarrativeSection, ReportingYear, ReportItem, Study, UniversityProgramme
from tests.admin import admin_url, form_errors
from tests.factories import (
    ActionFactory,
    CommitteeFactory,
    MeetingFactory,
    ProgrammeFactory,
    ReportItemFactory,
    SpecificObjectiveFactory,
    StudyFactory,
    UniversityProgrammeFactory,
)
from trainings.models import Session

NO_INLINE_ROWS = {
    prefix + suffix: "0"
    for prefix in ("progress", "specific_objectives", "actions")
    for suffix in ("-TOTAL_FORMS", "-INITIAL_FORMS")
}
EXE = (
    "L'extension de fichier «\xa0exe\xa0» n’est pas autorisée. "
    "Les extensions autorisées sont\xa0:  pdf, docx."
)
NOT_A_NUMBER = "Saisissez un nombre entier."
REQUIRED = "Ce champ est obligatoire."


@pytest.fixture
def existing(db, settings, tmp_path) -> dict:
    """Rows the submitted forms collide with."""
    settings.MEDIA_ROOT = tmp_path
    programme = ProgrammeFactory(number=11, name="Gouvernance et communication")
    osp = SpecificObjectiveFactory(number=26, programme=programme)
    foreign_osp = SpecificObjectiveFactory(number=22, programme=ProgrammeFactory(number=10))
    action = ActionFactory(code="11.12", specific_objective=osp, programme=programme)
    committee = CommitteeFactory(code="CP4")
    MeetingFactory(committee=committee, date=datetime.date(2020, 6, 10))
    MeetingFactory(committee=committee, date=datetime.date(2020, 6, 11), start_time=datetime.time(10))
    ActionProgress.objects.create(action=action, year=2020)
    ReportItemFactory(programme=programme, year=2020, kind=ReportItem.Kind.CHALLENGE, position=1)
    StudyFactory(title="Étude sur la migration", year=2020)
    UniversityProgrammeFactory(university="UM5", title="Migrations et droits", year=2020)
    return {"action": action, "committee": committee, "foreign_osp": foreign_osp}


def exe_file() -> SimpleUploadedFile:
    return SimpleUploadedFile("compte-rendu.exe", b"MZ\x90\x00")


# constraint name: (model, form data from the existing rows, every expected message)
CASES = {
    "session_counts_non_negative": (
        Session,
        lambda rows: {
            "kind": "training",
            "title": "Formation",
            "year": "2020",
            "start_date": "10/03/2020",
            "end_date": "09/03/2020",
            "women": "-1",
            "men": "-3",
            "unrecorded": "douze",
        },
        [
            "Les effectifs ne peuvent pas être négatifs.",
            "Les effectifs ne peuvent pas être négatifs.",
            NOT_A_NUMBER,
            "La date de fin ne peut pas précéder la date de début.",
        ],
    ),
    "session_end_not_before_start": (
        Session,
        lambda rows: {
            "kind": "atelier",
            "title": "",
            "year": "2020",
            "start_date": "10/03/2019",
            "end_date": "09/03/2019",
            "women": "0",
            "men": "0",
            "unrecorded": "0",
        },
        [
            "Sélectionnez un choix valide. atelier n’en fait pas partie.",
            REQUIRED,
            "La date de fin ne peut pas précéder la date de début.",
            "La date de début doit tomber dans l'année 2020.",
        ],
    ),
    "session_start_in_its_year": (
        Session,
        lambda rows: {
            "kind": "training",
            "title": "Formation",
            "year": "2020",
            "start_date": "31/12/2019",
            "end_date": "32/12/2019",
            "women": "-5",
            "men": "0",
            "unrecorded": "0",
        },
        [
            "Saisissez une date valide.",
            "La date de début doit tomber dans l'année 2020.",
            "Les effectifs ne peuvent pas être négatifs.",
        ],
    ),
    "session_year_in_range": (
        Session,
        lambda rows: {
            "kind": "training",
            "title": "Formation",
            "year": "1999",
            "start_date": "",
            "end_date": "09/03/1999",
            "women": "0",
            "men": "0",
            "unrecorded": "-1",
        },
        [
            "Assurez-vous que cette valeur est supérieure ou égale à 2014.",
            "Indiquez la date de début avant la date de fin.",
            "Les effectifs ne peuvent pas être négatifs.",
        ],
    ),
    "action_code_format": (
        Action,
        lambda rows: {
            "programme": "11",
            "specific_objective": str(rows["foreign_osp"].pk),
            "code": "11.12.3",
            "title": "",
            **NO_INLINE_ROWS,
        },
        [
            "Le code s'écrit « programme.numéro », par exemple 11.12.",
            "Cet objectif spécifique appartient à un autre programme que l'action.",
            REQUIRED,
        ],
    ),
    "action_code_starts_with_programme": (
        Action,
        lambda rows: {
            "programme": "11",
            "specific_objective": str(rows["foreign_osp"].pk),
            "code": "3.1",
            "title_fr": "Action",
            "lead_institutions": ["999"],
            **NO_INLINE_ROWS,
        },
        [
            "Sélectionnez un choix valide. 999 n’en fait pas partie.",
            "Cet objectif spécifique appartient à un autre programme que l'action.",
            "Le code d'une action du programme 11 commence par « 11. ».",
        ],
    ),
    "action_code_unique": (
        Action,
        lambda rows: {
            "programme": "11",
            "specific_objective": str(rows["foreign_osp"].pk),
            "code": "11.12",
            "title_fr": "Doublon",
            **NO_INLINE_ROWS,
        },
        [
            "Cet objectif spécifique appartient à un autre programme que l'action.",
            "Une action porte déjà ce code.",
        ],
    ),
    "osp_number_1_to_27": (
        SpecificObjective,
        lambda rows: {"number": "28", "programme": "12", "title_fr": ""},
        [
            "Assurez-vous que cette valeur est inférieure ou égale à 27.",
            "Sélectionnez un choix valide. Ce choix ne fait pas partie de ceux disponibles.",
            REQUIRED,
        ],
    ),
    "osp_number_unique": (
        SpecificObjective,
        lambda rows: {"number": "26", "programme": "12", "title_fr": "Doublon"},
        [
            "Un objectif spécifique porte déjà ce numéro.",
            "Sélectionnez un choix valide. Ce choix ne fait pas partie de ceux disponibles.",
        ],
    ),
    "programme_number_1_to_11": (
        Programme,
        lambda rows: {
            "number": "12",
            "kind": "",
            "name_fr": "Gouvernance et communication",
            **NO_INLINE_ROWS,
        },
        [
            "Assurez-vous que cette valeur est inférieure ou égale à 11.",
            REQUIRED,
            "Un programme porte déjà cet intitulé.",
        ],
    ),
    "programme_number_unique": (
        Programme,
        lambda rows: {"number": "11", "kind": "transverse", "name_fr": "", **NO_INLINE_ROWS},
        ["Un programme porte déjà ce numéro.", REQUIRED],
    ),
    "strategic_objective_number_1_to_4": (
        StrategicObjective,
        lambda rows: {"number": "5", "title_fr": ""},
        ["Assurez-vous que cette valeur est inférieure ou égale à 4.", REQUIRED],
    ),
    "one_meeting_per_committee_and_time": (
        Meeting,
        lambda rows: {
            "committee": str(rows["committee"].pk),
            "date": "11/06/2020",
            "start_time": "10:00",
            "mode": "visio",
            "minutes": exe_file(),
        },
        [
            "Sélectionnez un choix valide. visio n’en fait pas partie.",
            EXE,
            "Ce comité a déjà une réunion à cette date et à cette heure.",
        ],
    ),
    "one_untimed_meeting_per_committee_and_day": (
        Meeting,
        lambda rows: {
            "committee": str(rows["committee"].pk),
            "date": "10/06/2020",
            "mode": "online",
            "participants": ["999"],
            "minutes": exe_file(),
        },
        [
            "Sélectionnez un choix valide. 999 n’en fait pas partie.",
            EXE,
            "Ce comité a déjà une réunion sans heure à cette date.",
        ],
    ),
    "one_progress_per_action_and_year": (
        ActionProgress,
        lambda rows: {"action": str(rows["action"].pk), "year": "2020", "status": "fini"},
        [
            "Sélectionnez un choix valide. fini n’en fait pas partie.",
            "Cette action a déjà un état d'avancement pour cette année.",
        ],
    ),
    "progress_year_in_range": (
        ActionProgress,
        lambda rows: {"action": "999", "year": "2101", "status": "completed"},
        [
            "Sélectionnez un choix valide. Ce choix ne fait pas partie de ceux disponibles.",
            "Assurez-vous que cette valeur est inférieure ou égale à 2100.",
        ],
    ),
    "reporting_year_in_range": (
        ReportingYear,
        lambda rows: {"year": "2013"},
        ["Assurez-vous que cette valeur est supérieure ou égale à 2014."],
    ),
    "narrative_year_in_range": (
        NarrativeSection,
        lambda rows: {"programme": "11", "year": "20200", "position": "-1", "body_fr": ""},
        [
            "Assurez-vous que cette valeur est inférieure ou égale à 2100.",
            "Assurez-vous que cette valeur est supérieure ou égale à 0.",
            REQUIRED,
        ],
    ),
    "one_report_item_per_position": (
        ReportItem,
        lambda rows: {"programme": "11", "year": "2020", "kind": "challenge", "position": "1", "text_fr": ""},
        [REQUIRED, "Un élément occupe déjà cette position dans cette rubrique."],
    ),
    "report_item_year_in_range": (
        ReportItem,
        lambda rows: {
            "programme": "11",
            "year": "deux mille",
            "kind": "defi",
            "position": "1",
            "text_fr": "x",
        },
        [NOT_A_NUMBER, "Sélectionnez un choix valide. defi n’en fait pas partie."],
    ),
    "unique_study_title_per_year": (
        Study,
        lambda rows: {"title_fr": "Étude sur la migration", "year": "2020", "institutions": ["999"]},
        [
            "Sélectionnez un choix valide. 999 n’en fait pas partie.",
            "Un objet Étude avec ces champs Intitulé [fr] et Année existe déjà.",
        ],
    ),
    "study_year_in_range": (
        Study,
        lambda rows: {"title_fr": "", "year": "2200"},
        [REQUIRED, "Assurez-vous que cette valeur est inférieure ou égale à 2100."],
    ),
    "unique_university_programme_per_year": (
        UniversityProgramme,
        lambda rows: {
            "university": "UM5",
            "city": "",
            "diploma": "master",
            "title_fr": "Migrations et droits",
            "year": "2020",
        },
        [
            REQUIRED,
            "Un objet Filière universitaire avec ces champs Université, "
            "Intitulé de la filière [fr] et Année existe déjà.",
        ],
    ),
    "university_programme_year_in_range": (
        UniversityProgramme,
        lambda rows: {"university": "UM5", "city": "Rabat", "diploma": "bac", "title_fr": "", "year": "2013"},
        [
            "Sélectionnez un choix valide. bac n’en fait pas partie.",
            REQUIRED,
            "Assurez-vous que cette valeur est supérieure ou égale à 2014.",
        ],
    ),
}


@pytest.mark.parametrize("constraint", sorted(CASES))
def test_form_breaking_a_constraint_and_other_rules_shows_every_message(admin_client, existing, constraint):
    model, data, expected = CASES[constraint]
    rows_before = model.objects.count()

    response = admin_client.post(admin_url(model, "add"), data(existing))

    assert response.status_code == 200
    assert sorted(form_errors(response)) == sorted(expected)
    assert model.objects.count() == rows_before
