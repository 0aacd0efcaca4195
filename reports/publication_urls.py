from django.urls import path

from reports import edition_views

app_name = "publications"

urlpatterns = [
    path("", edition_views.publications, name="list"),
    path(
        "<int:year>/<slug:language>/<int:number>/<slug:kind>/",
        edition_views.edition_download,
        name="download",
    ),
]
