from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

# The API answers JSON, and a database that is down a 503, even past every view.
handler500 = "snia.middleware.server_error"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("admin/", admin.site.urls),
    path("reports/", include("reports.urls")),
    path("publications/", include("reports.publication_urls")),
    path("api/v1/", include("snia.api_urls")),
    path("committees/", include("committees.urls")),
]
