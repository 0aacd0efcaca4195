"""Failed logins, lockouts and refused accesses reach the "snia.security" log;
passwords never reach any log."""

import logging
import re

from axes.models import AccessAttempt
from django.urls import reverse

SECRET = "Mon-secret-tres-long-2020"


def security_messages(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == "snia.security"]


def test_a_failed_login_logs_the_username_address_and_path_but_not_the_password(client, focal_cp2, caplog):
    caplog.set_level(logging.DEBUG)

    client.post(reverse("admin:login"), {"username": "pf.cp2", "password": SECRET}, REMOTE_ADDR="41.250.3.7")

    assert security_messages(caplog) == ["Failed login: username='pf.cp2' ip=41.250.3.7 path=/admin/login/"]
    # Not in any logger's records, at any level.
    assert all(SECRET not in record.getMessage() for record in caplog.records)
    assert SECRET not in caplog.text


def test_the_log_line_carries_the_time(client, focal_cp2, caplog):
    client.post(reverse("admin:login"), {"username": "pf.cp2", "password": SECRET})
    record = next(record for record in caplog.records if record.name == "snia.security")
    console = next(h for h in logging.getLogger().handlers if getattr(h, "name", "") == "console")

    line = console.format(record)

    timestamp = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{4}"
    # Then the request id (snia/request_id.py).
    assert re.match(
        rf"^{timestamp} WARNING snia\.security \[[0-9a-f]{{32}}\] Failed login: username='pf\.cp2'", line
    )


def test_a_lockout_is_logged(client, focal_cp2, caplog):
    for _attempt in range(5):
        client.post(
            reverse("admin:login"), {"username": "pf.cp2", "password": SECRET}, REMOTE_ADDR="41.250.3.7"
        )

    assert "Login locked out: username='pf.cp2' ip=41.250.3.7 path=/admin/login/" in security_messages(caplog)
    assert SECRET not in caplog.text
    # Nor in the attempts axes keeps in the database.
    stored = AccessAttempt.objects.get().post_data
    assert stored.startswith("username=pf.cp2\npassword=********************\n")
    assert SECRET not in stored


def test_a_refused_access_is_logged_with_user_and_path(client, reader, caplog):
    client.force_login(reader)

    response = client.get(reverse("admin:committees_meeting_add"), REMOTE_ADDR="196.200.1.10")

    assert response.status_code == 403
    assert security_messages(caplog) == [
        "Access refused (403): user='lecteur' ip=196.200.1.10 method=GET path=/admin/committees/meeting/add/ "
        "reason='-'"
    ]


def test_minutes_out_of_scope_answer_404_and_are_not_logged_as_refused(
    client, focal_cp4, cp2_meeting, caplog
):
    # Logging it would tell an out-of-scope id from a missing one, which the 404 hides on purpose.
    client.force_login(focal_cp4)

    response = client.get(reverse("committees:meeting-minutes", args=[cp2_meeting.pk]))

    assert response.status_code == 404
    assert security_messages(caplog) == []
