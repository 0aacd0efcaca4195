"""The dashboard runs as many queries with five records of each kind as with
one: counts and sums are the database's, lists are short."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programmes.models import ActionProgress
from tests.factories import (
    ActionFactory,
    MeetingFactory,
    ProgrammeFactory,
    ReportingYearFactory,
    SessionFactory,
    SpecificObjectiveFactory,
)

pytestmark = pytest.mark.django_db
# Whatever the role; the figures alone are a dozen queries (reports.stats).
MAX_QUERIES = 40


def add_records(count: int, start: int, institution, committee, staff) -> None:
    osp = SpecificObjectiveFactory(number=26, programme=ProgrammeFactory(number=11))
    for n in range(start, start + count):
        action = ActionFactory(code=f"11.{n}", specific_objective=osp)
        action.lead_institutions.set([institution])
        for state in ("draft", "returned", "submitted", "validated"):
            session = SessionFactory(
                review_state=state,
                author_institution=institution,
                women=2,
                reviewed_by=staff,
                reviewed_at=datetime.datetime(2020, 2, 1, tzinfo=datetime.UTC),
            )
            session.organisers.set([institution])
            session.actions.set([action])
            MeetingFactory(committee=committee, review_state=state, author_institution=institution)
        ActionProgress.objects.create(
            action=action, year=2020, review_state="returned", author_institution=institution
        )


def queries_of(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["reader", "focal_cp2", "staff", "administrator"])
def test_queries_do_not_grow_with_records(client_of, request, who, health_ministry, cp2, staff):
    user = request.getfixturevalue(who)
    client = client_of(user)
    ReportingYearFactory(year=2020)
    add_records(1, 1, health_ministry, cp2, staff)
    few = queries_of(client)
    add_records(4, 2, health_ministry, cp2, staff)

    many = queries_of(client)

    assert many == few
    assert many <= MAX_QUERIES


def test_the_fixed_bound_holds_for_a_focal_point(
    client_of, focal_cp2, health_ministry, cp2, staff, django_assert_max_num_queries
):
    ReportingYearFactory(year=2020)
    add_records(3, 1, health_ministry, cp2, staff)
    client = client_of(focal_cp2)

    with django_assert_max_num_queries(MAX_QUERIES):
        client.get("/")
