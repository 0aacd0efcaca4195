"""« (suite) » on the pages where a table continues, and only there.

Each table's numbered caption is the first row of its <thead>
(templates/reports/bilan/table_caption.html), which WeasyPrint repeats on
every page the table spans; the caption ends with
`<span class="suite" data-table="…"> (suite)</span>`. CSS cannot tell a
repeated head from the first one, so once the document is laid out, the
span's box is taken out of each table's first page.
"""

from collections.abc import Iterator

from weasyprint.document import Document

SUITE_CLASS = "suite"


def _suite_boxes(box, parent=None) -> Iterator[tuple[object, object, str]]:
    """(parent box, « (suite) » box, its table's anchor) under `box`, in document order."""
    element = getattr(box, "element", None)
    if element is not None and parent is not None and getattr(box, "element_tag", None) == "span":
        if SUITE_CLASS in (element.get("class") or "").split() and element.get("data-table"):
            yield parent, box, element.get("data-table")
            return
    for child in getattr(box, "children", ()):
        yield from _suite_boxes(child, box)


def mark_continued_tables(document: Document) -> Document:
    """Removes « (suite) » from each table's first page in `document` (a
    rendered weasyprint Document, before write_pdf); returns it."""
    started: set[str] = set()
    for page in document.pages:
        on_page = set()
        for parent, box, table in _suite_boxes(page._page_box):
            if table not in started:
                parent.children = [child for child in parent.children if child is not box]
            on_page.add(table)
        started |= on_page
    return document
