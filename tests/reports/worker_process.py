"""A background worker in a child process, for test_worker_recovery: runs
`manage.py snia_worker` with the arguments given.

With SNIA_TEST_BLOCK_RENDER=<path>, the render writes <path> where the pieces'
layout would start, then hangs there for good, so that the test can kill the worker
mid-render, deterministically. Only this test helper knows that variable.

With SNIA_TEST_COUNT_RENDERS=<path>, each render appends "<pid> <fingerprint>"
to <path> instead of running WeasyPrint, waits until renders have started in
two worker processes (so that they run side by side, at most 30 s), and
returns a one-page PDF (test_two_workers).

    python -m tests.reports.worker_process --no-startup-delay
"""

import os
import sys
import time
from pathlib import Path

import django


def counted_render(log: Path):
    import io

    from pypdf import PdfWriter

    from reports.working import WorkingRender

    def render(version) -> WorkingRender:
        # One short write in append mode: lines of two processes never mix.
        with log.open("a") as out:
            out.write(f"{os.getpid()} {version.fingerprint}\n")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if len({line.split()[0] for line in log.read_text().splitlines()}) >= 2:
                break
            time.sleep(0.1)
        writer = PdfWriter()
        writer.add_blank_page(width=100, height=100)
        out = io.BytesIO()
        writer.write(out)
        return WorkingRender(out.getvalue(), 1, version.fingerprint)

    return render


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "snia.settings")
    django.setup()

    from django.core.management import call_command

    from reports.working import WorkingVersion

    marker = os.environ.get("SNIA_TEST_BLOCK_RENDER")
    if marker:

        def hang(version) -> bytes:
            Path(marker).write_text(str(os.getpid()))
            while True:
                time.sleep(60)

        WorkingVersion.render = hang
    log = os.environ.get("SNIA_TEST_COUNT_RENDERS")
    if log:
        WorkingVersion.render = counted_render(Path(log))
    call_command("snia_worker", *sys.argv[1:])


if __name__ == "__main__":
    main()
