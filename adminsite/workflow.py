"""Saving a record and moving it through the review workflow in one step, from
its change form: « Enregistrer et soumettre », « Enregistrer et valider »,
« Enregistrer et renvoyer à l'auteur… ».

The buttons post the change form itself (never another URL), so what the
user typed is always read. The rule, all or nothing:
- before anything is saved, a step that cannot happen (the record is no
  longer a draft, the user is not MDCMRE staff…) is a form error: nothing is
  saved, the page comes back with what the user typed and a French message;
- the form is then saved (its inlines and relations too) and the step taken
  in the same transaction (the admin's): if the model still refuses it
  (Reviewable.submit / approve, under a row lock), the save is rolled back too
  and the user is told that nothing was recorded.
A stale form is refused by the version check before either happens.
« Renvoyer » needs the reviewer's comment: the form is saved, then the
comment page opens (the record stays submitted until it is sent)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from access.models import ReviewState
from access.rules import AUTHOR_EDITABLE_STATES, can_review

# The name of each button (a key of the POST) and the step it takes.
SUBMIT, APPROVE, RETURN = "soumettre", "valider", "renvoyer"
BUTTON_NAMES = {
    SUBMIT: "_snia_submit",
    APPROVE: "_snia_approve",
    RETURN: "_snia_return",
}
BUTTON_LABELS = {
    SUBMIT: _("Enregistrer et soumettre"),
    APPROVE: _("Enregistrer et valider"),
    RETURN: _("Enregistrer et renvoyer à l'auteur…"),
}
DONE_MESSAGES = {
    SUBMIT: _("« %(object)s » a été enregistré et soumis pour validation."),
    APPROVE: _("« %(object)s » a été enregistré et validé."),
    RETURN: _("« %(object)s » a été enregistré. Dites maintenant à l'auteur ce qu'il faut corriger."),
}


class TransitionRefused(Exception):
    """The model refused the step after the form was saved: raised inside the
    admin's transaction so that the save is rolled back with it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def posted_step(request: HttpRequest) -> str | None:
    """The workflow step a change form's button asked for, if any."""
    if request.method != "POST":
        return None
    for step, name in BUTTON_NAMES.items():
        if name in request.POST:
            return step
    return None


def step_refusal(user, obj: Model | None, step: str) -> str | None:
    """Why `user` cannot take `obj` (None: a record being added) through `step`
    now, in French, or None. Checked before the form saves anything; the model
    checks again under its row lock."""
    if step == SUBMIT:
        if obj is not None and obj.pk is not None and obj.review_state not in AUTHOR_EDITABLE_STATES:
            return gettext("Seul un brouillon ou un élément renvoyé peut être soumis.")
        return None
    if not can_review(user):
        return gettext("Seul le personnel du MDCMRE peut valider ou renvoyer.")
    if obj is None or obj.pk is None or obj.review_state != ReviewState.SUBMITTED:
        if step == APPROVE:
            return gettext("Seul un élément soumis peut être validé.")
        return gettext("Seul un élément soumis peut être renvoyé.")
    return None


def refusal_text(reason: str) -> str:
    return gettext("Rien n'a été enregistré : %(reason)s Vos saisies sont conservées ci-dessous.") % {
        "reason": reason
    }


def rolled_back_text(reason: str) -> str:
    return gettext(
        "Rien n'a été enregistré : %(reason)s Rechargez la page, puis refaites vos changements."
    ) % {"reason": reason}


def error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or gettext("Vous n'avez pas le droit de faire cela.")


def take_step(obj: Model, user, step: str) -> None:
    """Submits or approves `obj` just saved by its form, in the caller's transaction."""
    method = {SUBMIT: obj.submit, APPROVE: obj.approve}[step]
    try:
        # The version just saved (or read, when nothing changed): a step
        # decided on this form is refused if anyone moved the record since.
        method(user, version=obj.version)
    except (PermissionDenied, ValidationError) as error:
        raise TransitionRefused(error_text(error)) from error


def buttons(user, obj: Model | None, *, editable: bool) -> list[dict]:
    """The workflow buttons under a change (or add) form: {label, name}, each
    posting the form itself. Shown where they can succeed."""
    if not editable:
        return []
    steps = []
    if obj is None or obj.review_state in AUTHOR_EDITABLE_STATES:
        steps.append(SUBMIT)
    if obj is not None and obj.review_state == ReviewState.SUBMITTED and can_review(user):
        steps += [APPROVE, RETURN]
    return [{"label": BUTTON_LABELS[step], "name": BUTTON_NAMES[step]} for step in steps]
