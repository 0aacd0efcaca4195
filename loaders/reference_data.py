# ruff: noqa: E501 - wording copied verbatim from the sources stays on one line.
"""The strategy's reference data, and how `manage.py load_reference` loads it.

Sources: ../shared/docs/domain.md and the 2020 bilan excerpt (end of Programme 10,
whole Programme 11 chapter). The glossary of acronyms is in loaders/glossary.py. We invent no official wording: an objective, OSP or
action whose wording the sources do not give is created with PLACEHOLDER_TITLE
for staff to complete in the admin.

Loading is idempotent and respects staff edits: each entry is found again
through the loaders' ledger (loaders.loading.load_row), whatever staff renamed;
an entry never loaded adopts the row its natural key finds (number, code, name,
then acronym), or is created; an existing row only gets its *blank* fields
filled (empty, NULL or the placeholder). A value staff have typed is never
overwritten by a re-run, and a row staff deleted is not brought back.
"""

from django.db import models, transaction

from committees.models import Committee
from loaders.loading import is_loaded, load_row, loaded
from programmes.models import (
    PLACEHOLDER_TITLE,
    Acronym,
    Action,
    Institution,
    Programme,
    Project,
    SpecificObjective,
    StrategicObjective,
)

STRATEGIC_OBJECTIVE_NUMBERS = [1, 2, 3, 4]

SECTORAL = Programme.Kind.SECTORAL
TRANSVERSE = Programme.Kind.TRANSVERSE

PROGRAMMES = [
    {"number": 1, "kind": SECTORAL, "name": "Éducation et culture"},
    {"number": 2, "kind": SECTORAL, "name": "Jeunesse et loisirs"},
    {"number": 3, "kind": SECTORAL, "name": "Santé"},
    {"number": 4, "kind": SECTORAL, "name": "Logement"},
    {"number": 5, "kind": SECTORAL, "name": "Assistance sociale et humanitaire"},
    {"number": 6, "kind": SECTORAL, "name": "Formation professionnelle"},
    {"number": 7, "kind": SECTORAL, "name": "Emploi"},
    {
        "number": 8,
        "kind": TRANSVERSE,
        "name": "Gestion des flux migratoires et lutte contre la traite des êtres humains",
    },
    {"number": 9, "kind": TRANSVERSE, "name": "Coopération et partenariats internationaux"},
    {"number": 10, "kind": TRANSVERSE, "name": "Cadre réglementaire et conventionnel"},
    {
        "number": 11,
        "kind": TRANSVERSE,
        "name": "Gouvernance et communication",
        # The excerpt's paragraph ends with "Ses objectifs spécifiques sont comme
        # suit :", a lead-in to the OSP list that the report prints itself; the
        # purpose is the sentence before it.
        "purpose": "Le programme «Gouvernance et Communication» a pour objet d'apporter le cadre institutionnel de soutien et de coordination à l'ensemble des actions menées de la SNIA, ainsi que les outils de gouvernance et de communication nécessaires à leur mise en œuvre.",
    },
]

# OSP 24–27: Programme 11's list in the excerpt, without the "▶ " bullet, the
# "(OSP n)." suffix and the final full stop. OSP 1–23 are not in our sources:
# neither their wording nor the programme holding them, so they get the
# placeholder and no programme; staff attach them in the admin.
KNOWN_SPECIFIC_OBJECTIVES = {
    24: (
        11,
        "Mettre en place un dispositif de coordination de la SNIA dans le cadre d'une gestion intégrée et d'une responsabilité partagée",
    ),
    25: (11, "Développer la veille sur les questions migratoires"),
    26: (
        11,
        "Renforcer la capacité des acteurs en charge des questions d'immigration, d'asile et de traite des êtres humains",
    ),
    27: (11, "Informer et sensibiliser aux questions d'immigration et d'asile"),
}
SPECIFIC_OBJECTIVES = [
    {
        "number": number,
        "programme": KNOWN_SPECIFIC_OBJECTIVES.get(number, (None, ""))[0],
        "title": KNOWN_SPECIFIC_OBJECTIVES.get(number, (None, PLACEHOLDER_TITLE))[1],
    }
    for number in range(1, 28)
]

