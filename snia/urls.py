from django.contrib import admin
from django.urls import include, path

from snia.health import health

# The API answers JSON, and a database that is down a 503, even past every view.
handler500 = "snia.middleware.server_error"

urlpatterns = [
    path("", include("dashboard.urls")),
    path("admin/", admin.site.urls),
    # For a load balancer: no login, status only; details for MDCMRE staff.
    path("health/", health, name="health"),
    path("reports/", include("reports.urls")),
    path("publications/", include("reports.publication_urls")),
    path("api/v1/", include("snia.api_urls")),
    path("committees/", include("committees.urls")),
]
