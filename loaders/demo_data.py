# ruff: noqa: E501 - text copied verbatim from the 2020 bilan stays on one line per paragraph.
"""The 2020 records of the bilan excerpt, and how `manage.py load_demo` loads them.

Every figure comes from ../shared/reference/bilan-2020-extrait.md. The tables give
no session dates, so none are stored. Narrative is the excerpt's Markdown with the
running page headers ("Bilan programmatique d'étape", "Programmes transverses")
removed, paragraphs split by a page break rejoined, "▶ " bullets written "- ",
"<sup>ème</sup>" written "ème"; the tables are not copied into the narrative
since the report rebuilds them from the records: a marker such as
`[[tableau:réunions]]` (reports.tables) stands where the excerpt's text
announces a table (« voir un récapitulatif, ci-dessous », « présenté dans le
tableau suivant »), so that the table follows its announcing paragraph. The
excerpt's two 1.3 tables (TABLE_1 and TABLE_2 below) hold sessions of the same
kinds and actions: their « tableau du bilan » (Session.report_table,
GROUP_1 and GROUP_2) tells them apart, and `[[tableau:sessions:<name>]]`
places each after its own paragraph.

Loading is idempotent: each record is found again through the loaders' ledger
(loaders.loading.load_row) and created only the first time, so a re-run neither
duplicates, overwrites nor brings back what staff edited or deleted.
"""

import datetime
import os
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from access.models import ReviewState
from access.roles import GROUP_NAMES, Role
from committees.models import Committee, FocalPoint, Meeting
from loaders import demo_arabic
from loaders.loading import fill_blanks, load_row, stable_key
from loaders.reference_data import ARMIP_PRM, BIT, ENAS, HCP, OIM, RDPP, UNHCR, institution, project
from programmes.models import Action, Institution, Programme, Project, SpecificObjective
from reports.models import NarrativeSection, ReportingYear, ReportItem, Study, UniversityProgramme
from trainings.models import Session

YEAR = 2020

DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_DEFAULT_PASSWORD = "snia-demo-2020!"
DEMO_ADMIN_PASSWORD_VARIABLE = "SNIA_DEMO_PASSWORD"
# Where run.sh serves the application unless SNIA_ADDRESS says otherwise.
ADDRESS = "127.0.0.1:8000"

# --- Meetings ---------------------------------------------------------------
# The meetings table: programme committees and CoPil, online, chaired by the
# Directeur des Affaires de la Migration. The Commission's and the Comité
# technique's meetings come from the narrative, which does not state their mode.
COMMITTEE_CHAIR_2020 = "Directeur des Affaires de la Migration"
MEETINGS = [
    *[
        {"committee": code, "date": date, "mode": Meeting.Mode.ONLINE, "chair": COMMITTEE_CHAIR_2020}
        for code, dates in [
            ("CP1", ["2020-06-25", "2020-09-30", "2020-11-11"]),
            ("CP2", ["2020-06-24", "2020-10-07", "2020-11-10"]),
            ("CP3", ["2020-06-09", "2020-10-06", "2020-11-13"]),
            ("CP4", ["2020-06-22", "2020-10-01", "2020-11-17"]),
            ("CoPil", ["2020-07-16", "2020-12-15"]),
        ]
        for date in dates
    ],
    {"committee": "Commission", "date": "2020-07-10", "mode": "", "chair": "Chef du Gouvernement"},
    *[
        {"committee": "CT", "date": date, "mode": "", "chair": "Ministre Déléguée chargée des MRE"}
        for date in ["2020-02-25", "2020-05-15", "2020-12-18"]
    ],
]

# --- Sessions ---------------------------------------------------------------
# One Session per row of the excerpt's three tables, even when two rows look
# alike (the ENSA course appears in tables 1 and 3 with different counts).
# Mind the column orders: table 1 is Femmes/Hommes, tables 2 and 3 Hommes/Femmes.
# A "-" in the table means the sex was not recorded: the row's total goes to
# `unrecorded`.
TRAINING = Session.Kind.TRAINING
SEMINAR = Session.Kind.SEMINAR
WORKSHOP = Session.Kind.WORKSHOP
AWARENESS = Session.Kind.AWARENESS

CAPACITY_ACTIONS = ["11.12", "11.13", "11.14"]
AWARENESS_ACTIONS = ["11.15", "11.16", "11.17"]

TABLE_1 = "Tableau « Formation / Bénéficiaires / Nombre / Femmes / Hommes », section 1.3 du bilan 2020."
TABLE_2 = "Tableau « Projet / Description / Cible / Ville / Participants », section 1.3 du bilan 2020."
TABLE_3 = (
    "Tableau « Événement / Bénéficiaires / Nombre total / Hommes / Femmes », section 1.4 du bilan 2020 : "
    "événements organisés avec l'appui de l'OIM."
)

# The names staff give the two 1.3 training tables (Session.report_table):
# table 1 lists trainings by beneficiary, table 2 by project.
GROUP_1 = "formations-beneficiaires"
GROUP_2 = "formations-projets"


def _table_2_description(project_cell: str) -> str:
    # The Projet column is kept word for word: it is the only place where
    # "Phase 2" of the ENAS project is recorded.
    return f"{TABLE_2} Projet : {project_cell}"


