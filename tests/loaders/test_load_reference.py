from io import StringIO

import pytest
from django.core.management import call_command

from committees.models import Committee, MeetingTarget
from programmes.models import (
    Acronym,
    Action,
    Institution,
    Programme,
    Project,
    SpecificObjective,
    StrategicObjective,
)
from tests import demo_snapshot

pytestmark = pytest.mark.django_db

PLACEHOLDER = "Intitulé à compléter"


# A test's first load is the demo snapshot's replay (tests/demo_snapshot.py: the
# command's rows and output, recorded from a real run in this process); a rerun
# is the command itself.
def load_reference() -> str:
    out = StringIO()
    call_command("load_reference", stdout=out)
    return out.getvalue()


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


EXPECTED_COUNTS = {
    "strategic_objectives": 4,
    "programmes": 11,
    "specific_objectives": 27,
    "actions": 17,
    "committees": 7,
    "institutions": 31,
    "projects": 8,
    "acronyms": 39,
}


def test_running_load_reference_twice_leaves_the_same_counts():
    demo_snapshot.load_reference()
    assert reference_counts() == EXPECTED_COUNTS
    load_reference()
    assert reference_counts() == EXPECTED_COUNTS


def test_load_reference_prints_a_one_line_summary_of_counts():
    output = demo_snapshot.load_reference()

    assert output.strip() == (
        "Référentiel chargé : 4 objectifs stratégiques, 11 programmes, 27 OSP, 17 actions, "
        "7 comités, 31 institutions, 8 projets, 39 sigles."
    )


def test_strategic_objectives_are_numbered_1_to_4_with_the_placeholder_title():
    demo_snapshot.load_reference()

    assert list(StrategicObjective.objects.values_list("number", "title")) == [
        (1, PLACEHOLDER),
        (2, PLACEHOLDER),
        (3, PLACEHOLDER),
        (4, PLACEHOLDER),
    ]


