"""How long the bilan's PDF takes, and how much of it is ours rather than WeasyPrint's.

Run from the repository root:

    .venv/bin/python benchmarks/bilan.py            # or: python -m benchmarks.bilan

For each size it starts a fresh Python process (so that peak memory is that
size's own), which creates a throwaway SQLite database in a temporary
directory, migrates it, fills one synthetic year and measures:

- total: `render_bilan_pdf(year)`, what the background worker runs;
- WeasyPrint: `html_to_pdf(html)` on the very HTML of that year;
- overhead: (total - WeasyPrint) / WeasyPrint, the share our data gathering
  and templating add (target: under 10 %);
- HTML: `render_bilan_html(year)` alone, and the SQL queries it runs (they
  must not grow with the data: the same count at both sizes);
- peak RSS: the process's resident-memory high-water mark
  (`resource.getrusage(RUSAGE_SELF).ru_maxrss`), after building the data and
  rendering; it includes Django and the data set, which is what a worker needs.

Times are the process's CPU time (`time.process_time`), wall-clock time
beside it: WeasyPrint is single-threaded, so the two agree on an idle
machine, and on a busy one only CPU time compares fairly. `--repeat N`
renders N times and keeps the fastest. Before measuring, one short bilan (a
year without records) is rendered so that font loading and CSS parsing are
not billed to the first measurement. The table is printed in Markdown, ready
for the README.
"""

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script (`python benchmarks/bilan.py`): the repository's packages.
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic_year import EMPTY_YEAR, SIZES, YEAR, Size, build_year  # noqa: E402


def setup_django(directory: Path) -> None:
    """Points Django at a throwaway SQLite database and media directory, and migrates."""
    # Forced, not defaulted: the benchmark must never touch a real database.
    os.environ["DATABASE_URL"] = f"sqlite:///{directory / 'benchmark.sqlite3'}"
    os.environ["DJANGO_MEDIA_ROOT"] = str(directory / "media")
    os.environ["DJANGO_SETTINGS_MODULE"] = "snia.settings"
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-secret-key")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))

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
    call_command("migrate", verbosity=0)


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


@dataclass
class Timing:
    cpu: float  # this process's CPU time: what other processes on the machine do not inflate
    wall: float


def timed(function, *args) -> tuple[object, Timing]:
    cpu, wall = time.process_time(), time.perf_counter()
    result = function(*args)
    return result, Timing(time.process_time() - cpu, time.perf_counter() - wall)


def fastest(timings: list[Timing]) -> Timing:
    return min(timings, key=lambda timing: timing.cpu)


def measure(size: Size, repeat: int) -> dict:
    """Builds the year at `size` in a fresh database and times its rendering."""
    with tempfile.TemporaryDirectory(prefix="snia-benchmark-") as directory:
        setup_django(Path(directory))
        from django.db import connection
        from django.test.utils import CaptureQueriesContext
        from pypdf import PdfReader

        from reports.models import ReportingYear
        from reports.pdf import html_to_pdf, render_bilan_html, render_bilan_pdf

        started = time.perf_counter()
        build_year(YEAR, size)
        build_seconds = time.perf_counter() - started

        # Warm-up on a year without records: fonts, CSS and templates load once.
        ReportingYear.objects.create(year=EMPTY_YEAR)
        render_bilan_pdf(EMPTY_YEAR)

        with CaptureQueriesContext(connection) as queries:
            html = render_bilan_html(YEAR)
        # Interleaved, so that a burst of load elsewhere hits all three alike.
        timings = {"html": [], "total": [], "weasyprint": []}
        for _ in range(repeat):
            timings["html"].append(timed(render_bilan_html, YEAR)[1])
            pdf, total = timed(render_bilan_pdf, YEAR)
            timings["total"].append(total)
            timings["weasyprint"].append(timed(html_to_pdf, html)[1])

        return {
            **asdict(size),
            "repeat": repeat,
            "build_seconds": build_seconds,
            **{name: asdict(fastest(measured)) for name, measured in timings.items()},
            "queries": len(queries),
            "peak_rss_mib": peak_rss_mib(),
            "pages": len(PdfReader(io.BytesIO(pdf)).pages),
            "pdf_bytes": len(pdf),
        }


def table(results: list[dict]) -> str:
    lines = [
        "| Size | Sessions | Meetings | Pages | Total (render_bilan_pdf) | WeasyPrint (html_to_pdf) "
        "| Ratio | Overhead | HTML alone | SQL queries | Peak RSS |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        total, weasyprint, html = r["total"]["cpu"], r["weasyprint"]["cpu"], r["html"]["cpu"]
        ratio = total / weasyprint
        lines.append(
            f"| {r['name']} | {r['sessions']} | {r['meetings']} | {r['pages']} "
            f"| {total:.2f} s ({r['total']['wall']:.2f} s wall) "
            f"| {weasyprint:.2f} s ({r['weasyprint']['wall']:.2f} s wall) | {ratio:.3f} "
            f"| {(ratio - 1) * 100:+.1f} % | {html:.2f} s ({html / weasyprint * 100:.1f} %) "
            f"| {r['queries']} | {r['peak_rss_mib']:.0f} MiB |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=SIZES, help="measure one size in this process and print JSON")
    parser.add_argument("--repeat", type=int, default=1, help="renders per measurement; the fastest counts")
    args = parser.parse_args()
    if args.size:
        print(json.dumps(measure(SIZES[args.size], args.repeat)))
        return
    results = []
    for name in SIZES:
        print(f"Measuring {name}…", file=sys.stderr)
        child = subprocess.run(
            [sys.executable, "-m", "benchmarks.bilan", "--size", name, "--repeat", str(args.repeat)],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if child.returncode:
            sys.exit(f"The {name} measurement failed:\n{child.stderr}")
        results.append(json.loads(child.stdout.strip().splitlines()[-1]))
    print(table(results))
    print()
    print(
        f"Times are CPU seconds of the rendering process (`time.process_time`, fastest of {args.repeat}), "
        "wall-clock time in brackets: WeasyPrint is single-threaded, so on an idle machine they agree, "
        "and on a busy one CPU time is the fair comparison. Overhead = (total − WeasyPrint) / WeasyPrint; "
        "HTML alone = `render_bilan_html` (data gathering and templating), as a share of WeasyPrint's "
        "time; SQL queries = those it runs. Peak RSS = the process's `ru_maxrss` (Django, the data set "
        "and the renders)."
    )


if __name__ == "__main__":
    main()
