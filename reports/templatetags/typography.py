"""`{{ value|nombre }}`: a figure with its thousands grouped (« 6 299 »).

The whole document goes through reports.typography anyway; this filter is for a
figure the document filter would take for a year (« 2 020 participants »).
"""

from django import template

from reports.typography import group_digits

register = template.Library()


@register.filter(name="nombre")
def nombre(value: object) -> object:
    """An integer grouped by thousands; anything else (None, text) unchanged."""
    if isinstance(value, bool) or not isinstance(value, int):
        return value
    return group_digits(value)
