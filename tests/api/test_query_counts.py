"""Every list issues the same number of queries for 5 rows as for 50."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programmes.models import ActionProgress
from tests.factories import (
    ActionFactory,
    CommitteeFactory,
    InstitutionFactory,
    MeetingFactory,
    NarrativeSectionFactory,
    ProgrammeFactory,
    ProjectFactory,
    ReportingYearFactory,
    ReportItemFactory,
    SessionFactory,
    SpecificObjectiveFactory,
)

pytestmark = pytest.mark.django_db


def add_rows(endpoint: str, start: int, count: int, iom, cp4) -> None:
    """`count` more rows for `endpoint`, each with its relations filled in."""
    for n in range(start, start + count):
        if endpoint == "programmes":
            ProgrammeFactory(number=n % 11 + 1)
        elif endpoint == "specific-objectives":
            SpecificObjectiveFactory(number=n % 27 + 1, programme=ProgrammeFactory(number=11))
        elif endpoint == "actions":
            action = ActionFactory(code=f"11.{n}")
            action.lead_institutions.set([iom])
            action.partner_institutions.set([InstitutionFactory()])
        elif endpoint == "institutions":
            InstitutionFactory()
        elif endpoint == "projects":
            project = ProjectFactory(funder=iom)
            project.implementers.set([iom, InstitutionFactory()])
        elif endpoint == "committees":
            committee = CommitteeFactory()
            committee.programmes.set([ProgrammeFactory(number=11)])
            committee.members.set([iom])
        elif endpoint == "meetings":
            meeting = MeetingFactory(
                committee=cp4, date=datetime.date(2020, 1, 1) + datetime.timedelta(days=n)
            )
            meeting.participants.set([iom, InstitutionFactory()])
        elif endpoint == "sessions":
            session = SessionFactory(women=n, men=1)
            session.organisers.set([iom])
            session.actions.set([ActionFactory(code=f"11.{n}")])
            session.projects.set([ProjectFactory()])
        elif endpoint == "progress":
            action = ActionFactory(code=f"11.{n}")
            action.lead_institutions.set([iom])
            ActionProgress.objects.create(action=action, year=2020)
        elif endpoint == "narrative-sections":
            NarrativeSectionFactory(programme=ProgrammeFactory(number=11), position=n)
        elif endpoint == "report-items":
            ReportItemFactory(programme=ProgrammeFactory(number=11), position=n)
        elif endpoint == "years":
            ReportingYearFactory(year=2014 + n)


def queries_for_list(api, user, endpoint: str) -> tuple[int, int]:
    # A fresh user object each time, as each real request has: roles are cached on it.
    client = api(type(user).objects.get(pk=user.pk))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/api/v1/{endpoint}/")
    assert response.status_code == 200
    return response.json()["count"], len(queries)


# Endpoints whose table is bounded by the strategy: (rows at first, rows at last).
BOUNDED = {"programmes": (5, 11), "specific-objectives": (5, 27)}
ENDPOINTS = [
    "programmes",
    "specific-objectives",
    "actions",
    "institutions",
    "projects",
    "committees",
    "meetings",
    "sessions",
    "progress",
    "narrative-sections",
    "report-items",
    "years",
]
# Focal points read reference data and their own records, not the report's content.
CASES = [("staff", endpoint) for endpoint in ENDPOINTS] + [
    ("focal_cp4", endpoint)
    for endpoint in ENDPOINTS
    if endpoint not in ("narrative-sections", "report-items", "years")
]


@pytest.mark.parametrize(("role", "endpoint"), CASES)
def test_a_list_costs_the_same_queries_for_5_and_50_rows(request, api, iom, cp4, role, endpoint):
    user = request.getfixturevalue(role)
    add_rows(endpoint, 1, 5, iom, cp4)
    few, queries_for_few = queries_for_list(api, user, endpoint)
    add_rows(endpoint, 6, 45, iom, cp4)
    many, queries_for_many = queries_for_list(api, user, endpoint)
    # The fixtures already hold some institutions and committees: compare the growth.
    first, last = BOUNDED.get(endpoint, (5, 50))
    assert many - few == last - first
    assert queries_for_many == queries_for_few
