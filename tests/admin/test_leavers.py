"""A leaver: their account deactivated (no login, sessions ended, tokens
revoked, records kept), and their drafts handed to a successor at once."""

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.models import Session as LoginSession
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from access.roles import Role
from committees.models import Meeting
from tests.admin.conftest import logged_in
from tests.factories import (
    FocalPointFactory,
    MeetingFactory,
    ReportingYearFactory,
    SessionFactory,
    user_with_role,
)
from trainings.models import Session

PASSWORD = "Un mot de passe solide 2020"  # tests.factories.UserFactory's


def deactivate_url(user) -> str:
    return reverse("admin:auth_user_deactivate", args=[user.pk])


def transfer_url(user) -> str:
    return reverse("admin:auth_user_transfer", args=[user.pk])


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []


# Deactivation


def test_an_administrator_deactivates_a_focal_point_who_then_cannot_log_in(
    administrator_client, focal_cp2, client
):
    focal_client = logged_in(focal_cp2)
    Token.objects.create(user=focal_cp2)
    session = SessionFactory(title="Atelier de Fès", author=focal_cp2)

    response = administrator_client.post(deactivate_url(focal_cp2), follow=True)

    focal_cp2.refresh_from_db()
    assert focal_cp2.is_active is False
    assert messages_of(response) == [
        "Le compte « pf.cp2 » est désactivé : 1 session(s) fermée(s), 1 jeton(s) d'API révoqué(s). "
        "Ses enregistrements sont conservés."
    ]
    assert Token.objects.filter(user=focal_cp2).count() == 0
    assert focal_client.get(reverse("admin:index")).status_code == 302
    assert LoginSession.objects.count() == 1  # the administrator's own
    # Their records stay, with their author.
    session.refresh_from_db()
    assert session.author == focal_cp2
    login = client.post(
        reverse("admin:login"), {"username": "pf.cp2", "password": PASSWORD, "next": "/admin/"}
    )
    assert login.status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_deactivation_is_kept_in_the_users_history(administrator, administrator_client, focal_cp2):
    administrator_client.post(deactivate_url(focal_cp2))

    entry = LogEntry.objects.get(object_id=str(focal_cp2.pk))
    assert entry.user == administrator
    assert entry.change_message == "Compte désactivé : 0 session(s) fermée(s), 0 jeton(s) d'API révoqué(s)."


def test_a_deactivated_users_token_no_longer_opens_the_api(administrator_client, focal_cp2):
    token = Token.objects.create(user=focal_cp2)

    administrator_client.post(deactivate_url(focal_cp2))

    response = Client().get("/api/v1/sessions/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 401


def test_the_deactivation_page_asks_first_and_counts_the_drafts(administrator_client, focal_cp2):
    SessionFactory(author=focal_cp2)

    response = administrator_client.get(deactivate_url(focal_cp2))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Le compte « pf.cp2 » ne pourra plus se connecter" in content
    assert "Ce compte est l'auteur d'un brouillon ou élément renvoyé." in content
    focal_cp2.refresh_from_db()
    assert focal_cp2.is_active is True


def test_the_users_page_links_to_both_steps(administrator_client, focal_cp2):
    response = administrator_client.get(reverse("admin:auth_user_change", args=[focal_cp2.pk]))

    content = response.content.decode()
    assert f'href="{deactivate_url(focal_cp2)}"' in content
    assert f'href="{transfer_url(focal_cp2)}"' in content


def test_staff_deactivate_a_focal_point_but_not_an_mdcmre_account(staff_client, focal_cp2, administrator):
    staff_client.post(deactivate_url(focal_cp2))
    response = staff_client.post(deactivate_url(administrator), follow=True)

    focal_cp2.refresh_from_db()
    administrator.refresh_from_db()
    assert focal_cp2.is_active is False
    assert administrator.is_active is True
    assert messages_of(response)[-1:] == [
        "Le compte « administrateur » appartient au MDCMRE : seul un administrateur peut le désactiver."
    ]


def test_nobody_deactivates_their_own_account(administrator, administrator_client):
    response = administrator_client.post(deactivate_url(administrator), follow=True)

    administrator.refresh_from_db()
    assert administrator.is_active is True
    assert messages_of(response) == ["Vous ne pouvez pas désactiver votre propre compte."]


@pytest.mark.parametrize("role_client", ["focal_client", "reader_client"])
def test_focal_points_and_readers_cannot_deactivate(role_client, request, focal_cp4):
    client = request.getfixturevalue(role_client)

    assert client.post(deactivate_url(focal_cp4)).status_code == 403
    assert client.get(transfer_url(focal_cp4)).status_code == 403
    focal_cp4.refresh_from_db()
    assert focal_cp4.is_active is True


def test_the_list_action_deactivates_the_selected_accounts(
    administrator_client, focal_cp2, focal_cp4, reader
):
    response = administrator_client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "deactivate_selected", "_selected_action": [focal_cp2.pk, focal_cp4.pk]},
    )

    assert response.status_code == 302
    focal_cp2.refresh_from_db()
    focal_cp4.refresh_from_db()
    reader.refresh_from_db()
    assert (focal_cp2.is_active, focal_cp4.is_active, reader.is_active) == (False, False, True)


