"""No word hyphenated across a page break.

Where a line may break inside a word is decided by the soft hyphens of
reports.hyphenation, before layout; which line ends a page is known only
after it. So once the document is laid out, the words cut at the foot of a
page (« déve- » | « loppés ») are looked for, their soft hyphens removed
everywhere in the document, and the document laid out again: the line then
breaks before or after the whole word. A new layout can cut another word at
another page's foot, so this repeats, a few times at most.

CSS has no property for this in WeasyPrint 70 (`hyphenate-limit-last` is not
supported), hence the second layout, which only documents that need it pay.
"""

import re
from collections.abc import Iterator

from weasyprint.document import Document
from weasyprint.formatting_structure import boxes

from reports.hyphenation import SOFT_HYPHEN

# WeasyPrint writes the hyphenate character (bilan.css: "-") after the soft
# hyphen it breaks at; the laid-out text keeps the word's other soft hyphens.
CUT_HEAD = re.compile(f"([\\w{SOFT_HYPHEN}]+){SOFT_HYPHEN}-$")
CUT_TAIL = re.compile(f"\\s*([\\w{SOFT_HYPHEN}]+)")


def _lines(box) -> Iterator[boxes.LineBox]:
    """The line boxes of a page's content (its margin boxes left out)."""
    if isinstance(box, boxes.MarginBox):
        return
    if isinstance(box, boxes.LineBox):
        yield box
        return
    for child in getattr(box, "children", ()):
        yield from _lines(child)


def _text(box) -> str:
    if isinstance(box, boxes.TextBox):
        return box.text
    return "".join(_text(child) for child in getattr(box, "children", ()))


def words_cut_across_pages(document: Document) -> list[str]:
    """The words that `document` (laid out) hyphenates at the foot of a page, whole."""
    pages = [list(_lines(page._page_box)) for page in document.pages]
    cut = []
    for page, following in zip(pages, pages[1:], strict=False):
        if not page or not following:
            continue
        last = max(page, key=lambda line: line.position_y + line.height)
        first = min(following, key=lambda line: line.position_y)
        head = CUT_HEAD.search(_text(last).rstrip())
        tail = CUT_TAIL.match(_text(first))
        if head and tail:
            cut.append((head.group(1) + tail.group(1)).replace(SOFT_HYPHEN, ""))
    return cut


def keep_whole(html: str, words: list[str]) -> str:
    """`html` without the soft hyphens of `words`, wherever they are.

    Soft hyphens are only ever in text (reports.hyphenation puts them there),
    so a word spelt with some is found in the markup as it is. A real hyphen
    (« Béni-Mellal ») is not a soft hyphen's cut and matches nothing here.
    """
    for word in words:
        spelt = f"{SOFT_HYPHEN}?".join(re.escape(letter) for letter in word)
        html = re.sub(f"(?<!\\w){spelt}(?!\\w)", word, html)
    return html
