"""Translated text with its marker: `{% load translated %}{{ programme|tr:"name" }}`.

Where the Arabic or English is missing, the French shows in a
`<span class="tr-missing" lang="fr" dir="ltr">`: screen readers read it as
French, the bidi algorithm keeps it left to right inside Arabic, and the
title says why it is there.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from programmes.translated import Translatable

register = template.Library()


@register.filter
def tr(obj: Translatable | None, field: str) -> SafeString | str:
    """The field in the active language; the French, marked, where it is missing."""
    if obj is None:
        return ""
    value = getattr(obj, field)
    if not obj.translation_missing(field):
        return value
    return format_html(
        '<span class="tr-missing" lang="fr" dir="ltr" title="{}">{}</span>',
        gettext("Traduction manquante : texte original en français"),
        value,
    )


@register.filter
def tr_missing(obj: Translatable | None, field: str) -> bool:
    """For text rendered otherwise (Markdown): whether it shows the French."""
    return obj is not None and obj.translation_missing(field)
