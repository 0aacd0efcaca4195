"""How long the bilan's PDF takes: the working version against plain WeasyPrint.

Run from the repository root:

    .venv/bin/python benchmarks/bilan.py [--size full|small] [--repeat N] [--json]

A fresh Python process creates a throwaway SQLite database and cache in a
temporary directory, fills one synthetic year and measures, on that year's
very HTML (`reports.pdf.render_bilan_html`):

- baseline: WeasyPrint as documented, `HTML(string=html, …).write_pdf()` with
  our CSS and fonts, the garbage collector on, in one process of its own
  (started fresh, warmed up on a small document, timed after `gc.collect()`);
- publishable: our one-piece PDF/A (`reports.pdf.html_to_pdf`), in that process;
- cold: the working version as the worker makes it (`reports.working.WorkingVersion`,
  the collector paused as in `reports.tasks`) with its cache cleared, from the
  database to the merged PDF ready to store, its pool of processes warm
  (started on another year before); the clean-up after storing is not timed;
- after one edit: one session's figure changed and saved, then the working
  version again (the chapter of that session and the front matter are laid
  out, the rest comes from the cache);
- unchanged: an unchanged year's stored PDF served by the download view
  (freshness from the year's revision, no HTML rendered);
- memory: the resident memory of the working version's process tree (this
  process, the fork server, the rendering processes and their short-lived
  forks), sampled every 20 ms during the renders: its highest sum, the
  highest peak of any one process, and the sum once idle after the renders.

Times are wall-clock seconds (« click to ready »: the working version runs on
every core), the fastest of `--repeat N`, baseline and working version
interleaved so that a burst of load elsewhere hits both alike. `--json` prints
one line with the figures instead of the table.
"""

import argparse
import gc
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script (`python benchmarks/bilan.py`): the repository's packages.
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic_year import EMPTY_YEAR, SIZES, YEAR, build_year  # noqa: E402


def setup_django(directory: Path, migrate: bool = True) -> None:
    """Points Django at a throwaway SQLite database, media and cache directory, and migrates."""
    # Forced, not defaulted: the benchmark must never touch a real database or cache.
    os.environ["DATABASE_URL"] = f"sqlite:///{directory / 'benchmark.sqlite3'}"
    os.environ["DJANGO_MEDIA_ROOT"] = str(directory / "media")
    os.environ["SNIA_BILAN_CACHE_DIR"] = str(directory / "cache")
    os.environ["DJANGO_SETTINGS_MODULE"] = "snia.settings"
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-secret-key")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")

    import django
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import override_settings

    django.setup()
    # Static files by their plain names, as in the tests: production's storage
    # names them from the manifest that `collectstatic` writes, which a
    # throwaway directory has not run. The PDF reads the same files either way.
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}).enable()
    if migrate:
        call_command("migrate", verbosity=0)


def wall(function, *args) -> tuple[object, float]:
    started = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - started


# ---- Baseline: plain WeasyPrint, in a process of its own ----------------------


