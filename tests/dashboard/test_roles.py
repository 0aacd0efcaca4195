"""What each role finds on the dashboard, and nothing it may not see."""

import datetime

import pytest
from django.urls import reverse

from programmes.models import ActionProgress
from tests.factories import (
    ActionFactory,
    MeetingFactory,
    ReportingYearFactory,
    SessionFactory,
    ValidatedSessionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(focal_cp2, focal_cp4, health_ministry, iom, cp2, cp4, staff):
    """A draft and a returned session of each institution, a validated one to count."""
    ReportingYearFactory(year=2020)
    made = {}
    for institution, word in ((health_ministry, "SANTE"), (iom, "OIM")):
        draft = SessionFactory(title=f"BROUILLON-{word}", author_institution=institution)
        draft.organisers.set([institution])
        returned = SessionFactory(
            title=f"RENVOYEE-{word}",
            author_institution=institution,
            review_state="returned",
            review_comment=f"COMMENTAIRE-{word} : ajoutez les effectifs.",
            reviewed_by=staff,
            reviewed_at=datetime.datetime(2020, 1, 14, 10, 30, tzinfo=datetime.UTC),
        )
        returned.organisers.set([institution])
        made[word] = (draft, returned)
    submitted = SessionFactory(title="SOUMISE", review_state="submitted")
    submitted.organisers.set([health_ministry])
    ValidatedSessionFactory(title="VALIDEE", women=7, men=5)
    MeetingFactory(committee=cp2, review_state="submitted", date=datetime.date(2020, 2, 3))
    return made


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/"


def test_an_account_without_a_role_is_refused_in_french(client_of, no_role):
    response = client_of(no_role).get("/")

    assert response.status_code == 403
    assert "Accès refusé" in response.content.decode()


def test_focal_point_sees_own_drafts_and_returned_with_the_comment(client_of, focal_cp2, records):
    html = client_of(focal_cp2).get("/").content.decode()

    assert '<h2 id="mon-espace-titre">Mon espace de point focal</h2>' in html
    assert "Institution : Ministère de la Santé" in html
    assert '<bdi dir="ltr">CP2</bdi> — Comité CP2' in html
    assert "BROUILLON-SANTE" in html
    assert "RENVOYEE-SANTE" in html
    assert "COMMENTAIRE-SANTE : ajoutez les effectifs." in html
    assert "Renvoyé le 14 janvier 2020 à 11:30 par suivi" in html
    draft, returned = records["SANTE"]
    assert reverse("admin:trainings_session_change", args=[returned.pk]) in html
    # The other institution's work, and the staff's queue, stay out of sight.
    for hidden in ("BROUILLON-OIM", "RENVOYEE-OIM", "COMMENTAIRE-OIM", "File de validation", "SOUMISE"):
        assert hidden not in html


def test_focal_point_new_record_buttons_preselect_their_only_committee_and_institution(
    client_of, focal_cp2, cp2, health_ministry
):
    html = client_of(focal_cp2).get("/").content.decode()

    assert f'href="/admin/committees/meeting/add/?committee={cp2.pk}">Nouvelle réunion</a>' in html
    assert (
        f'href="/admin/trainings/session/add/?organisers={health_ministry.pk}">Nouvelle session</a>' in html
    )


def test_focal_point_of_two_committees_chooses_in_the_form(client_of, focal_cp2, cp4):
    focal_cp2.focal_point.committees.add(cp4)

    html = client_of(focal_cp2).get("/").content.decode()

    assert 'href="/admin/committees/meeting/add/">Nouvelle réunion</a>' in html


def test_reader_sees_figures_and_the_bilan_and_nothing_to_edit(client_of, reader, records):
    html = client_of(reader).get("/").content.decode()

    assert "Sessions et participants en 2020" in html
    assert 'href="/reports/bilan/2020/"' in html
    for absent in (
        "Nouvelle réunion",
        "Nouvelle session",
        "File de validation",
        "Mes brouillons",
        "États d'avancement attendus",
        "BROUILLON-",
        "RENVOYEE-",
        "SOUMISE",
        "COMMENTAIRE-",
    ):
        assert absent not in html


def test_staff_see_the_review_queue_with_counts(client_of, staff, records):
    html = client_of(staff).get("/").content.decode()

    # Sessions: 1 submitted, 2 returned; meetings: 1 submitted.
    assert (
        '<th scope="row">Sessions et événements</th>\n'
        '      <td><a href="/admin/trainings/session/?review_state__exact=submitted">1</a></td>\n'
        '      <td><a href="/admin/trainings/session/?review_state__exact=returned">2</a></td>\n'
        '      <td><a href="/admin/trainings/session/?review_state__exact=draft">0</a></td>'
    ) in html
    assert '<td><a href="/admin/committees/meeting/?review_state__exact=submitted">1</a></td>' in html
    assert reverse("admin:snia_review_queue") in html
    assert "Nouvelle session" in html
    # Figures count validated sessions only: 12 participants.
    assert '<dd data-figure="participants">12</dd>' in html


def test_drafts_older_than_30_days_are_counted(client_of, staff, records, monkeypatch):
    draft, _returned = records["SANTE"]
    draft.history.filter(history_type="+").update(
        history_date=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )

    html = client_of(staff).get("/").content.decode()

    assert '<td><a href="/admin/trainings/session/?review_state__exact=draft">1</a></td>' in html


def test_staff_see_who_still_owes_an_etat_d_avancement(client_of, staff, health_ministry, iom):
    ReportingYearFactory(year=2020)
    owed = ActionFactory(code="11.12")
    owed.lead_institutions.set([health_ministry])
    done = ActionFactory(code="11.13")
    done.lead_institutions.set([iom])
    ActionProgress.objects.create(action=done, year=2020, review_state="submitted")

    html = client_of(staff).get("/?annee=2020").content.decode()

    assert "1 institution pilote n'a pas encore rendu compte de toutes ses actions." in html
    assert "<li>Ministère de la Santé : 1 action(s) sur 1</li>" in html
    assert "Organisation internationale pour les migrations :" not in html
    assert reverse("admin:snia_not_reported_year", args=[2020]) in html


def test_the_page_is_semantic_and_keeps_to_the_csp(client_of, staff, records):
    response = client_of(staff).get("/")
    html = response.content.decode()

    assert html.count("<h1>") == 1 and "<h1>Tableau de bord</h1>" in html
    assert html.count("<section ") == html.count("<h2 ")
    assert " style=" not in html and "<style" not in html
    assert "<script>" not in html
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
