"""A synthetic full reporting year for the benchmarks: 11 programmes, 27 objectives,
81 actions, narrative in every section, and sessions and meetings at two sizes."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

YEAR = 2020


EMPTY_YEAR = 2021


@dataclass(frozen=True)
class Size:
    name: str
    sessions: int
    meetings: int
    paragraphs: int  # per narrative section
    items: int  # per list (challenges, measures, recommendations) and programme
    university_programmes: int
    studies: int


SIZES = {
    "small": Size(
        "small", sessions=250, meetings=30, paragraphs=1, items=2, university_programmes=9, studies=3
    ),
    "full": Size(
        "full", sessions=1000, meetings=120, paragraphs=3, items=4, university_programmes=20, studies=10
    ),
}


PROGRAMMES = [
    (1, "sectoral", "Éducation et culture"),
    (2, "sectoral", "Jeunesse et loisirs"),
    (3, "sectoral", "Santé"),
    (4, "sectoral", "Logement"),
    (5, "sectoral", "Assistance sociale et humanitaire"),
    (6, "sectoral", "Formation professionnelle"),
    (7, "sectoral", "Emploi"),
    (8, "transverse", "Gestion des flux migratoires et lutte contre la traite des êtres humains"),
    (9, "transverse", "Coopération et partenariats internationaux"),
    (10, "transverse", "Cadre réglementaire et conventionnel"),
    (11, "transverse", "Gouvernance et communication"),
]


# 27 OSPs and 81 actions in all, Programme 11 holding OSP 24–27 and actions 11.1–11.14.
OSPS_PER_PROGRAMME = [3, 2, 3, 2, 2, 2, 2, 3, 2, 2, 4]


ACTIONS_PER_PROGRAMME = [8, 6, 8, 7, 7, 7, 7, 8, 5, 4, 14]


COMMITTEES = [
    (
        "Commission",
        "commission",
        "Commission interministérielle des affaires des MRE et de la migration",
        2,
        [],
    ),
    ("CT", "technical", "Comité technique de la Commission", None, []),
    ("CoPil", "steering", "Comité de pilotage", None, list(range(1, 12))),
    ("CP1", "programme", "CP1 Éducation et culture – Jeunesse et loisirs", 12, [1, 2]),
    ("CP2", "programme", "CP2 Santé, Logement, Assistance sociale et humanitaire", 12, [3, 4, 5]),
    ("CP3", "programme", "CP3 Formation professionnelle et emploi", 12, [6, 7]),
    ("CP4", "programme", "CP4 Programmes transverses", 12, [8, 9, 10, 11]),
]


CITIES = ["Rabat", "Casablanca", "Tanger", "Oujda", "Fès", "Agadir", "Marrakech", "Laâyoune"]


BENEFICIARIES = [
    "Associations de la société civile",
    "Magistrats",
    "Étudiants (ENSA)",
    "Travailleurs sociaux",
    "Personnel de santé",
    "Journalistes",
]


PARAGRAPH = (
    "Dans le cadre de la mise en œuvre de la Stratégie Nationale d'Immigration et d'Asile, "
    "le Ministère et ses partenaires ont poursuivi en {year} les actions prévues, malgré les "
    "contraintes liées à la crise sanitaire. Les réunions se sont tenues en ligne et les "
    "institutions concernées ont transmis leurs états d'avancement, centralisés par le MDCMRE "
    "et présentés lors des comités programmes. **{n}** activités ont été consolidées, avec "
    "l'appui des agences de coopération, des universités et des associations partenaires."
)


def build_year(year: int, size: Size) -> None:
    """Fills the database with one synthetic year of the given size (needs Django set up)."""
    from django.db import transaction

    from access.models import ReviewState
    from committees.models import Committee, Meeting, MeetingTarget
    from programmes.models import Action, ActionProgress, Institution, Programme, Project, SpecificObjective
    from reports.models import NarrativeSection, ReportingYear, ReportItem, Study, UniversityProgramme
    from trainings.models import Session

    # Sessions, meetings and progress are created validated: the published
    # bilan counts validated records only.
    rng = random.Random(year)  # the same data at every run
    with transaction.atomic():
        ReportingYear.objects.create(year=year)
        programmes = Programme.objects.bulk_create(
            [Programme(number=n, kind=kind, name=name, purpose=PARAGRAPH) for n, kind, name in PROGRAMMES]
        )
        institutions = Institution.objects.bulk_create(
            [
                Institution(
                    name=f"Institution partenaire {i}", acronym=f"INST{i}", kind=Institution.Kind.MINISTRY
                )
                for i in range(1, 31)
            ]
        )
        projects = Project.objects.bulk_create(
            [Project(name=f"Projet de coopération {i}", acronym=f"PROJ{i}") for i in range(1, 11)]
        )

        osps, actions, osp_number = [], [], 0
        for programme, osp_count, action_count in zip(
            programmes, OSPS_PER_PROGRAMME, ACTIONS_PER_PROGRAMME, strict=True
        ):
            programme_osps = []
            for _ in range(osp_count):
                osp_number += 1
                programme_osps.append(
                    SpecificObjective(
                        number=osp_number,
                        programme=programme,
                        title=f"Objectif spécifique {osp_number} du programme {programme.number}",
                    )
                )
            osps += SpecificObjective.objects.bulk_create(programme_osps)
            # Contiguous blocks of actions per OSP, as in the strategy (11.1–11.3 in OSP 24…).
            actions += Action.objects.bulk_create(
                Action(
                    programme=programme,
                    specific_objective=programme_osps[n * osp_count // action_count],
                    code=f"{programme.number}.{n + 1}",
                    title=f"Action {programme.number}.{n + 1} de mise en œuvre de la stratégie",
                )
                for n in range(action_count)
            )
        ActionProgress.objects.bulk_create(
            ActionProgress(
                action=action,
                year=year,
                narrative=PARAGRAPH.format(year=year, n=i),
                review_state=ReviewState.VALIDATED,
            )
            for i, action in enumerate(actions)
        )

        committees = Committee.objects.bulk_create(
            Committee(code=code, kind=kind, name=name, position=i)
            for i, (code, kind, name, _expected, _) in enumerate(COMMITTEES)
        )
        # A target for the year where the synthetic committee has one, so that
        # the bilan's « tenues / objectif » path is measured too.
        MeetingTarget.objects.bulk_create(
            MeetingTarget(committee=committee, year=year, expected=expected)
            for committee, (_, _, _, expected, _) in zip(committees, COMMITTEES, strict=True)
            if expected is not None
        )
        Committee.programmes.through.objects.bulk_create(
            Committee.programmes.through(committee_id=committee.pk, programme_id=number)
            for committee, (*_, numbers) in zip(committees, COMMITTEES, strict=True)
            for number in numbers
        )
        # Round-robin over the committees, each meeting on its own day per committee.
        per_committee = -(-size.meetings // len(committees))
        spacing = 365 // per_committee
        Meeting.objects.bulk_create(
            Meeting(
                committee=committees[i % len(committees)],
                date=date(year, 1, 6) + timedelta(days=(i // len(committees)) * spacing),
                mode=Meeting.Mode.ONLINE,
                chair="MDCMRE",
                review_state=ReviewState.VALIDATED,
            )
            for i in range(size.meetings)
        )

        sessions = []
        for i in range(size.sessions):
            start = date(year, 1, 1) + timedelta(days=rng.randrange(360))
            women, men, unrecorded = rng.randrange(5, 40), rng.randrange(5, 40), 0
            if i % 10 == 0:  # as in the real tables, some rows have no breakdown by sex
                women, men, unrecorded = 0, 0, women + men
            sessions.append(
                Session(
                    kind=list(Session.Kind)[i % len(Session.Kind)],
                    title=f"Session {i + 1} : renforcement des capacités sur l'accueil des migrants",
                    beneficiaries=BENEFICIARIES[i % len(BENEFICIARIES)],
                    online=i % 3 == 0,
                    city="" if i % 3 == 0 else CITIES[i % len(CITIES)],
                    year=year,
                    start_date=start,
                    end_date=start + timedelta(days=i % 3),
                    women=women,
                    men=men,
                    unrecorded=unrecorded,
                    review_state=ReviewState.VALIDATED,
                )
            )
        sessions = Session.objects.bulk_create(sessions)
        Session.actions.through.objects.bulk_create(
            Session.actions.through(session_id=session.pk, action_id=actions[i % len(actions)].pk)
            for i, session in enumerate(sessions)
        )
        Session.projects.through.objects.bulk_create(
            Session.projects.through(session_id=session.pk, project_id=projects[i % len(projects)].pk)
            for i, session in enumerate(sessions)
        )
        Session.organisers.through.objects.bulk_create(
            Session.organisers.through(
                session_id=session.pk, institution_id=institutions[i % len(institutions)].pk
            )
            for i, session in enumerate(sessions)
        )

        narrative = "\n\n".join(PARAGRAPH.format(year=year, n=n) for n in range(size.paragraphs))
        NarrativeSection.objects.bulk_create(
            [NarrativeSection(programme=p, year=year, body=narrative) for p in programmes]
            + [
                NarrativeSection(
                    programme=osp.programme,
                    year=year,
                    specific_objective=osp,
                    heading="a- Réalisations",
                    body=narrative,
                )
                for osp in osps
            ]
        )
        ReportItem.objects.bulk_create(
            ReportItem(
                programme=programme,
                year=year,
                kind=kind,
                position=position,
                text=f"{kind.label} n° {position} du programme {programme.number} pour {year}.",
            )
            for programme in programmes
            for kind in ReportItem.Kind
            for position in range(1, size.items + 1)
        )

        university_programmes = UniversityProgramme.objects.bulk_create(
            UniversityProgramme(
                university=f"U{i % 5 + 1}",
                city=CITIES[i % len(CITIES)],
                diploma=UniversityProgramme.Diploma.MASTER,
                title=f"Master migrations et droits humains, parcours {i + 1}",
                year=year,
            )
            for i in range(size.university_programmes)
        )
        university_action = next(a for a in actions if a.code == "11.14")
        UniversityProgramme.actions.through.objects.bulk_create(
            UniversityProgramme.actions.through(universityprogramme_id=u.pk, action_id=university_action.pk)
            for u in university_programmes
        )
        studies = Study.objects.bulk_create(
            Study(
                title=f"Étude sur les migrations n° {i + 1}",
                year=year,
                summary=PARAGRAPH.format(year=year, n=i),
            )
            for i in range(size.studies)
        )
        Study.actions.through.objects.bulk_create(
            Study.actions.through(study_id=study.pk, action_id=actions[-(i % 14) - 1].pk)
            for i, study in enumerate(studies)
        )
