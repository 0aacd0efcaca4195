"""No admin list issues one query per row: 2 rows and 20 rows cost the same
number of queries, related data included."""

import datetime
from collections.abc import Callable

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, models
from django.test.client import Client
from django.test.utils import CaptureQueriesContext

from committees.models import Committee, FocalPoint, Meeting
from programmes.models import (
    Acronym,
    Action,
    ActionProgress,
    Institution,
    Programme,
    Project,
    SpecificObjective,
    StrategicObjective,
)
from reports.models import NarrativeSection, ReportingYear, ReportItem, Study, UniversityProgramme
from tests.admin import admin_url
from tests.factories import (
    ActionFactory,
    CommitteeFactory,
    FocalPointFactory,
    InstitutionFactory,
    MeetingFactory,
    NarrativeSectionFactory,
    ProgrammeFactory,
    ProjectFactory,
    ReportItemFactory,
    SessionFactory,
    SpecificObjectiveFactory,
    StudyFactory,
    UniversityProgrammeFactory,
)
from trainings.models import Session


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def programme(i: int) -> Programme:
    return ProgrammeFactory(number=i % 11 + 1)


def action_of_programme(i: int) -> Action:
    number = i % 11 + 1
    return ActionFactory(code=f"{number}.{i + 1}", programme=programme(i), specific_objective=None)


def session(i: int) -> None:
    row = SessionFactory(city=f"Ville {i}", start_date=datetime.date(2020, 1, i + 1), women=i, men=1)
    row.actions.add(ActionFactory(), action_of_programme(i))
    row.projects.add(ProjectFactory())
    row.organisers.add(InstitutionFactory())


def meeting(i: int) -> None:
    committee = CommitteeFactory()
    committee.programmes.add(programme(i))
    row = MeetingFactory(committee=committee, date=datetime.date(2020, 2, i + 1), minutes=f"minutes/{i}.pdf")
    row.participants.add(InstitutionFactory())


def action(i: int) -> None:
    row = action_of_programme(i)
    row.lead_institutions.add(InstitutionFactory(), InstitutionFactory())
    row.partner_institutions.add(InstitutionFactory())
    ActionProgress.objects.create(action=row, year=2020)


def committee(i: int) -> None:
    row = CommitteeFactory()
    row.programmes.add(programme(i), programme(i + 1))
    row.members.add(InstitutionFactory())
    MeetingFactory(committee=row, date=datetime.date(2020, 3, i + 1))
    MeetingFactory(committee=row, date=datetime.date(2020, 4, i + 1))


def programme_with_content(i: int) -> None:
    osp = SpecificObjectiveFactory(number=i + 1, programme=ProgrammeFactory(number=i + 1))
    ActionFactory(code=f"{i + 1}.1", programme=osp.programme, specific_objective=osp)


def specific_objective(i: int) -> None:
    osp = SpecificObjectiveFactory(number=i + 1, programme=programme(i))
    ActionFactory(code=f"{osp.programme_id}.{i + 1}", programme=osp.programme, specific_objective=osp)


def project(i: int) -> None:
    ProjectFactory(funder=InstitutionFactory()).implementers.add(InstitutionFactory(), InstitutionFactory())


def action_progress(i: int) -> None:
    ActionProgress.objects.create(action=action_of_programme(i), year=2020)


def focal_point(i: int) -> None:
    # No password: hashing one per row would only slow the test down.
    user = get_user_model().objects.create(username=f"point-focal-{i}", first_name="Amina", last_name=f"N{i}")
    FocalPointFactory(user=user).committees.add(CommitteeFactory(), CommitteeFactory())


def narrative_section(i: int) -> None:
    osp = SpecificObjectiveFactory(number=i + 1, programme=programme(i))
    NarrativeSectionFactory(programme=osp.programme, specific_objective=osp)


def study(i: int) -> None:
    StudyFactory().institutions.add(InstitutionFactory())


# model, a function adding the i-th row with its related data, how many rows the model allows
CHANGELISTS: list[tuple[type[models.Model], Callable[[int], None], int]] = [
    (Session, session, 20),
    (Meeting, meeting, 20),
    (Action, action, 20),
    (Committee, committee, 20),
    (StrategicObjective, lambda i: StrategicObjective.objects.create(number=i + 1, title="Objectif"), 4),
    (Programme, programme_with_content, 11),
    (SpecificObjective, specific_objective, 20),
    (Institution, lambda i: InstitutionFactory(), 20),
    (Project, project, 20),
    (Acronym, lambda i: Acronym.objects.create(sigle=f"S{i}", expansion=f"Sigle {i}"), 20),
    (ActionProgress, action_progress, 20),
    (FocalPoint, focal_point, 20),
    (ReportingYear, lambda i: ReportingYear.objects.create(year=2014 + i), 20),
    (NarrativeSection, narrative_section, 20),
    (ReportItem, lambda i: ReportItemFactory(programme=programme(i)), 20),
    (Study, study, 20),
    (UniversityProgramme, lambda i: UniversityProgrammeFactory(), 20),
]


@pytest.mark.parametrize(
    ("model", "add_row", "many"), CHANGELISTS, ids=[model._meta.label for model, _, _ in CHANGELISTS]
)
def test_changelist_query_count_does_not_grow_with_rows(admin_client, model, add_row, many):
    url = admin_url(model, "changelist")
    for i in range(2):
        add_row(i)
    admin_client.get(url)  # Session and user are cached from here on.
    queries_for_two = count_queries(admin_client, url)

    for i in range(2, many):
        add_row(i)

    assert model.objects.count() == many
    assert count_queries(admin_client, url) == queries_for_two


def test_session_changelist_filtered_by_programme_does_not_grow_with_rows(admin_client):
    url = admin_url(Session, "changelist") + "?actions__programme__number__exact=11"
    for i in range(2):
        session(i)
    admin_client.get(url)
    queries_for_two = count_queries(admin_client, url)

    for i in range(2, 20):
        session(i)

    assert count_queries(admin_client, url) == queries_for_two


def test_programme_page_with_its_action_rows_does_not_grow_with_actions(admin_client):
    osp = SpecificObjectiveFactory(number=26, programme=ProgrammeFactory(number=11))
    url = admin_url(Programme, "change", 11)
    for n in range(1, 3):
        ActionFactory(code=f"11.{n}", programme=osp.programme, specific_objective=osp)
    admin_client.get(url)
    queries_for_two = count_queries(admin_client, url)

    for n in range(3, 13):
        ActionFactory(code=f"11.{n}", programme=osp.programme, specific_objective=osp)

    assert count_queries(admin_client, url) == queries_for_two
