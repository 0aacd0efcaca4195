"""Load test: simulated users against the production server (gunicorn) and PostgreSQL.

Run from the repository root, with an empty PostgreSQL database of its own:

    createdb -h 127.0.0.1 -U postgres snia_load
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/snia_load .venv/bin/python benchmarks/load.py

It
1. prepares the database (idempotent): migrations, the demo data, then every
   2020 demo session and meeting copied until there are ten times as many
   (`--factor`), and the simulated users (half MDCMRE staff, a third focal
   points of CP2 and CP4, the rest readers);
2. collects the static files into a temporary directory and starts gunicorn
   (deploy/gunicorn.conf.py, DEBUG off, as behind a TLS-terminating proxy:
   `X-Forwarded-Proto: https`) on 127.0.0.1:`--port`;
3. logs every user in through the login form, before measuring;
4. lets each user, in its own thread, request a page of the mix (PAGES),
   think 1 to 5 seconds, and again, for `--duration` seconds or until
   `--max-requests` requests in all;
5. prints requests per second, p50/p95/p99 and errors, per page and in all
   (Markdown, for the README), and stops gunicorn.

A bounded script with threads and http.client rather than locust: nothing to
install, and what it does is what is written here. Traffic goes to 127.0.0.1
only (any other host is refused), bounded in time and in count. `--url`
targets a server already running instead (then steps 1–2 are skipped: run
`--prepare-only` against its database first).
"""

import argparse
import http.client
import os
import random
import re
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

# Run as a script (`python benchmarks/load.py`): the repository's packages.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.load_setup import (  # noqa: E402
    PASSWORD,
    YEAR,
    create_users,
    manage,
    prepare,
    production_env,
    setup_django,
    start_server,
    stop_server,
)

# The mix: (name, path, weight). `/` is the dashboard (dashboard.views).
PAGES = [
    ("dashboard /", "/", 2),
    ("admin sessions", "/admin/trainings/session/", 2),
    ("admin meetings", "/admin/committees/meeting/", 2),
    ("API sessions", "/api/v1/sessions/", 2),
    ("API meetings", "/api/v1/meetings/", 2),
    ("API stats", f"/api/v1/stats/{YEAR}/", 1),
]
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


# --- 3. and 4. Users ---


