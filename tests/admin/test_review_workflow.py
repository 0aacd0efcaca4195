"""The review workflow through the admin: buttons on the change form post to
views that call the model's methods; a refusal is a message, never an error page."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from access.models import ReviewState
from committees.models import Meeting
from tests.admin import admin_url, page_text, visible_text
from tests.factories import MeetingFactory, SessionFactory
from trainings.models import Session


def review_url(obj, transition: str) -> str:
    return f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/validation/{transition}/"


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def meeting(cp2, health_ministry) -> Meeting:
    """A CP2 draft authored within the Ministère de la Santé, pf.cp2's institution."""
    return MeetingFactory(committee=cp2, date=datetime.date(2020, 6, 10), author_institution=health_ministry)


def meeting_data(meeting: Meeting, client: Client, **changes: str) -> dict:
    """The change form as the browser posts it, version included."""
    form = client.get(admin_url(Meeting, "change", meeting.pk)).context["adminform"].form
    data = {
        "committee": str(meeting.committee_id),
        "date": meeting.date.strftime("%d/%m/%Y"),
        "mode": meeting.mode,
        "version": form["version"].value(),
    }
    return {**data, **changes}


def test_a_meeting_added_by_a_focal_point_is_their_draft(focal_client, focal_cp2, cp2, health_ministry):
    response = focal_client.post(
        admin_url(Meeting, "add"), {"committee": str(cp2.pk), "date": "10/06/2020", "mode": "online"}
    )

    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.review_state, meeting.author, meeting.author_institution) == (
        ReviewState.DRAFT,
        focal_cp2,
        health_ministry,
    )


def test_focal_point_submits_their_draft_and_can_no_longer_edit_it(focal_client, meeting):
    page = focal_client.get(admin_url(Meeting, "change", meeting.pk))
    # The button posts the form itself: what was typed is saved first (test_save_and_submit.py).
    assert '<input type="submit" name="_snia_submit" value="Enregistrer et soumettre">' in page_text(page)
    assert "formaction" not in page_text(page)

    response = focal_client.post(review_url(meeting, "soumettre"))

    assert (response.status_code, response["Location"]) == (302, admin_url(Meeting, "change", meeting.pk))
    assert messages_of(response) == [f"« {meeting} » a été soumis pour validation."]
    meeting.refresh_from_db()
    assert meeting.review_state == ReviewState.SUBMITTED
    page = focal_client.get(admin_url(Meeting, "change", meeting.pk))
    assert page.status_code == 200
    assert 'name="_save"' not in page_text(page)
    assert (
        "Cet élément est « Soumis pour validation » : seul le personnel du MDCMRE peut encore le modifier."
        in visible_text(page)
    )
    refused = focal_client.post(admin_url(Meeting, "change", meeting.pk), {"chair": "Changé"})
    assert refused.status_code == 403
    meeting.refresh_from_db()
    assert meeting.chair == ""


def test_focal_point_cannot_approve_or_return(focal_client, meeting):
    meeting.review_state = ReviewState.SUBMITTED
    meeting.save()

    approved = focal_client.post(review_url(meeting, "valider"))
    assert (approved.status_code, messages_of(approved)) == (
        302,
        ["Seul le personnel du MDCMRE peut valider ou renvoyer."],
    )
    focal_client.get(approved["Location"])  # shows, and so clears, the message
    returned = focal_client.post(review_url(meeting, "renvoyer"), {"comment": "Non."})
    assert (returned.status_code, messages_of(returned)) == (
        302,
        ["Seul le personnel du MDCMRE peut valider ou renvoyer."],
    )
    meeting.refresh_from_db()
    assert meeting.review_state == ReviewState.SUBMITTED


def test_focal_point_sees_no_validation_button(focal_client, meeting):
    meeting.review_state = ReviewState.SUBMITTED
    meeting.save()

    text = page_text(focal_client.get(admin_url(Meeting, "change", meeting.pk)))

    assert "Valider" not in text
    assert "Renvoyer" not in text