# Programme 11's actions. The excerpt's section headings tie 11.1–11.3 to OSP 24,
# 11.10–11.11 to OSP 25, 11.12–11.14 to OSP 26 and 11.15–11.17 to OSP 27; the
# numbering is continuous, so 11.4–11.9 exist, their OSP unknown. The excerpt
# never gives an action's own wording, and no other programme's actions are known.
ACTION_OSPS = {1: 24, 2: 24, 3: 24, 10: 25, 11: 25, 12: 26, 13: 26, 14: 26, 15: 27, 16: 27, 17: 27}
ACTIONS = [
    {"code": f"11.{n}", "programme": 11, "specific_objective": ACTION_OSPS.get(n), "title": PLACEHOLDER_TITLE}
    for n in range(1, 18)
]

ALL_PROGRAMMES = list(range(1, 12))
CP_ROLE = "Coordination des acteurs et suivi de la mise en œuvre opérationnelle des programmes"

# No meeting targets here: they are set per year by staff (committees.MeetingTarget),
# and the sources state none as a year's target.
COMMITTEES = [
    {
        "code": "Commission",
        "name": "Commission interministérielle des affaires des MRE et des affaires de la migration",
        "kind": Committee.Kind.COMMISSION,
        "role": "Décision et suivi de la mise en œuvre des politiques migratoires",
        "chair": "Chef du Gouvernement",
        "programmes": ALL_PROGRAMMES,
        "position": 1,
    },
    {
        "code": "CT",
        "name": "Comité technique",
        "kind": Committee.Kind.TECHNICAL,
        "role": "Suivi technique",
        "chair": "Ministre Déléguée chargée des MRE",
        "programmes": ALL_PROGRAMMES,
        "position": 2,
    },
    {
        "code": "CoPil",
        "name": "Comité de pilotage",
        "kind": Committee.Kind.STEERING,
        "role": "Suivi de l'état d'avancement des programmes de la SNIA ; regroupe les hauts fonctionnaires des ministères et institutions publiques concernés",
        "chair": "MDCMRE",
        "programmes": ALL_PROGRAMMES,
        "position": 3,
    },
    {
        "code": "CP1",
        "name": "Éducation et culture – Jeunesse et loisirs",
        "kind": Committee.Kind.PROGRAMME,
        "role": CP_ROLE,
        "chair": "MDCMRE",
        "programmes": [1, 2],
        "position": 4,
    },
    {
        "code": "CP2",
        "name": "Santé, Logement, Assistance sociale et humanitaire",
        "kind": Committee.Kind.PROGRAMME,
        "role": CP_ROLE,
        "chair": "MDCMRE",
        "programmes": [3, 4, 5],
        "position": 5,
    },
    {
        "code": "CP3",
        "name": "Formation professionnelle et emploi",
        "kind": Committee.Kind.PROGRAMME,
        "role": CP_ROLE,
        "chair": "MDCMRE",
        "programmes": [6, 7],
        "position": 6,
    },
    {
        "code": "CP4",
        "name": "Programmes transverses",
        "kind": Committee.Kind.PROGRAMME,
        "role": CP_ROLE,
        "chair": "MDCMRE",
        "programmes": [8, 9, 10, 11],
        "position": 7,
    },
]

MINISTRY = Institution.Kind.MINISTRY
PUBLIC_BODY = Institution.Kind.PUBLIC_BODY
INTERNATIONAL = Institution.Kind.INTERNATIONAL
COOPERATION = Institution.Kind.COOPERATION
UNIVERSITY = Institution.Kind.UNIVERSITY
LOCAL_AUTHORITY = Institution.Kind.LOCAL_AUTHORITY

# Institutions named in domain.md and the excerpt. The full name is given where
# the sources spell it or it is unambiguous; an acronym only where it is the
# institution's own (no guessed acronyms).
MDCMRE = "Ministère Délégué chargé des Marocains Résidant à l'Étranger et des Affaires de la Migration"
OIM = "Organisation internationale pour les migrations"
UNHCR = "Haut-Commissariat des Nations Unies pour les réfugiés"
BIT = "Bureau international du Travail"
HCP = "Haut-Commissariat au Plan"
ENABEL = "Agence belge de développement"
EUROPEAN_UNION = "Union européenne"

