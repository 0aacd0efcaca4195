"""Lockout after repeated failed logins, through the real admin login form."""

import datetime

from axes.models import AccessAttempt
from django.urls import reverse

PASSWORD = "Un mot de passe solide 2020"  # tests.factories.UserFactory's
OFFICE = "196.200.1.10"  # everyone behind the ministry's router or reverse proxy


def log_in(client, username: str, password: str, **meta):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=meta.pop("REMOTE_ADDR", OFFICE),
        **meta,
    )


def fail(client, username: str, times: int, **meta) -> None:
    for _attempt in range(times):
        log_in(client, username, "pas le bon mot de passe", **meta)


def test_four_failures_do_not_lock_the_account(client, focal_cp2):
    fail(client, "pf.cp2", 4)

    response = log_in(client, "pf.cp2", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_five_failures_lock_the_username_from_that_address_even_with_the_right_password(client, focal_cp2):
    fail(client, "pf.cp2", 5)

    response = log_in(client, "pf.cp2", PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_is_in_french_and_names_the_cool_off(client, focal_cp2):
    fail(client, "pf.cp2", 5)

    response = log_in(client, "pf.cp2", PASSWORD)

    content = response.content.decode()
    assert "Trop de tentatives de connexion ont échoué" in content
    assert "Vous pourrez réessayer dans 30 minutes." in content


def test_another_user_from_the_same_address_still_logs_in(client, focal_cp2, focal_cp4):
    fail(client, "pf.cp2", 5)

    response = log_in(client, "pf.cp4", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_the_same_user_from_another_address_still_logs_in(client, focal_cp2):
    fail(client, "pf.cp2", 5, REMOTE_ADDR="41.250.3.7")

    response = log_in(client, "pf.cp2", PASSWORD, REMOTE_ADDR="105.66.8.9")

    assert response.status_code == 302


def test_behind_one_proxy_the_client_address_comes_from_x_forwarded_for(client, focal_cp2, settings):
    # What SNIA_PROXY_COUNT=1 configures (see test_deploy_settings).
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    settings.IPWARE_STRICT = False
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    fail(client, "pf.cp2", 5, HTTP_X_FORWARDED_FOR="41.250.3.7", **proxy)

    locked = log_in(client, "pf.cp2", PASSWORD, HTTP_X_FORWARDED_FOR="41.250.3.7", **proxy)
    elsewhere = log_in(client, "pf.cp2", PASSWORD, HTTP_X_FORWARDED_FOR="105.66.8.9", **proxy)

    assert locked.status_code == 429
    assert elsewhere.status_code == 302
    assert list(AccessAttempt.objects.values_list("username", "ip_address")) == [("pf.cp2", "41.250.3.7")]


def test_without_a_proxy_a_forged_x_forwarded_for_does_not_escape_the_lockout(client, focal_cp2):
    fail(client, "pf.cp2", 5)

    response = log_in(client, "pf.cp2", PASSWORD, HTTP_X_FORWARDED_FOR="8.8.8.8")

    assert response.status_code == 429


def test_the_lockout_lifts_after_the_30_minute_cool_off(client, focal_cp2, settings):
    assert settings.AXES_COOLOFF_TIME == datetime.timedelta(minutes=30)
    fail(client, "pf.cp2", 5)
    assert log_in(client, "pf.cp2", PASSWORD).status_code == 429

    # Axes compares the last failure with now: move it 31 minutes back.
    thirty_one_minutes_ago = AccessAttempt.objects.get().attempt_time - datetime.timedelta(minutes=31)
    AccessAttempt.objects.update(attempt_time=thirty_one_minutes_ago)

    assert log_in(client, "pf.cp2", PASSWORD).status_code == 302


def test_a_successful_login_resets_the_failure_count(client, focal_cp2):
    fail(client, "pf.cp2", 4)
    assert log_in(client, "pf.cp2", PASSWORD).status_code == 302
    client.post(reverse("admin:logout"))

    fail(client, "pf.cp2", 4)

    assert log_in(client, "pf.cp2", PASSWORD).status_code == 302


def test_behind_one_proxy_a_forged_x_forwarded_for_does_not_escape_the_lockout(client, focal_cp2, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    settings.IPWARE_STRICT = False
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    fail(client, "pf.cp2", 5, HTTP_X_FORWARDED_FOR="41.250.3.7", **proxy)

    # The proxy appends the address it saw to whatever the client sent.
    response = log_in(client, "pf.cp2", PASSWORD, HTTP_X_FORWARDED_FOR="8.8.8.8, 41.250.3.7", **proxy)

    assert response.status_code == 429
