"""Renders staff-written Markdown as sanitised HTML.

Narrative is stored as Markdown and may contain anything a user typed. It is
converted, then cleaned with nh3 (an allow-list sanitiser): raw HTML such as
<script> is dropped and only http(s) and mailto links survive, so no stored
text can pull a file:// or remote image into the PDF.
"""

import datetime

import markdown as markdown_lib
import nh3
from django import template
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import pgettext

from reports.tables import isolate_markers
from reports.translations import falls_back

register = template.Library()

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "sup",
    "sub",
    "ul",
    "ol",
    "li",
    "blockquote",
    "a",
    "h3",
    "h4",
    "h5",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}


def render_markdown(text: str) -> SafeString:
    # A table marker's line becomes a paragraph of its own, which the bilan
    # replaces by the table once nh3 has cleaned the HTML (reports.tables).
    html = markdown_lib.markdown(isolate_markers(text or ""), extensions=["tables", "sane_lists"])
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(cleaned)  # noqa: S308 - nh3 has just sanitised it


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    return render_markdown(text)


@register.filter(name="long_date")
def long_date(value: datetime.date) -> str:
    """'25 juin 2020', and '1er octobre 2020' for the first of the month, as in the bilan."""
    day = pgettext("premier jour du mois", "1er") if value.day == 1 else str(value.day)
    return f"{day} {date_format(value, 'F Y')}"


@register.filter
def untranslated(obj, field_name: str) -> bool:
    """Whether `obj`'s `field_name` is shown in French for want of a translation
    into the active language (reports.translations)."""
    return falls_back(obj, field_name)


@register.filter
def any_untranslated(objects, field_name: str) -> bool:
    return any(falls_back(obj, field_name) for obj in objects)