INSTITUTIONS = [
    {"name": MDCMRE, "acronym": "MDCMRE", "kind": MINISTRY},
    {"name": "Ministère de la Justice", "acronym": "", "kind": MINISTRY},
    {"name": "Ministère de l'Intérieur", "acronym": "", "kind": MINISTRY},
    {"name": "Ministère de la Santé", "acronym": "", "kind": MINISTRY},
    {
        "name": "Ministère de l'Éducation Nationale, de la Formation Professionnelle, de l'Enseignement Supérieur et de la Recherche Scientifique",
        "acronym": "MENFPESRS",
        "kind": MINISTRY,
    },
    {"name": "Ministère du Travail et de l'Insertion Professionnelle", "acronym": "MTIP", "kind": MINISTRY},
    {"name": HCP, "acronym": "HCP", "kind": PUBLIC_BODY},
    {
        "name": "Agence Nationale de Promotion de l'Emploi et des Compétences",
        "acronym": "ANAPEC",
        "kind": PUBLIC_BODY,
    },
    {
        "name": "Office de la Formation Professionnelle et de la Promotion du Travail",
        "acronym": "OFPPT",
        "kind": PUBLIC_BODY,
    },
    {"name": "Présidence du Ministère Public", "acronym": "", "kind": PUBLIC_BODY},
    {"name": "Gendarmerie Royale", "acronym": "", "kind": PUBLIC_BODY},
    {
        "name": "Commission nationale chargée de la coordination des mesures de lutte et de prévention contre la traite des êtres humains",
        "acronym": "",
        "kind": PUBLIC_BODY,
    },
    {"name": OIM, "acronym": "OIM", "kind": INTERNATIONAL},
    {"name": UNHCR, "acronym": "UNHCR", "kind": INTERNATIONAL},
    {"name": BIT, "acronym": "BIT", "kind": INTERNATIONAL},
    {"name": "ONU Femmes", "acronym": "", "kind": INTERNATIONAL},
    {
        "name": "Office des Nations Unies contre la drogue et le crime",
        "acronym": "UNODC",
        "kind": INTERNATIONAL,
    },
    {"name": EUROPEAN_UNION, "acronym": "UE", "kind": INTERNATIONAL},
    {"name": ENABEL, "acronym": "ENABEL", "kind": COOPERATION},
    {"name": "Coopération canadienne", "acronym": "", "kind": COOPERATION},
    {
        "name": "Institut Supérieur de l'Information et de la Communication",
        "acronym": "ISIC",
        "kind": UNIVERSITY,
    },
    {"name": "École Nationale Supérieure de l'Administration", "acronym": "ENSA", "kind": UNIVERSITY},
    # The four universities whose legal clinics work with ENABEL's
    # « Empowerment juridique » project; acronyms as the excerpt's table prints them.
    {"name": "Université Mohammed V de Rabat", "acronym": "UM5", "kind": UNIVERSITY},
    {"name": "Université Hassan II de Casablanca", "acronym": "UH2", "kind": UNIVERSITY},
    {"name": "Université Mohammed Premier d'Oujda", "acronym": "UMP", "kind": UNIVERSITY},
    {"name": "Université Abdelmalek Essaâdi de Tétouan", "acronym": "", "kind": UNIVERSITY},
    {"name": "Conseil régional de l'Oriental", "acronym": "", "kind": LOCAL_AUTHORITY},
    {"name": "Conseil régional de Souss-Massa", "acronym": "", "kind": LOCAL_AUTHORITY},
    {"name": "Conseil régional de Tanger-Tétouan-Al Hoceima", "acronym": "", "kind": LOCAL_AUTHORITY},
    {"name": "Commune de Rabat", "acronym": "", "kind": LOCAL_AUTHORITY},
    {"name": "Commune d'Oujda", "acronym": "", "kind": LOCAL_AUTHORITY},
]

# Projects named in the excerpt. "ENAS" and "ENAS - Phase 2" are one project
# (a phase is not a project of its own); the phase is kept on the sessions.
# Implementers and funders only where the excerpt states them.
ENAS = "Assistance et protection des enfants non accompagnés ou séparés"
ARMIP_PRM = "Africa Regional Migration Program"
RDPP = "RDPP « Maroc Protection et Résilience »"
EMPOWERMENT = "Empowerment juridique des personnes migrantes"

PROJECTS = [
    {"name": "INDIMAJ II", "acronym": "", "funder": None, "implementers": [OIM]},
    {
        "name": "Déploiement des politiques migratoires au niveau régional",
        "acronym": "DEPOMI",
        # "financé par le Fonds Fiduciaire d'Urgence (FFU) de l'Union Européenne"
        "funder": EUROPEAN_UNION,
        "implementers": [ENABEL],
    },
    {"name": RDPP, "acronym": "RDPP", "funder": None, "implementers": [OIM]},
    {"name": ENAS, "acronym": "ENAS", "funder": None, "implementers": []},
    {"name": ARMIP_PRM, "acronym": "ARMIP-PRM", "funder": None, "implementers": []},
    {"name": "AMUDDU", "acronym": "", "funder": None, "implementers": [ENABEL]},
    {"name": EMPOWERMENT, "acronym": "", "funder": None, "implementers": [ENABEL]},
    {
        "name": "Programme d'assistance technique et d'échange d'informations",
        "acronym": "TAIEX",
        "funder": EUROPEAN_UNION,
        "implementers": [],
    },
]


