"""/api/v1/stats/<year>/: the bilan's synthesis figures, by the same code, plus
the breakdowns per organising institution and per project."""

import datetime

import pytest

from committees.models import Committee
from reports.stats import year_statistics
from tests.factories import (
    ActionFactory,
    MeetingFactory,
    MeetingTargetFactory,
    ProjectFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures_2020(cp2, cp4, health_ministry, iom):
    from tests.factories import ReportingYearFactory

    ReportingYearFactory(year=2020)
    action = ActionFactory(code="11.12")
    indimaj = ProjectFactory(name="INDIMAJ II")
    training = SessionFactory(title="Formation", women=30, men=18, review_state="validated")
    training.organisers.set([iom])
    training.actions.set([action])
    training.projects.set([indimaj])
    seminar = SessionFactory(title="Séminaire", women=65, men=38, unrecorded=4, review_state="validated")
    seminar.organisers.set([iom, health_ministry])
    # Not validated: the published figures leave it out, as the bilan does.
    draft = SessionFactory(title="Brouillon", women=1000, men=1000)
    draft.organisers.set([iom])
    draft.projects.set([indimaj])
    SessionFactory(title="2021", year=2021, women=7, review_state="validated").organisers.set([iom])
    MeetingFactory(committee=cp2, date=datetime.date(2020, 6, 25), review_state="validated")
    MeetingFactory(committee=cp4, date=datetime.date(2020, 7, 2), review_state="validated")


def test_the_figures_are_the_bilans_synthesis_plus_institutions_and_projects(api, reader, figures_2020):
    body = api(reader).get("/api/v1/stats/2020/").json()
    institutions = body.pop("institutions")
    projects = body.pop("projects")
    assert body == year_statistics(2020)
    assert body["totals"]["total"] == 155
    assert body["women_share"] == 95 / 151
    assert [
        (row["name"], row["sessions"], row["women"], row["men"], row["unrecorded"], row["total"])
        for row in institutions
    ] == [
        ("Ministère de la Santé", 1, 65, 38, 4, 107),
        ("Organisation internationale pour les migrations", 2, 95, 56, 4, 155),
    ]
    assert [(row["name"], row["sessions"], row["total"]) for row in projects] == [("INDIMAJ II", 1, 48)]


def test_committees_show_meetings_held_and_the_years_target_or_none(api, staff, figures_2020):
    MeetingTargetFactory(committee=Committee.objects.get(code="CP4"), year=2020, expected=4)
    MeetingTargetFactory(committee=Committee.objects.get(code="CP2"), year=2021, expected=6)

    committees = api(staff).get("/api/v1/stats/2020/").json()["committees"]

    # CP2's target is for 2021: none for 2020.
    assert [(c["code"], c["held"], c["expected"]) for c in committees] == [("CP2", 1, None), ("CP4", 1, 4)]


def test_a_year_without_a_report_is_not_found(api, staff, figures_2020):
    assert api(staff).get("/api/v1/stats/2019/").status_code == 404
    assert api(staff).get("/api/v1/stats/99999999999/").status_code == 404


def test_the_figures_cost_the_same_queries_whatever_the_number_of_sessions(api, staff, figures_2020, iom):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api(type(staff).objects.get(pk=staff.pk)).get("/api/v1/stats/2020/").status_code == 200
        return len(queries)

    before = count()
    for n in range(20):
        session = SessionFactory(women=n, review_state="validated")
        session.organisers.set([iom])
        session.projects.set([ProjectFactory()])
    assert count() == before
