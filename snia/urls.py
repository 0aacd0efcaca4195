from django.contrib import admin
from django.urls import include, path

from snia.errors import favicon
from snia.health import health
from snia.language import set_language

# The API answers JSON, and a database that is down a 503, even past every view.
handler500 = "snia.middleware.server_error"
# French pages in the site's layout (JSON for the API).
handler400 = "snia.errors.bad_request"
handler403 = "snia.errors.permission_denied"
handler404 = "snia.errors.page_not_found"

urlpatterns = [
    path("", include("dashboard.urls")),
    path("admin/", admin.site.urls),
    # For a load balancer: no login, status only; details for MDCMRE staff.
    path("health/", health, name="health"),
    path("reports/", include("reports.urls")),
    path("publications/", include("reports.publication_urls")),
    path("api/v1/", include("snia.api_urls")),
    path("committees/", include("committees.urls")),
    # The language switch on every page (snia/language.py).
    path("comptes/langue/", set_language, name="set_language"),
    path("comptes/", include("accounts.urls")),
    path("favicon.ico", favicon, name="favicon"),
]
