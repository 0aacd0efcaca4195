"""Probable duplicates are flagged for staff, never refused."""

import datetime

import pytest

from tests.admin import admin_url, visible_text
from tests.admin.conftest import logged_in
from tests.demo_snapshot import load_demo
from tests.factories import InstitutionFactory, SessionFactory
from trainings.duplicates import probable_duplicates
from trainings.models import Session

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    load_demo()


def titles(group) -> list[str]:
    return sorted(session.title for session in group.sessions)


def test_the_2020_demo_data_flag_the_reports_own_duplicates(demo):
    groups = probable_duplicates(Session.objects.in_year(2020))

    assert [(group.reason_label, titles(group)) for group in groups] == [
        (
            "mêmes organisateurs et mêmes effectifs",
            [
                "Concepts et terminologie de la migration, la migration des enfants non accompagnés ou "
                "séparés (ENAS), la protection des ENAS (identification, orientation et intégration) et "
                "la traite des êtres humains.",
                "Migration et protection des enfants non accompagnés et séparés au Maroc",
            ],
        ),
        (
            "mêmes bénéficiaires et même total",
            [
                "Le Droit International de la Migration avec un volet sur la traite des êtres humains.",
                "Une formation en matière de Droit International de la Migration et terminologie migratoire.",
            ],
        ),
    ]
    assert {(s.women, s.men) for s in groups[0].sessions} == {(17, 10)}
    assert {s.total for s in groups[1].sessions} == {48}


def test_same_title_and_dates_is_flagged_whatever_the_counts(db):
    day = datetime.date(2020, 3, 2)
    first = SessionFactory(title="Atelier d'Oujda", start_date=day, women=3)
    second = SessionFactory(title="Atelier d’Oujda ", start_date=day, women=9)
    SessionFactory(title="Atelier d'Oujda", start_date=datetime.date(2020, 3, 9), women=5)

    assert set(Session.objects.probable_duplicates()) == {first, second}


def test_other_organisers_other_years_or_empty_sessions_are_not_flagged(db):
    oim, unhcr = InstitutionFactory(acronym="OIM"), InstitutionFactory(acronym="HCR")
    SessionFactory(women=17, men=10).organisers.set([oim])
    SessionFactory(women=17, men=10).organisers.set([unhcr])
    SessionFactory(women=17, men=10, year=2021).organisers.set([oim])
    SessionFactory()
    SessionFactory()

    assert list(Session.objects.probable_duplicates()) == []


def test_a_duplicate_can_still_be_saved(db):
    SessionFactory(women=17, men=10)
    SessionFactory(women=17, men=10).full_clean()
    assert Session.objects.probable_duplicates().count() == 2


def test_staff_see_them_in_the_admin_list_and_on_the_change_form(staff):
    staff_client = logged_in(staff)
    oim = InstitutionFactory(acronym="OIM")
    first = SessionFactory(title="Formation A", women=17, men=10)
    second = SessionFactory(title="Formation B", women=17, men=10)
    SessionFactory(title="Formation C", women=1, men=1)
    for session in (first, second):
        session.organisers.set([oim])

    listing = visible_text(staff_client.get(admin_url(Session, "changelist") + "?doublon=oui"))
    form = visible_text(staff_client.get(admin_url(Session, "change", first.pk)))

    assert "Doublons probables" in listing
    assert "Formation A" in listing and "Formation B" in listing
    assert "Formation C" not in listing
    assert "« Formation B » (mêmes organisateurs et mêmes effectifs)" in form
