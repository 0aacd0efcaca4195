"""Our own pages (dashboard, help, accounts, French error pages) share the
admin's header and styles, without its sidebar: templates/snia/page.html."""

from django.contrib import admin
from django.http import HttpRequest
from django.template.response import TemplateResponse


def page(request: HttpRequest, template: str, title: str, status: int = 200, **context) -> TemplateResponse:
    """A page of the site's own layout, with the admin's context (header, user tools, theme)."""
    return TemplateResponse(
        request, template, {**admin.site.each_context(request), "title": title, **context}, status=status
    )