SESSIONS = [
    # Table 1 (Formation | Bénéficiaires | Nombre | Femmes | Hommes)
    {
        "kind": TRAINING,
        "title": "Migration et protection des enfants non accompagnés et séparés au Maroc",
        "beneficiaries": "Ministère de la Justice",
        "women": 17,
        "men": 10,
        "description": TABLE_1,
        "report_table": GROUP_1,
        "actions": CAPACITY_ACTIONS,
    },
    {
        "kind": TRAINING,
        "title": "Le Droit International de la Migration avec un volet sur la traite des êtres humains.",
        "beneficiaries": "Étudiants de l'ENSA",
        "women": 30,
        "men": 18,
        "description": TABLE_1,
        "report_table": GROUP_1,
        "actions": CAPACITY_ACTIONS,
    },
    {
        "kind": TRAINING,
        "title": "Cadre juridique et normatif de l'OIT (Principes généraux et directives opérationnelles du recrutement équitable, définition des commissions de recrutement et frais connexes)",
        "beneficiaries": "MDCMRE, HCP, MTIP, ANAPEC, Partenaires sociaux (employeurs et travailleurs)",
        "women": 6,
        "men": 4,
        "description": TABLE_1,
        "report_table": GROUP_1,
        "actions": CAPACITY_ACTIONS,
    },
    # Table 2 (Projet | Description | Cible | Ville | Hommes | Femmes | Total)
    {
        "kind": TRAINING,
        "title": "Concepts et terminologie de la migration, la migration des enfants non accompagnés ou séparés (ENAS), la protection des ENAS (identification, orientation et intégration) et la traite des êtres humains.",
        "beneficiaries": "Assistants sociaux travaillant sous la tutelle du Ministère de la justice dans différents tribunaux marocains",
        "city": "Tanger",
        "men": 10,
        "women": 17,
        "projects": [ENAS, ARMIP_PRM],
        "report_table": GROUP_2,
        "description": _table_2_description(
            "Assistance et protection des enfants non accompagnés ou séparés (Projet ENAS) et Africa Regional Migration Program (ARMIP-PRM)"
        ),
        "actions": CAPACITY_ACTIONS,
    },
    {
        "kind": TRAINING,
        "title": "Protection et assistance aux enfants non accompagnés et séparés et traite des enfants",
        "beneficiaries": "Associations de la société civile",
        "online": True,
        "men": 3,
        "women": 1,
        "projects": [ENAS],
        "report_table": GROUP_2,
        "description": _table_2_description("Projet ENAS - Phase 2"),
        "actions": CAPACITY_ACTIONS,
    },
    {
        "kind": SEMINAR,
        "title": "Séminaire sur le Droit International de la Migration. Les vulnérabilités des populations migrantes / Traite / Trafic École Nationale Supérieure de l'Administration (ENSA)",
        "beneficiaries": "Étudiants (ENSA)",
        "online": True,
        "men": 38,
        "women": 65,
        "projects": [ARMIP_PRM, RDPP],
        "report_table": GROUP_2,
        "description": _table_2_description("Projets ARMIP-PRM et RDPP"),
        "actions": CAPACITY_ACTIONS,
    },
    {
        "kind": SEMINAR,
        "title": "Séminaire sur le Droit International de la Migration : Les vulnérabilités des populations migrantes (victimes de traite et ENAS)",
        "beneficiaries": "Étudiants (ENSA)",
        "online": True,
        "men": 18,
        "women": 29,
        "projects": [ARMIP_PRM],
        "report_table": GROUP_2,
        "description": _table_2_description("Projet ARMIP-PRM"),
        "actions": CAPACITY_ACTIONS,
    },
    {
        "kind": TRAINING,
        "title": "Formation sur la Traite / Trafic Identification et protection des Victimes de Traite ENAS",
        "beneficiaries": "Associations de la société civile",
        "online": True,
        "men": 5,
        "women": 6,
        "projects": [ENAS],
        "report_table": GROUP_2,
        "description": _table_2_description("Projet ENAS Phase 2"),
        "actions": CAPACITY_ACTIONS,
    },
    # Table 3 (Événement | Bénéficiaires | Nombre total | Hommes | Femmes), all
    # "organisés avec l'appui de l'OIM".
    {
        "kind": AWARENESS,
        "title": "Prévention de l'exploitation et des abus sexuels (SEA) et la protection des victimes.",
        "beneficiaries": "Représentants des Ministères et institutions publiques concernés",
        "men": 10,
        "women": 12,
        "organisers": [OIM],
        "description": TABLE_3,
        "actions": AWARENESS_ACTIONS,
    },
    {
        "kind": AWARENESS,
        "title": "L'identification, la protection et l'assistance aux enfants migrants, y compris la traite des êtres humains.",
        "beneficiaries": "Représentants des Ministères et institutions publiques concernés",
        "men": 8,
        "women": 16,
        "organisers": [OIM],
        "description": TABLE_3,
        "actions": AWARENESS_ACTIONS,
    },
    {
        "kind": AWARENESS,
        "title": "La couverture médiatique de la migration avec un focus sur les enfants migrants et réfugiés.",
        "beneficiaries": "Journalistes et acteurs concernés",
        # "140 | - | -": no breakdown by sex in the source.
        "men": 0,
        "women": 0,
        "unrecorded": 140,
        "organisers": [OIM],
        "description": TABLE_3,
        "actions": AWARENESS_ACTIONS,
    },
    {
        "kind": AWARENESS,
        "title": "Le Programme «RDPP Maroc - Protection et Résilience»",
        "beneficiaries": "Représentants des Ministères et institutions publiques concernés",
        "men": 28,
        "women": 39,
        "organisers": [OIM],
        "projects": [RDPP],
        "description": TABLE_3,
        "actions": AWARENESS_ACTIONS,
    },
    {
        "kind": WORKSHOP,
        "title": "La participation à la 4ème édition de l'école d'été de la Clinique juridique Hijra (CJH) pour l'animation d'un atelier sur le Droit International de la Migration.",
        "beneficiaries": "Représentants d'institutions publiques et ministères",
        "men": 3,
        "women": 19,
        "organisers": [OIM],
        "description": TABLE_3,
        "actions": AWARENESS_ACTIONS,
    },
    {
        "kind": AWARENESS,
        "title": "Le Programme «RDPP Maroc - Protection et Résilience».",
        "beneficiaries": "Immigrés",
        "men": 2703,
        "women": 2996,
        "organisers": [OIM],
        "projects": [RDPP],
        "description": TABLE_3,
        "actions": AWARENESS_ACTIONS,
    },
    {
        "kind": TRAINING,
        "title": "Une formation en matière de Droit International de la Migration et terminologie migratoire.",
        "beneficiaries": "Etudiants de l'ENSA",
        "men": 21,
        "women": 27,
        "organisers": [OIM],
        "description": TABLE_3,
        "actions": AWARENESS_ACTIONS,
    },
]

# --- University programmes and studies (section 1.2, actions 11.10 and 11.11) --
WATCH_ACTIONS = ["11.10", "11.11"]
MASTER = UniversityProgramme.Diploma.MASTER
DOCTORATE = UniversityProgramme.Diploma.DOCTORATE

UNIVERSITY_PROGRAMMES = [
    ("UM5", "Rabat", MASTER, "Migrations et Sociétés"),
    ("ENRPU", "Rabat", MASTER, "Médias et Migrations"),
    (
        "UMI",
        "Meknès",
        MASTER,
        "Histoire des migrations et des mouvements de populations dans le bassin méditerranéen",
    ),
    ("UMI", "Meknès", MASTER, "Droit international privé et migration"),
    ("UIZ", "Agadir", DOCTORATE, "Aménagement du Territoire, Sociétés, Migration & Développement Durable"),
    ("UIZ", "Agadir", MASTER, "Dynamique des sociétés : Migration, démographie et développement"),
    ("USMS", "Béni-Mellal", MASTER, "Migrations Internationales : Espace et Société"),
    ("UH2", "Mohammedia", MASTER, "Sociologie de la migration"),
    ("UMP", "Oujda", MASTER, "Migration : Espace et société"),
]

STUDIES = [
    {
        "title": "État des lieux du système d'information national en matière de la migration de main d'œuvre",
        "institutions": [BIT],
        "summary": "Le Bureau international de travail a mené une étude portant sur l'état des lieux du système d'information national en matière de la migration de main d'œuvre.",
    },
    {
        "title": "Étude qualitative sur les profils socio-économiques et les obstacles d'accès au marché de l'emploi",
        "institutions": [BIT],
        "summary": "Le même organisme a publié une étude qualitative sur les profils socio-économiques et les obstacles d'accès au marché de l'emploi.",
    },
    {
        "title": "État des lieux de l'accès des enfants migrants en situation de vulnérabilité aux structures de préscolaire, de crèches publiques, privées et associatives existantes dans sept zones urbaines du Royaume du Maroc",
        "institutions": [OIM],
        "summary": "En 2020, l'OIM a mené une étude sur l'état des lieux de l'accès des enfants migrants en situation de vulnérabilité aux structures de préscolaire, de crèches publiques, privées et associatives existantes dans sept zones urbaines du Royaume du Maroc. Elle a été réalisée dans le cadre de la composante Intégration socio-économique des migrants en situation de vulnérabilité du Programme «RDPP Maroc Protection et Résilience». L'objectif étant de renforcer l'accès aux structures d'accueil d'enfants migrants de moins de 6 ans, en s'appuyant sur les structures existantes ainsi que celles des organisations de la société civile (OSC) présentes sur le terrain et dont les initiatives sont en ligne avec les résultats escomptés dudit programme.",
    },
    {
        "title": "Enquête sur l'impact de la pandémie de la COVID-19 sur la situation économique, sociale et psychologique des réfugiés au Maroc",
        "institutions": [HCP, UNHCR],
        "summary": "Dans le même sens, le Haut-Commissariat au Plan (HCP), en partenariat avec l'UNHCR, a mené une enquête, du 2 au 8 juin 2020, auprès d'un échantillon représentatif de 600 réfugiés au Maroc ayant comme objectif l'évaluation de l'impact de la pandémie de la COVID-19 sur la situation économique, sociale et psychologique de cette population.",
    },
]

