"""Groups of sessions (Session.report_table) and the markers that place them,
[[tableau:sessions:<nom>]]: the 2020 excerpt's two 1.3 training tables, each
after its own paragraph."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from rest_framework.test import APIClient

from reports.bilan import build_bilan
from reports.pdf import render_bilan_html
from reports.tables import canonical, marker_errors
from tests.admin import admin_url, page_text
from tests.factories import (
    ActionFactory,
    NarrativeSectionFactory,
    SessionFactory,
    SpecificObjectiveFactory,
    ValidatedSessionFactory,
)
from tests.reports.conftest import collapse
from trainings.models import Session

pytestmark = pytest.mark.django_db

BAD_NAME = (
    "Le nom du tableau s'écrit en minuscules sans accents, chiffres et tirets, sans espace : "
    "par exemple « formations-oim »."
)


def subsection_of(context: dict):
    chapter = next(c for part in context["parts"] for c in part["chapters"] if c["programme"].number == 11)
    return chapter["subsections"][0]


@pytest.fixture
def objective():
    """Objective 26 of programme 11: two OIM trainings named as a group, one
    other training and an awareness event."""
    action = ActionFactory(code="11.12", specific_objective=SpecificObjectiveFactory(number=26))
    sessions = [
        ValidatedSessionFactory(title="A OIM", women=17, men=10, report_table="formations-oim"),
        ValidatedSessionFactory(title="B autre", women=30, men=18),
        ValidatedSessionFactory(title="C OIM", women=6, men=4, report_table="formations-oim"),
        ValidatedSessionFactory(title="D journée", kind=Session.Kind.AWARENESS, unrecorded=140),
    ]
    for session in sessions:
        session.actions.set([action])
    return action.specific_objective


# The field


@pytest.mark.parametrize("name", ["formations oim", "formations_oim", "été", "a--b", "x\x00", "x\ue000"])
def test_a_badly_written_name_is_refused_in_french(name):
    session = SessionFactory.build(report_table=name)
    with pytest.raises(ValidationError) as refused:
        session.full_clean()
    assert refused.value.message_dict["report_table"] == [BAD_NAME]


def test_a_kind_markers_name_is_refused():
    with pytest.raises(ValidationError) as refused:
        SessionFactory.build(report_table="formations").full_clean()
    assert refused.value.message_dict["report_table"] == [
        "« formations » désigne déjà un type de sessions dans les repères : choisissez un autre nom."
    ]


def test_a_name_is_kept_in_lower_case_without_surrounding_spaces():
    session = SessionFactory.build(report_table="  Formations-OIM ")
    session.full_clean()
    assert session.report_table == "formations-oim"


def test_the_admin_refuses_a_bad_name_and_saves_nothing(admin_client):
    data = {
        "kind": Session.Kind.TRAINING,
        "title": "Formation des magistrats",
        "year": "2020",
        "women": "12",
        "men": "15",
        "unrecorded": "0",
        "report_table": "Formations OIM",
    }

    response = admin_client.post(admin_url(Session, "add"), data)

    assert response.status_code == 200
    assert [str(e) for e in response.context["adminform"].form.errors["report_table"]] == [BAD_NAME]
    assert BAD_NAME in page_text(response)
    assert not Session.objects.exists()

    response = admin_client.post(admin_url(Session, "add"), {**data, "report_table": "formations-oim"})

    assert response.status_code == 302
    assert Session.objects.get().report_table == "formations-oim"


def test_a_focal_point_sets_it_on_their_session(focal_cp4):
    client = Client()
    client.force_login(focal_cp4)

    response = client.get(admin_url(Session, "add"))

    assert 'name="report_table"' in response.content.decode()


def test_the_api_reads_and_writes_the_field(staff):
    session = SessionFactory(report_table="formations-oim")
    api = APIClient()
    api.force_authenticate(staff)

    assert api.get(f"/api/v1/sessions/{session.pk}/").json()["report_table"] == "formations-oim"
    data = {"kind": "training", "title": "Atelier", "year": 2020, "women": 1, "men": 1}
    refused = api.post("/api/v1/sessions/", {**data, "report_table": "a b"}, format="json")
    assert refused.status_code == 400
    assert list(refused.json()) == ["report_table"]
    created = api.post("/api/v1/sessions/", {**data, "report_table": "formations-projets"}, format="json")
    assert created.status_code == 201, created.json()
    assert Session.objects.get(title="Atelier").report_table == "formations-projets"


# The markers


def test_a_group_marker_is_well_formed_or_unknown():
    assert canonical("sessions:formations-oim") == "sessions:formations-oim"
    assert canonical("Sessions : Formations-OIM") == "sessions:formations-oim"
    assert canonical("sessions:formations") == "sessions:formations"  # the kind marker
    assert canonical("sessions:formations oim") is None
    # A group no session carries yet is accepted: it may be filled later.
    assert marker_errors("Texte.\n\n[[tableau:sessions:plus-tard]]", in_subsection=True) == []
    [error] = marker_errors("[[tableau:sessions:Plus tard]]", in_subsection=True)
    assert error.startswith("Repère inconnu : [[tableau:sessions:Plus tard]].")
    assert error.endswith("[[tableau:avancement]], [[tableau:sessions:nom-du-tableau]].")


def test_the_group_marker_places_its_rows_first_and_sessions_takes_the_rest(objective):
    # Written after [[tableau:sessions]], the group still takes its rows first.
    NarrativeSectionFactory(
        specific_objective=objective,
        body=(
            "Les sessions :\n\n[[tableau:sessions]]\n\n"
            "Celles de l'OIM :\n\n[[tableau:sessions:formations-oim]]"
        ),
    )

    subsection = subsection_of(build_bilan(2020))
    tables = [part.table for part in subsection.narratives[0].parts if part.table]

    assert [(t.number, t.caption) for t in tables] == [
        ("11.1", "Sessions de formation, de sensibilisation et d'échange"),
        ("11.2", "Sessions de formation"),
    ]
    assert [row["session"].title for row in tables[0].rows] == ["B autre", "D journée"]
    assert [row["session"].title for row in tables[1].rows] == ["A OIM", "C OIM"]
    assert (tables[1].totals["men"], tables[1].totals["women"], tables[1].totals["total"]) == (14, 23, 37)
    assert (tables[0].totals["men"], tables[0].totals["women"], tables[0].totals["total"]) == (18, 30, 188)
    assert subsection.tables == []


def test_the_kind_markers_share_what_the_group_left(objective):
    NarrativeSectionFactory(
        specific_objective=objective,
        body="[[tableau:sessions:formations-oim]]\n\n[[tableau:sessions:formations]]\n\n[[tableau:sessions]]",
    )

    tables = [part.table for part in subsection_of(build_bilan(2020)).narratives[0].parts if part.table]

    assert [[row["session"].title for row in table.rows] for table in tables] == [
        ["A OIM", "C OIM"],
        ["B autre"],
        ["D journée"],
    ]
    assert [table.caption for table in tables] == [
        "Sessions de formation",
        "Sessions de formation",
        "Événements de sensibilisation",
    ]


def test_a_group_without_rows_prints_nothing_and_the_preview_says_so(objective):
    NarrativeSectionFactory(specific_objective=objective, body="[[tableau:sessions:plus-tard]]")

    parts = subsection_of(build_bilan(2020)).narratives[0].parts

    assert [part.note for part in parts] == ["[tableau sans ligne : sessions:plus-tard]"]
    assert "plus-tard" not in render_bilan_html(2020)
    screen = render_bilan_html(2020, screen={"dashboard": "/", "pdf": "", "workbook": ""})
    assert '<p class="marker-note">[tableau sans ligne\xa0: sessions:plus-tard]</p>' in screen


def test_the_help_names_the_group_marker(staff):
    client = Client()
    client.force_login(staff)

    text = client.get("/aide/").content.decode()

    assert (
        '<li><code dir="ltr">[[tableau:sessions:nom-du-tableau]]</code> : les sessions de l&#x27;objectif'
        in text
    )


# The demo: the excerpt's section 1.3


def table_text(text: str, number: str, next_number: str) -> str:
    return text.split(f"Tableau {number} – ")[1].split(f"Tableau {next_number} – ")[0]


def test_the_demos_two_training_tables_follow_their_paragraphs(demo_bilan):
    text = collapse(" ".join("\n".join(page.splitlines()[:-2]) for page in demo_bilan.pages))

    assert "aux niveaux régional et local. Tableau 11.4 – Sessions de formation Intitulé" in text
    assert "présenté dans le tableau suivant : Tableau 11.5 – Sessions de formation Intitulé" in text
    table_1 = table_text(text, "11.4", "11.5")
    table_2 = table_text(text, "11.5", "11.6")
    # The excerpt's table 1 (Formation / Bénéficiaires / Nombre / Femmes / Hommes).
    for counts in ("10 17 27", "18 30 48", "4 6 10"):
        assert counts in table_1, counts
    assert "18 30 48" not in table_2 and "4 6 10" not in table_2
    assert "Total 32 53 85" in table_1
    # Table 2 (Projet / Description / …): its five rows.
    for counts in ("10 17 27", "3 1 4", "38 65 103", "18 29 47", "5 6 11"):
        assert counts in table_2, counts
        assert counts not in table_1 or counts == "10 17 27", counts
    assert "Total 74 118 192" in table_2
