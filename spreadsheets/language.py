"""Spreadsheet files are French, whatever the language of the interface.

A file's headers, choice labels (« Formation »), Oui/Non cells and reference
names identify what a cell means: a file exported in Arabic must import in
French and the other way round. So everything written INTO a file (exports,
the import template, the year's workbook) and every value read FROM one
(labels and names an import compares a cell with) is in `FILE_LANGUAGE`;
what is said ABOUT a file (the preview page, error messages, success
messages) stays in the user's language, naming the French column in quotes.

`in_file_language()` is the rule, used as a context manager; `file_language`
decorates the functions that write a file.
"""

import functools
from collections.abc import Callable
from typing import TypeVar

from django.utils import translation

F = TypeVar("F", bound=Callable)

FILE_LANGUAGE = "fr"
# Unicode's first strong isolate and pop directional isolate: a French column
# name inside an Arabic sentence keeps its own direction.
FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE = "\u2068", "\u2069"


def in_file_language() -> translation.override:
    return translation.override(FILE_LANGUAGE)


def file_language(function: F) -> F:
    """`function` runs in the file's language (a new override per call, so calls may nest)."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with in_file_language():
            return function(*args, **kwargs)

    return wrapper


def in_file_words(text) -> str:
    """`text` (a lazy label, a name) as a file writes it."""
    with in_file_language():
        return str(text)


def isolated(text: str) -> str:
    """A file's word (a French column name, a label) quoted in a right-to-left message: isolated."""
    if translation.get_language_bidi():
        return f"{FIRST_STRONG_ISOLATE}{text}{POP_DIRECTIONAL_ISOLATE}"
    return text
