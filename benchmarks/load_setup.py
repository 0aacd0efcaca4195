"""The load test's data (10× the demo, simulated users) and its production
server (gunicorn started and stopped): see benchmarks/load.py."""

import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "charge-de-test-2020!"
YEAR = 2020


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "snia.settings")
    import django

    django.setup()


def multiply_demo(factor: int) -> tuple[int, int]:
    """Copies each 2020 demo session and meeting until there are `factor` of each; returns the counts."""
    from django.db import transaction

    from committees.models import Meeting
    from trainings.models import Session

    sessions = list(Session.objects.filter(year=YEAR).exclude(title__contains="(série "))
    meetings = list(Meeting.objects.filter(date__year=YEAR, start_time__isnull=True))
    with transaction.atomic():
        for copy in range(2, factor + 1):
            for original in sessions:
                title = f"{original.title} (série {copy})"[:255]
                if Session.objects.filter(year=YEAR, title=title).exists():
                    continue
                organisers, actions, projects = (
                    list(original.organisers.all()),
                    list(original.actions.all()),
                    list(original.projects.all()),
                )
                clone = Session.objects.get(pk=original.pk)
                clone.pk = clone.id = None
                clone._state.adding = True
                clone.title = title
                clone.save()
                clone.organisers.set(organisers)
                clone.actions.set(actions)
                clone.projects.set(projects)
            for original in meetings:
                start = f"{6 + copy:02d}:00"
                if Meeting.objects.filter(
                    committee=original.committee, date=original.date, start_time=start
                ).exists():
                    continue
                clone = Meeting.objects.get(pk=original.pk)
                clone.pk = clone.id = None
                clone._state.adding = True
                clone.start_time = start
                clone.save()
    return Session.objects.filter(year=YEAR).count(), Meeting.objects.filter(date__year=YEAR).count()


def create_users(count: int) -> list[str]:
    """The simulated users (one password hash for all: hashing is the login's cost, not ours)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from access.roles import GROUP_NAMES, Role
    from committees.models import Committee, FocalPoint
    from programmes.models import Institution

    user_model = get_user_model()
    password = make_password(PASSWORD)
    scopes = [
        (Institution.objects.filter(name="Ministère de la Santé").first(), "CP2"),
        (Institution.objects.filter(acronym="OIM").first(), "CP4"),
    ]
    names = []
    for number in range(1, count + 1):
        role = Role.STAFF if number % 2 else (Role.FOCAL_POINT if number % 3 else Role.READER)
        username = f"charge.{number:03d}"
        user, created = user_model.objects.get_or_create(
            username=username, defaults={"password": password, "is_staff": True}
        )
        if created:
            user.groups.add(Group.objects.get(name=GROUP_NAMES[role]))
            institution, committee = scopes[number % 2]
            if role == Role.FOCAL_POINT and institution is not None:
                FocalPoint.objects.create(user=user, institution=institution).committees.set(
                    Committee.objects.filter(code=committee)
                )
        names.append(username)
    return names


def prepare(factor: int, users: int) -> list[str]:
    manage("migrate", "--noinput", "-v0")
    manage("load_demo")
    setup_django()
    sessions, meetings = multiply_demo(factor)
    print(f"Data: {sessions} sessions and {meetings} meetings in {YEAR} ({factor}× the demo).")
    return create_users(users)


def manage(*args: str, env: dict | None = None) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def production_env(port: int, static_root: Path, web_workers: int) -> dict:
    return {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or "load-test-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_STATIC_ROOT": str(static_root),
        "DJANGO_SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
        "SNIA_PROXY_COUNT": "1",
        # One access line per request would be the log's cost, not the server's.
        "DJANGO_LOG_LEVEL": "WARNING",
        "SNIA_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(web_workers),
    }


def start_server(env: dict) -> subprocess.Popen:
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "deploy/gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    return server


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
