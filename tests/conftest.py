import os
from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import translation

from access.roles import Role
from tests import factories
from tests.databases import complete_schema
from tests.factories import (
    CommitteeFactory,
    UserFactory,
    user_with_role,
)
from tests.pdf_cache import shared_renders


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, built from the models (tests/databases.py),
    with what the migrations add beyond the models."""
    with django_db_blocker.unblock():
        complete_schema()
    yield


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    # PBKDF2's deliberate slowness protects real passwords, not test users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def fast_password_hasher_everywhere():
    # The same, for module-scoped fixtures (which run before `settings` exists):
    # PBKDF2 took a third of each demo load there.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True, scope="session")
def plain_http():
    # Production settings redirect http:// to https://; the test client speaks
    # http. Session-wide, so that module-scoped fixtures' clients see it too.
    with override_settings(SECURE_SSL_REDIRECT=False):
        yield


@pytest.fixture(autouse=True, scope="session")
def plain_static_files(tmp_path_factory):
    # Production's static storage names each file by its hash from the manifest
    # that collectstatic writes; tests run with DEBUG off and no collectstatic.
    # tests/production/test_static_files.py collects and serves the real thing.
    # An empty STATIC_ROOT: WhiteNoise warns about a missing one.
    from django.conf import settings

    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    static_root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}, STATIC_ROOT=static_root):
        yield


def renders_folder(tmp_path_factory, worker_id) -> Path:
    """Where the run keeps its renders: the run's temporary folder, shared by its
    xdist workers, or SNIA_TEST_RENDERS, which CI sets for both of its runs (the
    PostgreSQL run renders the same documents as the SQLite run: the layout
    depends on the HTML only)."""
    if os.environ.get("SNIA_TEST_RENDERS"):
        return Path(os.environ["SNIA_TEST_RENDERS"])
    run_folder = tmp_path_factory.getbasetemp()
    return run_folder.parent if worker_id != "master" else run_folder  # a worker's folder is inside the run's


@pytest.fixture(autouse=True, scope="session")
def one_render_per_document(tmp_path_factory, worker_id):
    """WeasyPrint renders each distinct HTML once per run, for all xdist workers
    (tests/pdf_cache.py): the demo bilan takes seconds, and many tests need it."""
    from reports import pdf

    run_folder = renders_folder(tmp_path_factory, worker_id)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf, "html_to_pdf", shared_renders(pdf.html_to_pdf, run_folder / "pdf-renders"))
        yield


@pytest.fixture(autouse=True, scope="session")
def shared_piece_cache(tmp_path_factory, worker_id):
    """The working version's pieces cached once per run, for all xdist workers
    (an entry is written atomically: reports.piece_cache), laid out in the test's
    own process. Tests that count renders pass a cache of their own."""
    run_folder = renders_folder(tmp_path_factory, worker_id)
    with override_settings(BILAN_CACHE_DIR=run_folder / "bilan-pieces", BILAN_RENDER_PROCESSES=1):
        yield


@pytest.fixture(autouse=True)
def figures_forgotten():
    # The database is emptied between tests that commit, and the revision
    # counters with it: figures remembered by a previous test (reports.revision_memo)
    # would answer for the next one's data.
    from reports import revision_memo

    revision_memo.forget()


@pytest.fixture(autouse=True)
def french():
    # A request with Accept-Language: en leaves English active in the thread;
    # each test starts in the application's language.
    with translation.override("fr"):
        yield


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


# Users of each role, and two focal points: CP2 (Ministère de la Santé) and CP4 (OIM).
@pytest.fixture
def staff(db):
    return user_with_role("suivi", Role.STAFF)


@pytest.fixture
def administrator(db):
    return user_with_role("administrateur", Role.ADMINISTRATOR)


@pytest.fixture
def reader(db):
    return user_with_role("lecteur", Role.READER)


@pytest.fixture
def cp2(db):
    return CommitteeFactory(code="CP2")


@pytest.fixture
def cp4(db):
    return CommitteeFactory(code="CP4")


@pytest.fixture
def health_ministry(db):
    return factories.health_ministry()


@pytest.fixture
def iom(db):
    return factories.iom()


@pytest.fixture
def focal_cp2(cp2, health_ministry):
    return factories.focal_point_user("pf.cp2", cp2, health_ministry)


@pytest.fixture
def focal_cp4(cp4, iom):
    return factories.focal_point_user("pf.cp4", cp4, iom)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    # SQLite's in-memory test database is shared between connections through
    # one cache, where a writer makes the others fail at once ("table is
    # locked") instead of waiting: tests with concurrent connections
    # (tests/access/test_concurrent_review.py) need a file, as in production.
    # No fsync: the file is thrown away.
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("db") / "test.sqlite3")
        database.setdefault("OPTIONS", {})["init_command"] = "PRAGMA synchronous=OFF"


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    # Where the failed browser tests left their screenshots and HTML
    # (tests/browser/conftest.py; pytest-playwright's --output): said at the end
    # of the run, so that a CI log shows where to look.
    output = Path(config.getoption("--output")).absolute()
    failed = terminalreporter.stats.get("failed") or terminalreporter.stats.get("error")
    if failed and output.is_dir() and any(output.iterdir()):
        terminalreporter.write_line(f"Screenshots and HTML of the failed browser tests: {output}")
