"""Security log and lockout page.

Failed logins, lockouts and refused accesses go to the "snia.security" logger
with the user, the client address, the path and (through the log format) the
time. Nothing secret is ever logged: a failed login logs the username that was
tried, never the password or any other credential.

404 answers are not logged here on purpose: a record outside a user's scope
answers 404 exactly like a record that does not exist, and the log must not
become the place where the two can be told apart.
"""

import logging
from collections.abc import Callable

from axes.helpers import get_client_ip_address, get_cool_off
from axes.signals import user_locked_out
from django.contrib import admin
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views import csrf

# Why a request was refused, when the code that refused it said so.
REFUSAL_REASON = "_snia_refusal_reason"

logger = logging.getLogger("snia.security")


def _client(request: HttpRequest | None) -> tuple[str, str]:
    """The client address (proxy-aware, as axes sees it) and the path."""
    if request is None:
        return "-", "-"
    return get_client_ip_address(request) or "-", request.path


@receiver(user_login_failed, dispatch_uid="access.security.login_failed")
def log_failed_login(sender, credentials: dict, request: HttpRequest | None = None, **kwargs) -> None:
    # Only the username: Django masks the password in `credentials`, but any
    # other key could be a secret too, so nothing else is logged.
    address, path = _client(request)
    logger.warning(
        "Failed login: username=%r ip=%s path=%s",
        credentials.get("username", ""),
        address,
        path,
    )


@receiver(user_locked_out, dispatch_uid="access.security.locked_out")
def log_lockout(sender, request: HttpRequest, username: str, ip_address: str, **kwargs) -> None:
    logger.warning(
        "Login locked out: username=%r ip=%s path=%s",
        username,
        ip_address,
        request.path if request is not None else "-",
    )


def csrf_failure(request: HttpRequest, reason: str = "", **kwargs) -> HttpResponse:
    """Django's CSRF failure page; the reason goes to the refusal's log line."""
    setattr(request, REFUSAL_REASON, reason)
    return csrf.csrf_failure(request, reason=reason, **kwargs)


def _refusal_reason(request: HttpRequest, response: HttpResponse) -> str:
    reason = getattr(request, REFUSAL_REASON, "")
    if not reason:
        # The API's refusals say why in their body (DRF's Response keeps it).
        data = getattr(response, "data", None)
        if isinstance(data, dict) and data.get("detail"):
            reason = str(data["detail"])
    return reason or "-"


class RefusedAccessLogMiddleware:
    """Logs every 403 answer in one line: who (user, address), what (method,
    path) and why (the refusal's message, when it has one). A permission
    refused, a CSRF failure, a closed door.

    A middleware rather than a signal because Django turns PermissionDenied
    into a 403 response without sending any signal. Django's own records of
    the same answer (one with a traceback) are dropped by
    access.log_filters.RefusalLoggedOnce (settings.LOGGING).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 403:
            user = getattr(request, "user", None)
            username = user.get_username() if user is not None and user.is_authenticated else "-"
            address, path = _client(request)
            logger.warning(
                "Access refused (403): user=%r ip=%s method=%s path=%s reason=%r",
                username,
                address,
                request.method,
                path,
                _refusal_reason(request, response),
            )
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        # Called for what a view raises, before Django turns it into a 403.
        if isinstance(exception, PermissionDenied) and str(exception):
            setattr(request, REFUSAL_REASON, str(exception))


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """The French page shown while a username is locked out from an address (axes)."""
    cool_off = get_cool_off(request)
    context = {
        **admin.site.each_context(request),
        "title": _("Connexion bloquée"),
        "cool_off_minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
    }
    # 429 Too Many Requests: the client may try again after the cool-off.
    return TemplateResponse(request, "access/lockout.html", context, status=429).render()
