"""Acronyms in the bilan: which the document uses, and their first use spelled out.

The glossary is reference data (programmes.models.Acronym). Matching is
case-sensitive and on whole tokens: « OIM » in « l'OIM », not « CP » in « CPU »;
a sigle directly followed by digits (« CP3 ») is that sigle too.

Every use is wrapped in <abbr title="expansion"> (bilan.css keeps it on one
line and never hyphenates it: « ARMIP-PRM » no longer breaks at its hyphen;
Open Sans has no non-breaking hyphen U+2011). The first use in each chapter
(`<section class="chapter">`; the synthesis is one too) is followed by its
expansion in brackets, « ENAS (enfants non accompagnés ou séparés) », unless:
- the text already gives the expansion next to it (« … séparés (ENAS) »),
  which counts as that first use;
- it sits in a heading, a table, the contents or the cover (`Context.display`),
  or is a numbered designation (« CP 1 », « OSP 24 »): those are only wrapped,
  and the next use in running text is the one spelled out.
The list of acronyms (templates/reports/bilan/acronyms.html) holds those the
document uses, found by `used_in` in the document rendered without the list.
"""

import html as html_lib
import re
from dataclasses import dataclass
from functools import cached_property

from programmes.models import Acronym
from reports.typography import NBSP, PRIVATE_USE, TAG, URL, Context, Document, run_text, text_runs, tokenize

LIST_CLASS = "acronyms"  # the printed list itself: neither searched nor marked


@dataclass(frozen=True)
class Glossary:
    expansions: dict[str, str]  # sigle → expanded form

    @classmethod
    def from_database(cls) -> "Glossary":
        # An entry holding private-use characters (refused by the model's
        # validators, but older rows or the shell may hold one) would be taken
        # for the typography filter's own marks: left out.
        rows = Acronym.objects.values_list("sigle", "expansion")
        return cls({sigle: text for sigle, text in rows if not PRIVATE_USE.search(sigle + text)})

    @cached_property
    def pattern(self) -> re.Pattern | None:
        if not self.expansions:
            return None
        # Longest first: « ARMIP-PRM » before a shorter sigle it contains.
        sigles = sorted(self.expansions, key=len, reverse=True)
        alternatives = "|".join(re.escape(sigle) for sigle in sigles)
        return re.compile(rf"(?<![\w\-‐])({alternatives})(\d*)(?![\w\-‐])")

    def spell_out(self, text: str, context: Context) -> str:
        """A typography rule (reports.typography): acronyms marked, first uses spelled out."""
        return _spell_out(self, text, context)

    def entries(self, sigles: set[str]) -> list[Acronym]:
        """The glossary rows of `sigles`, in alphabetical order (accents and case aside)."""
        rows = [Acronym(sigle=sigle, expansion=self.expansions[sigle]) for sigle in sigles]
        return sorted(rows, key=lambda row: row.sigle.casefold())


def used_in(html: str, glossary: Glossary) -> set[str]:
    """The sigles of `glossary` that the text of `html` uses (outside the list of acronyms)."""
    if glossary.pattern is None:
        return set()
    used = set()
    for context, run in text_runs(tokenize(html), Document("", glossary)):
        if LIST_CLASS not in context.classes:
            # Not inside a URL or an e-mail address (« contact@OIM.org »).
            text = URL.sub(" ", run_text(run))
            used.update(match.group(1) for match in glossary.pattern.finditer(text))
    return used


def _normalised(text: str) -> str:
    text = text.replace(TAG, "").replace("’", "'").replace(NBSP, " ").casefold()
    return " ".join(text.split())


def _given_nearby(text: str, match: re.Match, expansion: str) -> bool:
    """Whether the text defines the acronym: « … (OSC) », or its expansion within a few words."""
    if text[match.start() - 1 : match.start()] == "(" and text[match.end() : match.end() + 1] == ")":
        return True
    margin = len(expansion) + 40
    window = text[max(0, match.start() - margin) : match.end() + margin]
    return _normalised(expansion) in _normalised(window)


NUMBERED = re.compile(rf"[ {NBSP}]?\d")


def _spell_out(glossary: "Glossary", text: str, context: Context) -> str:
    if glossary.pattern is None or LIST_CLASS in context.classes:
        return text
    markup, spelled = context.markup, context.document.spelled

    def replace(match: re.Match) -> str:
        sigle, number = match.groups()
        expansion = glossary.expansions[sigle]
        opening = markup.mark(f'<abbr title="{html_lib.escape(expansion)}">')
        wrapped = f"{opening}{match.group()}{markup.mark('</abbr>')}"
        numbered = number or NUMBERED.match(text, match.end())
        if context.chapter is None or context.display or numbered or (context.chapter, sigle) in spelled:
            return wrapped
        spelled.add((context.chapter, sigle))
        if _given_nearby(text, match, expansion):
            return wrapped
        # Brackets inside brackets, as French typography does: « (20e CIST [Conférence …]) ».
        if text.count("(", 0, match.start()) > text.count(")", 0, match.start()):
            return f"{wrapped} [{expansion}]"
        return f"{wrapped} ({expansion})"

    return glossary.pattern.sub(replace, text)
