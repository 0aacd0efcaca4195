"""One WeasyPrint render per distinct HTML for the whole test run.

Many tests render the same document — the 2020 demo bilan (for its text, its
edition, its closing), the empty year — and WeasyPrint takes seconds each
time. WeasyPrint's output is a function of the HTML (the layout files and fonts
do not change during a run; two renders of one HTML are byte-identical), so
`reports.pdf.html_to_pdf` is wrapped for the run: the first render of an HTML
is real and stored, with the warnings WeasyPrint logged meanwhile, in a folder
shared by the xdist workers of the run; a later render of the same HTML, in any
worker, returns those bytes and logs those warnings again. A worker that needs a
render another worker is doing waits for it (a lock per document) rather than
rendering it twice at once.

Tests that replace `html_to_pdf` (a failing render, a tiny PDF) still do; the
worker subprocesses of tests/reports/test_worker_recovery.py render for real.
"""

import fcntl
import hashlib
import json
import logging
import os
from collections.abc import Callable
from pathlib import Path

LOGGER = "weasyprint"


class _Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.levelno, record.getMessage()))


def shared_renders(render: Callable[[str], bytes], folder: Path) -> Callable[[str], bytes]:
    """`render` (html → PDF bytes), storing each distinct HTML's result in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)

    def html_to_pdf(html: str) -> bytes:
        key = hashlib.sha256(html.encode("utf-8")).hexdigest()
        pdf, warnings = folder / f"{key}.pdf", folder / f"{key}.json"
        with (folder / f"{key}.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            reused = pdf.exists()
            with (folder / "renders.log").open("a") as log:  # which documents were reused
                log.write(f"{key} {'reused' if reused else 'rendered'} pid={os.getpid()}\n")
            if reused:
                logger = logging.getLogger(LOGGER)
                for level, message in json.loads(warnings.read_text()):
                    logger.log(level, "%s", message)
                return pdf.read_bytes()
            recorder = _Recorder()
            logging.getLogger(LOGGER).addHandler(recorder)
            try:
                content = render(html)
            finally:
                logging.getLogger(LOGGER).removeHandler(recorder)
            warnings.write_text(json.dumps(recorder.records))
            partial = folder / f"{key}.{os.getpid()}.partial"
            partial.write_bytes(content)
            partial.replace(pdf)  # last: a reader never sees half a file
            return content

    html_to_pdf.__wrapped__ = render
    return html_to_pdf
