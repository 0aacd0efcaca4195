"""Who hears of a review step, and what they read.

- submitted: MDCMRE administrators and staff;
- validated, or returned with the reviewer's comment: the record's author.

Nobody is told of their own act, nor anyone without an address, inactive or
with notifications turned off (accounts.models.UserProfile). Reviewable sends
the signal once the transition has committed (access.models), so a transition
rolled back mails nobody.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Model
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override

from access.models import review_transition_done
from access.people import person
from access.rules import institution_of
from accounts.mail import absolute_url, mdcmre_staff, notified, render_body
from accounts.models import UserProfile
from accounts.tasks import queue_email


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts_profile_for_new_user")
def create_profile(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:
        UserProfile.objects.get_or_create(user=instance)


def admin_url(record: Model) -> str:
    meta = record._meta
    try:
        return absolute_url(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk]))
    except NoReverseMatch:
        return absolute_url(reverse("admin:index"))


SUBJECTS = {
    "submit": gettext_noop("[SNIA Suivi] Soumis pour validation : %(record)s"),
    "approve": gettext_noop("[SNIA Suivi] Validé : %(record)s"),
    "return_to_author": gettext_noop("[SNIA Suivi] Renvoyé pour correction : %(record)s"),
}


def recipients(record: Model, transition: str, user) -> list:
    if transition == "submit":
        people = mdcmre_staff()
    elif record.author_id is not None:
        people = notified(get_user_model().objects.filter(pk=record.author_id))
    else:
        return []
    if user is not None:
        people = people.exclude(pk=user.pk)
    return list(people)


@receiver(review_transition_done, dispatch_uid="accounts_review_notifications")
def notify_review(sender, record: Model, transition: str, user, **kwargs) -> None:
    people = recipients(record, transition, user)
    if not people:
        return
    with override(settings.LANGUAGE_CODE):
        # One line, whatever the record's title holds.
        subject = " ".join((_(SUBJECTS[transition]) % {"record": record}).split())[:200]
        kind = str(record._meta.verbose_name)
    institution = institution_of(user) if user is not None else None
    body = render_body(
        f"accounts/email/{transition}.txt",
        record=record,
        kind=kind,
        actor=person(user),
        institution=institution,
        comment=record.review_comment,
        link=admin_url(record),
    )
    for recipient in people:
        queue_email(recipient.email, subject, body)
