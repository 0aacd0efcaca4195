"""The French 403 and 404 pages, in the site's layout, and the favicon's
address browsers ask for by themselves. The 500 page is snia.middleware's:
it renders without the database."""

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.templatetags.static import static
from django.utils.translation import gettext as _

from adminsite.pages import page
from snia.middleware import error_page, is_api


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400 (a suspicious request: a host not allowed, a broken upload…):
    the request itself may be unusable, so the page needs none."""
    message = _("La requête n'a pas pu être traitée.")
    if is_api(request):
        return JsonResponse({"detail": message}, status=400)
    return error_page(400, _("Requête refusée"), message)


def _site_page(request: HttpRequest, template: str, title: str, status: int, **context) -> HttpResponse:
    """The page in the site's layout or, when that layout cannot render (static
    files not collected with DEBUG off, a URL configuration without the admin's),
    the same message on the bare error page: an error page never fails. Not
    logged: Django logs the 403 or 404 itself, and tests/security/test_error_pages.py
    checks that the layout renders where it should."""
    try:
        return page(request, template, title, status=status, layout="snia/page.html", **context).render()
    except Exception:  # noqa: BLE001 - answered all the same, on the bare page
        return error_page(status, title, " ".join(filter(None, [context["message"], context.get("reason")])))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler403: whatever raised PermissionDenied (a view, the admin, a CSRF
    failure's own page aside), for every user, with DEBUG on or off."""
    message = _("Vous n'avez pas accès à cette page.")
    if is_api(request):
        return JsonResponse({"detail": message}, status=403)
    reason = str(exception) if exception is not None and str(exception) else ""
    return _site_page(request, "403.html", _("Accès refusé"), 403, message=message, reason=reason)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler404 (with DEBUG off; with DEBUG on Django shows its technical page)."""
    message = _("Cette page n'existe pas, ou plus.")
    if is_api(request):
        return JsonResponse({"detail": message}, status=404)
    return _site_page(request, "404.html", _("Page introuvable"), 404, message=message)


def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which browsers ask for without reading our pages' <link>:
    to the static file (with its hashed, cacheable name in production)."""
    return HttpResponseRedirect(static("snia/favicon.ico"))
