"""The processes that lay out the working version's pieces (reports.working).

A pool of settings.BILAN_RENDER_PROCESSES processes (the machine's cores by
default), started on first use and kept warm for the life of the process that
uses it — the background worker, or `export_bilan --working`. With one
process, pieces are laid out in the calling process.

The processes are started by a fork server (not forked from the worker, whose
heartbeat threads and database connections a fork would copy), with
WeasyPrint imported once; each then sets Django up. They only lay out HTML:
they never touch the database.
"""

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from django.conf import settings

_lock = threading.Lock()
_executor: ProcessPoolExecutor | None = None


class RenderProcessDied(RuntimeError):
    """A rendering process died (killed, out of memory): its pieces are not laid out."""


def size() -> int:
    return max(1, settings.BILAN_RENDER_PROCESSES or os.cpu_count() or 1)


def _start_process() -> None:
    import django

    django.setup()


def _executor_for(processes: int) -> ProcessPoolExecutor:
    global _executor
    with _lock:
        if _executor is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["weasyprint", "pyphen", "pikepdf"])
            _executor = ProcessPoolExecutor(
                max_workers=processes, mp_context=context, initializer=_start_process
            )
        return _executor


def shutdown() -> None:
    """Stops the pool's processes (they start again on next use)."""
    global _executor
    with _lock:
        if _executor is not None:
            _executor.shutdown(wait=True, cancel_futures=True)
            _executor = None


def run_all(function: Callable, calls: Iterable[tuple]) -> list:
    """`function(*arguments)` for each of `calls`, in the pool; results in order.

    Calls are submitted longest first when the caller orders them so: the pool
    takes them as they come. If a process dies, the pool is discarded (the
    next call starts a new one) and RenderProcessDied raised."""
    calls = list(calls)
    processes = size()
    if processes == 1 or len(calls) <= 1:
        return [function(*arguments) for arguments in calls]
    executor = _executor_for(processes)
    try:
        futures = [executor.submit(function, *arguments) for arguments in calls]
        return [future.result() for future in futures]
    except BrokenProcessPool as exc:
        shutdown()
        raise RenderProcessDied(
            "Un processus de rendu s'est arrêté en pleine mise en page (mémoire insuffisante ?)."
        ) from exc