def test_staff_see_the_deactivation_action_on_the_users_list(staff_client):
    response = staff_client.get(reverse("admin:auth_user_changelist"))

    assert response.status_code == 200
    assert "Désactiver les comptes sélectionnés" in response.content.decode()


# Handing the drafts to a successor


@pytest.fixture
def successor(cp2, health_ministry):
    """Another focal point of the Ministère de la Santé in CP2."""
    user = user_with_role("pf.cp2.bis", Role.FOCAL_POINT)
    FocalPointFactory(user=user, institution=health_ministry).committees.set([cp2])
    return user


@pytest.fixture
def leavers_records(focal_cp2, cp2, health_ministry):
    def session(title: str, state: str) -> Session:
        record = SessionFactory(title=title, author=focal_cp2, review_state=state)
        record.organisers.set([health_ministry])
        return record

    return {
        "draft": session("Brouillon", "draft"),
        "returned": session("Renvoyée", "returned"),
        "submitted": session("Soumise", "submitted"),
        "validated": session("Validée", "validated"),
        "meeting": MeetingFactory(committee=cp2, author=focal_cp2, date=datetime.date(2020, 5, 4)),
    }


def test_staff_hand_every_draft_and_returned_record_to_the_successor(
    staff_client, focal_cp2, successor, leavers_records
):
    records = leavers_records
    response = staff_client.post(transfer_url(focal_cp2), {"successor": successor.pk}, follow=True)

    assert messages_of(response) == ["3 brouillons de « pf.cp2 » ont maintenant pour auteur pf.cp2.bis."]
    authors = {name: type(obj).objects.get(pk=obj.pk).author.username for name, obj in records.items()}
    assert authors == {
        "draft": "pf.cp2.bis",
        "returned": "pf.cp2.bis",
        "submitted": "pf.cp2",
        "validated": "pf.cp2",
        "meeting": "pf.cp2.bis",
    }
    latest = records["meeting"].history.first()
    assert latest.history_change_reason == "Brouillons de pf.cp2 transférés à pf.cp2.bis"


def test_a_successor_who_cannot_reach_a_draft_is_refused_and_nothing_moves(
    staff_client, focal_cp2, focal_cp4, leavers_records
):
    response = staff_client.post(transfer_url(focal_cp2), {"successor": focal_cp4.pk})

    content = response.content.decode()
    assert response.status_code == 200
    assert (
        "pf.cp4 ne peut pas être l&#x27;auteur de ces éléments, hors de sa portée : "
        "rien n&#x27;a été transféré." in content
    )
    refused = content.split("Le successeur choisi ne peut pas être l")[1].split("</ul>")[0]
    assert "Brouillon" in refused and "Renvoyée" in refused
    assert "Soumise" not in refused
    assert Session.objects.filter(author=focal_cp4).count() == 0
    assert Meeting.objects.filter(author=focal_cp4).count() == 0


def test_mdcmre_staff_may_take_the_drafts_themselves(administrator_client, staff, focal_cp2, leavers_records):
    administrator_client.post(transfer_url(focal_cp2), {"successor": staff.pk})

    draft = Session.objects.get(pk=leavers_records["draft"].pk)
    assert draft.author == staff
    assert draft.author_institution is None


def test_drafts_of_a_closed_year_stay_with_their_author(
    staff, staff_client, focal_cp2, successor, leavers_records
):
    old = SessionFactory(title="Ancienne", year=2019, author=focal_cp2)
    # Closed after the draft was written (a closed year takes no new record).
    ReportingYearFactory(year=2019).close(staff)

    response = staff_client.post(transfer_url(focal_cp2), {"successor": successor.pk}, follow=True)

    assert "1 brouillon(s) d'années clôturées restent à leur auteur : ils ne peuvent plus être modifiés." in (
        messages_of(response)
    )
    assert Session.objects.get(pk=old.pk).author == focal_cp2
    assert Session.objects.get(pk=leavers_records["draft"].pk).author == successor


