"""What makes the bilan's PDF archival and accessible, around WeasyPrint's render.

WeasyPrint 70's `pdf/a-3a` variant writes a tagged PDF (structure tree, /Lang
from <html lang>, /MarkInfo) identified as PDF/A-3a in its XMP, with the title
of <title> and the creation date of <meta name="dcterms.created">. It leaves
three things to us, done here:

- the year's figures as a CSV attachment (relationship « Data »), taken from the
  HTML (`reports.figures_csv`), so that the PDF depends on the HTML alone;
- page labels: WeasyPrint writes no /PageLabels, so a viewer would number the
  cover 1 and every page one ahead of its printed folio. They are computed from
  each page's `page` counter, as CSS prints it, and added with pikepdf;
- no date of rendering: an attachment's dates default to « now » in WeasyPrint,
  which would change the file at every render (the stored PDF is keyed on the
  HTML's hash, and two renders of one HTML must be byte-identical). They come
  from the HTML too. Without <meta name="dcterms.created"> WeasyPrint writes no
  CreationDate, ModDate nor XMP date at all.

No PDF/A validator is available here: the tests check the identification, the
structure tree and the attachment with pikepdf. The PDF is « identifié PDF/A »,
not certified « conforme ».
"""

import io
from datetime import datetime

import pikepdf
from django.utils.translation import gettext as _
from weasyprint import Attachment
from weasyprint.document import Document

from reports.figures_csv import MEDIA_TYPE, data_url_bytes

PDF_VARIANT = "pdf/a-3a"


def figures_attachments(root_element) -> list[Attachment]:
    """The CSV files the HTML links as `<link rel="alternate" type="text/csv" href="data:…">`.

    `root_element` is the parsed HTML's root (weasyprint.HTML.etree_element).
    Their dates are the link's `data-modified` (reports.figures_csv.figures_link):
    WeasyPrint would otherwise stamp the time of rendering.
    """
    attachments = []
    for link in root_element.iter("link"):
        rel = (link.get("rel") or "").split()
        href = link.get("href") or ""
        if "alternate" not in rel or link.get("type") != MEDIA_TYPE or not href.startswith("data:"):
            continue
        modified = datetime.fromisoformat(link.get("data-modified"))
        attachments.append(
            Attachment(
                string=data_url_bytes(href),
                name=link.get("data-filename"),
                description=link.get("title"),
                relationship="Data",
                created=modified,
                modified=modified,
            )
        )
    return attachments


def _page_counter_step(style) -> tuple[int | None, int]:
    """(reset value or None, increment) of the `page` counter for one page's style."""
    reset = None
    for name, value in style["counter_reset"] or ():
        if name == "page":
            reset = value
    increment = sum(value for name, value in style["counter_increment"] or () if name == "page")
    return reset, increment


def page_labels(document: Document) -> list[str | int]:
    """Each page's label: its printed folio (`counter(page)`) as an int, or a
    name for a page the page counter skips (`counter-increment: page 0`), as the
    cover does: « Couverture » before the first folio, « Quatrième de
    couverture » after it."""
    labels: list[str | int] = []
    counter = 0
    for page in document.pages:
        reset, increment = _page_counter_step(page._page_box.style)
        if reset is not None:
            counter = reset
        counter += increment
        if increment:
            labels.append(counter)
        else:
            numbered_before = any(isinstance(label, int) for label in labels)
            labels.append(_("Quatrième de couverture") if numbered_before else _("Couverture"))
    return labels


def page_label_nums(labels: list[str | int]) -> pikepdf.Array:
    """A /PageLabels number tree's /Nums: one range per run of consecutive folios,
    one per named page."""
    nums = []
    previous = None
    for index, label in enumerate(labels):
        if isinstance(label, str):
            nums += [index, pikepdf.Dictionary(P=pikepdf.String(label))]
        elif not (isinstance(previous, int) and label == previous + 1):
            nums += [index, pikepdf.Dictionary(S=pikepdf.Name.D, St=label)]
        previous = label
    return pikepdf.Array(nums)


def with_page_labels(pdf: bytes, labels: list[str | int]) -> bytes:
    """`pdf` with its page labels, and each associated file listed once in the
    catalogue's /AF (WeasyPrint 70 lists an attachment there twice).

    qpdf keeps the objects WeasyPrint wrote (XMP identification, structure tree,
    output intent, attachments); the new file identifier is computed from the
    content, not from the time, so the output stays a function of the input.
    """
    with pikepdf.open(io.BytesIO(pdf)) as document:
        document.Root.PageLabels = pikepdf.Dictionary(Nums=page_label_nums(labels))
        if "/AF" in document.Root:
            unique = {item.objgen: item for item in document.Root.AF}
            document.Root.AF = pikepdf.Array(unique.values())
        output = io.BytesIO()
        document.save(output, deterministic_id=True)
        return output.getvalue()
