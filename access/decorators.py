"""The gate of every page outside the admin and the API: one of the four roles.

Deny by default: an anonymous visitor is sent to the login page; a logged-in
account without a role (a staff flag and no group, a role withdrawn) gets a
403 page in French saying why — on the bilan's preview, workbook and PDF
pages, the minutes downloads and the API's documentation alike. What a role
then sees is access.rules' business.
"""

from functools import wraps

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from access.rules import has_role


def no_role_response(request: HttpRequest) -> HttpResponse:
    context = {**admin.site.each_context(request), "title": _("Accès refusé")}
    return TemplateResponse(request, "access/no_role.html", context, status=403).render()


def role_required(view):
    """Lets through users with a role; others are sent to log in, or refused (403)."""

    @wraps(view)
    def gated(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            # After logging in, the browser GETs `next`: a POST-only address (a
            # session that expired before a button was clicked) would answer a
            # blank 405, so such a request goes back to the dashboard instead.
            safe = request.method in ("GET", "HEAD")
            return redirect_to_login(request.get_full_path() if safe else reverse("dashboard"))
        if not has_role(request.user):
            return no_role_response(request)
        return view(request, *args, **kwargs)

    return gated
