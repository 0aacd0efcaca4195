"""Reference data in French, Arabic and English (django-modeltranslation).

Names and titles only: numbers, codes, acronyms and kinds stay as they are in
every language, so filters (`?acronym=OIM`), imports and the API's keys do not
move with the language. French is required where it was; Arabic and English are
optional, and empty ones are NULL (names are unique, and NULLs never collide).
"""

from modeltranslation.translator import TranslationOptions, register

from programmes.models import Acronym, Action, Institution, Programme, SpecificObjective, StrategicObjective


class ReferenceOptions(TranslationOptions):
    required_languages = ("fr",)
    empty_values = None


@register(StrategicObjective)
class StrategicObjectiveOptions(ReferenceOptions):
    fields = ("title",)


@register(Programme)
class ProgrammeOptions(ReferenceOptions):
    fields = ("name", "purpose")


@register(SpecificObjective)
class SpecificObjectiveOptions(ReferenceOptions):
    fields = ("title",)


@register(Action)
class ActionOptions(ReferenceOptions):
    fields = ("title",)


@register(Institution)
class InstitutionOptions(ReferenceOptions):
    fields = ("name",)


@register(Acronym)
class AcronymOptions(ReferenceOptions):
    # The expansion, never the sigle: the text's « OIM » is the same in every language.
    fields = ("expansion",)


# Their history (django-simple-history) keeps every language: a version restored
# from it brings back the Arabic and English too.
register(StrategicObjective.history.model)(StrategicObjectiveOptions)
register(Programme.history.model)(ProgrammeOptions)
register(SpecificObjective.history.model)(SpecificObjectiveOptions)
register(Action.history.model)(ActionOptions)
register(Institution.history.model)(InstitutionOptions)
register(Acronym.history.model)(AcronymOptions)