# --- Narrative of Programme 11 ------------------------------------------------
INTRO = """Le modèle de gouvernance de la SNIA repose sur une approche participative de concertation, de coordination et de mise en œuvre.

L'ensemble des partenaires (autorités publiques nationales ou locales, société civile, universités, secteur privé, institutions internationales) sont ainsi conviés à participer, à travers leurs expertises, leurs compétences et leur couverture territoriale, à la réflexion, à la programmation, à la mise en œuvre et au suivi des actions de la SNIA. Le MDCMRE anime, coordonne et valorise cette concertation MDCMRE.

Il assure ainsi le secrétariat du Comité Interministériel des Affaires des Marocains Résidant à l'Étranger élargi aux Affaires de la Migration en vertu du décret n° 2-14-963 du 23 février 2015, et placé sous l'autorité du Chef du Gouvernement. Le Comité interministériel se réunit une fois par semestre et assure, notamment le pilotage global de la SNIA.

La mise en œuvre des programmes de la SNIA est régie par le Comité de pilotage de la SNIA qui regroupe les hauts fonctionnaires des Ministères et des institutions publiques concernés. Coordonné par le MDCMRE, ce Comité assure le suivi de l'état d'avancement des programmes de la SNIA.

La mise en œuvre opérationnelle des actions prévues pour chaque programme de la SNIA est assurée par chacun des Ministères et institutions publiques concernés, en coopération avec les organisations de la société civile, le secteur privé et les partenaires internationaux, le cas échéant. La coordination entre les acteurs et le suivi de la mise en œuvre opérationnelle est assurée par 4 Comités programmes se réunissant tous les mois et coordonnés par le MDCMRE, comme suit :

- CP 1 : Education et culture – Jeunesse et loisirs
- CP 2 : Santé, Logement, Assistance sociale et humanitaire
- CP 3 : Formation professionnelle et emploi
- CP4 : Programmes transverses

La collaboration avec les organisations de la société civile s'organise par ailleurs dans le cadre des appels à projets lancés chaque année afin d'appuyer la mise en œuvre des actions de la SNIA. En 2020, aucun appel n'a été lancé en raison des restrictions budgétaires liés à la crise sanitaire.

Le renforcement des capacités constitue un levier important de la mise en œuvre et de la pérennité des actions de la SNIA qui requiert la mobilisation de tous les partenaires. De nombreuses sessions de formation ont été organisées depuis l'élaboration de la SNIA, que ce soit en matière de droit international de la migration, de l'asile ou de la traite des êtres humains, d'intégration locale, de gestion de projets ou des sujets plus techniques. Plusieurs acteurs publics et associations ont bénéficié de ces sessions afin de renforcer leur capacité dans la prise en charge des migrants et des réfugiés.

A cet effet, le Ministère soutient et encourage les universités et les écoles d'enseignement supérieur dans la mise en place de modules de formation et de recherches sur les questions d'immigration et d'asile.

Aussi, des initiatives de sensibilisation au profit des migrants et des réfugiés ont été menées. On citera, à titre d'exemple la semaine des migrants ainsi que la journée mondiale du réfugié qui ont été l'occasion d'une mobilisation importante des acteurs concernés et du grand public autour des questions de la migration et de l'asile."""

NATIONAL_COORDINATION = """Dans le cadre du suivi de la mise en œuvre de la Stratégie Nationale d'Immigration et d'Asile (SNIA), il est à rappeler qu'un dispositif de gouvernance a été mis en place comportant trois instances aux prérogatives complémentaires. Il s'agit de :

- **Commission Interministérielle des affaires des MRE et des affaires de la migration** qui est l'instance de décision et de suivi de la mise en œuvre des politiques migratoires. Présidée par le Chef du Gouvernement, elle réunit les principaux ministères et institutions impliqués dans la gestion des questions migratoires.
- **Comité de Pilotage (CoPil)** regroupant les ministères et institutions qui portent les actions de la SNIA. Il suit régulièrement l'avancement de la mise en œuvre des programmes d'actions définis dans le cadre de la SNIA. Le Ministère assure l'organisation des réunions (envoi des lettres d'invitation, préparation des supports, ...) et centralise les états d'avancement que chaque institution doit élaborer et présenter lors de ces réunions.
- **Comités Programmes (CP)**, comprenant 3 comités programmes sectoriels : Comité Programmes 1 « Education, Culture, Jeunesse et loisirs », Comité Programmes 2 « Santé, Logement, Assistance sociale et humanitaire », Comité Programmes 3 « Formation professionnelle et Emploi » ainsi qu'un Comité Programmes transverses 4 « Gestion des flux migratoires et lutte contre la traite des êtres humains, Coopération et partenariats internationaux, Cadre réglementaire et conventionnel, Gouvernance et communication ». Ces comités sont composés de points focaux représentant les ministères et les acteurs institutionnels partenaires y compris les organismes internationaux et se réunissent régulièrement afin d'étudier l'avancement des actions, d'identifier les points d'amélioration et les alertes à remonter au Comité de pilotage. Le Ministère assure l'organisation des réunions de ces comités (envoi des lettres d'invitation, préparation des supports, ...) et centralise l'état d'avancement pour chaque programme qu'il présente lors de ces réunions.

La Commission interministérielle des Affaires des MRE et des Affaires de la Migration s'est réunie le 10 juillet 2020 sous la présidence du Chef de Gouvernement. Le Comité technique issue de cette Commission s'est réuni à trois reprises, les 25 février, 15 mai et 18 décembre 2020 sous la présidence de la Ministre Déléguée Chargée des MRE.

Depuis 2018, les organismes internationaux concernés par les programmes de la SNIA participent aux travaux des réunions des comités programmes. Cette coordination élargie a eu pour effet de renforcer la synergie au niveau des différentes interventions au profit des migrants ainsi que le partage d'information.

En raison des restrictions dues à la crise sanitaire liée à la COVID-19, les réunions des comités programmes et celles du comité de pilotage ont été organisées, sous la présidence du Directeur des Affaires de la Migration, en ligne à distance (au moins 3 réunions par comité programme et 2 réunions du comité de pilotage) : voir un récapitulatif, ci-dessous, des réunions de ces comités.

[[tableau:réunions]]

Ces réunions étaient donc l'occasion de faire le point sur l'état d'avancement des actions inscrites dans les différents programmes de la SNIA mais aussi de discuter des différentes mesures prises par les institutions concernées et les partenaires internationaux en vue d'atténuer l'impact socio-économique de la crise sanitaire de la COVID-19 sur les migrants et réfugiés et de veiller à assurer la continuité des services offerts (éducation et formation, emploi, assistance sociale, santé, justice, ...). Les travaux de ces réunions ont montré une forte implication de tous les partenaires de la SNIA et ont permis le partage de l'information actualisée (des comptes-rendus sont élaborés et envoyés aux participants aux réunions) et de dresser le présent bilan annuel."""

