"""A background worker in a child process, for test_worker_recovery: runs
`manage.py snia_worker` with the arguments given.

With SNIA_TEST_BLOCK_RENDER=<path>, the render writes <path> where WeasyPrint
would start, then hangs there for good, so that the test can kill the worker
mid-render, deterministically. Only this test helper knows that variable.

    python -m tests.reports.worker_process --no-startup-delay
"""

import os
import sys
import time
from pathlib import Path

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "snia.settings")
    django.setup()

    from django.core.management import call_command

    from reports import pdf

    marker = os.environ.get("SNIA_TEST_BLOCK_RENDER")
    if marker:

        def hang(html: str) -> bytes:
            Path(marker).write_text(str(os.getpid()))
            while True:
                time.sleep(60)

        pdf.html_to_pdf = hang
    call_command("snia_worker", *sys.argv[1:])


if __name__ == "__main__":
    main()
