from django.urls import path

from dashboard import help, views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("aide/", help.help_page, name="help"),
]
