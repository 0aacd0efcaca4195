"""load_demo loads the 2020 bilan excerpt's records; every expected value below
was read (and hand-summed) from ../shared/reference/bilan-2020-extrait.md."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from committees.models import Meeting
from programmes.models import Programme
from reports.models import NarrativeSection, ReportingYear, ReportItem, Study, UniversityProgramme
from tests import demo_snapshot
from trainings.models import Session

pytestmark = pytest.mark.django_db

TABLE_1 = "Tableau « Formation / Bénéficiaires"
TABLE_2 = "Tableau « Projet / Description"
TABLE_3 = "Tableau « Événement / Bénéficiaires"


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    # PBKDF2 is a third of load_demo's time; these tests check the password, not its hashing cost.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(monkeypatch) -> str:
    """The demo as the command loads it, and its output (tests/demo_snapshot.py:
    the first test of a process runs the command, the next replay what it wrote)."""
    monkeypatch.delenv("SNIA_DEMO_PASSWORD", raising=False)
    return demo_snapshot.load_demo()


def demo_counts() -> dict[str, int]:
    return {
        "years": ReportingYear.objects.count(),
        "meetings": Meeting.objects.count(),
        "sessions": Session.objects.count(),
        "university_programmes": UniversityProgramme.objects.count(),
        "studies": Study.objects.count(),
        "narrative_sections": NarrativeSection.objects.count(),
        "report_items": ReportItem.objects.count(),
        "users": get_user_model().objects.count(),
    }


EXPECTED_COUNTS = {
    "years": 1,
    # 12 programme-committee meetings, 2 CoPil, 1 Commission, 3 Comité technique.
    "meetings": 18,
    "sessions": 15,
    "university_programmes": 9,
    "studies": 4,
    "narrative_sections": 11,
    # Programme 10: 4 recommendations; Programme 11: 3 challenges, 9 measures, 10 recommendations.
    "report_items": 26,
    # admin, suivi (MDCMRE staff), pf.cp2, pf.cp4 (focal points), lecteur (reader).
    "users": 5,
}


def test_running_load_demo_twice_leaves_the_same_counts(demo):
    assert demo_counts() == EXPECTED_COUNTS

    load_demo()

    assert demo_counts() == EXPECTED_COUNTS
    assert Programme.objects.count() == 11


def test_load_demo_loads_the_reference_data_first(demo):
    assert demo.splitlines()[0].startswith("Référentiel chargé : 4 objectifs stratégiques, 11 programmes")


@pytest.mark.parametrize(
    ("code", "dates"),
    [
        ("CP1", ["2020-06-25", "2020-09-30", "2020-11-11"]),
        ("CP2", ["2020-06-24", "2020-10-07", "2020-11-10"]),
        ("CP3", ["2020-06-09", "2020-10-06", "2020-11-13"]),
        ("CP4", ["2020-06-22", "2020-10-01", "2020-11-17"]),
        ("CoPil", ["2020-07-16", "2020-12-15"]),
        ("Commission", ["2020-07-10"]),
        ("CT", ["2020-02-25", "2020-05-15", "2020-12-18"]),
    ],
)
def test_each_committee_has_the_meeting_dates_of_the_excerpt(demo, code, dates):
    meetings = Meeting.objects.filter(committee__code=code).order_by("date")

    assert [meeting.date for meeting in meetings] == [datetime.date.fromisoformat(d) for d in dates]


def test_programme_committee_and_copil_meetings_were_online_chaired_by_the_director(demo):
    table = Meeting.objects.filter(committee__code__in=["CP1", "CP2", "CP3", "CP4", "CoPil"])

    assert table.count() == 14
    assert table.filter(mode="online", chair="Directeur des Affaires de la Migration").count() == 14


def test_commission_and_technical_committee_meetings_have_no_stated_mode(demo):
    commission = Meeting.objects.get(committee__code="Commission")
    assert (commission.mode, commission.chair) == ("", "Chef du Gouvernement")
    assert (
        Meeting.objects.filter(
            committee__code="CT", mode="", chair="Ministre Déléguée chargée des MRE"
        ).count()
        == 3
    )


def test_all_2020_sessions_add_up_to_the_excerpt_totals(demo):
    assert Session.objects.in_year(2020).by_sex() == {
        "sessions": 15,
        "women": 3280,
        "men": 2879,
        "unrecorded": 140,
        "total": 6299,
    }


def test_table_1_formations_add_up_to_85_participants(demo):
    totals = Session.objects.filter(description__startswith=TABLE_1).by_sex()

    assert totals == {"sessions": 3, "women": 53, "men": 32, "unrecorded": 0, "total": 85}


def test_table_2_project_sessions_add_up_to_192_participants(demo):
    totals = Session.objects.filter(description__startswith=TABLE_2).by_sex()

    assert totals == {"sessions": 5, "women": 118, "men": 74, "unrecorded": 0, "total": 192}


def test_table_3_events_add_up_to_6022_participants(demo):
    totals = Session.objects.filter(description__startswith=TABLE_3).by_sex()

    assert totals == {"sessions": 7, "women": 3109, "men": 2773, "unrecorded": 140, "total": 6022}


def test_the_media_coverage_row_without_breakdown_is_stored_as_140_unrecorded(demo):
    session = Session.objects.get(title__startswith="La couverture médiatique de la migration")

    assert (session.women, session.men, session.unrecorded, session.total) == (0, 0, 140, 140)
    assert session.beneficiaries == "Journalistes et acteurs concernés"


def test_columns_are_read_in_each_tables_own_order(demo):
    # Table 1 is Femmes | Hommes: 27 = 17 women + 10 men.
    justice = Session.objects.get(
        title="Migration et protection des enfants non accompagnés et séparés au Maroc"
    )
    assert (justice.women, justice.men) == (17, 10)
    # Table 3 is Hommes | Femmes: 5699 = 2703 men + 2996 women.
    immigrants = Session.objects.get(beneficiaries="Immigrés")
    assert (immigrants.men, immigrants.women) == (2703, 2996)
    # The ENSA course appears in tables 1 and 3 with different counts: two sessions.
    ensa = Session.objects.filter(beneficiaries__in=["Étudiants de l'ENSA", "Etudiants de l'ENSA"])
    assert sorted((s.women, s.men) for s in ensa) == [(27, 21), (30, 18)]


def test_sessions_have_no_dates_since_the_tables_give_none(demo):
    assert Session.objects.filter(start_date__isnull=False).count() == 0
    assert Session.objects.filter(end_date__isnull=False).count() == 0


def test_table_2_places_are_tanger_or_online(demo):
    table_2 = Session.objects.filter(description__startswith=TABLE_2)

    assert list(table_2.filter(city="Tanger").values_list("men", "women")) == [(10, 17)]
    assert table_2.filter(online=True, city="").count() == 4


def test_table_2_sessions_link_the_projects_of_their_projet_column(demo):
    seminar = Session.objects.get(title__startswith="Séminaire sur le Droit International de la Migration. ")
    assert sorted(seminar.projects.values_list("acronym", flat=True)) == ["ARMIP-PRM", "RDPP"]
    phase_2 = Session.objects.filter(description__endswith="Phase 2")
    assert phase_2.count() == 2
    assert {acronym for s in phase_2 for acronym in s.projects.values_list("acronym", flat=True)} == {"ENAS"}


def test_session_kinds_follow_their_wording(demo):
    kinds = Session.objects.values_list("kind", flat=True)

    assert sorted(kinds) == sorted(
        ["training"] * 3  # table 1
        + ["training", "training", "seminar", "seminar", "training"]  # table 2
        + ["awareness", "awareness", "awareness", "awareness", "workshop", "awareness", "training"]
    )


def test_only_table_3_events_name_an_organiser_the_oim(demo):
    organised = Session.objects.filter(organisers__acronym="OIM")

    assert organised.count() == 7
    assert organised.filter(description__startswith=TABLE_3).count() == 7
    assert Session.objects.filter(organisers__isnull=False).count() == 7


def test_capacity_tables_serve_actions_11_12_to_11_14_and_events_11_15_to_11_17(demo):
    capacity = Session.objects.for_actions(Programme.objects.get(number=11).actions.filter(code="11.13"))
    awareness = Session.objects.for_actions(Programme.objects.get(number=11).actions.filter(code="11.16"))

    assert capacity.by_sex()["total"] == 277
    assert awareness.by_sex()["total"] == 6022


def test_the_nine_university_programmes_are_stored_as_published(demo):
    rows = UniversityProgramme.objects.filter(year=2020).values_list("university", "city", "diploma", "title")

    assert sorted(rows) == sorted(
        [
            ("UM5", "Rabat", "master", "Migrations et Sociétés"),
            ("ENRPU", "Rabat", "master", "Médias et Migrations"),
            (
                "UMI",
                "Meknès",
                "master",
                "Histoire des migrations et des mouvements de populations dans le bassin méditerranéen",
            ),
            ("UMI", "Meknès", "master", "Droit international privé et migration"),
            (
                "UIZ",
                "Agadir",
                "doctorate",
                "Aménagement du Territoire, Sociétés, Migration & Développement Durable",
            ),
            ("UIZ", "Agadir", "master", "Dynamique des sociétés : Migration, démographie et développement"),
            ("USMS", "Béni-Mellal", "master", "Migrations Internationales : Espace et Société"),
            ("UH2", "Mohammedia", "master", "Sociologie de la migration"),
            ("UMP", "Oujda", "master", "Migration : Espace et société"),
        ]
    )
    assert UniversityProgramme.objects.filter(actions__code="11.11").count() == 9


def test_the_four_2020_studies_name_their_institutions(demo):
    institutions = {
        study.title: sorted(study.institutions.values_list("acronym", flat=True))
        for study in Study.objects.filter(year=2020)
    }

    assert sorted(institutions.values()) == [["BIT"], ["BIT"], ["HCP", "UNHCR"], ["OIM"]]
    assert Study.objects.filter(actions__code="11.10").count() == 4


def test_programme_11_narrative_follows_the_chapter_order(demo):
    sections = NarrativeSection.objects.filter(programme=11, year=2020).order_by("position")

    assert [(s.specific_objective and s.specific_objective.number, s.heading) for s in sections] == [
        (None, ""),
        (24, "a- Coordination au niveau national"),
        (24, "b- Coordination au niveau territorial"),
        (25, "α. Réalisation d'études analytiques et prospectives sur la migration au Maroc"),
        (
            25,
            "β. Développement de programmes de formation et de recherche sur les questions migratoires "
            "dans les universités",
        ),
        (26, ""),
        (27, ""),
        (27, "5ème édition de la semaine des réfugiés"),
        (27, "Journée Internationale de la lutte contre la traite des êtres humains"),
        (27, "6ème édition de la semaine des migrants"),
        (27, "Mesures prises pendant le confinement"),
    ]
    intro = sections[0].body
    assert intro.startswith("Le modèle de gouvernance de la SNIA repose")
    assert intro.endswith("autour des questions de la migration et de l'asile.")


def test_narrative_drops_running_headers_bullets_markup_and_tables(demo):
    bodies = "\n".join(NarrativeSection.objects.values_list("body", flat=True))

    for leftover in ("Bilan programmatique d'étape", "## ", "▶", "<sup>", "\t"):
        assert leftover not in bodies
    # Rows of the tables come from records, not from the text.
    assert "25 juin 2020" not in bodies
    assert "Migrations et Sociétés" not in bodies
    assert "5699" not in bodies


def test_paragraphs_split_by_a_page_break_are_rejoined(demo):
    national = NarrativeSection.objects.get(heading="a- Coordination au niveau national").body

    assert (
        "- **Commission Interministérielle des affaires des MRE et des affaires de la migration** qui est "
        "l'instance de décision et de suivi de la mise en œuvre des politiques migratoires. Présidée par le "
        "Chef du Gouvernement, elle réunit les principaux ministères et institutions impliqués dans la "
        "gestion des questions migratoires.\n"
    ) in national
    territorial = NarrativeSection.objects.get(heading="b- Coordination au niveau territorial").body
    assert "en particulier le lancement officiel du projet DEPOMI" in territorial


def test_programme_10_has_its_four_recommendations(demo):
    items = ReportItem.objects.filter(programme=10, year=2020, kind="recommendation").order_by("position")

    assert list(items.values_list("position", flat=True)) == [1, 2, 3, 4]
    assert items[0].text == (
        "Poursuite de la réflexion au sujet de la ratification de la Convention sur l'apatridie de 1954."
    )
    assert items[3].text == "Facilitation des conditions du renouvellement des titres de séjour."


def test_programme_11_has_nine_measures_for_2021_starting_with_the_excerpts_first(demo):
    measures = ReportItem.objects.filter(programme=11, year=2020, kind="measure").order_by("position")

    assert measures.count() == 9
    assert measures[0].text == (
        "Former des producteurs et des utilisateurs de données aux normes internationales des "
        "statistiques du travail (20ème CIST)."
    )
    # The sixth bullet runs across a page break in the excerpt.
    assert measures[5].text.endswith(
        "Un mécanisme de coordination et référencement pour les victimes de la traite sera également élaboré."
    )


def test_programme_11_has_three_challenges_and_ten_recommendations(demo):
    items = ReportItem.objects.filter(programme=11, year=2020)

    assert items.filter(kind="challenge").count() == 3
    assert items.get(kind="challenge", position=1).text == (
        "L'absence de la dimension migration dans les premiers PDR de la plupart des régions."
    )
    assert items.filter(kind="recommendation").count() == 10
    assert items.get(kind="recommendation", position=10).text == (
        "Assurer le suivi de la mise en œuvre des objectifs du Pacte Mondial pour des Migrations sûres, "
        "ordonnées et régulières et du Pacte Mondial pour les Réfugiés."
    )


def test_staff_edits_to_demo_records_survive_a_rerun(demo):
    session = Session.objects.get(beneficiaries="Immigrés")
    session.women = 2990
    session.save()
    measure = ReportItem.objects.get(programme=11, kind="measure", position=1)
    measure.text = "Mesure reformulée."
    measure.save()
    section = NarrativeSection.objects.get(heading="6ème édition de la semaine des migrants")
    section.body = "Texte revu."
    section.save()

    load_demo()

    assert Session.objects.get(beneficiaries="Immigrés").women == 2990
    assert ReportItem.objects.get(programme=11, kind="measure", position=1).text == "Mesure reformulée."
    assert NarrativeSection.objects.get(pk=section.pk).body == "Texte revu."
    assert demo_counts() == EXPECTED_COUNTS


def test_the_demo_admin_can_log_in_with_the_printed_password(demo, client):
    assert "http://127.0.0.1:8000/admin/" in demo
    assert "« admin »" in demo
    assert "« snia-demo-2020! »" in demo

    response = client.post(
        "/admin/login/?next=/admin/", {"username": "admin", "password": "snia-demo-2020!", "next": "/admin/"}
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_rerun_keeps_the_admin_password(demo, monkeypatch):
    monkeypatch.setenv("SNIA_DEMO_PASSWORD", "un-autre-mot-de-passe")

    output = load_demo()

    assert "son mot de passe n'a pas été modifié" in output
    assert get_user_model().objects.get(username="admin").check_password("snia-demo-2020!")


def test_the_demo_password_can_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("SNIA_DEMO_PASSWORD", "Atlas-Rabat-2020!")

    output = load_demo()

    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert admin.check_password("Atlas-Rabat-2020!")
    assert "« Atlas-Rabat-2020! »" in output


def test_a_too_short_demo_password_is_refused_and_nothing_is_loaded(monkeypatch):
    monkeypatch.setenv("SNIA_DEMO_PASSWORD", "court")

    with pytest.raises(CommandError, match="Mot de passe de démonstration refusé"):
        load_demo()

    assert Programme.objects.count() == 0
    assert Session.objects.count() == 0
    assert get_user_model().objects.count() == 0


def test_the_demo_carries_programme_11_in_arabic_marked_as_a_demonstration(demo):
    load_demo()  # a second run keeps the Arabic and adds nothing

    sections = NarrativeSection.objects.filter(programme=11)
    items = ReportItem.objects.filter(programme=11)
    assert sections.filter(demo_translation=True).count() == 8  # the 8 headings; the 3 without one
    assert sections.exclude(heading_ar=None).count() == 8
    assert items.filter(demo_translation=True).count() == 22
    assert not ReportItem.objects.filter(programme=10, demo_translation=True).exists()
    first = items.get(kind=ReportItem.Kind.CHALLENGE, position=1)
    with translation.override("ar"):
        assert first.text == "غياب بُعد الهجرة في برامج التنمية الجهوية (PDR) الأولى لمعظم الجهات."
        assert first.translation_missing("text") is False
        section = sections.get(heading_fr="a- Coordination au niveau national")
        assert section.heading == "أ- التنسيق على المستوى الوطني"
        assert section.translation_missing("body") is True
        # The programme's official name is never invented: it stays French.
        programme = Programme.objects.get(number=11)
        assert programme.name_ar is None
        assert programme.translation_missing("name") is True


def test_the_printed_login_names_the_address_the_server_listens_on():
    # run.sh passes SNIA_ADDRESS, where runserver listens.
    out = StringIO()
    call_command("load_demo", address="127.0.0.1:8011", stdout=out)

    assert "Connexion : http://127.0.0.1:8011/admin/ — utilisateur « admin »" in out.getvalue()
