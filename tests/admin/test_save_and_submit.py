"""« Enregistrer et soumettre » (and staff's « Enregistrer et valider », « …
renvoyer ») post the change form itself: what was typed is saved, then the
step is taken, in one transaction. A step that cannot happen, or a stale
form, refuses the whole post: nothing saved, the user's input still on the page."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.test import Client

from access.models import ReviewState
from committees.models import Meeting
from tests.admin import admin_url, page_text
from tests.factories import MeetingFactory, SessionFactory
from trainings.models import Session


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def meeting(cp2, health_ministry) -> Meeting:
    """A CP2 draft authored within the Ministère de la Santé, pf.cp2's institution."""
    return MeetingFactory(
        committee=cp2,
        date=datetime.date(2020, 6, 10),
        chair="M. le Directeur",
        author_institution=health_ministry,
    )


def meeting_form(client: Client, meeting: Meeting, **changes: str) -> dict:
    """The change form as this client loaded it, version included."""
    form = client.get(admin_url(Meeting, "change", meeting.pk)).context["adminform"].form
    data = {
        "committee": str(meeting.committee_id),
        "date": meeting.date.strftime("%d/%m/%Y"),
        "mode": meeting.mode,
        "chair": meeting.chair,
        "version": form["version"].value(),
    }
    return {**data, **changes}


def test_save_and_submit_keeps_the_typed_change_and_submits(focal_client, meeting):
    data = meeting_form(focal_client, meeting, chair="Mme la Secrétaire générale", _snia_submit="1")

    response = focal_client.post(admin_url(Meeting, "change", meeting.pk), data)

    assert (response.status_code, response["Location"]) == (302, admin_url(Meeting, "change", meeting.pk))
    assert messages_of(response) == ["« CP2 — 10/06/2020 » a été enregistré et soumis pour validation."]
    meeting.refresh_from_db()
    assert (meeting.chair, meeting.review_state) == ("Mme la Secrétaire générale", ReviewState.SUBMITTED)
    assert meeting.submitted_at is not None
    # Two steps in the history: the change, then the submission.
    assert [(row.chair, row.review_state) for row in meeting.history.order_by("history_id")][-2:] == [
        ("Mme la Secrétaire générale", ReviewState.DRAFT),
        ("Mme la Secrétaire générale", ReviewState.SUBMITTED),
    ]


def test_save_and_submit_without_changes_submits_without_an_empty_version(focal_client, meeting):
    versions_before = meeting.history.count()

    response = focal_client.post(
        admin_url(Meeting, "change", meeting.pk), meeting_form(focal_client, meeting, _snia_submit="1")
    )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.review_state == ReviewState.SUBMITTED
    assert meeting.history.count() == versions_before + 1


def test_a_stale_form_is_refused_nothing_saved_nor_submitted_and_the_input_stays(
    focal_client, staff_client, meeting
):
    mine = meeting_form(focal_client, meeting, chair="Ma présidence", _snia_submit="1")
    theirs = meeting_form(staff_client, meeting, place="Rabat")
    assert staff_client.post(admin_url(Meeting, "change", meeting.pk), theirs).status_code == 302

    response = focal_client.post(admin_url(Meeting, "change", meeting.pk), mine)

    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert errors[0] == (
        "Quelqu'un a modifié cet enregistrement pendant que vous le modifiiez : "
        "vos changements n'ont pas été enregistrés. Modifications faites entre-temps :"
    )
    # What the user typed is still in the form they see.
    assert 'value="Ma présidence"' in page_text(response)
    meeting.refresh_from_db()
    assert (meeting.chair, meeting.place, meeting.review_state) == (
        "M. le Directeur",
        "Rabat",
        ReviewState.DRAFT,
    )


