"""What staff write for the bilan, in French, Arabic and English
(django-modeltranslation): narrative sections, the lists of challenges,
measures and recommendations, and the titles of studies and university
programmes. The bilan in Arabic shows the French where the Arabic is empty,
with a note (programmes.translated)."""

from modeltranslation.translator import TranslationOptions, register

from reports.models import NarrativeSection, ReportItem, Study, UniversityProgramme


class ContentOptions(TranslationOptions):
    required_languages = ("fr",)
    empty_values = None


@register(NarrativeSection)
class NarrativeSectionOptions(ContentOptions):
    fields = ("heading", "body")


@register(ReportItem)
class ReportItemOptions(ContentOptions):
    fields = ("text",)


@register(Study)
class StudyOptions(ContentOptions):
    fields = ("title",)


@register(UniversityProgramme)
class UniversityProgrammeOptions(ContentOptions):
    fields = ("title",)


# Their history (django-simple-history) keeps every language: a version restored
# from it brings back the Arabic and English too.
register(NarrativeSection.history.model)(NarrativeSectionOptions)
register(ReportItem.history.model)(ReportItemOptions)
register(Study.history.model)(StudyOptions)
register(UniversityProgramme.history.model)(UniversityProgrammeOptions)