def test_staff_validate_a_submitted_meeting(staff_client, staff, meeting):
    meeting.review_state = ReviewState.SUBMITTED
    meeting.save()
    page = page_text(staff_client.get(admin_url(Meeting, "change", meeting.pk)))
    assert '<input type="submit" name="_snia_approve" value="Enregistrer et valider">' in page
    assert '<input type="submit" name="_snia_return" value="Enregistrer et renvoyer à l\'auteur…">' in page

    response = staff_client.post(review_url(meeting, "valider"))

    assert messages_of(response) == [f"« {meeting} » a été validé."]
    meeting.refresh_from_db()
    assert (meeting.review_state, meeting.reviewed_by) == (ReviewState.VALIDATED, staff)


def test_returning_needs_a_comment_which_the_author_then_reads(staff_client, focal_client, meeting):
    meeting.review_state = ReviewState.SUBMITTED
    meeting.save()

    form = staff_client.get(review_url(meeting, "renvoyer"))
    blank = staff_client.post(review_url(meeting, "renvoyer"), {"comment": "  "})
    returned = staff_client.post(review_url(meeting, "renvoyer"), {"comment": "Ajoutez le compte-rendu."})

    assert form.status_code == 200
    assert "Commentaire pour l'auteur" in visible_text(form)
    assert blank.status_code == 200
    assert blank.context["form"].errors == {"comment": ["Dites à l'auteur ce qu'il faut corriger."]}
    assert returned.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.review_state, meeting.review_comment) == (
        ReviewState.RETURNED,
        "Ajoutez le compte-rendu.",
    )
    author_page = focal_client.get(admin_url(Meeting, "change", meeting.pk))
    assert "Ajoutez le compte-rendu." in visible_text(author_page)
    assert 'name="_save"' in page_text(author_page)


@pytest.mark.parametrize(
    ("state", "transition", "message"),
    [
        (ReviewState.VALIDATED, "soumettre", "Seul un brouillon ou un élément renvoyé peut être soumis."),
        (ReviewState.SUBMITTED, "soumettre", "Seul un brouillon ou un élément renvoyé peut être soumis."),
        (ReviewState.DRAFT, "valider", "Seul un élément soumis peut être validé."),
        (ReviewState.VALIDATED, "valider", "Seul un élément soumis peut être validé."),
        (ReviewState.RETURNED, "valider", "Seul un élément soumis peut être validé."),
    ],
)
def test_illegal_transitions_are_refused_with_a_message(staff_client, meeting, state, transition, message):
    meeting.review_state = state
    meeting.save()

    response = staff_client.post(review_url(meeting, transition))

    assert response.status_code == 302
    assert messages_of(response) == [message]
    meeting.refresh_from_db()
    assert meeting.review_state == state


def test_returning_a_draft_is_refused_with_a_message(staff_client, meeting):
    response = staff_client.post(review_url(meeting, "renvoyer"), {"comment": "Trop tôt."})

    assert response.status_code == 302
    assert messages_of(response) == ["Seul un élément soumis peut être renvoyé."]


def test_transitions_are_posted_never_fetched(staff_client, meeting):
    assert staff_client.get(review_url(meeting, "soumettre")).status_code == 405
    assert staff_client.get(review_url(meeting, "valider")).status_code == 405
    assert staff_client.post(review_url(meeting, "publier")).status_code == 404


def test_a_reader_cannot_submit(reader_client, meeting):
    # A draft is work in progress: for a reader it does not exist.
    response = reader_client.post(review_url(meeting, "soumettre"))

    assert (response.status_code, response["Location"]) == (302, "/admin/")
    meeting.refresh_from_db()
    assert meeting.review_state == ReviewState.DRAFT


def test_staff_may_edit_a_validated_record_which_stays_validated_with_the_change_in_its_history(
    staff_client, meeting
):
    meeting.review_state = ReviewState.VALIDATED
    meeting.save()

    response = staff_client.post(
        admin_url(Meeting, "change", meeting.pk), meeting_data(meeting, staff_client, chair="Mme la Ministre")
    )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.review_state, meeting.chair) == (ReviewState.VALIDATED, "Mme la Ministre")
    assert meeting.history.first().history_user.username == "suivi"
    assert meeting.history.first().chair == "Mme la Ministre"


