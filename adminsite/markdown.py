"""Markdown fields in the admin's forms: a short help on the syntax the bilan
renders, and an « Aperçu » button showing the text as the bilan will print it.

A model names its Markdown fields (`markdown_fields = ("narrative",)`); every
SNIA admin form then draws them with MarkdownTextarea (adminsite.base). The
preview is served by the reports app, which owns the rendering
(`reports:markdown-preview`, reports/preview_views.py); the button is shown by
static/snia/markdown_preview.js, so without JavaScript the form is a plain
textarea with its help."""

from django.contrib.admin.widgets import AdminTextareaWidget
from django.db.models import Field, Model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString


def is_markdown(model: type[Model], db_field: Field) -> bool:
    # A translated field's copies (`body_fr`, `body_ar`, django-modeltranslation)
    # are Markdown as the field they copy is: each language tab has its preview.
    name = getattr(db_field, "translated_field", db_field).name
    return name in getattr(model, "markdown_fields", ())


class MarkdownTextarea(AdminTextareaWidget):
    class Media:
        js = ["snia/markdown_preview.js"]
        css = {"all": ["snia/admin.css"]}

    def render(self, name: str, value, attrs=None, renderer=None) -> SafeString:
        textarea = super().render(name, value, attrs, renderer)
        final_attrs = self.build_attrs(self.attrs, attrs)
        field_id = final_attrs.get("id") or f"id_{name}"
        # The help and the button come from the site's templates (the form
        # renderer reads only Django's and the apps' own); the URL is reversed
        # when drawn: it belongs to a higher layer (reports).
        extra = render_to_string(
            "admin/snia/widgets/markdown.html",
            {
                "field_id": field_id,
                "preview_url": reverse("reports:markdown-preview"),
                # The preview reads in the field's language: Arabic right to left.
                "lang": final_attrs.get("lang"),
                "dir": final_attrs.get("dir"),
            },
        )
        # One block in the admin's row (a flex container): the help and the
        # preview go under the textarea, not beside it.
        return format_html('<div class="snia-markdown">{}{}</div>', textarea, extra)
