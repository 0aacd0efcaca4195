"""Accounts' URLs, at /comptes/. Django's password reset views keep Django's
names (the admin's login page offers « Mot de passe oublié ? » when
'admin_password_reset' exists)."""

from django.urls import path

from accounts import views

urlpatterns = [
    path("", views.account, name="account"),
    path("mot-de-passe-oublie/", views.PasswordResetView.as_view(), name="admin_password_reset"),
    path("mot-de-passe-oublie/envoye/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "reinitialiser/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("reinitialiser/termine/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("invitation/<uidb64>/<token>/", views.InvitationAcceptView.as_view(), name="invitation_accept"),
    path("inviter/", views.invite, name="account-invite"),
    path("rappels/", views.reminders, name="account-reminders"),
    path("rappels/<int:year>/", views.reminders, name="account-reminders-year"),
]
