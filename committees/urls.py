from django.urls import path

from committees import views

app_name = "committees"

urlpatterns = [
    path("meetings/<int:pk>/minutes/", views.meeting_minutes, name="meeting-minutes"),
    path("minutes/<path:name>", views.stored_minutes, name="stored-minutes"),
]
