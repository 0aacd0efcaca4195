"""Where the bilan's words may be hyphenated: soft hyphens we place ourselves.

bilan.css sets `hyphens: manual`, so a line breaks inside a word only at a
soft hyphen (U+00AD) written here, never by WeasyPrint's own dictionary. Why
not `hyphens: auto` with `hyphenate-limit-chars` / `hyphenate-limit-zone`
(which WeasyPrint 70 supports)? CSS cannot tell a proper name or an acronym
from a common word, and the rules say neither is ever cut: here only common
words are (lowercase initial, letters only, long enough), outside headings,
tables, the contents and the cover (`Context.display`), and outside URLs
(reports.typography applies it between them);
capitalised words and acronyms (reports.acronyms) never get one. Words of a
compound (« socio-économique ») are not cut either: the compound already
breaks at its hyphen. Only words of 10 letters or more are cut: the demo 2020
bilan went from 91 line-end hyphens (`hyphens: auto`) to 51 (`pdftotext -layout
bilan.pdf - | grep -cE '[[:alpha:]]-$'`, compounds broken at their own hyphen
included); 12 letters gave 23 but visibly loose justified lines.

They are written on the way to the PDF (`hyphenate`, called by
reports.pdf.html_to_pdf), not into the HTML of render_bilan_html: the preview,
the stored editions' HTML and every search in it keep whole words, and the
PDF is still a function of that HTML alone.

Pyphen's French patterns (the ones WeasyPrint uses) give the break points;
at least three letters stay on each side (« ré-|gion » is never cut).
"""

import functools
import re

import pyphen

from reports.typography import outside_urls_with_context, tokenize, typeset

SOFT_HYPHEN = "\u00ad"
MIN_WORD = 10  # shorter words are never cut
LEFT, RIGHT = 3, 3  # letters kept before and after the cut
PATTERNS = {"fr": "fr"}  # Arabic is not hyphenated

# A common word: lowercase initial, letters only, not part of a compound.
WORD = re.compile(rf"(?<![\w\-‐{SOFT_HYPHEN}])([a-zß-öø-ÿœæ][^\W\d_]{{{MIN_WORD - 1},}})(?![\w\-‐])")


@functools.cache
def _dictionary(language: str) -> pyphen.Pyphen:
    return pyphen.Pyphen(lang=PATTERNS[language], left=LEFT, right=RIGHT)


@functools.lru_cache(maxsize=20_000)
def hyphenated(word: str, language: str) -> str:
    return _dictionary(language).inserted(word, hyphen=SOFT_HYPHEN)


def soft_hyphens(text: str, context) -> str:
    """`text` with soft hyphens at the break points of its common words."""
    language = context.document.language
    if context.display or language not in PATTERNS:
        return text
    return WORD.sub(lambda match: hyphenated(match.group(1), language), text)


def document_language(html: str) -> str:
    """The `lang` of the document's <html> tag ("" without one)."""
    for token in tokenize(html[:2000]):
        if token.tag == "html":
            return (token.attrs.get("lang") or "").split("-")[0].lower()
    return ""


def rules(language: str) -> list:
    """The typography rule that writes the soft hyphens of `language` (none if it is not hyphenated)."""
    return [outside_urls_with_context(soft_hyphens)] if language in PATTERNS else []


def hyphenate(html: str) -> str:
    """The document with soft hyphens in the common words of its running text, in its language."""
    language = document_language(html)
    if language not in PATTERNS:
        return html
    return typeset(html, language, rules=rules(language))
