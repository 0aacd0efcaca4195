"""Table markers in the narrative ([[tableau:…]], reports.tables): where the
tables go, their numbers, the admin's refusal of unknown markers, the
preview, and that a marker never lets staff HTML through."""

import datetime

import pytest
from django.test import Client
from rest_framework.test import APIClient

from reports.bilan import build_bilan
from reports.closing import closing_checklist
from reports.models import NarrativeSection
from reports.pdf import render_bilan_html
from reports.tables import marker_errors
from tests.admin import admin_url, form_errors
from tests.demo_snapshot import load_demo
from tests.factories import (
    ActionFactory,
    CommitteeFactory,
    NarrativeSectionFactory,
    ProgrammeFactory,
    SpecificObjectiveFactory,
    StudyFactory,
    ValidatedMeetingFactory,
    ValidatedSessionFactory,
)
from trainings.models import Session

pytestmark = pytest.mark.django_db

VALID_MARKERS = (
    "[[tableau:réunions]], [[tableau:sessions]], [[tableau:sessions:formations]], "
    "[[tableau:sessions:événements]], [[tableau:filières]], [[tableau:études]], [[tableau:avancement]], "
    "[[tableau:sessions:nom-du-tableau]]"
)


def chapter(context: dict, number: int) -> dict:
    return next(c for part in context["parts"] for c in part["chapters"] if c["programme"].number == number)


def kinds_of(parts) -> list[str]:
    return [
        f"table:{part.table.number}" if part.table else ("note" if part.note else "text") for part in parts
    ]


@pytest.fixture
def capacity():
    """Objective 26 of programme 11, with a training and an awareness event."""
    action = ActionFactory(code="11.12", specific_objective=SpecificObjectiveFactory(number=26))
    training = ValidatedSessionFactory(title="Formation ENAS", women=17, men=10)
    event = ValidatedSessionFactory(title="Journée des migrants", kind=Session.Kind.AWARENESS, unrecorded=140)
    for session in (training, event):
        session.actions.set([action])
    return action


def test_a_marker_places_the_table_after_its_paragraph_and_not_again_at_the_end(capacity):
    section = NarrativeSectionFactory(
        specific_objective=capacity.specific_objective,
        body="Présenté dans le tableau suivant :\n[[tableau:sessions]]\nSuite du texte.",
    )

    context = build_bilan(2020)
    placed = next(s for s in chapter(context, 11)["subsections"][0].narratives if s.pk == section.pk)

    assert kinds_of(placed.parts) == ["text", "table:11.1", "text"]
    assert str(placed.parts[0].html) == "<p>Présenté dans le tableau suivant :</p>\n"
    assert chapter(context, 11)["subsections"][0].tables == []


def test_without_a_marker_the_table_goes_at_the_end_of_its_subsection(capacity):
    NarrativeSectionFactory(specific_objective=capacity.specific_objective, body="Texte sans repère.")

    subsection = chapter(build_bilan(2020), 11)["subsections"][0]

    assert [table.caption for table in subsection.tables] == [
        "Sessions de formation, de sensibilisation et d'échange"
    ]
    assert subsection.tables[0].number == "11.1"


def test_sessions_split_by_kind_each_with_its_own_totals(capacity):
    NarrativeSectionFactory(
        specific_objective=capacity.specific_objective,
        body=(
            "Formations :\n\n[[tableau:sessions:formations]]\n\n"
            "Événements :\n\n[[tableau:sessions:événements]]"
        ),
    )

    section = chapter(build_bilan(2020), 11)["subsections"][0].narratives[0]
    tables = [part.table for part in section.parts if part.table]

    assert [(t.number, t.caption) for t in tables] == [
        ("11.1", "Sessions de formation"),
        ("11.2", "Événements de sensibilisation"),
    ]
    assert [row["session"].title for row in tables[0].rows] == ["Formation ENAS"]
    assert (tables[0].totals["men"], tables[0].totals["women"], tables[0].totals["total"]) == (10, 17, 27)
    assert (tables[1].totals["unrecorded"], tables[1].totals["total"]) == (140, 140)
    # Only the events' table has someone whose sex was not recorded.
    assert "unrecorded" not in tables[0].columns and "unrecorded" in tables[1].columns


def test_a_sessions_table_of_one_kind_is_captioned_by_that_kind():
    action = ActionFactory(code="11.16", specific_objective=SpecificObjectiveFactory(number=27))
    NarrativeSectionFactory(
        specific_objective=action.specific_objective, body="Le tableau suivant :\n\n[[tableau:sessions]]"
    )
    ValidatedSessionFactory(title="Journée", kind=Session.Kind.AWARENESS, women=3).actions.set([action])

    [table] = chapter(build_bilan(2020), 11)["tables"]

    assert table.label == "Tableau 11.1 – Événements de sensibilisation"


