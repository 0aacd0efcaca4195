"""MDCMRE staff's list of what is not yet translated (django-modeltranslation).

For Arabic and English, the records whose translated fields show the French
(programmes.translated.Translatable.translation_missing decides), per model,
with links to their change forms. Every translated model the admin shows is
listed: the registry of translations says which, so a model registered later
appears by itself. One query per model, whatever the number of records.
"""

from django.contrib.admin import AdminSite
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import get_language_info, gettext
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from access.rules import is_mdcmre
from programmes.translated import SOURCE_LANGUAGE, target_languages, translated_fields


def _empty(field: str) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(**{field: ""})


def _missing_in(model: type[Model], language: str) -> Q:
    """Rows with a French text and no `language` text, for any translated field."""
    condition = Q(pk__in=[])
    for field in translated_fields(model):
        source = build_localized_fieldname(field, SOURCE_LANGUAGE)
        condition |= _empty(build_localized_fieldname(field, language)) & ~_empty(source)
    return condition


def translated_models(admin_site: AdminSite) -> list[type[Model]]:
    """The translated models the admin shows (their history is translated too, not listed)."""
    registered = translator.get_registered_models(abstract=False)
    models = [model for model in registered if model in admin_site._registry]
    return sorted(models, key=lambda model: (model._meta.app_label, str(model._meta.verbose_name_plural)))


def untranslated(admin_site: AdminSite, languages: list[str] | None = None) -> list[dict]:
    """Per language: its name, the total, and per model the records to translate."""
    languages = languages or target_languages()
    models = translated_models(admin_site)
    result = {language: [] for language in languages}
    for model in models:
        opts = model._meta
        change_url = f"admin:{opts.app_label}_{opts.model_name}_change"
        relations = [f.name for f in opts.concrete_fields if f.is_relation]
        any_missing = Q(pk__in=[])
        for language in languages:
            any_missing |= _missing_in(model, language)
        records = list(model._default_manager.filter(any_missing).select_related(*relations).order_by("pk"))
        for language in languages:
            rows = []
            for record in records:
                fields = [
                    field for field in translated_fields(model) if record.translation_missing(field, language)
                ]
                if fields:
                    rows.append(
                        {
                            "label": str(record),
                            "url": reverse(change_url, args=[record.pk]),
                            "fields": [capfirst(str(opts.get_field(field).verbose_name)) for field in fields],
                        }
                    )
            if rows:
                result[language].append(
                    {
                        "name": capfirst(str(opts.verbose_name_plural)),
                        "changelist": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
                        "rows": rows,
                        "fields": sum(len(row["fields"]) for row in rows),
                    }
                )
    return [
        {
            "code": language,
            "name": capfirst(get_language_info(language)["name_local"]),
            "models": models_,
            "records": sum(len(entry["rows"]) for entry in models_),
        }
        for language, models_ in result.items()
    ]


def untranslated_page(request: HttpRequest, admin_site: AdminSite) -> TemplateResponse:
    if not is_mdcmre(request.user):
        raise PermissionDenied
    return TemplateResponse(
        request,
        "admin/snia/untranslated.html",
        {
            **admin_site.each_context(request),
            "title": gettext("Traductions manquantes"),
            "languages": untranslated(admin_site),
        },
    )
