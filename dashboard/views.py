"""The front door: where every role starts the day (issue 10)."""

from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from access.decorators import role_required
from adminsite.pages import page


@role_required
def dashboard(request: HttpRequest) -> TemplateResponse:
    return page(request, "dashboard/dashboard.html", _("Tableau de bord"))
