"""The Arabic and English catalogues hold every string of ours, are compiled from their
.po files, and the README says how many drafts remain to be reviewed."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

sys.path.insert(0, str(Path(settings.BASE_DIR) / "scripts"))
from compile_catalogues import catalogues, compiled, drafts  # noqa: E402

BASE = Path(settings.BASE_DIR)
LANGUAGES = ("ar", "en")
# What makemessages must not read: installed packages, tests, benchmarks, test output.
NOT_SOURCE = (".venv", ".git", "tests", "benchmarks", "test-results", "media", "staticfiles")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    """A copy of the sources whose catalogues makemessages has brought up to date: what the
    committed ones would become. GNU gettext does the extraction, as it does for
    translators (test.sh installs it when run as root)."""
    if not shutil.which("xgettext"):
        pytest.fail("GNU gettext is missing: sudo apt-get install gettext")
    copy = tmp_path_factory.mktemp("sources") / "snia"
    shutil.copytree(BASE, copy, ignore=shutil.ignore_patterns(*NOT_SOURCE, "*.pyc", "__pycache__"))
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--no-obsolete", "-l", "ar", "-l", "en"]
        + [f"--ignore={name}" for name in NOT_SOURCE],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"DJANGO_SECRET_KEY": "catalogue-test", "PATH": "/usr/bin:/bin"},
    )
    return copy / "locale"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_of_ours_has_a_translation(extracted, language):
    catalogue = polib.pofile(str(extracted / language / "LC_MESSAGES" / "django.po"))
    missing = [entry.msgid for entry in catalogue if not entry.obsolete and not entry.translated()]
    assert missing == [], f"{len(missing)} strings without a {language} translation: {missing[:10]}"
    assert len(catalogue) > 1000


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_catalogue_is_up_to_date_with_the_sources(extracted, language):
    """Same entries as makemessages gives, so the .po is what translators work on."""
    path = f"{language}/LC_MESSAGES/django.po"
    committed = {(e.msgctxt, e.msgid) for e in polib.pofile(str(BASE / "locale" / path)) if not e.obsolete}
    current = {(e.msgctxt, e.msgid) for e in polib.pofile(str(extracted / path)) if not e.obsolete}
    assert sorted(current - committed, key=str) == []
    assert sorted(committed - current, key=str) == []


def test_every_catalogue_is_compiled_from_its_source():
    stale = [str(po) for po in catalogues() if po.with_suffix(".mo").read_bytes() != compiled(po)]
    assert stale == []
    assert [po.parent.parent.name for po in catalogues()] == ["ar", "en", "fr"]


def test_the_readme_says_how_many_drafts_remain():
    readme = (BASE / "README.md").read_text(encoding="utf-8")
    found = re.search(r"Drafts to review: (\d+) Arabic, (\d+) English", readme)
    assert found, "the README's Languages section gives the number of drafts"
    by_language = {po.parent.parent.name: drafts(po) for po in catalogues()}
    assert (int(found[1]), int(found[2])) == (by_language["ar"], by_language["en"])
