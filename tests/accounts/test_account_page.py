"""« Mon compte »: each person's preferences (notifications on or off), from the user tools."""

import importlib

import pytest
from django.apps import apps
from django.test import Client

from accounts.models import UserProfile
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_every_new_account_has_a_profile_with_notifications_on():
    user = UserFactory(username="nouveau")

    assert UserProfile.objects.get(user=user).notifications is True


def test_the_migration_gives_older_accounts_a_profile():
    older = UserFactory(username="ancien")
    UserProfile.objects.filter(user=older).delete()
    migration = importlib.import_module("accounts.migrations.0002_profiles_for_existing_users")

    migration.create_profiles(apps, None)

    assert UserProfile.objects.get(user=older).notifications is True


def test_a_focal_point_turns_notifications_off_and_on(focal_cp2):
    client = logged_in(focal_cp2)
    page = client.get("/comptes/").content.decode()
    assert "<title>Mon compte | SNIA Suivi</title>" in page
    assert "Ministère de la Santé" in page
    assert "Recevoir les notifications par courriel" in page

    off = client.post("/comptes/", {}, follow=True)

    assert "Vos préférences sont enregistrées." in off.content.decode()
    assert UserProfile.objects.get(user=focal_cp2).notifications is False
    client.post("/comptes/", {"notifications": "on"})
    assert UserProfile.objects.get(user=focal_cp2).notifications is True


def test_the_user_tools_link_to_my_account(staff):
    page = logged_in(staff).get("/admin/").content.decode()

    assert '<a href="/comptes/">Mon compte</a> /' in page


def test_anonymous_visitors_are_sent_to_log_in(client):
    assert client.get("/comptes/")["Location"] == "/admin/login/?next=/comptes/"