TERRITORIAL_COORDINATION = """Comme mentionné dans les rapports bilan précédents de la Politique Nationale d'Immigration et d'Asile, la territorialisation de la SNIA représente l'un des principaux défis à relever par les pouvoirs publics.

Les Maisons des Marocains du Mønde sont ainsi devenues en 2014 les Maisons des Marocains du Mønde et des Affaires de la Migration. Présentes dans 4 villes (Nador, Béni Mellal, Tiznit, et Khouribga) elles assument actuellement un embryon de coordination territoriale sur les questions d'immigration et d'asile.

Dans ce sens, le MDCMRE accompagne le processus de territorialisation de la SNIA, en collaboration avec ses partenaires internationaux et locaux et ce, à travers la mise en place de plusieurs programmes de renforcement de capacités des acteurs territoriaux et en assurant leur accompagnement pour l'instauration d'une réflexion collective autour de l'implication des collectivités territoriales dans la gestion de la question migratoire.

Ainsi et afin de garantir une mise en œuvre territoriale de la SNIA et assurer son ancrage dans les Plans de Développement Régionaux en se basant sur les principes de bonne gouvernance, le Ministère a veillé à la conception, sur la base d'une approche participative avec les différents acteurs territoriaux, des outils de gouvernance. Ces outils permettront aux acteurs territoriaux de s'approprier et de gérer cette thématique, pour tirer profit du potentiel et des opportunités proposées par la migration. Il s'agit, de deux documents stratégiques à savoir :

- **Un plan d'action régional qui permettra d'assurer la déclinaison territoriale de la SNIA :** Ce plan d'action regroupe les actions de tous les acteurs intervenants directement ou indirectement dans le domaine de la migration. Il est composé de 8 programmes/domaines et chaque programme est décliné en plusieurs actions. Ce plan d'action a pour objectif global de consolider les actions entreprises au niveau régional en matière de territorialisation de la SNIA.
- **Un mode de gouvernance régionale de la territorialisation de la SNIA :** c'est un outil de gouvernance de la politique migratoire au niveau régional. Il est constitué des principaux acteurs intervenant dans le domaine de la migration, notamment au niveau régional. Ce dispositif a pour mission de veiller à la convergence des initiatives régionales et d'assurer la coordination entre les acteurs régionaux, d'une part, et le niveau central, d'autre part.

Ce processus a été couronné par l'organisation d'un atelier final d'échange et de dissémination des bonnes pratiques, le 28 janvier 2020 à Rabat, dans le cadre du projet INDIMAJ II. Ce projet, mené par l'OIM vise l'accompagnement des conseils régionaux de l'Oriental, du Souss-Massa et de Tanger-Tétouan-Al Hoceima dans l'intégration de la migration au sein de leur planification locale pour assurer la protection et l'intégration des migrant-e-s et propose son appui aux conseils régionaux pour la mise en place d'un mode de gouvernance de la migration ou le renforcement de ceux déjà existants.

D'autres initiatives sont en cours de réalisation afin de sensibiliser, former et impliquer les acteurs territoriaux dans la gestion de l'immigration et de l'intégration locale des migrants et des réfugiés, en particulier le lancement officiel du projet DEPOMI « Déploiement des politiques migratoires au niveau régional » en partenariat avec ENABEL, au siège de la Wilaya de l'Oriental à Oujda, le 23 octobre 2020. Ce projet, financé par le Fonds Fiduciaire d'Urgence (FFU) de l'Union Européenne, vise à accompagner les régions partenaires du projet (Souss-Massa, Beni Mellal - Khénifra et l'Oriental) pour intégrer la dimension de la migration dans les politiques et les stratégies publiques aux niveaux national et régional."""

STUDIES_NARRATIVE = """Un certain nombre d'études a été publié durant l'année 2020. Celles-ci permettent d'enrichir la connaissance autour de ce phénomène et intéressent à la fois les décideurs politiques, les universitaires et les chercheurs, que l'ensemble des acteurs œuvrant dans le domaine de la migration et de l'asile.

Le Bureau international de travail a mené une étude portant sur l'état des lieux du système d'information national en matière de la migration de main d'œuvre. Le même organisme a publié une étude qualitative sur les profils socio-économiques et les obstacles d'accès au marché de l'emploi.

En 2020, l'OIM a mené une étude sur l'état des lieux de l'accès des enfants migrants en situation de vulnérabilité aux structures de préscolaire, de crèches publiques, privées et associatives existantes dans sept zones urbaines du Royaume du Maroc. Elle a été réalisée dans le cadre de la composante Intégration socio-économique des migrants en situation de vulnérabilité du Programme «RDPP Maroc Protection et Résilience». L'objectif étant de renforcer l'accès aux structures d'accueil d'enfants migrants de moins de 6 ans, en s'appuyant sur les structures existantes ainsi que celles des organisations de la société civile (OSC) présentes sur le terrain et dont les initiatives sont en ligne avec les résultats escomptés dudit programme.

Dans le même sens, le Haut-Commissariat au Plan (HCP), en partenariat avec l'UNHCR, a mené une enquête, du 2 au 8 juin 2020, auprès d'un échantillon représentatif de 600 réfugiés au Maroc ayant comme objectif l'évaluation de l'impact de la pandémie de la COVID-19 sur la situation économique, sociale et psychologique de cette population.

[[tableau:études]]"""

UNIVERSITIES_NARRATIVE = """En matière de coopération universitaire, plusieurs actions ont été menées :

- Intégration de la dimension migration dans la formation (accréditation des filières dans le domaine) ainsi que dans la recherche scientifique.
- Organisation de nombreuses réunions et séminaires sur ce thème.
- Accréditation des filières au titre de l'année universitaire 2019-2020.

Dans le cadre du projet «Empowerment juridique des personnes migrantes», ENABEL collabore avec les cliniques juridiques des facultés des sciences juridiques, économiques et sociales des universités : Hassan II de Casablanca, Mohammed Premier d'Oujda, Abdelmalek Essaâdi de Tétouan, Mohammed V de Rabat en vue de renforcer les capacités des professeurs, doctorants et étudiants en matière de droit d'asile et de la migration et contribuer à l'équipement de ces cliniques juridiques. Jusqu'au 31 octobre 2020, le projet a formé 12 professeurs et doctorants et 99 étudiants à travers différentes activités portant sur le droit d'asile et la migration. Ces activités ont également permis au monde académique d'échanger avec les associations œuvrant dans le domaine migratoire. Elles ont ainsi contribué au renforcement des connaissances théoriques des étudiants en garantissant une montée en compétences pratiques développées grâce au travail quotidien des associations œuvrant sur la thématique migratoire. Ces cliniques juridiques ont permis aux universités de renforcer le cursus des étudiants en y intégrant des cours sous forme de séminaires, portant sur le droit des étrangers.

Le projet a assisté également 4 doctorants dans leurs recherches portant sur la migration, en leur permettant d'avoir accès à des ressources scientifiques complémentaires, d'assister à des formations et conférences internationales et de travailler en réseau avec des universités Belges.

Par ailleurs, le MENFPESRS a pu accréditer et donner naissance à plusieurs formations dans des filières traitant la thématique de la migration et de l'asile.

[[tableau:filières]]"""

