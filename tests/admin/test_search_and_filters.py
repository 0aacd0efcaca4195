"""Searches and filters of the admin lists return the rows staff look for."""

import datetime

from django.http import HttpResponse

from committees.models import Meeting
from programmes.models import Action, Programme
from reports.models import ReportItem
from tests.admin import admin_url
from tests.factories import (
    ActionFactory,
    CommitteeFactory,
    InstitutionFactory,
    MeetingFactory,
    ProgrammeFactory,
    ReportItemFactory,
    SessionFactory,
    SpecificObjectiveFactory,
)
from trainings.models import Session


def listed(response: HttpResponse) -> list[str]:
    assert response.status_code == 200
    return [str(row) for row in response.context["cl"].result_list]


def test_session_search_finds_the_beneficiaries(admin_client):
    SessionFactory(title="Formation sur la traite", beneficiaries="Magistrats")
    SessionFactory(title="Webinaire sur l'asile", beneficiaries="Associations de la société civile")

    response = admin_client.get(admin_url(Session, "changelist"), {"q": "magistrats"})

    assert listed(response) == ["Formation sur la traite"]


def test_session_search_by_action_code_matches_that_code_only(admin_client):
    SessionFactory(title="Formation des élus").actions.add(ActionFactory(code="11.12"))
    SessionFactory(title="Séminaire des médias").actions.add(ActionFactory(code="11.1"))

    response = admin_client.get(admin_url(Session, "changelist"), {"q": "11.1"})

    assert listed(response) == ["Séminaire des médias"]


def test_session_programme_filter_lists_a_session_once_even_with_two_actions_of_it(admin_client):
    programme_10 = ProgrammeFactory(number=10)
    session = SessionFactory(title="Atelier de gouvernance")
    session.actions.add(ActionFactory(code="11.12"), ActionFactory(code="11.13"))
    SessionFactory(title="Atelier juridique").actions.add(
        ActionFactory(code="10.3", programme=programme_10, specific_objective=None)
    )

    response = admin_client.get(admin_url(Session, "changelist"), {"actions__programme__number__exact": "11"})

    assert listed(response) == ["Atelier de gouvernance"]


def test_session_osp_filter_keeps_the_sessions_of_that_osp(admin_client):
    osp_25 = SpecificObjectiveFactory(number=25, title="Communiquer")
    SessionFactory(title="Campagne de sensibilisation").actions.add(
        ActionFactory(code="11.8", specific_objective=osp_25)
    )
    SessionFactory(title="Formation des formateurs").actions.add(ActionFactory(code="11.12"))

    response = admin_client.get(
        admin_url(Session, "changelist"), {"actions__specific_objective__id__exact": str(osp_25.pk)}
    )

    assert listed(response) == ["Campagne de sensibilisation"]


def test_session_online_and_city_filters(admin_client):
    SessionFactory(title="Webinaire ENAS", online=True)
    SessionFactory(title="Formation à Oujda", city="Oujda")
    SessionFactory(title="Formation à Rabat", city="Rabat")

    online = admin_client.get(admin_url(Session, "changelist"), {"online__exact": "1"})
    in_oujda = admin_client.get(admin_url(Session, "changelist"), {"city": "Oujda"})

    assert listed(online) == ["Webinaire ENAS"]
    assert listed(in_oujda) == ["Formation à Oujda"]


def test_session_city_filter_names_the_blank_city(admin_client):
    # Django's link for the blank value has no text: unreadable, and an axe failure.
    SessionFactory(title="Webinaire ENAS", online=True)
    SessionFactory(title="Formation à Oujda", city="Oujda")

    page = admin_client.get(admin_url(Session, "changelist")).content.decode()
    without_city = admin_client.get(admin_url(Session, "changelist"), {"city": ""})

    assert '<a href="?city=">(non renseigné)</a>' in page
    assert '<a href="?city=Oujda">Oujda</a>' in page
    assert listed(without_city) == ["Webinaire ENAS"]