def plain_weasyprint(html: str) -> bytes:
    """WeasyPrint as its documentation shows it, with our static files and fonts."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from reports.pdf import StaticFilesFetcher, base_url

    source = HTML(string=html, base_url=base_url(), url_fetcher=StaticFilesFetcher())
    return source.write_pdf(font_config=FontConfiguration())


def baseline(html_file: Path) -> dict:
    with tempfile.TemporaryDirectory(prefix="snia-benchmark-") as directory:
        setup_django(Path(directory), migrate=False)
        from reports.pdf import html_to_pdf

        html = html_file.read_text()
        # Fonts and CSS loaded once before timing, as a warm server would have them.
        plain_weasyprint('<html lang="fr"><link rel="stylesheet" href="/static/reports/bilan.css"><p>x</p>')
        gc.collect()
        single, single_s = wall(plain_weasyprint, html)
        gc.collect()
        publishable, publishable_s = wall(html_to_pdf, html)
        return {
            "weasyprint_single_s": single_s,
            "single_pdf_bytes": len(single),
            "publishable_s": publishable_s,
            "publishable_pdf_bytes": len(publishable),
            "baseline_peak_rss_mib": _memory(os.getpid())["VmHWM"],
        }


def run_baseline(html_file: Path) -> dict:
    child = subprocess.run(
        [sys.executable, "-m", "benchmarks.bilan", "--baseline", str(html_file)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if child.returncode:
        sys.exit(f"The baseline failed:\n{child.stderr}")
    return json.loads(child.stdout.strip().splitlines()[-1])


# ---- Memory of the process tree ------------------------------------------------


def _memory(pid: int) -> dict[str, float]:
    """VmHWM (peak) and VmRSS (now) of a process, in MiB."""
    memory = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _colon, value = line.partition(":")
        if name in ("VmHWM", "VmRSS"):
            memory[name] = int(value.split()[0]) / 1024
    return memory


def process_tree(root: int) -> list[int]:
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                # The parent id is the 4th field, after the name in brackets.
                parents[int(entry.name)] = int((entry / "stat").read_text().rpartition(")")[2].split()[1])
            except (FileNotFoundError, ProcessLookupError, IndexError):
                continue
    tree, frontier = [root], [root]
    while frontier:
        children = [pid for pid, parent in parents.items() if parent in frontier]
        tree += children
        frontier = children
    return tree


def tree_memory() -> list[dict[str, float]]:
    memories = []
    for pid in process_tree(os.getpid()):
        try:
            memories.append(_memory(pid))
        except (FileNotFoundError, ProcessLookupError):
            continue  # ended meanwhile
    return memories


class MemorySampler(threading.Thread):
    """The process tree's resident memory, sampled every 20 ms: the sum at its
    highest (the tree's peak) and the highest peak of any one process. A piece
    is laid out in a fork that lives a fraction of a second, so its own peak is
    seen only while it lives."""

    def __init__(self):
        super().__init__(daemon=True)
        self.tree_peak = self.process_peak = 0.0
        self.processes = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(0.02):
            memories = tree_memory()
            self.tree_peak = max(self.tree_peak, sum(memory["VmRSS"] for memory in memories))
            self.process_peak = max([self.process_peak, *(memory["VmHWM"] for memory in memories)])
            self.processes = max(self.processes, len(memories))

    def stop(self) -> None:
        self.stopped.set()
        self.join()


# ---- The working version -------------------------------------------------------


def edit_one_session() -> str:
    """Changes one session's count of women, as staff would in the admin; returns its programme."""
    from trainings.models import Session

    session = Session.objects.filter(year=YEAR, actions__isnull=False).order_by("pk").first()
    session.women += 1
    session.save()
    action = session.actions.select_related("specific_objective__programme").first()
    return f"programme-{action.specific_objective.programme.number}"


def serve_unchanged() -> float:
    """Seconds to download the year's stored PDF through the view, as a logged-in user."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    user, _created = get_user_model().objects.get_or_create(
        username="benchmark", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client(SERVER_NAME="localhost")  # an allowed host, whatever the settings
    client.force_login(user)
    url = reverse("reports:bilan-pdf", args=[YEAR])
    response, seconds = wall(lambda: client.get(url, secure=True))
    if response.status_code != 200:
        raise RuntimeError(f"The stored PDF was not served: HTTP {response.status_code}")
    b"".join(response.streaming_content)
    return seconds


def store_export() -> None:
    """Asks for the year's PDF and runs its render as the worker would."""
    from reports.models import BilanExport, ReportingYear
    from reports.tasks import render_bilan_export, request_export

    export, _queued = request_export(ReportingYear.objects.get(year=YEAR))
    render_bilan_export.call(export.pk)
    export.refresh_from_db()
    if export.status != BilanExport.Status.READY:
        raise RuntimeError(f"The export did not render: {export.error}")


def working_version(year: int):
    """The working version as the worker makes it until the PDF is ready to store
    (reports.tasks.render_bilan_export); its clean-up, after storing, is not timed."""
    from reports.pdf import collector_paused
    from reports.working import WorkingVersion

    with collector_paused():
        version = WorkingVersion(year)
        result = version.render()
    return result, version


def timed_working_version(year: int):
    (result, version), seconds = wall(working_version, year)
    version.tidy()
    return result, seconds


def measure(size_name: str, repeat: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="snia-benchmark-") as directory:
        setup_django(Path(directory))
        from reports.models import ReportingYear
        from reports.pdf import render_bilan_html
        from reports.piece_cache import PieceCache
        from reports.working import render_working_pdf

        build_year(YEAR, SIZES[size_name])
        # The pool of rendering processes started and warm, as in the worker.
        ReportingYear.objects.create(year=EMPTY_YEAR)
        render_working_pdf(EMPTY_YEAR)
        html_file = Path(directory) / "bilan.html"
        html_file.write_text(render_bilan_html(YEAR))

        cache = PieceCache()
        sampler = MemorySampler()
        sampler.start()
        figures, colds = {}, []
        for _ in range(repeat):
            measured = run_baseline(html_file)  # its own process: not in the sampled tree
            if not figures or measured["weasyprint_single_s"] < figures["weasyprint_single_s"]:
                figures.update(measured)
            cache.clear()
            gc.collect()
            cold, seconds = timed_working_version(YEAR)
            colds.append(seconds)
            print(f"baseline {measured['weasyprint_single_s']:.2f} s, cold {seconds:.2f} s", file=sys.stderr)
        edits = []
        for _ in range(repeat):
            programme = edit_one_session()
            gc.collect()
            edited, seconds = timed_working_version(YEAR)
            edits.append(seconds)
        sampler.stop()
        time.sleep(1)  # the processes at rest
        idle = sum(memory["VmRSS"] for memory in tree_memory())
        store_export()
        unchanged = min(serve_unchanged() for _ in range(max(repeat, 3)))
        return {
            "size": size_name,
            **asdict_size(size_name),
            "repeat": repeat,
            "pages": cold.pages,
            **figures,
            "cold_s": min(colds),
            "after_one_edit_s": min(edits),
            "edited": programme,
            "laid_out_after_edit": edited.laid_out,
            "cache_hits": len(edited.reused),
            "unchanged_serve_s": unchanged,
            "pdf_bytes": len(cold.pdf),
            "peak_rss_mib": sampler.tree_peak,
            "process_peak_rss_mib": sampler.process_peak,
            "idle_rss_mib": idle,
            "processes": sampler.processes,
        }


def asdict_size(name: str) -> dict:
    size = SIZES[name]
    return {"sessions": size.sessions, "meetings": size.meetings}


def table(r: dict) -> str:
    base = r["weasyprint_single_s"]
    rows = [
        ("Plain WeasyPrint, one process (baseline)", base, f"{r['single_pdf_bytes'] / 1024:,.0f} KiB"),
        (
            "Publishable PDF/A, one piece (`html_to_pdf`)",
            r["publishable_s"],
            f"{r['publishable_pdf_bytes'] / 1024:,.0f} KiB",
        ),
        ("Working version, cold (cache cleared)", r["cold_s"], f"{r['pdf_bytes'] / 1024:,.0f} KiB"),
        (
            "Working version, after one edited session",
            r["after_one_edit_s"],
            f"{r['cache_hits']} pieces reused",
        ),
        ("Unchanged year, stored PDF served", r["unchanged_serve_s"], "no HTML rendered"),
    ]
    lines = [
        f"Full synthetic year: {r['sessions']} sessions, {r['meetings']} meetings, {r['pages']} pages.",
        "",
        "| Measure | Seconds (wall) | × baseline | |",
        "|---|---:|---:|---|",
        *(f"| {name} | {seconds:.2f} s | {seconds / base:.2f} | {note} |" for name, seconds, note in rows),
        "",
        f"Memory of the working version's process tree ({r['processes']} processes): peak "
        f"{r['peak_rss_mib']:.0f} MiB at most in all (sampled every 20 ms), "
        f"{r['process_peak_rss_mib']:.0f} MiB for the largest process, "
        f"{r['idle_rss_mib']:.0f} MiB once idle; plain WeasyPrint alone peaks at "
        f"{r['baseline_peak_rss_mib']:.0f} MiB. File: {r['pdf_bytes'] / r['single_pdf_bytes']:.2f} × the "
        "one-piece PDF.",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=SIZES, default="full")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement; the fastest counts")
    parser.add_argument("--json", action="store_true", help="one line of JSON instead of the table")
    parser.add_argument("--baseline", type=Path, help=argparse.SUPPRESS)  # the baseline's own process
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.baseline:
        print(json.dumps(baseline(args.baseline)))
        return
    if args.child:
        print(json.dumps(measure(args.size, args.repeat)))
        return
    # In a fresh process: its memory is the working version's alone.
    child = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.bilan",
            "--child",
            "--size",
            args.size,
            "--repeat",
            str(args.repeat),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if child.returncode:
        sys.exit(f"The measurement failed:\n{child.stderr}")
    result = json.loads(child.stdout.strip().splitlines()[-1])
    print(json.dumps(result) if args.json else table(result))


if __name__ == "__main__":
    main()