def test_tables_are_numbered_per_chapter_and_the_synthesis_has_its_own():
    for number, code in ((10, "10.1"), (11, "11.1")):
        programme = ProgrammeFactory(number=number)
        objective = SpecificObjectiveFactory(number=number * 2, programme=programme)
        ValidatedSessionFactory(title=f"Session {number}", women=1).actions.set(
            [ActionFactory(code=code, specific_objective=objective)]
        )

    context = build_bilan(2020)

    # Trainings only (the factory's kind): captioned as such.
    assert [t.label for t in chapter(context, 10)["tables"]] == ["Tableau 10.1 – Sessions de formation"]
    assert [t.label for t in chapter(context, 11)["tables"]] == ["Tableau 11.1 – Sessions de formation"]
    assert [t.label for t in context["tables"]] == [
        "Tableau S.1 – Réunions des comités en 2020",
        "Tableau S.2 – Sessions et participants par programme",
        "Tableau 10.1 – Sessions de formation",
        "Tableau 11.1 – Sessions de formation",
    ]


def test_a_marker_naming_no_table_prints_nothing_but_the_screen_preview_says_so(capacity):
    NarrativeSectionFactory(
        specific_objective=capacity.specific_objective,
        body="[[tableau:réunions]]\n\n[[tableau:inconnu]]\n\n[[tableau:sessions]]\n\n[[tableau:sessions]]",
    )
    context = build_bilan(2020)
    parts = chapter(context, 11)["subsections"][0].narratives[0].parts

    assert [part.note for part in parts if part.note] == [
        "[tableau sans ligne : réunions]",
        "[tableau inconnu : inconnu]",
        "[tableau déjà placé : sessions]",
    ]
    pdf_html = render_bilan_html(2020)
    assert "tableau sans ligne" not in pdf_html and "tableau inconnu" not in pdf_html
    screen_html = render_bilan_html(2020, screen={"dashboard": "/", "pdf": "", "workbook": ""})
    assert '<p class="marker-note">[tableau inconnu\xa0: inconnu]</p>' in screen_html


def test_a_marker_cannot_carry_html_past_nh3(capacity):
    NarrativeSectionFactory(
        specific_objective=capacity.specific_objective,
        body=(
            "<script>alert(1)</script>\n\n[[tableau:sessions]]<img src=x onerror=alert(2)>\n\n"
            "[[tableau:<img src=x onerror=alert(3)>]]\n\n[[tableau:<b onclick=alert(4)>réunions</b>]]"
        ),
    )

    html = render_bilan_html(2020, screen={"dashboard": "/", "pdf": "", "workbook": ""})

    for forbidden in ("<script>alert", "onerror", "onclick", "<img"):
        assert forbidden not in html
    # The marker emptied by nh3 is an unknown one; the one holding markup is left as text.
    assert '<p class="marker-note">[tableau inconnu\xa0: ]</p>' in html
    assert "[[tableau:<b>réunions</b>]]" in html


def test_the_studies_table_leaves_their_summaries_to_the_narrative():
    action = ActionFactory(code="11.10", specific_objective=SpecificObjectiveFactory(number=25))
    StudyFactory(title="Étude BIT", summary="Le BIT a mené une étude.", year=2020).actions.set([action])

    alone = chapter(build_bilan(2020), 11)["subsections"][0].tables[0]
    NarrativeSectionFactory(specific_objective=action.specific_objective, body="Le BIT a mené une étude.")
    with_narrative = chapter(build_bilan(2020), 11)["subsections"][0].tables[0]

    assert alone.columns == ["title", "summary", "institutions"]
    assert with_narrative.columns == ["title", "institutions"]


def test_marker_errors_name_the_valid_markers():
    assert marker_errors("Texte\n\n[[tableau:Réunions]]\n\n[[ tableau : sessions:Evenements ]]", True) == []
    assert marker_errors("[[tableau:graphiques]]", True) == [
        f"Repère inconnu : [[tableau:graphiques]]. Repères possibles : {VALID_MARKERS}."
    ]
    assert marker_errors("Voir [[tableau:réunions]] ci-dessous.", True) == [
        "Un repère de tableau s'écrit seul sur sa ligne : « Voir [[tableau:réunions]] ci-dessous. »."
    ]


