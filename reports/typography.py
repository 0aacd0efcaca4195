"""French (and Arabic) typography for the bilan: one filter over the whole rendered document.

`typeset(html, language, glossary)` is applied once, by
`reports.pdf.render_bilan_html`, so that the screen preview and the PDF read
the same text. It rewrites text nodes only: tags and attributes are copied as
they were written, and <head>, <style>, <script>, <svg>, <pre> and <code> are
left alone. Inline tags (<em>, <a>, <sup>…) do not cut a sentence: a "run" is
the text of one block, with each inline tag standing for one private-use
character (TAG) that no rule matches, so the tags come back in place.

Rules may insert markup (<sup>, <abbr>, no-wrap spans): they write a
`Markup.mark(html)` character, turned back into that HTML once the text is
escaped. Our fonts (Open Sans, Noto Naskh Arabic) have no U+202F nor U+2060:
the filter writes U+00A0 or a no-wrap span, never those.

French has its rules (`french_rules`), Arabic isolates its Latin runs
(`arabic_rules`, reports.bidi); any other language is returned unchanged. Soft hyphens are
placed later, on the way to the PDF (reports.hyphenation).
"""

import html as html_lib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

from reports.bidi import isolate_latin

NBSP = "\u00a0"
TAG = "\ue000"  # an inline tag of the source, put back in order
FIRST_MARK = 0xE001
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")

# Their content is not text to set: copied byte for byte.
RAW_ELEMENTS = {"head", "style", "script", "svg", "math", "pre", "code", "kbd", "samp", "textarea"}
INLINE_ELEMENTS = {
    "a", "abbr", "b", "bdi", "bdo", "br", "cite", "dfn", "em", "i", "img", "mark", "q", "s",
    "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr",
}  # fmt: skip
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
# Neither hyphenated nor given an acronym's expansion: short, displayed text.
DISPLAY_ELEMENTS = {
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "th",
    "td",
    "caption",
    "figcaption",
    "nav",
    "dt",
    "title",
}
DISPLAY_CLASSES = {"cover", "contents", "acronyms", "table-caption", "screen-toolbar", "preview-banner"}
# Text in another language than the document's: its rules are not ours (the
# cover's Arabic title block, French shown for want of a translation: reports.translations).
FOREIGN_CLASSES = {"cover-arabic", "untranslated"}
# Postal addresses: their numbers are not grouped.
ADDRESS_CLASSES = {"back-cover"}


class Markup:
    """Private-use characters standing for the HTML that rules insert."""

    def __init__(self) -> None:
        self.html_of: dict[str, str] = {}
        self._char_of: dict[str, str] = {}

    def mark(self, html: str) -> str:
        if html not in self._char_of:
            char = chr(FIRST_MARK + len(self._char_of))
            self._char_of[html], self.html_of[char] = char, html
        return self._char_of[html]


@dataclass
class Document:
    """What the rules share across one document: inserted markup, the glossary
    (reports.acronyms.Glossary, or None: anything with `spell_out(text, context)`)
    and the acronyms already spelled out."""

    language: str
    glossary: object = None
    markup: Markup = field(default_factory=Markup)
    spelled: set = field(default_factory=set)


@dataclass
class Context:
    """Where a run of text sits in the document."""

    document: Document
    chapter: int | None  # the <section class="chapter"> (or "synthesis") it is in
    display: bool  # a heading, a table cell, the contents, the cover…
    classes: frozenset[str]  # classes of the elements around it

    @property
    def markup(self) -> Markup:
        return self.document.markup


Rule = Callable[[str, Context], str]

# ---- Tokens -------------------------------------------------------------


@dataclass
class Token:
    raw: str = ""  # as written in the source
    text: str | None = None  # a text node, decoded
    tag: str = ""
    start: bool = False
    attrs: dict = field(default_factory=dict)
    chapter: int | None = None  # a <section>'s number in the document


