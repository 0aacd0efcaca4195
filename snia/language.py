"""The interface's language: the user's own choice, never the browser's.

Pages speak the language the signed-in user chose (UserProfile.language),
else the one chosen on this browser before signing in (Django's language
cookie, e.g. on the login page), else French. The browser's Accept-Language
changes nothing on a page: choosing a language is a decision, made once with
the switch every page carries (set_language), and it changes nothing else.

The API keeps Django's rule (cookie, then Accept-Language): partners'
systems ask for English messages with Accept-Language: en.
"""

from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from accounts.models import UserProfile
from snia.middleware import database_unavailable, error_page, is_api


def offered(language: str | None) -> bool:
    return language in dict(settings.LANGUAGES)


def chosen_language(request: HttpRequest) -> str:
    """The profile's language, the cookie's, or French."""
    language = profile_language(request)
    return language if offered(language) else cookie_language(request)


def cookie_language(request: HttpRequest) -> str:
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return cookie if offered(cookie) else settings.LANGUAGE_CODE


def profile_language(request: HttpRequest) -> str | None:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return UserProfile.objects.filter(user=user).values_list("language", flat=True).first()


class LanguageMiddleware:
    """In place of Django's LocaleMiddleware, after AuthenticationMiddleware
    (it reads the user's profile)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_api(request):
            language = translation.get_language_from_request(request)
            # A cache must keep one answer per Accept-Language (and cookie).
            vary = ("Accept-Language", "Cookie")
        else:
            # The language comes from the session's user or the language cookie.
            vary = ("Cookie",)
            try:
                language = chosen_language(request)
            except (OperationalError, InterfaceError):
                # The database is down or silent: the 503 now, in the cookie's
                # language, rather than after the view has waited for it again.
                translation.activate(cookie_language(request))
                response = database_unavailable(request)
                patch_vary_headers(response, vary)
                return response
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, vary)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The switch's form: remembers the choice in the profile (signed in) and
    in the cookie (always: the login page after signing out keeps it), then
    back to the page the form was on."""
    language = request.POST.get("language", "")
    if not offered(language):
        # French, the site's language: the choice did not happen.
        with translation.override(settings.LANGUAGE_CODE):
            return error_page(400, gettext("Requête refusée"), gettext("Cette langue n'est pas proposée."))
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("dashboard")
    if request.user.is_authenticated:
        UserProfile.objects.update_or_create(user=request.user, defaults={"language": language})
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
