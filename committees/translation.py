"""Committees' names in French, Arabic and English (django-modeltranslation);
their codes (« CP1 », « CoPil ») stay as they are."""

from modeltranslation.translator import TranslationOptions, register

from committees.models import Committee


@register(Committee)
class CommitteeOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("fr",)
    empty_values = None


# Their history (django-simple-history) keeps every language: a version restored
# from it brings back the Arabic and English too.
register(Committee.history.model)(CommitteeOptions)