class _Tokenizer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.tokens: list[Token] = []

    def _text(self, text: str, raw: str) -> None:
        if self.tokens and self.tokens[-1].text is not None:
            self.tokens[-1].text += text
            self.tokens[-1].raw += raw
        else:
            self.tokens.append(Token(raw, text=text))

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tokens.append(Token(self.get_starttag_text(), tag=tag, start=True, attrs=dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.tokens.append(Token(self.get_starttag_text(), tag=tag, attrs=dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.tokens.append(Token(f"</{tag}>", tag=tag))

    def handle_data(self, data: str) -> None:
        if self.cdata_elem:  # <style>, <script>: not text to decode
            self.tokens.append(Token(data))
        else:
            self._text(html_lib.unescape(data), data)

    def handle_entityref(self, name: str) -> None:
        self._text(html_lib.unescape(f"&{name};"), f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._text(html_lib.unescape(f"&#{name};"), f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self.tokens.append(Token(f"<!--{data}-->"))

    def handle_decl(self, decl: str) -> None:
        self.tokens.append(Token(f"<!{decl}>"))

    def handle_pi(self, data: str) -> None:
        self.tokens.append(Token(f"<?{data}>"))

    def unknown_decl(self, data: str) -> None:
        self.tokens.append(Token(f"<![{data}]>"))


def tokenize(html: str) -> list[Token]:
    parser = _Tokenizer()
    parser.feed(html)
    parser.close()
    return parser.tokens


def _escape(text: str) -> str:
    return html_lib.escape(text, quote=False)


# ---- The walk -----------------------------------------------------------


def text_runs(tokens: list[Token], document: Document):
    """Yields (context, run): each run a list of consecutive text and inline-tag tokens."""
    stack: list[Token] = []
    chapters = 0
    run: list[Token] = []

    def context() -> Context:
        chapter = None
        for token in stack:
            if token.tag == "section" and {"chapter", "synthesis"} & set(
                (token.attrs.get("class") or "").split()
            ):
                chapter = token.chapter
        classes = frozenset(c for token in stack for c in (token.attrs.get("class") or "").split())
        display = any(token.tag in DISPLAY_ELEMENTS for token in stack) or bool(classes & DISPLAY_CLASSES)
        return Context(document, chapter, display, classes)

    for token in tokens:
        raw = any(item.tag in RAW_ELEMENTS for item in stack) or token.tag in RAW_ELEMENTS
        if token.text is not None or (token.tag in INLINE_ELEMENTS and not raw):
            if raw:
                continue
            if token.text is not None or run:
                run.append(token)
            if token.tag in INLINE_ELEMENTS and token.start and token.tag not in VOID_ELEMENTS:
                stack.append(token)
            elif token.tag in INLINE_ELEMENTS and not token.start:
                _pop(stack, token.tag)
            continue
        if run:
            yield context(), run
            run = []
        if token.tag and token.start and token.tag not in VOID_ELEMENTS:
            if token.tag == "section":
                chapters += 1
                token.chapter = chapters
            stack.append(token)
        elif token.tag and not token.start:
            _pop(stack, token.tag)
    if run:
        yield context(), run


def _pop(stack: list[Token], tag: str) -> None:
    for index in range(len(stack) - 1, -1, -1):
        if stack[index].tag == tag:
            del stack[index:]
            return


def run_text(run: list[Token]) -> str:
    return "".join(TAG if token.text is None else token.text for token in run)


def typeset(html: str, language: str, glossary=None, rules: list[Rule] | None = None) -> str:
    """`html` with the typography of `language` applied to its text nodes;
    `glossary` (reports.acronyms.Glossary) marks and spells out acronyms."""
    rules = RULES.get(language) if rules is None else rules
    if not rules:
        return html
    tokens = tokenize(html)
    document = Document(language, glossary)
    markup = document.markup
    replaced: dict[int, str] = {}
    for context, run in text_runs(tokens, document):
        text = run_text(run)
        if PRIVATE_USE.search(text.replace(TAG, "")) or context.classes & FOREIGN_CLASSES:
            continue  # private-use characters of the source: ours would be mistaken for them
        for rule in rules:
            text = rule(text, context)
        parts = iter(text.split(TAG))
        pieces = [_escape(next(parts)).translate(_restore(markup))]
        for token in run:
            if token.text is None:
                pieces.append(token.raw)
                pieces.append(_escape(next(parts)).translate(_restore(markup)))
        replaced[id(run[0])] = "".join(pieces)
        for token in run[1:]:
            replaced[id(token)] = ""
    # What no rule saw (svg, style…) is copied as written.
    return "".join(replaced.get(id(token), token.raw) for token in tokens)


def _restore(markup: Markup) -> dict[int, str]:
    return {ord(char): html for char, html in markup.html_of.items()}


# ---- French -------------------------------------------------------------

URL = re.compile(r"(?:https?://|ftp://|mailto:|www\.)[^\s" + TAG + r"]+|[\w.+-]+@[\w-]+\.[\w.-]+")
MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
# A number and what it measures stay on one line: units, currencies and
# durations ("6 ans", "3 mois"), not every noun ("600 réfugiés" may break).
UNITS = (
    r"%|‰|€|\$|DH|MAD|km|m|cm|mm|m²|km²|kg|g|t|h|min|ans?|mois|semaines?|jours?|heures?|millions?|milliards?"
)
LETTER = r"[^\W\d_]"


def outside_urls(rule: Callable[[str], str]) -> Callable[[str], str]:
    """`rule` applied to the text between URLs and e-mail addresses (a URL keeps its colon)."""

    def apply(text: str) -> str:
        pieces, last = [], 0
        for match in URL.finditer(text):
            pieces += [rule(text[last : match.start()]), match.group()]
            last = match.end()
        return "".join([*pieces, rule(text[last:])])

    return apply


# After a letter, a closing bracket or quote, or a tag (« <abbr>OIM</abbr>: »).
AFTER_WORD = r"(?:(?<=[^\W\d_])|(?<=[)\]»\ue000-\uf8ff]))"


def french_spaces(text: str, group_thousands: bool = True) -> str:
    # Characters our fonts lack.
    text = text.replace("\u202f", NBSP).replace("\u2060", "").replace("\ufeff", "")
    # Apostrophes: closing (l'OIM, aujourd'hui) unless opening a quotation.
    text = re.sub(r"(?<![\w" + TAG + r"])'(?=\w)", "‘", text)
    text = text.replace("'", "’")
    # « » and the high punctuation.
    text = re.sub(r"«[ \t\n\u00a0]*", "«" + NBSP, text)
    text = re.sub(r"(?<=[^\s«])[ \t\n\u00a0]*»", NBSP + "»", text)
    text = re.sub(r"[ \t\n]+(?=[:;!?%‰»])", NBSP, text)
    # … and where the writer left no space at all: « suivant: », « l'OIM: ».
    # A colon only before a space or the end, so that « 14:30 » and « 3:1 » stay.
    text = re.sub(rf"{AFTER_WORD}(?=[;!?])", NBSP, text)
    text = re.sub(rf"{AFTER_WORD}(?=:(?:\s|$))", NBSP, text)
    # Dates: "10 juillet 2020", "1er octobre", "25 février".
    text = re.sub(rf"(?i)\b(\d{{1,2}}|1er)[ \t\n]+({MONTHS})\b", rf"\1{NBSP}\2", text)
    text = re.sub(rf"(?i)\b({MONTHS})[ \t\n]+(\d{{4}})\b", rf"\1{NBSP}\2", text)
    # A number and its unit; "n° 118".
    text = re.sub(rf"(?<=\d)[ \t\n]+(?=(?:{UNITS})(?![\w]))", NBSP, text)
    text = re.sub(r"(?<=\d)(?=[%‰])", NBSP, text)
    text = re.sub(r"\b([nN]°)[ \t\n]*(?=\d)", rf"\1{NBSP}", text)
    return thousands(text) if group_thousands else text


# An integer standing alone: not part of a word, a code (11.12, 2-14-963),
# a decimal (12,5), a date (10/07/2020) nor a phone number (leading zero).
INTEGER = re.compile(r"(?<![\w.,/\-–+])(?<![.,/\-–]\d)([1-9]\d{3,})(?![\w]|[.,/\-–]\d|[/\-–])")


def group_digits(number: int) -> str:
    """6299 → « 6 299 », with a non-breaking space."""
    return f"{number:,}".replace(",", NBSP)


def thousands(text: str) -> str:
    def group(match: re.Match) -> str:
        digits = match.group(1)
        if len(digits) == 4 and 1900 <= int(digits) <= 2099:
            return digits  # a year
        return group_digits(int(digits))

    return INTEGER.sub(group, text)


ORDINAL = re.compile(r"(?<![\w.,])(\d+|[IVX]{2,}|I)(ers?|res?|ères?|èmes?|emes?|è|es?|ndes?|nds?)(?!\w)")


def ordinal_suffix(number: str, suffix: str) -> str | None:
    """The superscript of an ordinal (French usage: 6ème → 6e), or None if it is not one."""
    plural = "s" if suffix.endswith("s") else ""
    if suffix.startswith(("er", "re", "èr")):
        return ("er" if suffix.startswith("er") else "re") + plural if number in ("1", "I") else None
    if number == "I":
        return None  # "Ie": not an ordinal
    if suffix.startswith("nd"):
        return suffix if number == "2" else None
    return "e" + plural if number != "1" else None


def ordinals(text: str, context: Context) -> str:
    """1er, 1re, 2e, 6ème → 6<sup>e</sup>; XXe (roman numerals of two letters or more) and Ier."""
    sup, end = context.markup.mark("<sup>"), context.markup.mark("</sup>")

    def superscript(match: re.Match) -> str:
        number, suffix = match.groups()
        short = ordinal_suffix(number, suffix)
        return match.group() if short is None else f"{number}{sup}{short}{end}"

    return ORDINAL.sub(superscript, text)


def glossary_rule(text: str, context: Context) -> str:
    """The document's glossary (reports.acronyms.Glossary) marks its acronyms, if it has one."""
    glossary = context.document.glossary
    return text if glossary is None else glossary.spell_out(text, context)


def spaces(text: str, context: Context) -> str:
    # An address's numbers are not quantities: « BP 2132, 10000 Rabat ».
    group = not (context.classes & ADDRESS_CLASSES)
    return outside_urls(lambda part: french_spaces(part, group))(text)


def french_rules() -> list[Rule]:
    return [
        outside_urls_with_context(glossary_rule),
        spaces,
        outside_urls_with_context(ordinals),
    ]


def outside_urls_with_context(rule: Rule) -> Rule:
    def apply(text: str, context: Context) -> str:
        return outside_urls(lambda part: rule(part, context))(text)

    return apply


def arabic_rules() -> list[Rule]:
    return [outside_urls_with_context(isolate_latin)]


# Each language's rules, in order; a language without rules is left as it is.
RULES: dict[str, list[Rule]] = {"fr": french_rules(), "ar": arabic_rules()}