def test_programmes_1_to_7_are_sectoral_and_8_to_11_transverse_with_domain_names():
    demo_snapshot.load_reference()

    assert list(Programme.objects.values_list("number", "kind", "name")) == [
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


def test_only_programme_11_has_a_purpose_taken_from_the_excerpt():
    demo_snapshot.load_reference()

    assert Programme.objects.get(number=11).purpose == (
        "Le programme «Gouvernance et Communication» a pour objet d'apporter le cadre institutionnel "
        "de soutien et de coordination à l'ensemble des actions menées de la SNIA, ainsi que les outils "
        "de gouvernance et de communication nécessaires à leur mise en œuvre."
    )
    assert Programme.objects.exclude(number=11).exclude(purpose="").count() == 0


def test_osps_24_to_27_belong_to_programme_11_with_the_excerpt_wording():
    demo_snapshot.load_reference()

    assert list(
        SpecificObjective.objects.filter(number__gte=24).values_list("number", "programme", "title")
    ) == [
        (
            24,
            11,
            "Mettre en place un dispositif de coordination de la SNIA dans le cadre d'une gestion "
            "intégrée et d'une responsabilité partagée",
        ),
        (25, 11, "Développer la veille sur les questions migratoires"),
        (
            26,
            11,
            "Renforcer la capacité des acteurs en charge des questions d'immigration, d'asile et de "
            "traite des êtres humains",
        ),
        (27, 11, "Informer et sensibiliser aux questions d'immigration et d'asile"),
    ]


def test_osps_1_to_23_have_the_placeholder_and_no_programme():
    demo_snapshot.load_reference()

    unknown = SpecificObjective.objects.filter(number__lte=23)
    assert unknown.count() == 23
    assert unknown.filter(title=PLACEHOLDER, programme__isnull=True).count() == 23


def test_programme_11_actions_are_attached_to_the_osp_of_their_excerpt_section():
    demo_snapshot.load_reference()

    actions = Action.objects.in_code_order().values_list("code", "programme", "specific_objective__number")
    assert list(actions) == [
        ("11.1", 11, 24),
        ("11.2", 11, 24),
        ("11.3", 11, 24),
        ("11.4", 11, None),
        ("11.5", 11, None),
        ("11.6", 11, None),
        ("11.7", 11, None),
        ("11.8", 11, None),
        ("11.9", 11, None),
        ("11.10", 11, 25),
        ("11.11", 11, 25),
        ("11.12", 11, 26),
        ("11.13", 11, 26),
        ("11.14", 11, 26),
        ("11.15", 11, 27),
        ("11.16", 11, 27),
        ("11.17", 11, 27),
    ]
    assert Action.objects.exclude(title=PLACEHOLDER).count() == 0


def test_a_staff_edited_osp_title_survives_a_rerun():
    demo_snapshot.load_reference()
    SpecificObjective.objects.filter(number=5).update(title="Intitulé saisi par le ministère")
    SpecificObjective.objects.filter(number=24).update(title="Coordination de la SNIA (libellé revu)")
    osp_5 = SpecificObjective.objects.get(number=5)
    osp_5.programme = Programme.objects.get(number=3)
    osp_5.save()

    load_reference()

    osp_5.refresh_from_db()
    assert osp_5.title == "Intitulé saisi par le ministère"
    assert osp_5.programme_id == 3
    assert SpecificObjective.objects.get(number=24).title == "Coordination de la SNIA (libellé revu)"
    assert SpecificObjective.objects.count() == 27


def test_a_staff_edited_action_title_and_programme_purpose_survive_a_rerun():
    demo_snapshot.load_reference()
    Action.objects.filter(code="11.12").update(title="Former les acteurs")
    Programme.objects.filter(number=11).update(purpose="Objet revu par le ministère.")

    load_reference()

    assert Action.objects.get(code="11.12").title == "Former les acteurs"
    assert Programme.objects.get(number=11).purpose == "Objet revu par le ministère."


def test_a_rerun_replaces_a_placeholder_but_leaves_a_programme_staff_emptied():
    demo_snapshot.load_reference()
    SpecificObjective.objects.filter(number=25).update(title=PLACEHOLDER, programme=None)

    load_reference()

    osp = SpecificObjective.objects.get(number=25)
    assert osp.title == "Développer la veille sur les questions migratoires"
    assert osp.programme_id is None


def test_the_seven_committees_have_code_kind_chair_and_display_order_and_no_meeting_target():
    demo_snapshot.load_reference()

    assert list(Committee.objects.values_list("code", "kind", "chair")) == [
        ("Commission", "commission", "Chef du Gouvernement"),
        ("CT", "technical", "Ministre Déléguée chargée des MRE"),
        ("CoPil", "steering", "MDCMRE"),
        ("CP1", "programme", "MDCMRE"),
        ("CP2", "programme", "MDCMRE"),
        ("CP3", "programme", "MDCMRE"),
        ("CP4", "programme", "MDCMRE"),
    ]
    # Meeting targets are set per year by staff: the strategy's reference gives none.
    assert not MeetingTarget.objects.exists()
    assert Committee.objects.get(code="Commission").name == (
        "Commission interministérielle des affaires des MRE et des affaires de la migration"
    )


@pytest.mark.parametrize(
    ("code", "programmes"),
    [
        ("Commission", list(range(1, 12))),
        ("CT", list(range(1, 12))),
        ("CoPil", list(range(1, 12))),
        ("CP1", [1, 2]),
        ("CP2", [3, 4, 5]),
        ("CP3", [6, 7]),
        ("CP4", [8, 9, 10, 11]),
    ],
)
def test_each_committee_follows_its_programmes(code, programmes):
    demo_snapshot.load_reference()

    committee = Committee.objects.get(code=code)
    assert list(committee.programmes.order_by("number").values_list("number", flat=True)) == programmes


def test_committee_programmes_removed_by_staff_are_not_added_back_by_a_rerun():
    demo_snapshot.load_reference()
    cp4 = Committee.objects.get(code="CP4")
    cp4.programmes.remove(8)

    load_reference()

    assert list(cp4.programmes.order_by("number").values_list("number", flat=True)) == [9, 10, 11]


def test_institutions_carry_their_acronym_and_kind():
    demo_snapshot.load_reference()

    assert Institution.objects.get(acronym="OIM").name == "Organisation internationale pour les migrations"
    assert Institution.objects.get(acronym="ENSA").name == "École Nationale Supérieure de l'Administration"
    assert Institution.objects.get(acronym="HCP").kind == "public_body"
    assert Institution.objects.get(acronym="ENABEL").kind == "cooperation"
    assert Institution.objects.get(name="Ministère de la Justice").kind == "ministry"
    assert Institution.objects.filter(kind="international").count() == 6
    assert Institution.objects.filter(kind="local_authority").count() == 5


def test_projects_have_the_implementers_and_funder_the_excerpt_states():
    demo_snapshot.load_reference()

    depomi = Project.objects.get(acronym="DEPOMI")
    assert depomi.name == "Déploiement des politiques migratoires au niveau régional"
    assert depomi.funder.name == "Union européenne"
    assert list(depomi.implementers.values_list("acronym", flat=True)) == ["ENABEL"]
    assert list(Project.objects.get(name="INDIMAJ II").implementers.values_list("acronym", flat=True)) == [
        "OIM"
    ]
    for name in ("AMUDDU", "Empowerment juridique des personnes migrantes"):
        assert list(Project.objects.get(name=name).implementers.values_list("acronym", flat=True)) == [
            "ENABEL"
        ]


def test_enas_and_its_phase_2_are_one_project():
    demo_snapshot.load_reference()

    assert Project.objects.filter(name__icontains="enfants non accompagnés").count() == 1
    assert Project.objects.filter(name__icontains="phase").count() == 0
    assert Project.objects.get(acronym="ENAS").name == (
        "Assistance et protection des enfants non accompagnés ou séparés"
    )
