"""MDCMRE staff's pages: what waits for validation, per institution and
committee; the institutions that have not reported on their actions."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from access.models import ReviewState
from programmes.models import ActionProgress
from reports.models import ReportingYear
from tests.admin import visible_text
from tests.factories import ActionFactory, InstitutionFactory, MeetingFactory, SessionFactory

QUEUE = "/admin/reports/reportingyear/suivi/a-valider/"
SUBMITTED_ON = datetime.datetime(2021, 2, 3, 9, 15, tzinfo=datetime.UTC)  # 10:15 in Casablanca


def submitted(obj, author):
    type(obj).objects.filter(pk=obj.pk).update(
        review_state=ReviewState.SUBMITTED, submitted_at=SUBMITTED_ON, author=author
    )


def test_review_queue_groups_sessions_progress_and_meetings(
    staff_client, focal_cp2, health_ministry, iom, cp2, cp4
):
    joint = SessionFactory(title="Formation conjointe")
    joint.organisers.add(health_ministry, iom)
    alone = SessionFactory(title="Webinaire santé")
    alone.organisers.add(health_ministry)
    orphan = SessionFactory(title="Séminaire sans organisateur")
    SessionFactory(title="Brouillon non listé").organisers.add(iom)
    action = ActionFactory(code="11.12")
    action.lead_institutions.add(iom)
    progress = ActionProgress.objects.create(action=action, year=2020)
    meeting_cp2 = MeetingFactory(committee=cp2, date=datetime.date(2020, 6, 10))
    meeting_cp4 = MeetingFactory(committee=cp4, date=datetime.date(2020, 7, 1))
    for row in (joint, alone, orphan, progress, meeting_cp2, meeting_cp4):
        submitted(row, focal_cp2)

    text = visible_text(staff_client.get(QUEUE))

    assert "À valider 6 éléments soumis attendent une validation." in text
    assert (
        "Sessions et événements, par institution organisatrice Groupe Élément Auteur Soumis le "
        "Ministère de la Santé (2) Formation conjointe pf.cp2 03/02/2021 10:15 "
        "Webinaire santé pf.cp2 03/02/2021 10:15 "
        "OIM (1) Formation conjointe pf.cp2 03/02/2021 10:15 "
        "Sans institution organisatrice (1) Séminaire sans organisateur pf.cp2 03/02/2021 10:15"
    ) in text
    assert (
        "Avancements des actions, par institution pilote Groupe Élément Auteur Soumis le "
        "OIM (1) 11.12 — 2020 pf.cp2 03/02/2021 10:15"
    ) in text
    assert (
        "Réunions, par comité Groupe Élément Auteur Soumis le "
        "CP2 (1) CP2 — 10/06/2020 pf.cp2 03/02/2021 10:15 "
        "CP4 (1) CP4 — 01/07/2020 pf.cp2 03/02/2021 10:15"
    ) in text
    assert "Brouillon non listé" not in text


def test_review_queue_links_each_item_to_its_page(staff_client, focal_cp2, cp2):
    meeting = MeetingFactory(committee=cp2, date=datetime.date(2020, 6, 10))
    submitted(meeting, focal_cp2)

    html = staff_client.get(QUEUE).content.decode()

    assert f'<a href="/admin/committees/meeting/{meeting.pk}/change/">CP2 — 10/06/2020</a>' in html


def test_an_empty_queue_says_so(staff_client):
    text = visible_text(staff_client.get(QUEUE))

    assert "Aucun élément soumis n'attend de validation." in text
    assert text.count("Rien à valider.") == 3


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_review_queue_query_count_does_not_grow_with_items(staff_client, staff, cp2):
    def add(i: int) -> None:
        session = SessionFactory(title=f"Session {i}")
        session.organisers.add(InstitutionFactory())
        action = ActionFactory(code=f"11.{i + 1}")
        action.lead_institutions.add(InstitutionFactory())
        for row in (
            session,
            ActionProgress.objects.create(action=action, year=2020),
            MeetingFactory(committee=cp2),
        ):
            submitted(row, staff)

    for i in range(2):
        add(i)
    staff_client.get(QUEUE)
    for_two = count_queries(staff_client, QUEUE)
    for i in range(2, 12):
        add(i)

    assert count_queries(staff_client, QUEUE) == for_two


@pytest.fixture
def owed_2020(health_ministry, iom) -> None:
    """Ministère de la Santé leads 11.12 (validated), 11.13 (draft) and 11.14
    (nothing); OIM leads 11.15 (submitted) and 11.16 (returned): only the
    ministry owes its états d'avancement."""
    codes = {
        "11.12": health_ministry,
        "11.13": health_ministry,
        "11.14": health_ministry,
        "11.15": iom,
        "11.16": iom,
    }
    actions = {}
    for code, institution in codes.items():
        actions[code] = ActionFactory(code=code)
        actions[code].lead_institutions.add(institution)
    states = {
        "11.12": ReviewState.VALIDATED,
        "11.13": ReviewState.DRAFT,
        "11.15": ReviewState.SUBMITTED,
        "11.16": ReviewState.RETURNED,
    }
    for code, state in states.items():
        ActionProgress.objects.create(action=actions[code], year=2020, review_state=state)
    # Progress of another year counts for that year only.
    ActionProgress.objects.create(action=actions["11.14"], year=2021, review_state=ReviewState.VALIDATED)
    ActionFactory(code="11.17")  # no lead institution: nobody owes it


