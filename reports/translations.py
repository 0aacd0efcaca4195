"""Which of the bilan's texts are shown in French for want of a translation.

Narrative sections, the lists (challenges, measures, recommendations) and the
titles of studies and university programmes can be entered in Arabic and
English as well as French (django-modeltranslation: `<field>_ar`, `<field>_en`
beside `<field>_fr`). Reading the plain field gives
the active language's text, or the French when none was entered. The bilan
shows that French under a note, marked lang="fr" dir="ltr"
(templates/reports/bilan/narrative.html, items.html), and staff see, before
publishing, how much of the year is translated (`completeness`).
"""

from dataclasses import dataclass, field

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from reports.languages import BILAN_LANGUAGES, REPORT_LANGUAGE
from reports.models import NarrativeSection, ReportItem, Study, UniversityProgramme


def falls_back(obj, field_name: str, language: str | None = None) -> bool:
    """Whether `obj`'s `field_name` shows its French in `language` (the active one by
    default): never in French; otherwise when its `<field>_<language>` is empty and
    its French is not. The models' own `translation_missing` answers when they have it
    (programmes.translated.Translatable)."""
    language = language or translation.get_language() or REPORT_LANGUAGE
    if language == REPORT_LANGUAGE:
        return False
    if hasattr(obj, "translation_missing"):
        return obj.translation_missing(field_name, language)
    french = getattr(obj, f"{field_name}_{REPORT_LANGUAGE}", None)
    if french is None:
        # Not yet a translated field: its one value is the French.
        french = getattr(obj, field_name, "")
    return not getattr(obj, f"{field_name}_{language}", None) and bool(french)


def has_demo_translation(objects) -> bool:
    """Whether, in a language but French, some of `objects` (a chapter's sections and
    items) show a demonstration translation, not one by a translator (the demo's
    `demo_translation` flag, loaders)."""
    if (translation.get_language() or REPORT_LANGUAGE) == REPORT_LANGUAGE:
        return False
    return any(getattr(obj, "demo_translation", False) for obj in objects)


# What the completeness table counts: each kind of text, how staff name it, and
# its translated field.
KINDS = [
    ("sections", _("Sections de texte"), "body"),
    (ReportItem.Kind.CHALLENGE, _("Défis et contraintes"), "text"),
    (ReportItem.Kind.MEASURE, _("Mesures prévues"), "text"),
    (ReportItem.Kind.RECOMMENDATION, _("Recommandations"), "text"),
    ("studies", _("Études publiées"), "title"),
    ("university_programmes", capfirst(UniversityProgramme._meta.verbose_name_plural), "title"),
]


@dataclass
class Row:
    label: str  # or a lazy translation
    translated: int = 0
    missing: list[str] = field(default_factory=list)  # where each untranslated text is

    @property
    def total(self) -> int:
        return self.translated + len(self.missing)


@dataclass
class LanguageCompleteness:
    language: str
    name: str  # or a lazy translation
    rows: list[Row]

    @property
    def missing(self) -> int:
        return sum(len(row.missing) for row in self.rows)


def _where(obj) -> str:
    """The programme, in the page's language, and the text's French heading or first
    words (a study's or a university programme's title alone: they belong to no one
    programme): the list is for staff, who wrote the French."""
    with translation.override(REPORT_LANGUAGE):
        heading = getattr(obj, "heading", "") or ""
        text = (
            (getattr(obj, "text", "") or getattr(obj, "body", "") or getattr(obj, "title", "") or "")
            .strip()
            .splitlines()
        )
    first = text[0] if text else ""
    words = heading or f"{first[:80]}{'…' if len(first) > 80 else ''}"
    if getattr(obj, "programme_id", None) is None:
        return words
    return f"{_('Programme %(number)s') % {'number': obj.programme.number}} — {words}"


def completeness(year: int) -> list[LanguageCompleteness]:
    """For each language but French: each kind of the year's texts, how many are
    translated and which are not (their programme and heading or first words)."""
    texts = {
        "sections": list(NarrativeSection.objects.filter(year=year).select_related("programme")),
        "studies": list(Study.objects.filter(year=year)),
        "university_programmes": list(UniversityProgramme.objects.filter(year=year)),
    }
    for item in ReportItem.objects.filter(year=year).select_related("programme"):
        texts.setdefault(item.kind, []).append(item)
    result = []
    for language in BILAN_LANGUAGES:
        if language == REPORT_LANGUAGE:
            continue
        rows = []
        for kind, label, field_name in KINDS:
            row = Row(label=label)  # lazy: in the language of the page that shows it
            for obj in texts.get(kind, []):
                if falls_back(obj, field_name, language):
                    row.missing.append(_where(obj))
                else:
                    row.translated += 1
            rows.append(row)
        name = translation.get_language_info(language)["name_translated"]
        result.append(LanguageCompleteness(language=language, name=name, rows=rows))
    return result
