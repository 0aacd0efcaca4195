"""Browser tests: Debian's Chromium driven by Playwright (pytest-playwright) against
a live server of the application, one browser per test process and a fresh
context (cookies, storage) per test.

Two kinds of site:
- `site`: an empty database for each test (transactional: the server's thread
  sees what the test commits, and the database is emptied afterwards); build
  what the test needs with the factories;
- `demo_site`: the demo data (loaders/demo_data.py) loaded once per module, for
  pages that need a full year; its tests must not use `db` or `transactional_db`
  (that would empty it). Demo users' passwords are DEMO_PASSWORD.

Pages logged in per role: `staff_page`, `focal_page` (pf.cp2, Ministère de la
Santé, committee CP2), `reader_page`, `administrator_page` on `site`;
`demo_page_as("pf.cp2")` on `demo_site`; `page_as(site, user, on=mobile_page)`
for a phone's window (390 px). Helpers in tests/browser/pages.py.

On failure, pytest-playwright keeps a screenshot of every page of the test and
this file keeps their HTML, under test-results/ (pyproject.toml's addopts).
"""

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection
from django.test import Client, override_settings
from django.test.utils import setup_databases, teardown_databases
from playwright.sync_api import BrowserContext, Page
from pytest_django.fixtures import _get_databases_for_setup
from pytest_django.live_server_helper import LiveServer

from loaders.demo_data import DEMO_ADMIN_DEFAULT_PASSWORD, DEMO_ADMIN_PASSWORD_VARIABLE
from tests.databases import complete_schema
from tests.demo_snapshot import load_demo

# Playwright's synchronous API leaves an asyncio event loop set in the test
# process's main thread from the browser's start to the end of the session;
# Django then refuses every database query in that thread (creating the test
# database, factories, and the other tests this process runs afterwards),
# taking them for async code. Nothing in this project is async: allow them.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

HERE = Path(__file__).resolve().parent
DEMO_PASSWORD = DEMO_ADMIN_DEFAULT_PASSWORD
# The width and height of a common laptop screen: the admin lists must fit 1366 px.
DESKTOP = {"width": 1366, "height": 900}
# A common phone's window (CSS pixels).
MOBILE = {"width": 390, "height": 844}
INSTALL_HINT = (
    "Chromium is needed for the browser tests (tests/browser): "
    "`sudo apt-get install chromium` (Debian's package, /usr/bin/chromium), "
    "or point SNIA_CHROMIUM at a Chromium executable. ./test.sh installs it when run as root."
)


def chromium_executable() -> str:
    """Debian's Chromium (never a browser downloaded by `playwright install`)."""
    candidate = os.environ.get("SNIA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.access(candidate, os.X_OK):
        # A failure, never a skip: CI must not pass without its browser tests.
        pytest.fail(f"{INSTALL_HINT} (not found: {candidate})", pytrace=False)
    return candidate


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Every test of this folder is a browser test: `./test.sh -m browser` runs them alone.
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {**browser_type_launch_args, "executable_path": chromium_executable()}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    # A French user's browser. Pages ignore its language (snia/language.py); the API follows it.
    return {**browser_context_args, "locale": "fr-FR"}


@pytest.fixture
def context(new_context) -> BrowserContext:
    """pytest-playwright's context, in a laptop's window."""
    return new_context(viewport=DESKTOP)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call):
    report = yield
    if report.when == "call":
        item.stash[CALL_FAILED] = report.failed
    return report


CALL_FAILED = pytest.StashKey[bool]()


@pytest.fixture
def page(context: BrowserContext, request: pytest.FixtureRequest, output_path: str) -> Iterator[Page]:
    """pytest-playwright's page, and on failure the HTML of every page of the
    context beside the screenshots pytest-playwright keeps."""
    page = new_page(context)
    yield page
    keep_html_on_failure(context, request, output_path)


@pytest.fixture
def mobile_page(new_context, request: pytest.FixtureRequest, output_path: str) -> Iterator[Page]:
    """A page in a phone's window, 390 px wide (touch, mobile viewport)."""
    context = new_context(viewport=MOBILE, is_mobile=True, has_touch=True)
    page = new_page(context)
    yield page
    keep_html_on_failure(context, request, output_path)


