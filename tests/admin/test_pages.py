"""Every admin page of every SNIA model opens, in French, for a superuser."""

import datetime

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile

from committees.models import Meeting
from programmes.models import Acronym, ActionProgress, Project, StrategicObjective
from tests.admin import admin_url, page_text
from tests.factories import (
    ActionFactory,
    CommitteeFactory,
    FocalPointFactory,
    InstitutionFactory,
    MeetingFactory,
    MeetingTargetFactory,
    NarrativeSectionFactory,
    ProgrammeFactory,
    ReportingYearFactory,
    ReportItemFactory,
    SessionFactory,
    SpecificObjectiveFactory,
    StudyFactory,
    UniversityProgrammeFactory,
)

SNIA_APPS = {"programmes", "committees", "trainings", "reports"}
SNIA_MODELS = sorted(
    (model for model in admin.site._registry if model._meta.app_label in SNIA_APPS),
    key=lambda model: model._meta.label,
)


@pytest.fixture
def one_of_each(db, settings, tmp_path) -> dict:
    """One filled-in row per model, linked as in real data, keyed by model label."""
    settings.MEDIA_ROOT = tmp_path
    institution = InstitutionFactory(name="Organisation internationale pour les migrations", acronym="OIM")
    programme = ProgrammeFactory(number=11, name="Gouvernance et communication")
    osp = SpecificObjectiveFactory(number=26, programme=programme)
    action = ActionFactory(code="11.12", specific_objective=osp, programme=programme)
    action.lead_institutions.add(institution)
    project = Project.objects.create(name="INDIMAJ II", funder=institution)
    project.implementers.add(institution)
    committee = CommitteeFactory(code="CP4")
    committee.programmes.add(programme)
    meeting = MeetingFactory(
        committee=committee,
        date=datetime.date(2020, 6, 10),
        minutes=SimpleUploadedFile("compte-rendu.pdf", b"%PDF-1.4"),
    )
    session = SessionFactory(
        title="Formation des magistrats",
        city="Rabat",
        start_date=datetime.date(2020, 3, 2),
        end_date=datetime.date(2020, 3, 4),
        women=12,
        men=15,
    )
    session.actions.add(action)
    session.projects.add(project)
    session.organisers.add(institution)
    study = StudyFactory()
    study.institutions.add(institution)
    rows = [
        StrategicObjective.objects.create(number=4, title="Gouvernance"),
        programme,
        osp,
        institution,
        project,
        Acronym.objects.create(sigle="OIM", expansion="Organisation internationale pour les migrations"),
        action,
        ActionProgress.objects.create(action=action, year=2020, narrative="En cours."),
        committee,
        FocalPointFactory(institution=institution),
        meeting,
        MeetingTargetFactory(committee=committee, year=2020, expected=4),
        session,
        ReportingYearFactory(year=2020),
        NarrativeSectionFactory(programme=programme, specific_objective=osp, heading="a- Coordination"),
        ReportItemFactory(programme=programme),
        study,
        UniversityProgrammeFactory(),
    ]
    return {row._meta.label: row for row in rows}


def test_every_model_of_the_four_apps_has_an_admin():
    assert [model._meta.label for model in SNIA_MODELS] == [
        "committees.Committee",
        "committees.FocalPoint",
        "committees.Meeting",
        "committees.MeetingTarget",
        "programmes.Acronym",
        "programmes.Action",
        "programmes.ActionProgress",
        "programmes.Institution",
        "programmes.Programme",
        "programmes.Project",
        "programmes.SpecificObjective",
        "programmes.StrategicObjective",
        "reports.NarrativeSection",
        "reports.ReportItem",
        "reports.ReportingYear",
        "reports.Study",
        "reports.UniversityProgramme",
        "trainings.Session",
    ]


@pytest.mark.parametrize("model", SNIA_MODELS, ids=lambda model: model._meta.label)
def test_changelist_with_a_row_answers_200(admin_client, one_of_each, model):
    response = admin_client.get(admin_url(model, "changelist"))

    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


@pytest.mark.parametrize("model", SNIA_MODELS, ids=lambda model: model._meta.label)
def test_add_page_answers_200(admin_client, one_of_each, model):
    assert admin_client.get(admin_url(model, "add")).status_code == 200


@pytest.mark.parametrize("model", SNIA_MODELS, ids=lambda model: model._meta.label)
def test_change_page_answers_200(admin_client, one_of_each, model):
    row = one_of_each[model._meta.label]

    assert admin_client.get(admin_url(model, "change", row.pk)).status_code == 200


@pytest.mark.parametrize("model", SNIA_MODELS, ids=lambda model: model._meta.label)
def test_changelist_search_for_text_in_no_row_answers_200(admin_client, one_of_each, model):
    # Numeric fields are searchable too: a word must not break their lookup.
    response = admin_client.get(admin_url(model, "changelist"), {"q": "introuvable 11.12"})

    assert response.status_code == 200
    assert response.context["cl"].result_count == 0


def test_admin_index_is_in_french_with_the_snia_header(admin_client):
    text = page_text(admin_client.get("/admin/"))

    assert "SNIA Suivi — Suivi de la Stratégie Nationale d'Immigration et d'Asile" in text
    assert "<title>Saisie et suivi de la stratégie | SNIA Suivi</title>" in text
    assert "Sessions et événements" in text
    assert "Défis, mesures et recommandations" in text
    assert "Ajouter" in text


def test_session_list_shows_date_place_participants_and_programme_of_its_actions(admin_client, one_of_each):
    text = page_text(admin_client.get(admin_url(one_of_each["trainings.Session"].__class__, "changelist")))

    assert '<td class="field-when">02/03/2020</td>' in text
    assert '<td class="field-place">Rabat</td>' in text
    assert '<td class="field-participants">27<span class="snia-detail">12 F · 15 H</span></td>' in text
    assert '<td class="field-programme_list">11</td>' in text


def test_programme_list_counts_its_osps_and_actions(admin_client, one_of_each):
    ActionFactory(code="11.13", specific_objective=one_of_each["programmes.SpecificObjective"])
    programme = one_of_each["programmes.Programme"]

    text = page_text(admin_client.get(admin_url(programme.__class__, "changelist")))

    assert '<td class="field-osp_count">1</td>' in text
    assert '<td class="field-action_count">2</td>' in text


def test_meeting_list_shows_that_minutes_were_filed(admin_client, one_of_each):
    text = page_text(admin_client.get(admin_url(Meeting, "changelist")))

    assert '<td class="field-has_minutes"><img src="/static/admin/img/icon-yes.svg" alt="Oui"></td>' in text


def test_institution_autocomplete_finds_by_acronym(admin_client, one_of_each):
    response = admin_client.get(
        "/admin/autocomplete/",
        {"term": "OIM", "app_label": "programmes", "model_name": "action", "field_name": "lead_institutions"},
    )

    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == ["OIM"]