CAPACITY_BUILDING = """Le renforcement de capacités des acteurs œuvrant dans le domaine de la migration est une composante essentielle pour une mise en œuvre efficace de la SNIA. Ainsi, le MDCMRE, en étroite collaboration avec ses partenaires techniques et de mise en œuvre, ont travaillé sur des projets touchant plusieurs secteurs. L'ensemble des sessions de formations organisées par le Ministère et ses partenaires internationaux et associatifs sont mentionnés au niveau des programmes sectoriels respectifs.

Tout au long de l'année 2020, de nombreux programmes de formation ont été mis en œuvre afin de renforcer les capacités de l'ensemble des acteurs impliqués dans la gestion de la migration et l'intégration locale des migrants et des réfugiés, incluant les forces de sécurité et de police, le personnel judiciaire, les élus nationaux et les élus locaux, les autorités administratives centrales et les services déconcentrés, les administrations locales, le milieu universitaire, les associations et les médias.

Une panoplie de thématiques ont été abordées lors de ces formations :

- Le droit international de l'asile.
- La protection des réfugiés.
- La traite des êtres humains.
- L'exploitation au travail.
- Des sujets plus sectoriels, comme la migration et la santé, l'insertion économique des migrants, les violences envers les femmes, les mineurs non-accompagnés, etc.

Dans le cadre des programmes de formation autour des questions de l'immigration, le BIT a appuyé et accompagné techniquement les acteurs concernés pour le développement des campagnes de sensibilisation autour des droits des travailleuses et travailleurs migrant(e)s, des principes de recrutement équitable, autour du travail domestique et de lutte contre le harcèlement au travail.

Dans le même sens, l'OIM a organisé des ateliers de renforcement de capacités des points focaux au sein des Conseils Régionaux de Tanger-Tétouan-Al-Hoceima, l'Oriental et Souss-Massa contribuant au développement d'une vision stratégique et des outils de pilotages aux niveaux régional et local.

[[tableau:sessions:formations-beneficiaires]]

Dans le cadre des activités menées concernant les programmes de formation sur les questions d'immigration, d'asile et de lutte contre la traite des êtres humains, l'OIM a mis en place un programme de formation aux questions d'immigration, dans les administrations publiques concernées et un programme de formation et de renforcement des capacités des associations œuvrant dans ces domaines. Aussi, des formations ont été menées de façon virtuelle en synergie avec le projet ENAS pour des associations partenaires de l'OIM, notamment celles qui travaillent avec des enfants non accompagnés ou séparés, sur la traite des êtres humains, l'identification et la protection des victimes.

De même, ENABEL a mis en place, dans le cadre du projet AMUDDU, une formation sur la gestion axée sur les résultats (GAR), le suivi et évaluation, du 9 au 27 novembre 2020, au profit des comités régionaux du CP3 de Rabat et Casablanca afin de leurs permettre de mieux gérer, coordonner et de créer ainsi une meilleure ambiance de travail et de collaboration entre les membres des deux comités.

Par ailleurs, ENABEL a élaboré un guide en deux versions (français et arabe) sur les bonnes pratiques en matière d'intégration économique des migrant(e)s qui fait partie d'une étude de benchmarking sur les bonnes pratiques en matière d'intégration économiques des personnes migrantes en Espagne, Tunisie et le Mexique. L'objectif de l'étude était de permettre aux associations de la société civile ainsi qu'aux autres acteurs clés, de s'inspirer de certaines pratiques innovantes qui ont fait preuve d'efficacité dans les trois pays précités.

Aussi, dans le cadre du projet «Empowerment juridique des personnes migrantes», ENABEL a élaboré un plan de renforcement des capacités et d'appui à la société civile en matière de droit des étrangers au niveau des quatre régions ciblées par le projet. Il s'agit principalement des sessions de formation autour des thématiques suivantes : (i) le droit national et international de la migration y compris les procédures de régularisation et de renouvellement de la carte séjour, (ii) l'enregistrement à l'état civil, (iii) le volet juridique de l'intégration économique et (iv) la procédure de dépôt de plainte ainsi que (v) la communication digitale. La première session de formation a ciblé 20 participants (associations travaillant sur Tanger) et qui a porté sur la communication digitale en matière de diffusion d'informations sur les droits auprès du public cible, particulièrement les migrants.

Par ailleurs, dans le cadre de la mise en œuvre du projet «Prévention et interventions améliorées en cas de violences faites aux femmes et aux filles au Maroc», financé par la Coopération canadienne, l'ONU Femmes, en partenariat avec la Présidence du Ministère Public a organisé en février 2020, deux ateliers de renforcement des capacités, à Fès et Casablanca, au profit de 50 procureurs et magistrats sur le cadre normatif international et national de lutte contre la traite des êtres humains, l'identification des cas et la protection des victimes ainsi que sur la construction des dossiers sur la base de preuves.

Dans la même perspective, l'UNHCR a réalisé des séances de sensibilisation sur l'asile, le droit international des réfugiés et la traite des êtres humains au profit des officiers de la Gendarmerie Royale et des représentants du Ministère de l'Intérieur à Agadir. Ces séances de sensibilisation ont été élargies pour intégrer aussi les universités.

Par ailleurs, l'OIM a établi une feuille de route avec la Commission nationale chargée de la coordination des mesures de lutte et de prévention contre la traite des êtres humains afin d'échanger autour des modalités d'appui. Ainsi, une série de mesures a été programmée :

- Des formations ont eu lieu, au mois de mars 2020, à Tanger au profit des organisations de la société civile, sur l'identification et la protection des victimes de traite des êtres humains (31 représentants de la société civile formés).
- Des modules de formation en ligne sur la question de la traite des êtres humains (identification, protection, différents types de traite, mécanismes de protection et prise en charge, etc.) sont en cours de mise en place avec ladite Commission.
- Du matériel de diffusion sur les risques de la migration irrégulière a été partagé avec les acteurs concernés.

Ains, en vue de promouvoir le renforcement des capacités des services et des acteurs intervenant dans le domaine de la migration, un ensemble de sessions de formation et de sensibilisation ont été organisées dans le cadre de différents projets et présenté dans le tableau suivant:

[[tableau:sessions:formations-projets]]

A l'occasion de la célébration de la 6ème édition de la Semaine des Migrants au Maroc, du 14 au 20 Décembre 2020, et dans le cadre du renforcement de la dimension humaniste de la SNIA et des mécanismes de protection des migrants vulnérables, la Direction de la Migration et de la Surveillance des Frontières relevant du Ministère de l'Intérieur a organisé, en coopération avec les expert(e)s de la Commission Européenne du programme d'assistance technique et d'échange d'informations financé par l'Union Européenne (TAIEX), une session de formation dans le domaine de la prise en charge des migrants vulnérables. Animée par les expert(e)s du Ministère de l'Intérieur italien. Cette session avait pour objectif l'échange des expériences en matière du système d'orientation, de transfert et de prise en charge des personnes vulnérables et des victimes des réseaux de trafic des migrants et de traite, ainsi que la coordination entre les différents acteurs intervenants en matière de protection."""

