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
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from django.conf import settings

# A batch of pieces laid out for longer than this is abandoned (its processes stopped).
TIMEOUT_SECONDS = 900
_lock = threading.Lock()
_executor: ProcessPoolExecutor | None = None


class RenderProcessDied(RuntimeError):
    """A rendering process died (killed, out of memory): its pieces are not laid out."""


def size() -> int:
    """The pool's processes: as set, else the cores this process may run on."""
    if settings.BILAN_RENDER_PROCESSES:
        return max(1, settings.BILAN_RENDER_PROCESSES)
    # The cores this process may use (affinity, taskset), not the machine's.
    usable = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else range(os.cpu_count() or 1)
    return max(1, len(usable))


def _start_process() -> None:
    import django

    django.setup()
    from reports import piece_render

    piece_render.FORK_EACH_PIECE = True


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


def _terminate() -> None:
    """Stops the pool's processes now, busy or not (a render that does not end)."""
    global _executor
    with _lock:
        if _executor is not None:
            for process in list(getattr(_executor, "_processes", {}).values()):
                process.terminate()
            _executor.shutdown(wait=False, cancel_futures=True)
            _executor = None


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
    if processes == 1 or not calls:
        return [function(*arguments) for arguments in calls]
    # In the pool even for one call: the caller (the worker) is never forked.
    executor = _executor_for(processes)
    try:
        futures = [executor.submit(function, *arguments) for arguments in calls]
        deadline = time.monotonic() + TIMEOUT_SECONDS
        return [future.result(timeout=max(0, deadline - time.monotonic())) for future in futures]
    except BrokenProcessPool as exc:
        shutdown()
        raise RenderProcessDied(
            "Un processus de rendu s'est arrêté en pleine mise en page (mémoire insuffisante ?)."
        ) from exc
    except TimeoutError as exc:
        _terminate()
        raise RenderProcessDied(
            f"La mise en page n'a pas abouti en {TIMEOUT_SECONDS} secondes : ses processus ont été arrêtés."
        ) from exc
