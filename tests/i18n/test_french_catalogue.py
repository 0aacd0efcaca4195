"""The French catalogue (locale/fr), which corrects Django's and third-party
apps' strings, is committed compiled: the .mo must say what the .po says."""

import ast
import gettext
from pathlib import Path

from django.conf import settings
from django.utils import translation

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES"


def po_entries(path: Path) -> dict[str, str]:
    """The .po's translations (one-line entries, as this hand-written file keeps
    them), keyed as GNU gettext keys them: "context\\x04msgid"."""
    entries, context, msgid = {}, None, None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgctxt "):
            context = ast.literal_eval(line[len("msgctxt ") :])
        elif line.startswith("msgid "):
            msgid = ast.literal_eval(line[len("msgid ") :])
        elif line.startswith("msgstr ") and msgid:
            key = f"{context}\x04{msgid}" if context else msgid
            entries[key] = ast.literal_eval(line[len("msgstr ") :])
            context, msgid = None, None
    return entries


def test_the_compiled_catalogue_matches_its_source():
    with (CATALOGUE / "django.mo").open("rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)._catalog
    assert {key: value for key, value in catalog.items() if key} == po_entries(CATALOGUE / "django.po")


def test_the_project_catalogue_wins_over_djangos_own():
    with translation.override("fr"):
        assert translation.gettext("Add %s") % "année de rapport" == "Ajout : année de rapport"
        assert translation.pgettext("Task", "Running") == "En cours"
