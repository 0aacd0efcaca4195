"""Helpers shared by the admin tests."""

import html
import re

from django.db import models
from django.http import HttpResponse
from django.urls import reverse


def signed_version(record: models.Model) -> str:
    """The hidden version field as the admin renders it in a change form (signed)."""
    from concurrency.forms import get_signer

    return get_signer().sign(record.version)


def admin_url(model: type[models.Model], view: str, *args: object) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def page_text(response: HttpResponse) -> str:
    """The page as a reader sees it: HTML entities (&#x27; for ') decoded."""
    return html.unescape(response.content.decode())


def visible_text(response: HttpResponse) -> str:
    """The page's text without tags, whitespace collapsed: "Action: 11.12 …"."""
    return " ".join(re.sub(r"<[^>]+>", " ", page_text(response)).split())


def form_errors(response: HttpResponse) -> list[str]:
    """Every error message of the re-rendered admin form, inlines included."""
    context = response.context
    messages = [str(error) for error in context["adminform"].form.errors.values() for error in error]
    for inline in context["inline_admin_formsets"]:
        for form_errors in inline.formset.errors:
            messages += [str(error) for errors in form_errors.values() for error in errors]
        messages += [str(error) for error in inline.formset.non_form_errors()]
    return messages
