"""Template helpers for the three languages: `{% load snia_i18n %}`.

- `{{ value|ltr }}`: a date, a code (« 11.12 »), an acronym or a number
  isolated left to right, so that it reads whole inside an Arabic sentence
  (a bare "11.12" or "10/06/2020" is reordered by the bidi algorithm next to
  Arabic letters). Harmless in French and English.
- `{% interface_languages as languages %}`: settings.LANGUAGES, each named in
  its own language (Django's get_available_languages translates the names).
"""

from django import template
from django.conf import settings
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.timezone import template_localtime

register = template.Library()


@register.filter
def ltr(value):
    """`<bdi dir="ltr">value</bdi>`, the value escaped (unless already safe) and,
    like `{{ value }}`, a date or number in the current language's format."""
    if value is None or value == "":
        return value
    if not isinstance(value, str):
        value = localize(template_localtime(value))
    return format_html('<bdi dir="ltr">{}</bdi>', value)


@register.simple_tag
def interface_languages() -> list[tuple[str, str]]:
    return list(settings.LANGUAGES)