def create_or_fill(model: type[models.Model], key: str, lookups: list[dict], values: dict):
    """The row of the entry `key` (created if never loaded); blank fields get `values`.

    The ledger (loaders) finds a row again whatever staff renamed, so what staff
    typed in the admin survives every re-run and nothing is loaded twice.
    """
    return load_row(model, key, lookups, values, fill=True, placeholders=(PLACEHOLDER_TITLE,))


def _fill_m2m(obj: models.Model | None, relation: str, objects: list) -> None:
    # On an entry's first load only (a relation staff emptied since stays empty),
    # and a relation staff have already filled is theirs: only an empty one is set.
    objects = [item for item in objects if item is not None]
    if obj is None or not objects:
        return
    manager = getattr(obj, relation)
    if not manager.exists():
        manager.set(objects)


def _by_name_or_acronym(row: dict) -> list[dict]:
    """An institution or project never loaded: its name, else its acronym (staff may have renamed it)."""
    lookups = [{"name": row["name"]}]
    if row["acronym"]:
        lookups.append({"acronym__iexact": row["acronym"]})
    return lookups


@transaction.atomic
def load_reference() -> dict[str, int]:
    """Loads the reference data; returns the resulting row counts."""
    for number in STRATEGIC_OBJECTIVE_NUMBERS:
        create_or_fill(StrategicObjective, f"OS {number}", [{"number": number}], {"title": PLACEHOLDER_TITLE})

    programmes = {}
    for row in PROGRAMMES:
        values = {"kind": row["kind"], "name": row["name"], "purpose": row.get("purpose", "")}
        programmes[row["number"]], _ = create_or_fill(
            Programme, f"P{row['number']}", [{"number": row["number"]}], values
        )

    objectives = {}
    for row in SPECIFIC_OBJECTIVES:
        values = {"programme": programmes.get(row["programme"]), "title": row["title"]}
        objectives[row["number"]], _ = create_or_fill(
            SpecificObjective, f"OSP {row['number']}", [{"number": row["number"]}], values
        )

    for row in ACTIONS:
        values = {
            "programme": programmes[row["programme"]],
            "specific_objective": objectives.get(row["specific_objective"]),
            "title": row["title"],
        }
        if values["programme"] is not None:
            create_or_fill(Action, row["code"], [{"code": row["code"]}], values)

    for row in COMMITTEES:
        values = {key: value for key, value in row.items() if key not in ("code", "programmes")}
        first_load = not is_loaded(Committee, row["code"])
        committee, _ = create_or_fill(Committee, row["code"], [{"code": row["code"]}], values)
        if first_load:
            _fill_m2m(committee, "programmes", [programmes[number] for number in row["programmes"]])

    institutions = {}
    for row in INSTITUTIONS:
        values = {"acronym": row["acronym"], "kind": row["kind"]}
        institutions[row["name"]], _ = create_or_fill(
            Institution, row["name"], _by_name_or_acronym(row), values
        )

    for row in PROJECTS:
        values = {"acronym": row["acronym"], "funder": institutions.get(row["funder"])}
        first_load = not is_loaded(Project, row["name"])
        project, _ = create_or_fill(Project, row["name"], _by_name_or_acronym(row), values)
        if first_load:
            _fill_m2m(project, "implementers", [institutions[name] for name in row["implementers"]])

    return reference_counts()


def institution(name: str) -> Institution | None:
    """The institution the reference data calls `name`, whatever staff renamed it to."""
    return loaded(Institution, name)


def project(name: str) -> Project | None:
    """The project the reference data calls `name`, whatever staff renamed it to."""
    return loaded(Project, name)


def reference_counts() -> dict[str, int]:
    return {
        "strategic_objectives": StrategicObjective.objects.count(),
        "programmes": Programme.objects.count(),
        "specific_objectives": SpecificObjective.objects.count(),
        "actions": Action.objects.count(),
        "committees": Committee.objects.count(),
        "institutions": Institution.objects.count(),
        "projects": Project.objects.count(),
        "acronyms": Acronym.objects.count(),
    }