@dataclass
class Client:
    host: str
    port: int
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, method: str, path: str, body: str | None = None, headers: dict | None = None):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            sent = {
                # As the reverse proxy forwards it: the request came over HTTPS.
                "X-Forwarded-Proto": "https",
                **(
                    {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
                ),
                **(headers or {}),
            }
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            content = response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, response.headers, content
        finally:
            connection.close()

    def get(self, path: str, follow: int = 3):
        status, headers, content = self.request("GET", path)
        while status in (301, 302) and follow:
            location = urlsplit(headers["Location"])
            path = location.path + (f"?{location.query}" if location.query else "")
            status, headers, content = self.request("GET", path)
            follow -= 1
        return status, content

    def log_in(self, username: str) -> None:
        status, content = self.get("/admin/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
        if status != 200 or token is None:
            raise RuntimeError(f"login page: {status}")
        origin = f"https://{self.host}:{self.port}"
        status, headers, _ = self.request(
            "POST",
            "/admin/login/?next=/admin/",
            body=urlencode(
                {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1).decode()}
            ),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": origin,
                "Referer": f"{origin}/admin/login/",
            },
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login of {username}: {status}")


@dataclass
class Results:
    times: dict[str, list[float]] = field(default_factory=lambda: {name: [] for name, _, _ in PAGES})
    errors: dict[str, int] = field(default_factory=lambda: {name: 0 for name, _, _ in PAGES})
    error_samples: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    sent: int = 0

    def take_one(self, limit: int) -> bool:
        with self.lock:
            if self.sent >= limit:
                return False
            self.sent += 1
            return True


def simulate(client: Client, results: Results, deadline: float, max_requests: int, seed: int) -> None:
    chooser = random.Random(seed)
    names = [name for name, _, _ in PAGES]
    paths = {name: path for name, path, _ in PAGES}
    weights = [weight for _, _, weight in PAGES]
    # Users do not all start at the same instant.
    time.sleep(chooser.uniform(0, 5))
    while time.monotonic() < deadline and results.take_one(max_requests):
        name = chooser.choices(names, weights)[0]
        started = time.perf_counter()
        try:
            status, _ = client.get(paths[name])
            error = None if status == 200 else f"{name}: HTTP {status}"
        except (OSError, http.client.HTTPException) as exception:
            error = f"{name}: {type(exception).__name__} {exception}"
        elapsed = time.perf_counter() - started
        with results.lock:
            results.times[name].append(elapsed)
            if error:
                results.errors[name] += 1
                if len(results.error_samples) < 10:
                    results.error_samples.append(error)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        time.sleep(min(chooser.uniform(1, 5), remaining))


# --- 5. Report ---


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def table(results: Results, elapsed: float) -> str:
    lines = ["| page | requests | req/s | p50 | p95 | p99 | errors |", "|---|---:|---:|---:|---:|---:|---:|"]
    rows = [(name, results.times[name], results.errors[name]) for name, _, _ in PAGES]
    everything = [t for _, times, _ in rows for t in times]
    rows.append(("**all**", everything, sum(results.errors.values())))
    for name, times, errors in rows:
        if not times:
            lines.append(f"| {name} | 0 | 0 | – | – | – | {errors} |")
            continue
        p50, p95, p99 = (percentile(times, share) * 1000 for share in (0.5, 0.95, 0.99))
        lines.append(
            f"| {name} | {len(times)} | {len(times) / elapsed:.1f} | {p50:.0f} ms | {p95:.0f} ms "
            f"| {p99:.0f} ms | {errors} |"
        )
    return "\n".join(lines)


def run(
    host: str, port: int, usernames: list[str], duration: float, max_requests: int
) -> tuple[Results, float]:
    clients = [Client(host, port) for _ in usernames]
    # Logged in beforehand, a few at a time (each login hashes a password on the server).
    started = time.monotonic()
    pending = list(zip(clients, usernames, strict=True))
    lock = threading.Lock()

    def log_in_some() -> None:
        while True:
            with lock:
                if not pending:
                    return
                client, username = pending.pop()
            client.log_in(username)

    loggers = [threading.Thread(target=log_in_some) for _ in range(4)]
    for thread in loggers:
        thread.start()
    for thread in loggers:
        thread.join()
    if any("sessionid" not in client.cookies for client in clients):
        raise SystemExit("Some users could not log in.")
    print(
        f"{len(clients)} users logged in in {time.monotonic() - started:.0f} s; "
        f"measuring for {duration:.0f} s…"
    )
    results = Results()
    started = time.monotonic()
    deadline = started + duration
    threads = [
        threading.Thread(target=simulate, args=(client, results, deadline, max_requests, number), daemon=True)
        for number, client in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        # Bounded: a request times out after 30 s.
        thread.join(timeout=max(1.0, deadline - time.monotonic()) + 35)
    return results, time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--duration", type=float, default=120.0, help="seconds of measurement (max 600)")
    parser.add_argument("--max-requests", type=int, default=20_000)
    parser.add_argument("--factor", type=int, default=10, help="demo data multiplied by this")
    parser.add_argument("--port", type=int, default=8160)
    parser.add_argument("--web-workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument(
        "--url", help="a server already running (127.0.0.1 only); skips preparing and serving"
    )
    parser.add_argument("--prepare-only", action="store_true")
    options = parser.parse_args()
    if not (
        1 <= options.users <= 200 and 0 < options.duration <= 600 and 0 < options.max_requests <= 100_000
    ):
        parser.error("at most 200 users, 600 seconds and 100,000 requests")

    if options.url:
        target = urlsplit(options.url)
        if target.hostname not in LOOPBACK:
            parser.error("traffic goes to 127.0.0.1 only")
        host, port = target.hostname, target.port or 80
        setup_django()
        usernames = create_users(options.users)
    else:
        if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
            parser.error("set DATABASE_URL to a PostgreSQL database of its own (see the docstring)")
        usernames = prepare(options.factor, options.users)
        if options.prepare_only:
            return
        host, port = "127.0.0.1", options.port

    static_root = Path(tempfile.mkdtemp(prefix="snia-load-static-"))
    server = None
    try:
        if not options.url:
            env = production_env(port, static_root, options.web_workers)
            print("Collecting static files…")
            manage("collectstatic", "--noinput", "-v0", env=env)
            server = start_server(env)
            for _ in range(100):
                try:
                    if Client(host, port).get("/health/")[0] in (200, 503):
                        break
                except OSError:
                    time.sleep(0.3)
            else:
                raise SystemExit("gunicorn did not start")
        results, elapsed = run(host, port, usernames, options.duration, options.max_requests)
    finally:
        if server is not None:
            stop_server(server)
        shutil.rmtree(static_root, ignore_errors=True)

    print()
    print(
        f"{options.users} users, think time 1–5 s, {elapsed:.0f} s, gunicorn "
        f"{options.web_workers if not options.url else '?'} workers, PostgreSQL, DEBUG off:"
    )
    print()
    print(table(results, elapsed))
    if results.error_samples:
        print("\nErrors (first ones):", *results.error_samples, sep="\n  ")


if __name__ == "__main__":
    main()
