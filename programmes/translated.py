"""Which translated text fell back to French.

Reference data and narrative are translated with django-modeltranslation (each
app's translation.py): `title` reads the active language's `title_ar` or
`title_en`, and the French `title_fr` when that is empty. Pages mark such
French text (programmes/templatetags/translated.py), the bilan notes it, and
staff's list of what is untranslated (reports/untranslated.py) counts it: all
through `Translatable.translation_missing`, the one place that decides.
"""

from django.conf import settings
from django.utils.translation import get_language, override
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

SOURCE_LANGUAGE = settings.LANGUAGE_CODE  # French: the text of record, modeltranslation's default


def translated_fields(model) -> tuple[str, ...]:
    """The model's translated fields (`("name",)`), none if it is not registered."""
    try:
        return tuple(translator.get_options_for_model(model).get_field_names())
    except NotRegistered:
        return ()


def target_languages() -> list[str]:
    """The languages a translator fills in: every language but French."""
    return [code for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE]


def _active_language(language: str | None) -> str:
    language = (language or get_language() or SOURCE_LANGUAGE).split("-")[0]
    return language if language in dict(settings.LANGUAGES) else SOURCE_LANGUAGE


class Translatable:
    """For models with translated fields: declares nothing, answers one question."""

    def _save_table(self, *args, **kwargs):
        # The plain column (`name`) is written from the attribute, which reads
        # the active language: keep the French in it whatever the user's
        # language, so what reads the column directly (raw SQL, related
        # lookups through models without translations) stays French.
        with override(SOURCE_LANGUAGE):
            return super()._save_table(*args, **kwargs)

    def translation_missing(self, field: str, language: str | None = None) -> bool:
        """True when `field` shows French instead of `language` (default: the active one).

        That is: the language is not French, `<field>_<language>` is empty and
        the French is not (an empty text has nothing to translate).
        """
        language = _active_language(language)
        if language == SOURCE_LANGUAGE or field not in translated_fields(type(self)):
            return False
        source = getattr(self, build_localized_fieldname(field, SOURCE_LANGUAGE))
        return not getattr(self, build_localized_fieldname(field, language)) and bool(source)

    def translation_language(self, field: str, language: str | None = None) -> str:
        """The language `field` is shown in: `language`, or French where it fell back."""
        if self.translation_missing(field, language):
            return SOURCE_LANGUAGE
        return _active_language(language)
