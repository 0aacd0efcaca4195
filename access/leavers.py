"""A leaver's account: deactivated, and their drafts handed to a successor.

When a focal point (or anyone) leaves, the account is switched off rather
than deleted: what they wrote keeps its author, and their records stay. Two
acts, each one function used by the admin (adminsite/users.py):
- `deactivate`: the account can no longer log in (`is_active` off, which
  Django's and the API's authentication refuse), its open sessions end and
  its API tokens are revoked; the admin's log keeps who did it and when.
- `transfer_drafts`: the leaver's drafts and returned records, of every
  reviewed kind, get the successor as author (`Reviewable.hand_over`), all at
  once or none; each record's history says so. Submitted records stay with
  MDCMRE's reviewers: returned later, they can be transferred then.
"""

import logging
from dataclasses import dataclass

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from access import years
from access.people import person
from access.roles import Role, domain_models, is_focal_point_model, role_of
from access.rules import AUTHOR_EDITABLE_STATES, is_mdcmre, possible_authors
from access.states import ReviewState

logger = logging.getLogger("snia.security")

# Roles whose accounts MDCMRE staff may switch off: the people staff manage
# (focal points, readers). MDCMRE's own accounts are administrators' business,
# as are users in general (access.roles gives staff no change on users).
STAFF_MANAGED = (Role.FOCAL_POINT, Role.READER, None)


def deactivation_refusal(actor, user) -> str | None:
    """Why `actor` may not deactivate `user`'s account; None if they may."""
    role = role_of(actor)
    if role not in (Role.ADMINISTRATOR, Role.STAFF):
        return _("Seuls les administrateurs et le personnel du MDCMRE désactivent des comptes.")
    if user.pk == actor.pk:
        return _("Vous ne pouvez pas désactiver votre propre compte.")
    if not user.is_active:
        return _("Le compte « %(user)s » est déjà désactivé.") % {"user": user.get_username()}
    if user.is_superuser and not actor.is_superuser:
        return _("Seul un superutilisateur peut désactiver le compte « %(user)s ».") % {
            "user": user.get_username()
        }
    if role == Role.STAFF and role_of(user) not in STAFF_MANAGED:
        return _(
            "Le compte « %(user)s » appartient au MDCMRE : seul un administrateur peut le désactiver."
        ) % {"user": user.get_username()}
    return None


def end_sessions(user) -> int:
    """Deletes the open sessions of `user` (database sessions); returns how many.

    Sessions are not indexed by user: each unexpired one is decoded. A
    deactivated account's session is refused anyway (Django checks
    `is_active` on every request); deleting it also ends it for good."""
    ended = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            ended.append(session.pk)
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


@dataclass(frozen=True)
class Deactivation:
    sessions: int
    tokens: int


def deactivate(actor, user) -> Deactivation:
    """Switches `user`'s account off: no login, sessions ended, API tokens
    revoked; their records and focal point stay. Raises PermissionDenied
    (with the reason) when `actor` may not."""
    refusal = deactivation_refusal(actor, user)
    if refusal:
        raise PermissionDenied(refusal)
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        tokens, _detail = Token.objects.filter(user=user).delete()
        sessions = end_sessions(user)
        done = Deactivation(sessions=sessions, tokens=tokens)
        LogEntry.objects.log_actions(
            actor.pk,
            [user],
            CHANGE,
            change_message=_(
                "Compte désactivé : %(sessions)d session(s) fermée(s), %(tokens)d jeton(s) d'API révoqué(s)."
            )
            % {"sessions": sessions, "tokens": tokens},
        )
    logger.info(
        "Account deactivated: username=%r by=%r sessions=%d tokens=%d",
        user.get_username(),
        actor.get_username(),
        sessions,
        tokens,
    )
    return done


def reviewed_models() -> list[type[Model]]:
    """The kinds of records that go through review (sessions, meetings, progress)."""
    return [model for model in domain_models() if is_focal_point_model(model)]


def _required_relations(model: type[Model]) -> list[str]:
    # What a record's name is made of (a meeting's committee, a progress's
    # action): read with the record, one query per kind whatever their number.
    return [field.name for field in model._meta.concrete_fields if field.many_to_one and not field.null]


def drafts_of(user) -> list[Model]:
    """`user`'s drafts and returned records, of every reviewed kind, in their order."""
    return [
        record
        for model in reviewed_models()
        for record in model._default_manager.filter(
            author=user, review_state__in=AUTHOR_EDITABLE_STATES
        ).select_related(*_required_relations(model))
    ]


def submitted_count(user) -> int:
    return sum(
        model._default_manager.filter(author=user, review_state=ReviewState.SUBMITTED).count()
        for model in reviewed_models()
    )


@dataclass(frozen=True)
class Transfer:
    moved: list[Model]
    frozen: list[Model]  # in a closed year: read-only, left as they are


class TransferRefused(Exception):
    """The successor cannot author some of the records: nothing was moved."""

    def __init__(self, message: str, records: list[Model]) -> None:
        super().__init__(message)
        self.message = message
        self.records = records


def transfer_drafts(actor, leaver, successor) -> Transfer:
    """Makes `successor` the author of every draft and returned record of
    `leaver` (in open years), at once: if the successor may not author one of
    them (access.rules.possible_authors: MDCMRE staff, or a focal point who
    reaches it), nothing moves and TransferRefused lists which."""
    if not is_mdcmre(actor):
        raise PermissionDenied(_("Seul le personnel du MDCMRE peut transférer des brouillons."))
    if successor is None or successor.pk == leaver.pk:
        raise TransferRefused(_("Choisissez un autre utilisateur que l'auteur actuel."), [])
    records = drafts_of(leaver)
    frozen = [record for record in records if years.freezing_year(record) is not None]
    movable = [record for record in records if years.freezing_year(record) is None]
    refused = [record for record in movable if not possible_authors(record).filter(pk=successor.pk).exists()]
    if refused:
        raise TransferRefused(
            _(
                "%(user)s ne peut pas être l'auteur de ces éléments, hors de sa portée : "
                "rien n'a été transféré."
            )
            % {"user": person(successor)},
            refused,
        )
    reason = _("Brouillons de %(leaver)s transférés à %(successor)s") % {
        "leaver": person(leaver),
        "successor": person(successor),
    }
    with transaction.atomic():
        for record in movable:
            # simple-history stores it with the version: the record's history says why.
            record._change_reason = reason
            record.hand_over(actor, successor)
        if movable:
            LogEntry.objects.log_actions(
                actor.pk,
                [leaver],
                CHANGE,
                change_message=_("%(count)d brouillon(s) transféré(s) à %(successor)s.")
                % {"count": len(movable), "successor": successor.get_username()},
            )
    return Transfer(moved=movable, frozen=frozen)