def test_focal_point_cannot_edit_a_validated_record(focal_client, meeting):
    meeting.review_state = ReviewState.VALIDATED
    meeting.save()

    response = focal_client.post(admin_url(Meeting, "change", meeting.pk), {"chair": "Changé"})

    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.chair == ""


def test_bulk_validation_validates_the_submitted_and_says_which_were_refused(staff_client):
    submitted = [SessionFactory(title=f"Soumise {n}", review_state=ReviewState.SUBMITTED) for n in (1, 2)]
    draft = SessionFactory(title="Brouillon")

    response = staff_client.post(
        admin_url(Session, "changelist"),
        {"action": "approve_selected", "_selected_action": [str(s.pk) for s in [*submitted, draft]]},
    )

    assert response.status_code == 302
    assert messages_of(response) == [
        "2 élément(s) validé(s).",
        "Refusé pour « Brouillon » : Seul un élément soumis peut être validé.",
    ]
    assert sorted(Session.objects.validated().values_list("title", flat=True)) == ["Soumise 1", "Soumise 2"]


def test_bulk_submission_by_a_focal_point(focal_client, health_ministry):
    sessions = [SessionFactory(title=f"Formation {n}", author_institution=health_ministry) for n in (1, 2)]
    for session in sessions:
        session.organisers.add(health_ministry)

    response = focal_client.post(
        admin_url(Session, "changelist"),
        {"action": "submit_selected", "_selected_action": [str(s.pk) for s in sessions]},
    )

    assert messages_of(response) == ["2 élément(s) soumis pour validation."]
    assert Session.objects.awaiting_review().count() == 2


def test_focal_points_are_not_offered_bulk_validation(focal_client, health_ministry):
    session = SessionFactory(title="Formation", review_state=ReviewState.SUBMITTED)
    session.organisers.add(health_ministry)

    page = focal_client.get(admin_url(Session, "changelist"))
    response = focal_client.post(
        admin_url(Session, "changelist"),
        {"action": "approve_selected", "_selected_action": [str(session.pk)]},
    )

    assert [name for name, _label in page.context["action_form"].fields["action"].choices if name] == [
        "delete_selected",
        "submit_selected",
    ]
    assert response.status_code == 302
    assert messages_of(response) == ["Aucune action sélectionnée."]
    session.refresh_from_db()
    assert session.review_state == ReviewState.SUBMITTED


def test_review_state_column_and_filter(staff_client):
    SessionFactory(title="Validée", review_state=ReviewState.VALIDATED)
    SessionFactory(title="À faire")

    response = staff_client.get(admin_url(Session, "changelist"), {"review_state__exact": "validated"})

    assert [str(row) for row in response.context["cl"].result_list] == ["Validée"]
    assert (
        '<td class="field-review_badge"><span class="snia-state snia-state-validated">Validé</span></td>'
        in page_text(response)
    )


def test_focal_point_cannot_bulk_delete_a_submitted_session(focal_client, health_ministry):
    session = SessionFactory(title="Soumise", review_state=ReviewState.SUBMITTED)
    session.organisers.add(health_ministry)

    selected = {"action": "delete_selected", "_selected_action": [str(session.pk)]}
    asked = focal_client.post(admin_url(Session, "changelist"), selected)
    confirmed = focal_client.post(admin_url(Session, "changelist"), {**selected, "post": "yes"})

    assert asked.status_code == 200
    assert (
        "Impossible de supprimer session ou événement La suppression des objets session ou événement "
        "sélectionnés provoquerait la suppression d’objets liés, mais votre compte n’est pas autorisé "
        "à supprimer les types d’objet suivants : session ou événement"
    ) in visible_text(asked)
    assert confirmed.status_code == 403
    assert Session.objects.filter(pk=session.pk).exists()


def test_every_snia_admin_form_applies_the_access_rules():
    from django import forms
    from django.contrib import admin

    from adminsite.base import DomainAdmin

    class PlainForm(forms.ModelForm):
        class Meta:
            model = Session
            fields = ["title"]

    class CarelessAdmin(DomainAdmin):
        form = PlainForm

    errors = CarelessAdmin(Session, admin.AdminSite()).check()

    assert [error.id for error in errors] == ["adminsite.E001"]
    assert [e.id for model_admin in admin.site._registry.values() for e in model_admin.check()] == []
