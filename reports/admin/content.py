"""The admin of what staff write for a year's bilan: narrative sections, the
lists of challenges, measures and recommendations, studies, university programmes."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from adminsite.base import DomainAdmin
from adminsite.forms import ScopedModelForm
from adminsite.translations import TranslatedAdmin
from reports.models import (
    NarrativeSection,
    ReportItem,
    Study,
    UniversityProgramme,
)
from reports.tables import marker_errors
from spreadsheets.admin import SpreadsheetExportMixin


class NarrativeSectionForm(ScopedModelForm):
    """Refuses a table marker the bilan could not place (reports.tables), with
    the markers it knows, rather than let it vanish from the PDF."""

    def clean(self) -> dict:
        cleaned = super().clean()
        # The text in each language (body_fr, body_ar, body_en) carries the same markers.
        for field in [name for name in self.fields if name == "body" or name.startswith("body_")]:
            body = cleaned.get(field)
            if body:
                errors = marker_errors(body, in_subsection=cleaned.get("specific_objective") is not None)
                if errors:
                    self.add_error(field, errors)
        return cleaned


@admin.register(NarrativeSection)
class NarrativeSectionAdmin(SpreadsheetExportMixin, DomainAdmin, TranslatedAdmin):
    form = NarrativeSectionForm
    list_display = ["programme", "year", "osp_number", "position", "heading", "excerpt"]
    list_display_links = ["programme", "heading"]
    list_filter = ["year", "programme", "specific_objective"]
    list_select_related = ["programme", "specific_objective"]
    search_fields = ["heading_fr", "heading_ar", "heading_en", "body_fr", "body_ar", "body_en"]

    @admin.display(description=_("OSP"), ordering="specific_objective__number")
    def osp_number(self, obj: NarrativeSection) -> int | None:
        return obj.specific_objective.number if obj.specific_objective else None

    @admin.display(description=_("début du texte"))
    def excerpt(self, obj: NarrativeSection) -> str:
        return Truncator(obj.body).chars(80)


@admin.register(ReportItem)
class ReportItemAdmin(SpreadsheetExportMixin, DomainAdmin, TranslatedAdmin):
    list_display = ["programme", "year", "kind", "position", "excerpt"]
    list_display_links = ["programme", "excerpt"]
    list_filter = ["year", "programme", "kind"]
    list_select_related = ["programme"]
    search_fields = ["text_fr", "text_ar", "text_en"]

    @admin.display(description=_("texte"))
    def excerpt(self, obj: ReportItem) -> str:
        return Truncator(obj.text).chars(100)


@admin.register(Study)
class StudyAdmin(SpreadsheetExportMixin, DomainAdmin, TranslatedAdmin):
    list_display = ["title", "year", "institution_list"]
    list_filter = ["year", ("institutions", admin.RelatedOnlyFieldListFilter), "actions__programme"]
    search_fields = [
        "title_fr",
        "title_ar",
        "title_en",
        "summary",
        "institutions__name_fr",
        "institutions__name_ar",
        "institutions__name_en",
        "institutions__acronym",
    ]
    autocomplete_fields = ["institutions", "actions"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).prefetch_related("institutions")

    @admin.display(description=_("institutions"))
    def institution_list(self, obj: Study) -> str:
        return ", ".join(str(institution) for institution in obj.institutions.all())


@admin.register(UniversityProgramme)
class UniversityProgrammeAdmin(SpreadsheetExportMixin, DomainAdmin, TranslatedAdmin):
    list_display = ["university", "city", "diploma", "title", "year"]
    list_display_links = ["university", "title"]
    list_filter = ["year", "diploma", "university", "city"]
    search_fields = ["university", "city", "title_fr", "title_ar", "title_en"]
    autocomplete_fields = ["actions"]