AWARENESS_NARRATIVE = """Vu les effets négatifs de la pandémie de la COVID-19 sur les activités des partenaires nationaux et internationaux et pour faire face à cette situation contraignante, le MDCMRE ainsi que l'ensemble des partenaires ont mis en place des mesures pour sensibiliser et informer sur les questions de l'immigration et l'asile.

Dans ce sens, le MDCMRE en partenariat avec l'UE, l'OIM et l'Institut Supérieur de l'Information et de la Communication (ISIC), ont organisé le lancement des guides intitulés « Couverture médiatique de la migration fondée sur le droit international et les données factuelles : Guide du journaliste & Guide du facilitateur » au Maroc, le 29 janvier 2020 dans les locaux de l'ISIC.

Ces deux guides, élaborés dans le cadre du Programme Régional de Développement et de Protection en Afrique du Nord (RDPP), mis en œuvre par l'OIM au Maroc, en Algérie, en Tunisie, en Libye et en Egypte, constituent un outil clé pour la promotion d'une couverture médiatique du phénomène migratoire fondée sur le droit international et les données factuelles. Ils permettent d'encourager les acteurs médiatiques à continuer à s'imprégner des bonnes pratiques journalistiques en matière de migration. Le tableau suivant résume les principaux événements organisés, dans ce sens, avec l'appui de l'OIM:

[[tableau:sessions]]

Aussi, dans le cadre du projet «Amélioration de la protection et de l'assistance aux migrants vulnérables au Maroc» et le projet régional «Favoriser la santé et la protection des migrants vulnérables transitant par le Maroc, la Tunisie, la Lybie, l'Egypte et le Yémen», mis en place par l'OIM, une série de flyers d'information et de sensibilisation dédiée aux populations migrantes a été publiée sur le site web OIM Maroc.

Dans le même sens et sur le plan des efforts menés concernant les programmes de sensibilisation et d'information, ENABEL a fourni l'appui aux membres du CP3, pour la communication, l'information et la sensibilisation autour des offres de services en faveur des migrants, et ce à travers l'élaboration des dépliants en trois langues (français, arabe et anglais), sur les offres de services proposées par les institutions (OFPPT, ANAPEC, Artisanat) au niveau des deux régions : Casablanca et Rabat. Un guide complet sur toutes les offres de services sera aussi élaboré en deux langues (Français et Arabe). Le dépliant comme le guide permettra aux migrant(e)s d'avoir une idée sur chaque institution, les parcours de formation ou d'appui possible, les débouchés de chaque parcours de formation, les conditions d'accès aux services et les centres disponibles avec leurs localisations, téléphones et personnes de contact."""

REFUGEE_WEEK = """Compte tenu des circonstances liées à la pandémie de la COVID-19, la Journée Mondiale du Réfugié, célébrée le 20 juin de chaque année, s'est déroulée exclusivement à distance, pendant la semaine du 15 au 21 Juin 2020, à travers l'organisation de plusieurs activités en partenariat avec l'UNHCR :

- Organisation d'un Webinaire sur le « Traitement médiatique de la thématique des réfugiés durant la pandémie liée à la COVID-19 ».
- Organisation d'un Webinaire pour répondre à la question « Comment gérer psychologiquement et émotionnellement la situation liée à la COVID-19 ? ».
- Organisation d'une table ronde sous le thème : « Les communautés réfugiées et migrantes à l'épreuve de la COVID-19 au Maroc : réflexions et recommandations du monde académique ».
- Publication d'une compilation de vidéos sur les «Refugees Got Talent».
- Réalisation d'une campagne digitale de sensibilisation « Koulna maa lajiin», tous avec les réfugiés.
- Publication des initiatives menées par les partenaires du UNHCR en matière de santé, d'assistance humanitaires et d'éducation.
- Publications sur les réseaux sociaux ; partage de « success stories » des réfugiés au Maroc..."""

TRAFFICKING_DAY = """A l'occasion de la journée internationale de la lutte contre la traite des êtres humains, célébrée le 30 juillet 2020, l'OIM Maroc a soutenu activement la Commission nationale chargée de la coordination des mesures de lutte et de prévention contre la traite des êtres humains, avec le bureau UNODC, pour l'organisation d'une série d'ateliers visant le renforcement des connaissances et l'opérationnalisation des bonnes pratiques en matière de protection des victimes, de prévention de la traite et de mise en œuvre d'activités pour toucher les causes profondes de la traite. Ainsi, l'OIM est en cours de conception des manuels de formation en ligne sur la question de la traite avec la Commission."""

MIGRANT_WEEK = """A l'occasion de la Journée internationale des migrants, célébrée le 18 décembre de chaque année, le MDCMRE a organisé la 6ème édition de la Semaine des Migrants au Maroc, du 14 au 20 décembre 2020. C'était l'occasion pour organiser une campagne d'assistance humanitaire au profit des migrants, en parallèle avec plusieurs activités culturelles et socio-économiques, en mode distanciel en respectant les restrictions sanitaires, et ce en partenariat avec la société civile et avec l'appui des partenaires internationaux."""

LOCKDOWN = """L'UNHCR Maroc a pu adapter sa stratégie de communication pour permettre aux réfugiés et demandeurs d'asile de rester informés durant la période du confinement. A compter du 18 mars jusqu'au mois de juin 2020, les réseaux sociaux de l'UNHCR ont joué un rôle très important en matière de communication de proximité. Des informations sur les services, l'accueil, l'assistance à distance, la création de hotlines et l'adaptation rapide des partenaires d'implémentation ont été partagées en permanence sur les réseaux : Facebook, Twitter, et Instagram en français/arabe/anglais.

Par ailleurs, ENABEL a adapté ses interventions en faveur des migrants durant la période de la crise sanitaire à travers les actions suivantes :

- La sensibilisation sur les mesures de prévention contre la COVID-19, en partenariat avec le Ministère de la Santé, via des brochures et des capsules vidéo en différentes langues.
- La mise en place d'une plateforme d'écoute à distance au profit des migrants.
- L'organisation d'un atelier à distance avec des associations des migrants pour effectuer une étude des besoins.

Dans le cadre du projet « Empowerment juridique des personnes migrantes », ENABEL a développé une boîte à outils digitaux au profit des associations œuvrant dans le domaine d'accompagnement des migrants et réfugiés en situation de précarité pour leurs faciliter la coordination et le réseautage. L'idée a émané des besoins exprimés par les associations en matière d'outils de coordination à distance pour assurer la continuité du travail d'assistance et de soutien au profit des migrants. Cette boîte à outils regroupe des informations sur les modalités d'utilisation de différentes solutions digitales gratuites et assez faciles d'utilisation et qui vont permettre d'appuyer les associations dans leur coordination et travail en réseau. (Lien : <https://issuu.com/enabel.maroc/docs/boite_outils_digitaux>)"""

# Positions run 1..n across the chapter, so that the order holds whatever
# the database does with the intro's NULL OSP when sorting.
NARRATIVE = [
    {"osp": None, "heading": "", "body": INTRO},
    {"osp": 24, "heading": "a- Coordination au niveau national", "body": NATIONAL_COORDINATION},
    {"osp": 24, "heading": "b- Coordination au niveau territorial", "body": TERRITORIAL_COORDINATION},
    {
        "osp": 25,
        "heading": "α. Réalisation d'études analytiques et prospectives sur la migration au Maroc",
        "body": STUDIES_NARRATIVE,
    },
    {
        "osp": 25,
        "heading": "β. Développement de programmes de formation et de recherche sur les questions migratoires dans les universités",
        "body": UNIVERSITIES_NARRATIVE,
    },
    {"osp": 26, "heading": "", "body": CAPACITY_BUILDING},
    {"osp": 27, "heading": "", "body": AWARENESS_NARRATIVE},
    {"osp": 27, "heading": "5ème édition de la semaine des réfugiés", "body": REFUGEE_WEEK},
    {
        "osp": 27,
        "heading": "Journée Internationale de la lutte contre la traite des êtres humains",
        "body": TRAFFICKING_DAY,
    },
    {"osp": 27, "heading": "6ème édition de la semaine des migrants", "body": MIGRANT_WEEK},
    {"osp": 27, "heading": "Mesures prises pendant le confinement", "body": LOCKDOWN},
]

