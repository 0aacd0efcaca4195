"""Shared fixtures of the bilan tests.

WeasyPrint reports a missing font, an unloadable resource or a CSS rule it
does not understand through the "weasyprint" logger, which is silent unless
a handler is attached: `weasyprint_log` collects those messages so that the
tests can require there are none.

Rendering the demo year takes seconds, so it is done once per module
(`demo_bilan`), inside a transaction that is rolled back afterwards, and its
PDF once per test run (tests/pdf_cache.py). A module
using it must be marked `django_db`: pytest-django creates the test database
only for the tests that ask for one.
"""

import io
import logging
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test import Client
from pypdf import PdfReader

from access.roles import Role
from reports import pdf as reports_pdf
from reports.pdf import render_bilan_html
from reports.stats import year_statistics
from tests.demo_snapshot import load_demo
from tests.factories import user_with_role


@contextmanager
def collect_weasyprint_warnings() -> Iterator[list[str]]:
    """Yields the list of WARNING-or-worse messages WeasyPrint logs meanwhile."""
    messages: list[str] = []

    class Collector(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    logger = logging.getLogger("weasyprint")
    handler = Collector(level=logging.WARNING)
    previous_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous_level)


@pytest.fixture
def weasyprint_log() -> Iterator[list[str]]:
    with collect_weasyprint_warnings() as messages:
        yield messages


def pdf_pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def collapse(text: str) -> str:
    """Whitespace collapsed to single spaces."""
    return " ".join(text.split())


def squash(text: str) -> str:
    """Without whitespace nor hyphens: immune to line breaks and hyphenation."""
    return re.sub(r"[\s\-‐]+", "", text)


@dataclass
class RenderedBilan:
    html: str
    pdf: bytes
    pages: list[str]
    preview: str
    preview_status: int
    statistics: dict
    weasyprint_warnings: list[str]
    seconds: float

    @property
    def text(self) -> str:
        return collapse(" ".join(self.pages))

    @property
    def squashed(self) -> str:
        return squash(" ".join(self.pages))


@pytest.fixture(scope="module")
def demo_bilan(django_db_setup, django_db_blocker) -> RenderedBilan:
    """The 2020 demo bilan as HTML, PDF and screen preview, rendered once per module."""
    with django_db_blocker.unblock(), transaction.atomic():
        name = str(connection.settings_dict["NAME"])
        # PostgreSQL's test_…, or SQLite's test file (tests/conftest.py).
        assert Path(name).name.startswith("test"), f"not a test database: {name}"
        load_demo()
        html = render_bilan_html(2020)
        with collect_weasyprint_warnings() as warnings:
            start = time.perf_counter()
            # Through the module: the run's shared renders (tests/pdf_cache.py).
            pdf = reports_pdf.html_to_pdf(html)
            seconds = time.perf_counter() - start
        client = Client()
        client.force_login(user_with_role("lectrice", Role.READER))
        response = client.get("/reports/bilan/2020/")
        statistics = year_statistics(2020)
        transaction.set_rollback(True)
    return RenderedBilan(
        html=html,
        pdf=pdf,
        pages=pdf_pages(pdf),
        preview=response.content.decode(),
        preview_status=response.status_code,
        statistics=statistics,
        weasyprint_warnings=warnings,
        seconds=seconds,
    )
