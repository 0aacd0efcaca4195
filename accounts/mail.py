"""How our mail is written: French text rendered from templates, with links
to SNIA_BASE_URL (the worker has no request to take the address from)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from access.roles import GROUP_NAMES, Role


def absolute_url(path: str) -> str:
    return settings.SNIA_BASE_URL + path


def render_body(template: str, **context) -> str:
    """A mail's plain-text body, in French (the Arabic issue will pick the
    recipient's language from their profile)."""
    with translation.override(settings.LANGUAGE_CODE):
        links = {"site_url": absolute_url("/"), "account_url": absolute_url(reverse("account"))}
        return render_to_string(template, {**links, **context})


def notified(users: QuerySet) -> QuerySet:
    """The active accounts among `users` that have an address and did not turn
    notifications off (an account without a profile has the default: on)."""
    return users.filter(is_active=True).exclude(email="").exclude(profile__notifications=False)


def mdcmre_staff() -> QuerySet:
    """MDCMRE administrators and staff who receive notifications."""
    names = [GROUP_NAMES[Role.ADMINISTRATOR], GROUP_NAMES[Role.STAFF]]
    users = get_user_model().objects.filter(Q(is_superuser=True) | Q(groups__name__in=names))
    return notified(get_user_model().objects.filter(pk__in=users.values("pk"))).order_by("pk")
