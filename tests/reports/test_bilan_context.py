"""build_bilan: where each record goes in the report, without rendering a PDF."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programmes.models import Programme
from reports.bilan import build_bilan
from reports.bilan_rows import actions_label
from reports.models import ReportItem
from reports.pdf import render_bilan_html
from tests.factories import (
    ActionFactory,
    CommitteeFactory,
    InstitutionFactory,
    NarrativeSectionFactory,
    ProgrammeFactory,
    ProjectFactory,
    ReportingYearFactory,
    ReportItemFactory,
    SpecificObjectiveFactory,
    StudyFactory,
    UniversityProgrammeFactory,
    ValidatedMeetingFactory,
    ValidatedSessionFactory,
)

pytestmark = pytest.mark.django_db


def chapter(context: dict, number: int) -> dict:
    return next(
        chapter
        for part in context["parts"]
        for chapter in part["chapters"]
        if chapter["programme"].number == number
    )


def subsection(context: dict, number: int, anchor: str):
    return next(s for s in chapter(context, number)["subsections"] if s.anchor == anchor)


def test_objective_subsection_is_titled_with_its_actions_in_code_order():
    # Chapters without content for the year too: their structure is the point.
    ReportingYearFactory(year=2020, full_chapters=True)
    objective = SpecificObjectiveFactory(number=26, title="Renforcer la capacité des acteurs")
    for code in ("11.14", "11.12", "11.13"):
        ActionFactory(code=code, specific_objective=objective)

    context = build_bilan(2020)

    assert subsection(context, 11, "osp-26").heading == (
        "1.1. Renforcer la capacité des acteurs (Actions 11.12, 11.13 et 11.14)"
    )


def test_action_codes_sort_numerically_and_read_in_french():
    # Chapters without content for the year too: their structure is the point.
    ReportingYearFactory(year=2020, full_chapters=True)
    objective = SpecificObjectiveFactory(number=24)
    actions = [ActionFactory(code=code, specific_objective=objective) for code in ("11.10", "11.2", "11.1")]

    titled = subsection(build_bilan(2020), 11, "osp-24").actions

    assert [action.code for action in titled] == ["11.1", "11.2", "11.10"]
    assert actions_label(actions[:1]) == "Action 11.10"
    assert actions_label(actions[:2]) == "Actions 11.10 et 11.2"


def test_a_session_serving_several_actions_of_one_objective_appears_once_and_counts_once():
    objective = SpecificObjectiveFactory(number=26)
    actions = [ActionFactory(code=f"11.{n}", specific_objective=objective) for n in (12, 13, 14)]
    session = ValidatedSessionFactory(title="Droit international de la migration", women=30, men=18)
    session.actions.set(actions)
    ValidatedSessionFactory(title="Autre année", year=2019, women=5).actions.set(actions)

    section = subsection(build_bilan(2020), 11, "osp-26")

    assert [row["session"].title for row in section.sessions] == ["Droit international de la migration"]
    assert (section.session_totals["men"], section.session_totals["women"]) == (18, 30)
    assert (section.session_totals["total"], section.session_totals["sessions"]) == (48, 1)


def test_session_rows_carry_the_participants_whose_sex_was_not_recorded():
    action = ActionFactory(code="11.15", specific_objective=SpecificObjectiveFactory(number=27))
    project = ProjectFactory(name="Programme RDPP", acronym="RDPP")
    journalists = ValidatedSessionFactory(title="Couverture médiatique", unrecorded=140)
    partly = ValidatedSessionFactory(title="Partiellement relevé", women=5, men=3, unrecorded=2)
    nobody = ValidatedSessionFactory(title="Aucun participant")
    journalists.projects.set([project])
    journalists.organisers.set([InstitutionFactory(name="Organisation internationale pour les migrations")])
    for session in (journalists, partly, nobody):
        session.actions.set([action])

    section = subsection(build_bilan(2020), 11, "osp-27")
    rows = {row["session"].title: row for row in section.sessions}

    # No « - » any more: the table's « Non renseigné » column holds them.
    assert (rows["Couverture médiatique"]["men"], rows["Couverture médiatique"]["women"]) == (0, 0)
    assert rows["Couverture médiatique"]["unrecorded"] == 140
    assert rows["Couverture médiatique"]["total"] == 140
    assert rows["Couverture médiatique"]["projects"] == ["RDPP"]
    assert rows["Couverture médiatique"]["organisers"] == ["Organisation internationale pour les migrations"]
    assert (rows["Partiellement relevé"]["men"], rows["Partiellement relevé"]["women"]) == (3, 5)
    assert rows["Partiellement relevé"]["unrecorded"] == 2
    assert (rows["Aucun participant"]["men"], rows["Aucun participant"]["women"]) == (0, 0)
    assert (section.session_totals["men_cell"], section.session_totals["women_cell"]) == (3, 5)
    assert section.session_totals["total"] == 150
    assert section.has_unrecorded_rows


def test_meetings_table_goes_to_the_objective_holding_the_governance_action_only():
    coordination = SpecificObjectiveFactory(number=24)
    watch = SpecificObjectiveFactory(number=25)
    ActionFactory(code="11.1", specific_objective=coordination)
    ActionFactory(code="11.10", specific_objective=watch)
    committee = CommitteeFactory(code="CP4", name="Programmes transverses")
    ValidatedMeetingFactory(committee=committee, date=datetime.date(2020, 10, 1))
    ValidatedMeetingFactory(committee=committee, date=datetime.date(2020, 6, 22))
    CommitteeFactory(code="CP1")  # no meeting in 2020: in the synthesis only

    context = build_bilan(2020)

    rows = subsection(context, 11, "osp-24").committees
    assert [(row["label"], row["held"], row["dates"]) for row in rows] == [
        ("CP4 : Programmes transverses", 2, [datetime.date(2020, 6, 22), datetime.date(2020, 10, 1)])
    ]
    assert subsection(context, 11, "osp-25").committees == []
    assert [row["code"] for row in context["statistics"]["committees"]] == ["CP1", "CP4"]


def test_without_the_governance_objective_meetings_are_in_the_synthesis_only():
    # Chapters without content for the year too: their structure is the point.
    ReportingYearFactory(year=2020, full_chapters=True)
    ActionFactory(
        code="11.1",
        programme=ProgrammeFactory(number=11),
        specific_objective=SpecificObjectiveFactory(number=24, programme=None),
    )
    ValidatedMeetingFactory(committee=CommitteeFactory(code="CoPil"), date=datetime.date(2020, 7, 16))

    context = build_bilan(2020)

    assert all(not s.committees for s in chapter(context, 11)["subsections"])
    assert context["statistics"]["committees"][0]["dates"] == [datetime.date(2020, 7, 16)]


def test_objectives_without_programme_are_not_shown_but_their_records_are():
    programme = ProgrammeFactory(number=5, kind=Programme.Kind.SECTORAL)
    floating = SpecificObjectiveFactory(number=12, programme=None, title="Intitulé à compléter")
    action = ActionFactory(code="5.3", programme=programme, specific_objective=floating)
    ValidatedSessionFactory(title="Assistance humanitaire", women=2, men=1).actions.set([action])
    NarrativeSectionFactory(programme=programme, specific_objective=floating, body="Texte sur l'OSP 12.")

    chapter_5 = chapter(build_bilan(2020), 5)

    assert chapter_5["objectives"] == []
    [other] = chapter_5["subsections"]
    assert other.heading == "1.1. Autres actions du programme (Action 5.3)"
    assert [row["session"].title for row in other.sessions] == ["Assistance humanitaire"]
    assert other.session_totals["total"] == 3
    assert [section.body for section in other.narratives] == ["Texte sur l'OSP 12."]


def test_narratives_are_placed_by_objective_in_position_order():
    objective = SpecificObjectiveFactory(number=24)
    programme = objective.programme
    NarrativeSectionFactory(
        programme=programme, specific_objective=objective, position=2, heading="b- Territorial"
    )
    NarrativeSectionFactory(
        programme=programme, specific_objective=objective, position=1, heading="a- National"
    )
    NarrativeSectionFactory(programme=programme, position=0, body="Le modèle de gouvernance.")
    NarrativeSectionFactory(programme=programme, specific_objective=objective, year=2019, heading="2019")

    context = build_bilan(2020)

    assert [s.body for s in chapter(context, 11)["introduction"]] == ["Le modèle de gouvernance."]
    assert [s.heading for s in subsection(context, 11, "osp-24").narratives] == [
        "a- National",
        "b- Territorial",
    ]


def test_university_programmes_and_studies_follow_their_actions():
    objective = SpecificObjectiveFactory(number=25)
    action = ActionFactory(code="11.10", specific_objective=objective)
    UniversityProgrammeFactory(university="UM5", title="Migrations et Sociétés").actions.set([action])
    UniversityProgrammeFactory(university="UMP", title="Autre année", year=2019).actions.set([action])
    StudyFactory(title="Enquête HCP").actions.set([action])

    section = subsection(build_bilan(2020), 11, "osp-25")

    assert [p.title for p in section.university_programmes] == ["Migrations et Sociétés"]
    assert [s.title for s in section.studies] == ["Enquête HCP"]


def test_lists_are_grouped_by_kind_and_ordered_by_position():
    programme = ProgrammeFactory(number=10, kind=Programme.Kind.TRANSVERSE)
    ReportItemFactory(programme=programme, kind=ReportItem.Kind.RECOMMENDATION, position=2, text="Deuxième")
    ReportItemFactory(programme=programme, kind=ReportItem.Kind.RECOMMENDATION, position=1, text="Première")
    ReportItemFactory(programme=programme, kind=ReportItem.Kind.MEASURE, position=1, text="Mesure")

    chapter_10 = chapter(build_bilan(2020), 10)

    assert [item.text for item in chapter_10["recommendations"]] == ["Première", "Deuxième"]
    assert [item.text for item in chapter_10["measures"]] == ["Mesure"]
    assert chapter_10["challenges"] == []


def test_empty_headings_of_a_year_with_every_chapter_say_not_filled_in(db):
    ReportingYearFactory(year=2020, full_chapters=True)
    SpecificObjectiveFactory(number=27, title="Informer et sensibiliser")
    ProgrammeFactory(number=1, kind=Programme.Kind.SECTORAL, name="Éducation et culture")

    html = render_bilan_html(2020)

    assert "Aucune activité enregistrée pour cet objectif en 2020." in html
    assert "Aucun objectif spécifique n’est encore rattaché à ce programme." in html
    # Programme 1's four headings, Programme 11's last three (its first holds OSP 27).
    assert html.count("Non renseigné pour 2020.") == 7
    assert "Aucune mesure enregistrée." not in html
    assert "3. Mesures prévues pour l’année 2021" in html


def test_programmes_are_grouped_in_the_two_parts():
    for number, kind in ((3, Programme.Kind.SECTORAL), (9, Programme.Kind.TRANSVERSE)):
        ReportItemFactory(programme=ProgrammeFactory(number=number, kind=kind))

    parts = build_bilan(2020)["parts"]

    assert [(part["title"], [c["programme"].number for c in part["chapters"]]) for part in parts] == [
        ("Programmes sectoriels", [3]),
        ("Programmes transverses", [9]),
    ]


def _populate(scale: int) -> None:
    """A year whose every kind of record grows with `scale`."""
    for number in (10, 11):
        for n in range(scale):
            objective = SpecificObjectiveFactory(
                number=(number - 10) * 10 + n + 1, programme=ProgrammeFactory(number=number)
            )
            actions = [
                ActionFactory(code=f"{number}.{n * 3 + k + 1}", specific_objective=objective)
                for k in range(3)
            ]
            NarrativeSectionFactory(programme=objective.programme, specific_objective=objective)
            ReportItemFactory(programme=objective.programme, kind=ReportItem.Kind.MEASURE)
            UniversityProgrammeFactory().actions.set(actions[:1])
            StudyFactory().actions.set(actions[1:2])
            for k in range(scale):
                session = ValidatedSessionFactory(women=k, men=1, unrecorded=k % 2)
                session.actions.set(actions[k % 3 :])
                session.projects.set([ProjectFactory()])
                session.organisers.set([InstitutionFactory()])
    committee = CommitteeFactory(code="CP4")
    ValidatedMeetingFactory.create_batch(scale, committee=committee)


def test_query_count_does_not_grow_with_the_data():
    _populate(scale=1)
    with CaptureQueriesContext(connection) as small:
        render_bilan_html(2020)
    _populate(scale=6)
    with CaptureQueriesContext(connection) as large:
        render_bilan_html(2020)

    # 1 + 6 sessions for the first objective; 2 then 12 objectives with narrative, tables and lists.
    assert len(subsection(build_bilan(2020), 11, "osp-11").sessions) == 7
    assert len(small) == len(large)


def test_html_is_identical_for_unchanged_data():
    # The stored PDF is keyed on a hash of this HTML: nothing in it may vary
    # between two renders (pygal's chart id and dated comment included).
    action = ActionFactory(code="11.12", specific_objective=SpecificObjectiveFactory(number=26))
    ValidatedSessionFactory(women=3, men=4).actions.set([action])
    ValidatedMeetingFactory(committee=CommitteeFactory(code="CP4"), date=datetime.date(2020, 6, 22))

    first = render_bilan_html(2020)

    assert "<svg" in first
    assert render_bilan_html(2020) == first