# --- Challenges, measures, recommendations -----------------------------------
# The challenges section opens with two sentences ("La gouvernance est le pilier
# … Les contraintes majeures résident dans :") that introduce the list rather
# than state a challenge; as a list item they would read as one, so only the
# three bullets are stored.
PROGRAMME_10_RECOMMENDATIONS = [
    "Poursuite de la réflexion au sujet de la ratification de la Convention sur l'apatridie de 1954.",
    "Suivi de la mise en œuvre de la procédure de ratification de la convention n°118 de l'OIT sur l'égalité de traitement concernant la sécurité sociale pour les travailleurs migrants.",
    "Redynamisation du processus d'adoption des projets de loi relatif à l'asile et à l'entrée et au séjour des étrangers au Royaume du Maroc et à l'immigration.",
    "Facilitation des conditions du renouvellement des titres de séjour.",
]

PROGRAMME_11_CHALLENGES = [
    "L'absence de la dimension migration dans les premiers PDR de la plupart des régions.",
    "L'insuffisance de données sur les profils des migrants.",
    "La difficulté de la collecte et de partage des données statistiques sur l'utilisation des services de base par les migrants, surtout au niveau territorial.",
]

PROGRAMME_11_MEASURES = [
    "Former des producteurs et des utilisateurs de données aux normes internationales des statistiques du travail (20ème CIST).",
    "Assurer la continuité de la formation des représentant(e)s des partenaires institutionnels (MDCMRE, HCP, MTIP) et partenaires sociaux (travailleurs et employeurs) au cadre juridique et normatif de l'OIT (Principes généraux et directives opérationnels du recrutement équitable, définition des commissions de recrutement et frais connexes).",
    "Assurer l'appui et l'accompagnement technique des partenaires sociaux et de la société civile (Associations d'immigré-es) pour le développement des campagnes et des actions de sensibilisation autour des droits des travailleuses et travailleurs migrant-es, des principes de recrutement équitable, du travail domestique et de la lutte contre le harcèlement au travail.",
    "Poursuivre le soutien au renforcement des mécanismes de gouvernance et d'articulation entre les niveau central, régional et local en matière de santé et emploi ainsi que l'opérationnalisation des espaces de gouvernance régionale à Tanger-Tétouan-Al-Hoceima, l'Oriental et à Sous Massa, avec l'appui de l'OIM.",
    "Dresser avec l'appui de l'OIM une cartographie des acteurs locaux agissant sur la question de la migration, en collaboration avec la commune de Rabat et la commune d'Oujda.",
    "Elaborer une boîte à outils des bonnes pratiques visant à intégrer les migrant-e-s dans la réponse et la riposte post-COVID-19 des collectivités locales marocaines en collaboration avec la commune de Rabat et la commune d'Oujda avec l'appui de l'OIM. Des modules, en ligne sur l'identification et la protection des enfants et jeunes, migrants et réfugiés et la lutte contre la traite sont en train d'être développés. Il cibleront les acteurs gouvernementaux et la société civile. Un mécanisme de coordination et référencement pour les victimes de la traite sera également élaboré.",
    "Préparer un plan de renforcement des capacités destiné aux organisations de la société civile et des partenaires chargés de la protection, sur différentes thématiques telles que le suivi et l'évaluation des projets, la gestion technique et financière des projets, la prévention de l'exploitation sexuelle et de l'abus...etc.",
    "Programmer l'organisation de la suite des sessions de formations sur les thèmes identifiés. avec l'appui d'ENABEL.",
    "Développer un guide pratique qui permettra aux migrants, réfugiés et demandeurs d'asile de prendre connaissance et leurs droits et de leurs mise en pratique, dans le cadre du projet «Empowerment juridique des personnes migrantes», mené par ENABEL. Une fois ce guide est élaboré, les informations seront diffusées à travers une application qui les mettrait en contact, si nécessaire, avec les assistants sociaux du Ministère de la Justice, renforçant ainsi leur accès à la justice.",
]

PROGRAMME_11_RECOMMENDATIONS = [
    "Renforcer la coordination au niveau central, régional et local.",
    "Intégrer la dimension migratoire dans les systèmes d'information des départements ministériels et autres acteurs engagés.",
    "Elaborer des partenariats avec des universités pour faciliter les recherches sur la migration et adapter les résultats à chaque contexte régional.",
    "Renforcer la coordination entre tous les partenaires de la SNIA, à savoir les points focaux : les partenaires institutionnels, les agences des Nations Unies, les Conseils Régionaux, les Wilayas, et les organisations de la société civile (OSC)...etc.",
    "Renforcer les capacités des associations - œuvrant en faveur des migrants- en matière de gestion des projets ainsi qu'en termes d'approche pour l'intégration locale des migrants.",
    "Appuyer l'opérationnalisation de la territorialisation de la SNIA.",
    "Renforcer le partenariat avec les collectivités territoriales sur leur contribution à la gestion des questions migratoires au niveau territorial.",
    "Veiller à intégrer la migration dans les futurs plans de déconcentration des départements ministériels en vue d'accompagner le chantier de la régionalisation avancée.",
    "Améliorer le dispositif de suivi et d'évaluation de la mise en œuvre des actions afférentes à la SNIA.",
    "Assurer le suivi de la mise en œuvre des objectifs du Pacte Mondial pour des Migrations sûres, ordonnées et régulières et du Pacte Mondial pour les Réfugiés.",
]


# Programme 11's lists in Arabic, a demonstration translation (loaders.demo_arabic).
DEMO_ARABIC_LISTS = {
    (11, ReportItem.Kind.CHALLENGE): demo_arabic.CHALLENGES,
    (11, ReportItem.Kind.MEASURE): demo_arabic.MEASURES,
    (11, ReportItem.Kind.RECOMMENDATION): demo_arabic.RECOMMENDATIONS,
}

REPORT_ITEMS = [
    (10, ReportItem.Kind.RECOMMENDATION, PROGRAMME_10_RECOMMENDATIONS),
    (11, ReportItem.Kind.CHALLENGE, PROGRAMME_11_CHALLENGES),
    (11, ReportItem.Kind.MEASURE, PROGRAMME_11_MEASURES),
    (11, ReportItem.Kind.RECOMMENDATION, PROGRAMME_11_RECOMMENDATIONS),
]


# --- Loading ---------------------------------------------------------------
def demo_admin_password() -> str:
    """The demo administrator's password: $SNIA_DEMO_PASSWORD, else the demo default.

    Raises ValidationError (French messages) when it fails the password validators.
    """
    password = os.environ.get(DEMO_ADMIN_PASSWORD_VARIABLE) or DEMO_ADMIN_DEFAULT_PASSWORD
    validate_password(password)
    return password


def _create_user(username: str, password: str, role: Role, **fields) -> Callable[[dict], object]:
    def create(_values: dict):
        user_model = get_user_model()
        if role == Role.ADMINISTRATOR:
            user = user_model.objects.create_superuser(username=username, email="", password=password)
        else:
            user = user_model.objects.create_user(
                username=username, password=password, is_staff=True, **fields
            )
        user.groups.add(Group.objects.get(name=GROUP_NAMES[role]))
        return user

    return create