def test_session_list_sorts_by_the_computed_total(admin_client):
    SessionFactory(title="Grande formation", women=70, men=70)
    SessionFactory(title="Petit atelier", women=3, men=2, unrecorded=1)
    SessionFactory(title="Séminaire", unrecorded=140)

    # Column 5: the selection checkbox comes first, then title, kind, date, place, participants.
    response = admin_client.get(admin_url(Session, "changelist"), {"o": "-5"})

    assert listed(response) == ["Séminaire", "Grande formation", "Petit atelier"]


def test_meeting_year_filter_keeps_that_year(admin_client):
    committee = CommitteeFactory(code="CP4")
    MeetingFactory(committee=committee, date=datetime.date(2020, 6, 10))
    MeetingFactory(committee=committee, date=datetime.date(2021, 1, 14))

    response = admin_client.get(admin_url(Meeting, "changelist"), {"year": "2020"})

    assert listed(response) == ["CP4 — 10/06/2020"]


def test_meeting_year_filter_ignores_a_value_that_is_not_a_year(admin_client):
    MeetingFactory(committee=CommitteeFactory(code="CP4"), date=datetime.date(2020, 6, 10))

    response = admin_client.get(admin_url(Meeting, "changelist"), {"year": "deux-mille"})

    assert listed(response) == ["CP4 — 10/06/2020"]


def test_meeting_committee_filter_and_search(admin_client):
    cp1 = CommitteeFactory(code="CP1", name="Éducation et culture – Jeunesse et loisirs")
    MeetingFactory(committee=cp1, date=datetime.date(2020, 6, 10))
    MeetingFactory(committee=CommitteeFactory(code="CP4"), date=datetime.date(2020, 6, 10))

    filtered = admin_client.get(admin_url(Meeting, "changelist"), {"committee__id__exact": str(cp1.pk)})
    searched = admin_client.get(admin_url(Meeting, "changelist"), {"q": "jeunesse"})

    assert listed(filtered) == ["CP1 — 10/06/2020"]
    assert listed(searched) == ["CP1 — 10/06/2020"]


def test_action_filter_by_lead_institution(admin_client):
    oim = InstitutionFactory(name="Organisation internationale pour les migrations", acronym="OIM")
    ActionFactory(code="11.12", title="Former les acteurs").lead_institutions.add(oim)
    ActionFactory(code="11.13", title="Sensibiliser les médias")

    response = admin_client.get(
        admin_url(Action, "changelist"), {"lead_institutions__id__exact": str(oim.pk)}
    )

    assert listed(response) == ["11.12 Former les acteurs"]


def test_programme_search_by_number(admin_client):
    ProgrammeFactory(number=1, name="Éducation et culture")
    ProgrammeFactory(number=11, name="Gouvernance et communication")

    response = admin_client.get(admin_url(Programme, "changelist"), {"q": "11"})

    assert listed(response) == ["Programme 11 : Gouvernance et communication"]


def test_report_items_filter_by_programme_year_and_kind(admin_client):
    programme_10 = ProgrammeFactory(number=10)
    programme_11 = ProgrammeFactory(number=11)
    wanted = ReportItemFactory(programme=programme_10, year=2020, kind=ReportItem.Kind.RECOMMENDATION)
    ReportItemFactory(programme=programme_11, year=2020, kind=ReportItem.Kind.RECOMMENDATION)
    ReportItemFactory(programme=programme_10, year=2021, kind=ReportItem.Kind.RECOMMENDATION)
    ReportItemFactory(programme=programme_10, year=2020, kind=ReportItem.Kind.CHALLENGE)

    response = admin_client.get(
        admin_url(ReportItem, "changelist"),
        {"programme__number__exact": "10", "year": "2020", "kind__exact": "recommendation"},
    )

    assert listed(response) == [str(wanted)]