def new_page(context: BrowserContext) -> Page:
    # A page that does not answer within 15 seconds fails the test, rather than
    # Playwright's 30 (the year's PDF renders inside its request, in seconds).
    context.set_default_timeout(15_000)
    return context.new_page()


def keep_html_on_failure(context: BrowserContext, request: pytest.FixtureRequest, output_path: str) -> None:
    if not request.node.stash.get(CALL_FAILED, False):
        return
    folder = Path(output_path)
    folder.mkdir(parents=True, exist_ok=True)
    for open_page in context.pages:
        try:
            html = open_page.content()
        except Exception as error:  # a page mid-navigation or closed: say so, keep going
            html = f"<!-- page content unavailable: {error} -->"
        # A name per page, wherever it comes from (page, mobile_page, another context).
        name = f"page-{len(list(folder.glob('page-*.html'))) + 1}.html"
        (folder / name).write_text(f"<!-- {open_page.url} -->\n{html}", encoding="utf-8")


# --- The live server ---


@pytest.fixture(scope="session")
def test_database(request: pytest.FixtureRequest, django_db_setup, django_db_blocker) -> Iterator[None]:
    """The test database, even when no test of the run asks pytest-django for it
    (only `demo_site` tests: they reach the database through the server)."""
    # pytest-django's own reckoning of what it created (private; the version is pinned).
    aliases, _serialized = _get_databases_for_setup(request.session.items)
    if DEFAULT_DB_ALIAS in aliases:
        yield  # created by pytest-django's django_db_setup
        return
    with django_db_blocker.unblock():
        created = setup_databases(verbosity=0, interactive=False, aliases={DEFAULT_DB_ALIAS})
        complete_schema()
    yield
    with django_db_blocker.unblock():
        teardown_databases(created, verbosity=0)


@pytest.fixture(scope="session")
def browser_server(test_database, django_db_blocker) -> Iterator[LiveServer]:
    """One server thread per test process, on a free port of localhost."""
    with django_db_blocker.unblock():
        server = LiveServer("localhost")
    yield server
    server.stop()


@pytest.fixture
def site(transactional_db, browser_server, settings, tmp_path) -> str:
    """The server's address, on an empty database for this test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return browser_server.url


@pytest.fixture(scope="module")
def demo_site(django_db_blocker, browser_server) -> Iterator[str]:
    """The server's address, with the demo data loaded once for the module."""
    with pytest.MonkeyPatch.context() as patch, django_db_blocker.unblock():
        # It is emptied afterwards: never anything but a test database.
        name = str(connection.settings_dict["NAME"])
        assert Path(name).name.startswith("test"), f"not a test database: {name}"
        patch.delenv(DEMO_ADMIN_PASSWORD_VARIABLE, raising=False)
        # Hashed as the tests check passwords (tests/conftest.py's fast_password_hasher).
        with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
            load_demo()
        try:
            yield browser_server.url
        finally:
            # Back to an empty database (as after a transactional test; the
            # role groups are built again on post_migrate) for the next tests.
            call_command("flush", interactive=False, verbosity=0)


# --- Logged-in pages ---


def log_in_context(context: BrowserContext, site_url: str, user) -> None:
    """Gives the browser a session of `user` without going through the login form
    (tests/browser/pages.py's log_in goes through it)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": site_url}])


@pytest.fixture
def page_as(page: Page) -> Callable[..., Page]:
    """page_as(site, user): the test's page (or the one given), logged in as user, on the dashboard."""

    def log_in(site_url: str, user, on: Page = page) -> Page:
        log_in_context(on.context, site_url, user)
        on.goto(site_url + "/")
        return on

    return log_in


@pytest.fixture
def staff_page(site, staff, page_as) -> Page:
    return page_as(site, staff)


@pytest.fixture
def focal_page(site, focal_cp2, page_as) -> Page:
    return page_as(site, focal_cp2)


@pytest.fixture
def reader_page(site, reader, page_as) -> Page:
    return page_as(site, reader)


@pytest.fixture
def administrator_page(site, administrator, page_as) -> Page:
    return page_as(site, administrator)


@pytest.fixture
def demo_page_as(demo_site, page_as) -> Callable[[str], Page]:
    """demo_page_as("suivi"): the test's page logged in as that demo user, on the dashboard."""

    def log_in(username: str) -> Page:
        return page_as(demo_site, get_user_model().objects.get(username=username))

    return log_in