def create_demo_admin(password: str) -> bool:
    """Creates the demo superuser once; returns False if it already existed (left untouched).

    Found again through the ledger: renaming the account does not bring back
    an "admin" with the demo password.
    """
    user_model = get_user_model()
    create = _create_user(DEMO_ADMIN_USERNAME, password, Role.ADMINISTRATOR)
    _, created = load_row(
        user_model, DEMO_ADMIN_USERNAME, [{"username": DEMO_ADMIN_USERNAME}], {}, create=create
    )
    return created


# One demo user per role besides the administrator: (username, first name,
# last name, role, institution name or None, committee codes).
DEMO_USERS = [
    ("suivi", "Salma", "Chargée de suivi", Role.STAFF, None, []),
    ("pf.cp2", "Karim", "Point focal CP2", Role.FOCAL_POINT, "Ministère de la Santé", ["CP2"]),
    ("pf.cp4", "Nadia", "Point focal CP4", Role.FOCAL_POINT, OIM, ["CP4"]),
    ("lecteur", "Youssef", "Lecteur", Role.READER, None, []),
]


def create_demo_users(password: str) -> list[tuple[str, str]]:
    """Creates the demo users of each role once; returns (username, role label) for all of them."""
    user_model = get_user_model()
    logins = [(DEMO_ADMIN_USERNAME, str(Role.ADMINISTRATOR.label))]
    for username, first_name, last_name, role, institution_name, committees in DEMO_USERS:
        create = _create_user(username, password, role, first_name=first_name, last_name=last_name)
        user, created = load_row(user_model, username, [{"username": username}], {}, create=create)
        organisation = institution(institution_name) if institution_name else None
        if created and organisation is not None:
            focal_point = FocalPoint.objects.create(user=user, institution=organisation)
            focal_point.committees.set(Committee.objects.filter(code__in=committees))
        logins.append((username, str(role.label)))
    return logins


def _actions(codes: list[str]) -> list[Action]:
    return list(Action.objects.filter(code__in=codes))


def _institutions(names: list[str]) -> list[Institution]:
    return [row for row in map(institution, names) if row is not None]


def _projects(names: list[str]) -> list[Project]:
    return [row for row in map(project, names) if row is not None]


# Each record is loaded through the ledger (loaders.loading.load_row) under a key
# made of what identifies it in the excerpt, so that staff may rewrite any field
# (a title, a date) or delete the record without a re-run adding it again.
def _load_meetings() -> None:
    committees = {committee.code: committee for committee in Committee.objects.all()}
    for row in MEETINGS:
        committee = committees.get(row["committee"])
        if committee is None:
            continue
        date = datetime.date.fromisoformat(row["date"])
        load_row(
            Meeting,
            stable_key(YEAR, row["committee"], row["date"]),
            [{"committee": committee, "date": date, "start_time": None}],
            {"mode": row["mode"], "chair": row["chair"], "review_state": ReviewState.VALIDATED},
        )


def _load_sessions() -> None:
    for row in SESSIONS:
        session, created = load_row(
            Session,
            stable_key(YEAR, row["title"], row["beneficiaries"]),
            [{"title": row["title"], "year": YEAR, "beneficiaries": row["beneficiaries"]}],
            {
                "kind": row["kind"],
                "description": row["description"],
                "city": row.get("city", ""),
                "online": row.get("online", False),
                "women": row["women"],
                "men": row["men"],
                "unrecorded": row.get("unrecorded", 0),
                "report_table": row.get("report_table", ""),
                # The 2020 bilan was published: its records were validated.
                "review_state": ReviewState.VALIDATED,
            },
        )
        if created:
            session.actions.set(_actions(row["actions"]))
            session.projects.set(_projects(row.get("projects", [])))
            session.organisers.set(_institutions(row.get("organisers", [])))


def _load_university_programmes() -> None:
    actions = _actions(WATCH_ACTIONS)
    for university, city, diploma, title in UNIVERSITY_PROGRAMMES:
        programme, created = load_row(
            UniversityProgramme,
            stable_key(YEAR, university, title),
            [{"university": university, "title": title, "year": YEAR}],
            {"city": city, "diploma": diploma},
        )
        if created:
            programme.actions.set(actions)


def _load_studies() -> None:
    actions = _actions(WATCH_ACTIONS)
    for row in STUDIES:
        study, created = load_row(
            Study,
            stable_key(YEAR, row["title"]),
            [{"title": row["title"], "year": YEAR}],
            {"summary": row["summary"]},
        )
        if created:
            study.institutions.set(_institutions(row["institutions"]))
            study.actions.set(actions)


def _load_narrative() -> None:
    programme = Programme.objects.filter(number=11).first()
    if programme is None:
        return
    objectives = {osp.number: osp for osp in SpecificObjective.objects.filter(number__in=[24, 25, 26, 27])}
    # Key: the section's place in the chapter (OSP and heading), so that staff
    # may rewrite a body or reorder sections without a re-run adding them again.
    for position, row in enumerate(NARRATIVE, start=1):
        section, _created = load_row(
            NarrativeSection,
            stable_key(YEAR, "P11", row["osp"] or "", row["heading"]),
            [
                {
                    "programme": programme,
                    "year": YEAR,
                    "specific_objective": objectives.get(row["osp"]),
                    "heading": row["heading"],
                }
            ],
            {"position": position, "body": row["body"]},
        )
        if section is not None and row["heading"] in demo_arabic.HEADINGS:
            _add_demo_translation(section, {"heading_ar": demo_arabic.HEADINGS[row["heading"]]})


def _load_report_items() -> None:
    for number, kind, texts in REPORT_ITEMS:
        programme = Programme.objects.filter(number=number).first()
        if programme is None:
            continue
        arabic = DEMO_ARABIC_LISTS.get((number, kind), [])
        for position, text in enumerate(texts, start=1):
            item, _created = load_row(
                ReportItem,
                stable_key(YEAR, f"P{number}", kind, position),
                [{"programme": programme, "year": YEAR, "kind": kind, "position": position}],
                {"text": text},
            )
            if item is not None and position <= len(arabic):
                _add_demo_translation(item, {"text_ar": arabic[position - 1]})


def _add_demo_translation(obj: NarrativeSection | ReportItem, values: dict) -> None:
    """Gives a row the demo's Arabic, marked as a demonstration translation,
    where its Arabic is still empty (staff's own translation stays)."""
    if fill_blanks(obj, values):
        obj.demo_translation = True
        obj.save(update_fields=["demo_translation"])


@transaction.atomic
def load_demo() -> dict[str, int]:
    """Loads the 2020 records (the reference data must be loaded); returns the year's counts."""
    ReportingYear.objects.get_or_create(year=YEAR)
    _load_meetings()
    _load_sessions()
    _load_university_programmes()
    _load_studies()
    _load_narrative()
    _load_report_items()
    return demo_counts()


def demo_counts() -> dict[str, int]:
    return {
        "meetings": Meeting.objects.in_year(YEAR).count(),
        "sessions": Session.objects.in_year(YEAR).count(),
        "university_programmes": UniversityProgramme.objects.filter(year=YEAR).count(),
        "studies": Study.objects.filter(year=YEAR).count(),
        "narrative_sections": NarrativeSection.objects.filter(year=YEAR).count(),
        "report_items": ReportItem.objects.filter(year=YEAR).count(),
    }