def test_the_admin_form_refuses_an_unknown_marker(administrator):
    client = Client()
    client.force_login(administrator)
    objective = SpecificObjectiveFactory(number=24)
    data = {
        "programme": objective.programme.pk,
        "year": "2020",
        "specific_objective": objective.pk,
        "position": "1",
        "heading_fr": "",
        "body_fr": "Voir ci-dessous.\n\n[[tableau:graphiques]]",
    }

    form = client.get(admin_url(NarrativeSection, "add")).content.decode()
    assert "par exemple <code>[[tableau:réunions]]</code>. Repères : <code>réunions</code>" in form

    response = client.post(admin_url(NarrativeSection, "add"), data)

    assert response.status_code == 200
    assert form_errors(response) == [
        f"Repère inconnu : [[tableau:graphiques]]. Repères possibles : {VALID_MARKERS}."
    ]
    assert not NarrativeSection.objects.exists()

    data["body_fr"] = "Voir ci-dessous.\n\n[[tableau:réunions]]"
    assert client.post(admin_url(NarrativeSection, "add"), data).status_code == 302
    assert NarrativeSection.objects.get().body.endswith("[[tableau:réunions]]")


def test_the_markdown_preview_says_where_a_table_goes(administrator):
    client = Client()
    client.force_login(administrator)

    response = client.post(
        "/reports/apercu-markdown/", {"text": "Voir :\n[[tableau:réunions]]\n[[tableau:x]]"}
    )

    text = response.content.decode()
    assert "<p>Voir :</p>" in text
    assert (
        '<p class="snia-table-marker">[Tableau « réunions » de l&#x27;objectif, placé ici dans le bilan]</p>'
        in text
    )
    assert f"[tableau inconnu : x] — repères possibles : {VALID_MARKERS}" in text


def test_the_preview_with_drafts_flags_probable_duplicates(staff, capacity):
    twin = ValidatedSessionFactory(title="Formation ENAS", women=17, men=10)
    twin.actions.set([capacity])
    client = Client()
    client.force_login(staff)

    with_drafts = client.get("/reports/bilan/2020/?brouillons=1").content.decode()
    published = render_bilan_html(2020)

    assert with_drafts.count("(doublon probable)") == 2
    assert "doublon probable" not in published


def test_the_meetings_marker_places_the_committee_table():
    objective = SpecificObjectiveFactory(number=24)
    ActionFactory(code="11.1", specific_objective=objective)
    ValidatedMeetingFactory(committee=CommitteeFactory(code="CP4"), date=datetime.date(2020, 6, 22))
    NarrativeSectionFactory(specific_objective=objective, body="Voir ci-dessous.\n[[tableau:réunions]]")

    html = render_bilan_html(2020)

    assert html.index("<p>Voir ci-dessous.</p>") < html.index("Tableau 11.1 – Réunions des comités en 2020")


def test_the_closing_checklist_lists_the_demos_probable_duplicates():
    load_demo()

    duplicates = next(item for item in closing_checklist(2020) if item["key"] == "duplicates")

    assert duplicates["entries"] == [
        "2020 : « Migration et protection des enfants non accompagnés et séparés au Maroc » ; « Concepts et "
        "terminologie de la migration, la migration des enfants non accompagnés ou séparés (ENAS), la "
        "protection des ENAS (identification, orientation et intégration) et la traite des êtres humains. » "
        "(mêmes organisateurs et mêmes effectifs)",
        "2020 : « Le Droit International de la Migration avec un volet sur la traite des êtres humains. » ; "
        "« Une formation en matière de Droit International de la Migration et terminologie migratoire. » "
        "(mêmes bénéficiaires et même total)",
    ]


def test_the_api_refuses_an_unknown_marker_too(administrator):
    api = APIClient()
    api.force_authenticate(administrator)
    objective = SpecificObjectiveFactory(number=24)
    data = {
        "programme": objective.programme.pk,
        "year": 2020,
        "specific_objective": objective.pk,
        "position": 1,
        "heading": "",
        "body": "[[tableau:graphiques]]",
    }

    response = api.post("/api/v1/narrative-sections/", data, format="json")

    assert response.status_code == 400
    assert response.json()["body"] == [
        f"Repère inconnu : [[tableau:graphiques]]. Repères possibles : {VALID_MARKERS}."
    ]


def test_the_help_names_the_markers(staff):
    client = Client()
    client.force_login(staff)

    text = client.get("/aide/").content.decode()

    assert (
        '<li><code dir="ltr">[[tableau:réunions]]</code> : les réunions des comités de l&#x27;année</li>'
        in text
    )
    assert (
        '<li><code dir="ltr">[[tableau:sessions:événements]]</code> : les événements de sensibilisation'
        in text
    )
