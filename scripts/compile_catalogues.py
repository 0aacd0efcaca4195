"""Compiles the translation catalogues (locale/<lang>/LC_MESSAGES/django.po → .mo) with polib,
so that no GNU gettext is needed to run the application or its tests.

    .venv/bin/python scripts/compile_catalogues.py           # writes every .mo
    .venv/bin/python scripts/compile_catalogues.py --check   # fails if a .mo is stale
    .venv/bin/python scripts/compile_catalogues.py --drafts  # counts drafts to review

Draft translations (written without a translator, to be reviewed) carry the translator
comment DRAFT_MARK. They are compiled like the others: a draft reads better than French in
an Arabic page, and the README says how many remain (tests/i18n/test_catalogues.py).
"""

import argparse
import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "locale"
DRAFT_MARK = "brouillon : traduction à relire"


def catalogues() -> list[Path]:
    return sorted(LOCALE.glob("*/LC_MESSAGES/django.po"))


def is_draft(entry: polib.POEntry) -> bool:
    return DRAFT_MARK in (entry.tcomment or "")


def compiled(po_path: Path) -> bytes:
    # Fuzzy entries are left out, as msgfmt does: they are msgmerge's guesses.
    return polib.pofile(str(po_path)).to_binary()


def drafts(po_path: Path) -> int:
    return sum(1 for entry in polib.pofile(str(po_path)) if entry.translated() and is_draft(entry))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="fail if a committed .mo is stale")
    parser.add_argument("--drafts", action="store_true", help="count the drafts per language")
    args = parser.parse_args()
    stale = []
    for po_path in catalogues():
        language = po_path.parent.parent.name
        mo_path = po_path.with_suffix(".mo")
        if args.drafts:
            print(f"{language}: {drafts(po_path)}")
            continue
        binary = compiled(po_path)
        if args.check:
            if not mo_path.exists() or mo_path.read_bytes() != binary:
                stale.append(str(mo_path.relative_to(LOCALE.parent)))
        else:
            mo_path.write_bytes(binary)
    if stale:
        print("Stale catalogues (run scripts/compile_catalogues.py):", ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
