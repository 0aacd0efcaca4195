"""Mail is never blocked by a PDF render: while a render worker is stuck in
the middle of a render, the mail worker (its own process, on the "emails"
queue) sends what is queued. Real processes, as run.sh and production run them."""

import os
import signal

from django_tasks_db.models import DBTaskResult

from accounts.tasks import send_email
from reports.models import BilanExport
from reports.tasks import request_export
from tests.accounts.conftest import DATABASE_TASKS
from tests.factories import ReportingYearFactory
from tests.reports.test_worker_recovery import shared_database, start_worker, wait_for  # noqa: F401


def stop(process) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def test_mail_leaves_while_a_render_is_in_progress(shared_database, settings, tmp_path):  # noqa: F811
    settings.TASKS = DATABASE_TASKS
    settings.MEDIA_ROOT = media = tmp_path / "media"
    export, _created = request_export(ReportingYearFactory(year=2020))
    marker, render_log, mail_log = tmp_path / "rendering", tmp_path / "render.log", tmp_path / "mail.log"
    renders = start_worker(shared_database, media, render_log, block=marker)
    mails = None
    try:
        wait_for(marker.exists, 60, "the render starts", renders, render_log)
        send_email.enqueue("pf@example.ma", "[SNIA Suivi] Essai", "Un message pendant le rendu.")
        # DJANGO_DEBUG=1 (run.sh's setting): the console backend prints the mail.
        mails = start_worker(shared_database, media, mail_log, "--queue-name", "emails")

        def sent() -> bool:
            return "Subject: [SNIA Suivi] Essai" in mail_log.read_text()

        wait_for(sent, 60, "the mail is sent", mails, mail_log)

        assert BilanExport.objects.get(pk=export.pk).status == BilanExport.Status.RENDERING
        assert renders.poll() is None  # still stuck in its render
        assert list(DBTaskResult.objects.filter(queue_name="emails").values_list("status", flat=True)) == [
            "SUCCESSFUL"
        ]
    finally:
        stop(renders)
        if mails is not None:
            stop(mails)
