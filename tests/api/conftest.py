import datetime

import pytest
from rest_framework.test import APIClient

from programmes.models import ActionProgress
from tests.factories import (
    ActionFactory,
    MeetingFactory,
    NarrativeSectionFactory,
    ProgrammeFactory,
    ProjectFactory,
    ReportingYearFactory,
    ReportItemFactory,
    SessionFactory,
    SpecificObjectiveFactory,
)


@pytest.fixture
def api():
    """An API client for a given user (None: anonymous)."""

    def client_for(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return client_for


@pytest.fixture
def world(cp2, cp4, health_ministry, iom):  # noqa: F811 - the imported fixtures
    return build_world(cp2, cp4, health_ministry, iom)


def build_world(cp2, cp4, health_ministry, iom) -> dict:
    """A little of everything, one record on each side of the CP2/CP4 line,
    each draft authored within the institution on its side."""
    programme = ProgrammeFactory(number=11)
    ProgrammeFactory(number=3, name="Santé", kind="sectoral")
    osp = SpecificObjectiveFactory(number=26, programme=programme)
    iom_action = ActionFactory(code="11.12", specific_objective=osp, title="Former les acteurs")
    iom_action.lead_institutions.set([iom])
    health_action = ActionFactory(code="11.13", specific_objective=osp, title="Sensibiliser")
    health_action.lead_institutions.set([health_ministry])
    project = ProjectFactory(name="Programme d'appui", acronym="PAGIM")
    iom_session = SessionFactory(
        title="Formation des magistrats", women=12, men=8, city="Rabat", author_institution=iom
    )
    iom_session.organisers.set([iom])
    iom_session.actions.set([iom_action])
    iom_session.projects.set([project])
    health_session = SessionFactory(
        title="Atelier santé", women=5, men=5, unrecorded=2, city="Oujda", author_institution=health_ministry
    )
    health_session.organisers.set([health_ministry])
    health_session.actions.set([health_action])
    return {
        "programme": programme,
        "osp": osp,
        "iom_action": iom_action,
        "health_action": health_action,
        "project": project,
        "cp2_meeting": MeetingFactory(
            committee=cp2, date=datetime.date(2020, 3, 10), author_institution=health_ministry
        ),
        "cp4_meeting": MeetingFactory(committee=cp4, date=datetime.date(2020, 4, 14), author_institution=iom),
        "iom_session": iom_session,
        "health_session": health_session,
        "iom_progress": ActionProgress.objects.create(
            action=iom_action, year=2020, narrative="En cours.", author_institution=iom
        ),
        "health_progress": ActionProgress.objects.create(
            action=health_action, year=2020, author_institution=health_ministry
        ),
        "narrative": NarrativeSectionFactory(programme=programme, heading="Coordination"),
        "report_item": ReportItemFactory(programme=programme, text="Contexte sanitaire."),
        "year": ReportingYearFactory(year=2020),
    }