def test_not_reported_lists_institutions_with_actions_lacking_sent_progress(staff_client, owed_2020):
    ReportingYear.objects.get_or_create(year=2020)[0]

    text = visible_text(staff_client.get("/admin/reports/reportingyear/suivi/non-rapporte/2020/"))

    assert "Institutions n'ayant pas rendu compte 2020" in text
    assert (
        "Institution Actions pilotées Sans état d'avancement Actions concernées "
        "Ministère de la Santé 3 2 11.13 (brouillon), 11.14"
    ) in text
    assert "OIM" not in text


def test_not_reported_for_another_year_and_by_default_the_latest(staff_client, owed_2020):
    ReportingYear.objects.get_or_create(year=2020)[0]
    ReportingYear.objects.get_or_create(year=2021)[0]

    default = visible_text(staff_client.get("/admin/reports/reportingyear/suivi/non-rapporte/"))

    assert "Institutions n'ayant pas rendu compte 2021" in default
    assert "Ministère de la Santé 3 2 11.12, 11.13" in default
    assert "Organisation internationale pour les migrations (OIM) 2 2 11.15, 11.16" in default


def test_not_reported_says_when_everyone_reported(staff_client):
    text = visible_text(staff_client.get("/admin/reports/reportingyear/suivi/non-rapporte/2019/"))

    assert "Toutes les institutions pilotes ont rendu compte pour 2019." in text


def test_not_reported_query_count_does_not_grow_with_institutions(staff_client):
    url = "/admin/reports/reportingyear/suivi/non-rapporte/2020/"

    def add(i: int) -> None:
        action = ActionFactory(code=f"11.{i + 1}")
        action.lead_institutions.add(InstitutionFactory(), InstitutionFactory())

    for i in range(2):
        add(i)
    staff_client.get(url)
    for_two = count_queries(staff_client, url)
    for i in range(2, 20):
        add(i)

    assert count_queries(staff_client, url) == for_two


@pytest.mark.parametrize(
    "url",
    [
        QUEUE,
        "/admin/reports/reportingyear/suivi/non-rapporte/",
        "/admin/reports/reportingyear/suivi/corbeille/",
    ],
)
def test_staff_pages_are_for_mdcmre_only(
    url, staff_client, administrator_client, reader_client, focal_client, client
):
    assert staff_client.get(url).status_code == 200
    assert administrator_client.get(url).status_code == 200
    assert reader_client.get(url).status_code == 403
    assert focal_client.get(url).status_code == 403
    assert client.get(url)["Location"] == f"/admin/login/?next={url}"


def test_admin_index_links_staff_pages_for_mdcmre_only(staff_client, reader_client, focal_client):
    links = (
        '<a href="/admin/reports/reportingyear/suivi/a-valider/">À valider</a>',
        '<a href="/admin/reports/reportingyear/suivi/non-rapporte/">'
        "Institutions n'ayant pas rendu compte</a>",
        '<a href="/admin/reports/reportingyear/suivi/corbeille/">Corbeille</a>',
    )
    staff_index = staff_client.get("/admin/").content.decode()
    for link in links:
        assert link in staff_index
    for other in (reader_client, focal_client):
        assert "suivi/a-valider" not in other.get("/admin/").content.decode()


def test_dates_on_the_queue_are_in_casablanca_time(staff_client, staff, cp2):
    meeting = MeetingFactory(committee=cp2)
    submitted(meeting, staff)

    assert timezone.localtime(SUBMITTED_ON).strftime("%H:%M") in visible_text(staff_client.get(QUEUE))