def test_the_transfer_page_lists_the_drafts_and_offers_active_accounts_only(
    staff_client, focal_cp2, focal_cp4, successor, reader, leavers_records
):
    successor.is_active = False
    successor.save()

    response = staff_client.get(transfer_url(focal_cp2))

    content = response.content.decode()
    choices = [str(choice[1]) for choice in response.context["form"].fields["successor"].choices][1:]
    assert response.status_code == 200
    assert choices == ["pf.cp4", "suivi"]
    assert "Renvoyée" in content and "Brouillon" in content
    assert "Un élément soumis pour validation reste à son auteur" in content


def test_the_users_history_page_shows_the_deactivation(administrator_client, focal_cp2):
    administrator_client.post(deactivate_url(focal_cp2))

    response = administrator_client.get(reverse("admin:auth_user_history", args=[focal_cp2.pk]))

    assert "Compte désactivé : 0 session(s) fermée(s), 0 jeton(s) d&#x27;API révoqué(s)." in (
        response.content.decode()
    )


def test_only_a_superuser_deactivates_a_superuser(administrator_client, admin_user):
    response = administrator_client.post(deactivate_url(admin_user), follow=True)

    admin_user.refresh_from_db()
    assert admin_user.is_active is True
    assert messages_of(response)[-1:] == ["Seul un superutilisateur peut désactiver le compte « admin »."]


def test_the_records_history_page_shows_the_transfer(staff_client, focal_cp2, successor, leavers_records):
    staff_client.post(transfer_url(focal_cp2), {"successor": successor.pk})
    session = leavers_records["draft"]

    response = staff_client.get(reverse("admin:trainings_session_history", args=[session.pk]))

    assert "(Brouillons de pf.cp2 transférés à pf.cp2.bis)" in response.content.decode()


def test_the_transfer_page_reads_the_same_number_of_rows_whatever_the_number_of_drafts(
    staff_client, focal_cp2, cp2, django_assert_max_num_queries
):
    url = transfer_url(focal_cp2)
    MeetingFactory(committee=cp2, author=focal_cp2)
    SessionFactory(author=focal_cp2)
    with django_assert_max_num_queries(30) as few:
        staff_client.get(url)
    for _index in range(10):
        MeetingFactory(committee=cp2, author=focal_cp2)
        SessionFactory(author=focal_cp2)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = staff_client.get(url)

    assert response.content.decode().count("<tr><td>") == 22


def test_a_transfer_that_fails_midway_moves_nothing(
    staff_client, focal_cp2, successor, leavers_records, monkeypatch
):
    # The meeting is handed over first; then a session was submitted meanwhile.
    def refuse(self, user, new_author):
        raise PermissionDenied("Cet élément ne peut plus être modifié.")

    monkeypatch.setattr(Session, "hand_over", refuse)

    response = staff_client.post(transfer_url(focal_cp2), {"successor": successor.pk}, follow=True)

    assert messages_of(response) == ["Cet élément ne peut plus être modifié."]
    assert Meeting.objects.get(pk=leavers_records["meeting"].pk).author == focal_cp2


def test_a_draft_saved_by_someone_else_during_the_transfer_moves_nothing(
    staff_client, focal_cp2, successor, leavers_records, monkeypatch
):
    from concurrency.exceptions import RecordModifiedError

    from access.models import Reviewable

    moved = []
    hand_over = Reviewable.hand_over

    def second_one_was_saved_meanwhile(record, actor, author):
        if moved:
            raise RecordModifiedError(target=record)
        moved.append(record)
        hand_over(record, actor, author)

    monkeypatch.setattr(Reviewable, "hand_over", second_one_was_saved_meanwhile)

    response = staff_client.post(transfer_url(focal_cp2), {"successor": successor.pk}, follow=True)

    assert response.status_code == 200
    assert messages_of(response) == [
        "Un des brouillons a été modifié pendant le transfert : rien n'a été transféré. Réessayez."
    ]
    authors = {type(obj).objects.get(pk=obj.pk).author.username for obj in leavers_records.values()}
    assert authors == {"pf.cp2"}
