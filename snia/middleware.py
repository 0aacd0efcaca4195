"""Requests that must never reach a view's 500: NUL characters, and a database
that is down or does not answer.

- PostgreSQL cannot store or compare a NUL character: psycopg2 raises
  ValueError for any string holding one that reaches a query (a list filter, a
  search, an autocomplete term, a URL argument, a session cookie). They are
  refused here, wherever they are, before any view or query runs.
- A database that refuses connections, or does not answer within the connect
  or statement timeout (snia/database.py), raises OperationalError: the API
  answers 503 in JSON, the pages a French 503 page, both with Retry-After.
"""

import sys
from collections.abc import Callable, Iterable

from django.core.validators import ProhibitNullCharactersValidator
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import translation
from django.utils.translation import gettext

NUL = "\x00"
API_PREFIX = "/api/"
RETRY_AFTER_SECONDS = 30
# The admin's styles and ours: error pages look like every other page.
ERROR_PAGE_STYLESHEETS = ("admin/css/base.css", "snia/site.css")


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def _static_or_none(path: str) -> str | None:
    # A static file missing from collectstatic's manifest must not turn an
    # error page into a second error: the page then goes without it.
    try:
        return static(path)
    except ValueError:
        return None


def error_page(status: int, title: str, message: str) -> HttpResponse:
    # No request and no context processors: the page renders with the database down.
    context = {
        "title": title,
        "message": message,
        "stylesheets": [url for url in map(_static_or_none, ERROR_PAGE_STYLESHEETS) if url],
        "favicon": _static_or_none("snia/favicon.svg"),
        "site_header": gettext("SNIA Suivi — Suivi de la Stratégie Nationale d'Immigration et d'Asile"),
    }
    html = render_to_string("error_page.html", context)
    return HttpResponse(html, status=status)


def _with_nul(items: Iterable[tuple[str, list[str]]]) -> list[str]:
    return [key for key, values in items if NUL in key or any(NUL in value for value in values)]


class RefuseNulCharactersMiddleware:
    """400 for a NUL character in the path, query string, form data, cookies or headers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        where = self.offending_parameters(request)
        if where is None:
            return self.get_response(request)
        if is_api(request):
            # Before the language middleware: answer in the caller's language
            # (Accept-Language), not in the one this thread served last.
            with translation.override(translation.get_language_from_request(request)):
                message = str(ProhibitNullCharactersValidator.message)
            body = {name.replace(NUL, "\\0"): [message] for name in where} or {"detail": message}
            return JsonResponse(body, status=400)
        message = str(ProhibitNullCharactersValidator.message)
        return error_page(400, gettext("Requête refusée"), message)

    @staticmethod
    def offending_parameters(request: HttpRequest) -> list[str] | None:
        """The parameters holding a NUL ([] when it is elsewhere), or None when none does."""
        if NUL in request.path_info:
            return []
        names = _with_nul(request.GET.lists())
        if request.method == "POST" and not is_api(request):
            # Read as CsrfViewMiddleware reads it anyway. The API's serializers
            # refuse NUL themselves, per field, and its parsers enforce its limits.
            names += _with_nul(request.POST.lists())
        if names:
            return names
        if any(NUL in value for value in request.COOKIES.values()):
            return []
        # Headers (axes stores the User-Agent of a failed login). Authorization
        # is the API's: its authentication answers 401 for a NUL there.
        headers = [
            value
            for key, value in request.META.items()
            if key.startswith("HTTP_") and key != "HTTP_AUTHORIZATION"
        ]
        if any(NUL in str(value) for value in headers):
            return []
        return None


class DatabaseUnavailableMiddleware:
    """503, with Retry-After, when a view finds the database down or silent."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, OperationalError | InterfaceError):
            return database_unavailable(request)
        return None


def database_unavailable(request: HttpRequest) -> HttpResponse:
    message = gettext("La base de données ne répond pas. Réessayez dans quelques instants.")
    if is_api(request):
        response = JsonResponse({"detail": message}, status=503)
    else:
        response = error_page(503, gettext("Service momentanément indisponible"), message)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: what escaped every view and middleware. A database error
    raised outside a view (saving the session on the way out) is still a 503;
    anything else a 500, in JSON for the API."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        return database_unavailable(request)
    message = gettext("Une erreur inattendue s’est produite ; elle a été enregistrée.")
    if is_api(request):
        return JsonResponse({"detail": message}, status=500)
    return error_page(500, gettext("Erreur du serveur"), message)
