"""Change forms of translated models: one tab per language (django-modeltranslation).

The fields that are not translated come first, as before; each translated
field's French, Arabic and English then sit in one fieldset per language,
which static/snia/translation_tabs.js turns into tabs (without JavaScript they
stay one under the other). French stays required where it was; each input
says its language (`lang`, `dir`), so Arabic is typed right to left.

Combine after the base: `class ProgrammeAdmin(DomainAdmin, TranslatedAdmin)`,
so that the base's fieldsets (the version) wrap these.
"""

from django.conf import settings
from django.http import HttpRequest
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from modeltranslation.admin import TranslationAdmin


class TranslatedAdmin(TranslationAdmin):
    class Media:
        js = ["snia/translation_tabs.js"]
        css = {"all": ["snia/translation_tabs.css"]}

    def formfield_for_dbfield(self, db_field, request: HttpRequest, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        language = getattr(db_field, "language", None)
        if formfield is not None and language:
            formfield.widget.attrs.update(
                lang=language, dir="rtl" if get_language_info(language)["bidi"] else "ltr"
            )
        return formfield

    def get_fieldsets(self, request: HttpRequest, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        codes = [code for code, _name in settings.LANGUAGES]
        suffixes = {f"{field}_{code}": code for field in self.trans_opts.get_field_names() for code in codes}
        per_language: dict[str, list[str]] = {code: [] for code in codes}
        kept = []
        for name, options in fieldsets:
            fields = []
            for item in options.get("fields", ()):
                if isinstance(item, str) and item in suffixes:
                    per_language[suffixes[item]].append(item)
                else:
                    fields.append(item)
            if fields:
                kept.append((name, {**options, "fields": fields}))
        return kept + [
            (
                capfirst(get_language_info(code)["name_local"]),
                {"fields": fields, "classes": ["snia-translation", f"snia-translation-{code}"]},
            )
            for code, fields in per_language.items()
            if fields
        ]