def test_an_invalid_form_is_neither_saved_nor_submitted(focal_client, meeting):
    data = meeting_form(
        focal_client, meeting, chair="Nouvelle présidence", date="31/02/2020", _snia_submit="1"
    )

    response = focal_client.post(admin_url(Meeting, "change", meeting.pk), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["date"] == ["Saisissez une date valide."]
    meeting.refresh_from_db()
    assert (meeting.chair, meeting.review_state) == ("M. le Directeur", ReviewState.DRAFT)


def test_submitting_a_record_that_is_no_longer_a_draft_refuses_the_whole_post(staff_client, meeting):
    # Staff may edit a validated record; a stale page still offering the button
    # must not save half of what it asked.
    meeting.review_state = ReviewState.VALIDATED
    meeting.save()
    data = meeting_form(staff_client, meeting, chair="Changé", _snia_submit="1")

    response = staff_client.post(admin_url(Meeting, "change", meeting.pk), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "Rien n'a été enregistré : Seul un brouillon ou un élément renvoyé peut être soumis. "
        "Vos saisies sont conservées ci-dessous."
    ]
    assert 'value="Changé"' in page_text(response)
    meeting.refresh_from_db()
    assert (meeting.chair, meeting.review_state) == ("M. le Directeur", ReviewState.VALIDATED)


def test_a_step_the_model_refuses_after_the_save_rolls_the_save_back(focal_client, meeting, monkeypatch):
    # The model has the last word, under its row lock: if it refuses after the
    # form was saved, the save is undone with it.
    def refuse(self, user, version=None):
        raise ValidationError("Refusé par le modèle.")

    monkeypatch.setattr(Meeting, "submit", refuse)
    data = meeting_form(focal_client, meeting, chair="Changé", _snia_submit="1")

    response = focal_client.post(admin_url(Meeting, "change", meeting.pk), data)

    assert (response.status_code, response["Location"]) == (302, admin_url(Meeting, "change", meeting.pk))
    assert messages_of(response) == [
        "Rien n'a été enregistré : Refusé par le modèle. Rechargez la page, puis refaites vos changements."
    ]
    meeting.refresh_from_db()
    assert (meeting.chair, meeting.review_state) == ("M. le Directeur", ReviewState.DRAFT)


def test_the_add_form_saves_and_submits_in_one_step(focal_client, focal_cp2, cp2):
    page = focal_client.get(admin_url(Meeting, "add"))
    assert '<input type="submit" name="_snia_submit" value="Enregistrer et soumettre">' in page_text(page)

    response = focal_client.post(
        admin_url(Meeting, "add"),
        {"committee": str(cp2.pk), "date": "12/03/2020", "mode": "online", "_snia_submit": "1"},
    )

    meeting = Meeting.objects.get()
    assert (response.status_code, response["Location"]) == (302, admin_url(Meeting, "change", meeting.pk))
    assert (meeting.review_state, meeting.author, meeting.date) == (
        ReviewState.SUBMITTED,
        focal_cp2,
        datetime.date(2020, 3, 12),
    )


def test_a_session_saved_and_submitted_by_its_focal_point(focal_client, health_ministry):
    session = SessionFactory(title="Formation", year=2020, women=3, men=2, author_institution=health_ministry)
    session.organisers.add(health_ministry)
    form = focal_client.get(admin_url(Session, "change", session.pk)).context["adminform"].form

    response = focal_client.post(
        admin_url(Session, "change", session.pk),
        {
            "kind": session.kind,
            "title": "Formation des magistrats",
            "year": "2020",
            "organisers": [str(health_ministry.pk)],
            "women": "3",
            "men": "2",
            "unrecorded": "0",
            "version": form["version"].value(),
            "_snia_submit": "1",
        },
    )

    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.title, session.review_state) == ("Formation des magistrats", ReviewState.SUBMITTED)


def test_staff_save_and_validate_in_one_step(staff_client, staff, meeting):
    meeting.review_state = ReviewState.SUBMITTED
    meeting.save()
    data = meeting_form(staff_client, meeting, place="Rabat", _snia_approve="1")

    response = staff_client.post(admin_url(Meeting, "change", meeting.pk), data)

    assert messages_of(response) == ["« CP2 — 10/06/2020 » a été enregistré et validé."]
    meeting.refresh_from_db()
    assert (meeting.place, meeting.review_state, meeting.reviewed_by) == (
        "Rabat",
        ReviewState.VALIDATED,
        staff,
    )


def test_staff_save_then_write_the_return_comment(staff_client, meeting):
    meeting.review_state = ReviewState.SUBMITTED
    meeting.save()
    data = meeting_form(staff_client, meeting, place="Rabat", _snia_return="1")

    response = staff_client.post(admin_url(Meeting, "change", meeting.pk), data)

    assert (response.status_code, response["Location"]) == (
        302,
        f"/admin/committees/meeting/{meeting.pk}/validation/renvoyer/",
    )
    assert messages_of(response) == [
        "« CP2 — 10/06/2020 » a été enregistré. Dites maintenant à l'auteur ce qu'il faut corriger."
    ]
    meeting.refresh_from_db()
    assert (meeting.place, meeting.review_state) == ("Rabat", ReviewState.SUBMITTED)
    # The comment page carries the version just saved: returning works.
    comment_form = staff_client.get(response["Location"]).context["form"]
    returned = staff_client.post(
        response["Location"],
        {"comment": "Ajoutez le compte-rendu.", "version": comment_form["version"].value()},
    )
    assert returned.status_code == 302
    meeting.refresh_from_db()
    assert meeting.review_state == ReviewState.RETURNED


def test_a_focal_point_cannot_validate_through_the_form(focal_client, meeting):
    data = meeting_form(focal_client, meeting, chair="Changé", _snia_approve="1")

    response = focal_client.post(admin_url(Meeting, "change", meeting.pk), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "Rien n'a été enregistré : Seul le personnel du MDCMRE peut valider ou renvoyer. "
        "Vos saisies sont conservées ci-dessous."
    ]
    meeting.refresh_from_db()
    assert (meeting.chair, meeting.review_state) == ("M. le Directeur", ReviewState.DRAFT)


def test_no_workflow_button_posts_elsewhere(staff_client, meeting):
    meeting.review_state = ReviewState.SUBMITTED
    meeting.save()

    text = page_text(staff_client.get(admin_url(Meeting, "change", meeting.pk)))

    assert "formaction" not in text
    assert text.count('<input type="submit" name="_snia_') == 2
