"""Mail leaves through the task worker, on the "emails" queue, which a worker
of its own serves; the health check says when no worker serves it."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.tasks import send_email, send_invitation, send_password_reset
from reports.leases import WorkerHeartbeat
from reports.worker import worker_status
from tests.accounts.conftest import DATABASE_TASKS

BASE_DIR = Path(__file__).resolve().parents[2]


def test_every_mail_task_is_on_the_emails_queue():
    assert {send_email.queue_name, send_password_reset.queue_name, send_invitation.queue_name} == {"emails"}


def test_a_queued_mail_waits_in_the_database_on_the_emails_queue(db, settings):
    settings.TASKS = DATABASE_TASKS

    send_email.enqueue("pf@example.ma", "Objet", "Texte")

    assert list(DBTaskResult.objects.values_list("queue_name", "status")) == [("emails", "READY")]
    assert mail.outbox == []


def test_the_worker_sends_one_message_per_address():
    send_email.enqueue("pf@example.ma", "[SNIA Suivi] Objet", "Texte")

    assert [(m.subject, m.to, m.from_email, m.body) for m in mail.outbox] == [
        ("[SNIA Suivi] Objet", ["pf@example.ma"], "SNIA Suivi <noreply@snia.example.ma>", "Texte")
    ]


def heartbeat(worker_id: str, queues: str) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.create(
        worker_id=worker_id, hostname="h", pid=1, started_at=now, heartbeat_at=now, queues=queues
    )


def test_worker_status_names_a_queue_no_worker_serves(db, settings):
    settings.TASKS = DATABASE_TASKS
    heartbeat("renders", "default")

    assert (worker_status().alive, worker_status().unserved_queues) == (True, ["emails"])

    heartbeat("mail", "emails")

    assert worker_status().unserved_queues == []


def test_health_fails_while_the_mail_queue_has_no_worker(settings, client, staff):
    settings.TASKS = DATABASE_TASKS
    heartbeat("renders", "default")
    client.force_login(staff)

    answer = client.get("/health/")

    assert answer.status_code == 503
    assert answer.json()["checks"]["worker"]["error"] == (
        "Aucun service de tâches de fond ne traite la file « emails »."
    )
    heartbeat("mail", "emails")
    assert client.get("/health/").status_code == 200


def mail_settings_with(**variables: str) -> list:
    ours = ("DJANGO_", "SNIA_", "EMAIL_", "DEFAULT_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(ours)}
    script = (
        "import json, snia.settings as s; print(json.dumps([s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, "
        "s.EMAIL_HOST_USER, s.EMAIL_HOST_PASSWORD, s.EMAIL_USE_TLS, s.DEFAULT_FROM_EMAIL, s.SNIA_BASE_URL]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=BASE_DIR, env={**env, **variables}, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_development_prints_mail_and_production_speaks_smtp_from_the_environment():
    assert mail_settings_with(DJANGO_DEBUG="1")[0] == "django.core.mail.backends.console.EmailBackend"
    assert mail_settings_with(
        EMAIL_HOST="smtp.example.ma",
        EMAIL_PORT="587",
        EMAIL_HOST_USER="snia",
        EMAIL_HOST_PASSWORD="secret",
        EMAIL_USE_TLS="1",
        DEFAULT_FROM_EMAIL="SNIA <snia@example.ma>",
        SNIA_BASE_URL="https://snia.example.ma/",
    ) == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.ma",
        587,
        "snia",
        "secret",
        True,
        "SNIA <snia@example.ma>",
        "https://snia.example.ma",
    ]
