"""The French 403 and 404 pages, in the site's layout, and the favicon's
address browsers ask for by themselves. The 500 page is snia.middleware's:
it renders without the database."""

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.templatetags.static import static
from django.utils.translation import gettext as _

from adminsite.pages import page
from snia.middleware import is_api


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler403: whatever raised PermissionDenied (a view, the admin, a CSRF
    failure's own page aside), for every user, with DEBUG on or off."""
    message = _("Vous n'avez pas accès à cette page.")
    if is_api(request):
        return JsonResponse({"detail": message}, status=403)
    reason = str(exception) if exception is not None and str(exception) else ""
    return page(request, "403.html", _("Accès refusé"), status=403, message=message, reason=reason).render()


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler404 (with DEBUG off; with DEBUG on Django shows its technical page)."""
    message = _("Cette page n'existe pas, ou plus.")
    if is_api(request):
        return JsonResponse({"detail": message}, status=404)
    return page(request, "404.html", _("Page introuvable"), status=404, message=message).render()


def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which browsers ask for without reading our pages' <link>:
    to the static file (with its hashed, cacheable name in production)."""
    return HttpResponseRedirect(static("snia/favicon.ico"))
