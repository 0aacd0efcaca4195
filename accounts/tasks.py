"""Mail leaves through the task worker, on a queue of its own ("emails"), never
inside a request: a slow or unreachable mail server delays no page, and a mail
never waits behind a PDF render (another worker process serves the renders).

The links that sign in (password reset, invitation) are made by the worker
when it sends: the queue's table stores a user id, never a usable token.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_tasks import task

from accounts.mail import absolute_url, render_body

logger = logging.getLogger(__name__)


@task(queue_name=settings.EMAIL_QUEUE)
def send_email(to: str, subject: str, body: str) -> int:
    """Sends one message to one address (recipients never see each other's)."""
    return EmailMessage(subject, body, to=[to]).send()


def queue_email(to: str, subject: str, body: str) -> None:
    send_email.enqueue(to, subject, body)


def _signing_link(user, url_name: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return absolute_url(reverse(url_name, kwargs={"uidb64": uid, "token": token}))


@task(queue_name=settings.EMAIL_QUEUE)
def send_password_reset(user_id: int) -> int:
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email or not user.has_usable_password():
        return 0
    with override(settings.LANGUAGE_CODE):
        subject = _("[SNIA Suivi] Réinitialisation de votre mot de passe")
    body = render_body(
        "accounts/email/password_reset.txt",
        user=user,
        link=_signing_link(user, "password_reset_confirm"),
        timeout_days=settings.PASSWORD_RESET_TIMEOUT // (24 * 3600),
    )
    return EmailMessage(subject, body, to=[user.email]).send()


@task(queue_name=settings.EMAIL_QUEUE)
def send_invitation(user_id: int, invited_by: str) -> int:
    user = get_user_model().objects.select_related("focal_point__institution").filter(pk=user_id).first()
    # Accepted meanwhile (a usable password) or withdrawn: nothing to send.
    if user is None or not user.is_active or not user.email or user.has_usable_password():
        return 0
    with override(settings.LANGUAGE_CODE):
        subject = _("[SNIA Suivi] Invitation à rejoindre SNIA Suivi")
    body = render_body(
        "accounts/email/invitation.txt",
        user=user,
        invited_by=invited_by,
        institution=getattr(getattr(user, "focal_point", None), "institution", None),
        link=_signing_link(user, "invitation_accept"),
        timeout_days=settings.PASSWORD_RESET_TIMEOUT // (24 * 3600),
    )
    return EmailMessage(subject, body, to=[user.email]).send()
