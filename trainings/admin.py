from django.contrib import admin
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from adminsite.filters import TextValuesFilter
from adminsite.review import ReviewableAdmin
from programmes.models import Action
from spreadsheets.admin import SpreadsheetImportExportMixin
from trainings.duplicates import probable_duplicates
from trainings.forms import SessionForm
from trainings.models import Session
from trainings.resources import SessionExportResource, SessionResource


class ProbableDuplicateFilter(admin.SimpleListFilter):
    """Sessions that look like another of the same year: flagged, never refused."""

    title = _("Doublons probables")
    parameter_name = "doublon"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [("oui", gettext("Doublons probables"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "oui":
            # Compared within what this user sees: a flag never hints at a
            # session out of their reach.
            return queryset.probable_duplicates()
        return queryset


@admin.register(Session)
class SessionAdmin(SpreadsheetImportExportMixin, ReviewableAdmin):
    spreadsheet_resource = SessionResource
    spreadsheet_export_resource = SessionExportResource
    form = SessionForm
    # Fits 1366 px beside the navigation and the filters (README, « Saisie »):
    # participants by sex in one column, under their total.
    list_display = [
        "title",
        "kind",
        "when",
        "place",
        "participants",
        "programme_list",
        "review_state",
    ]
    list_filter = [
        "year",
        ProbableDuplicateFilter,
        "review_state",
        "kind",
        "actions__programme",
        "actions__specific_objective",
        ("projects", admin.RelatedOnlyFieldListFilter),
        ("organisers", admin.RelatedOnlyFieldListFilter),
        "online",
        ("city", TextValuesFilter),
    ]
    date_hierarchy = "start_date"
    search_fields = ["title", "beneficiaries", "city", "description", "=actions__code"]
    autocomplete_fields = ["actions", "projects", "organisers"]
    fieldsets = [
        (None, {"fields": ["kind", "title", "description", "beneficiaries"]}),
        (_("Lieu et dates"), {"fields": ["online", "city", "start_date", "end_date", "year"]}),
        (_("Rattachement"), {"fields": ["actions", "projects", "organisers"]}),
        (
            _("Participants"),
            {
                "fields": ["women", "men", "unrecorded"],
                "description": _("Le total est calculé : femmes + hommes + sexe non renseigné."),
            },
        ),
        (_("Bilan annuel"), {"fields": ["report_table"]}),
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Session | None = None):
        readonly = list(super().get_readonly_fields(request, obj))
        return [*readonly, "probable_duplicates"] if obj is not None else readonly

    def get_fieldsets(self, request: HttpRequest, obj: Session | None = None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None:
            fieldsets.append((_("Doublons probables"), {"fields": ["probable_duplicates"]}))
        return fieldsets

    def get_object(self, request: HttpRequest, object_id: str, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            # The display below compares with what this user sees.
            obj._duplicate_scope = self.get_queryset(request)
        return obj

    @admin.display(description=_("doublon probable de"))
    def probable_duplicates(self, obj: Session) -> str:
        scope = getattr(obj, "_duplicate_scope", Session.objects.none()).filter(year=obj.year)
        others = [
            (session.title, group.reason_label)
            for group in probable_duplicates(scope)
            if obj.pk in {session.pk for session in group.sessions}
            for session in group.sessions
            if session.pk != obj.pk
        ]
        if not others:
            return gettext("Aucun")
        return format_html_join(" ; ", "« {} » ({})", others)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # Only the programme number of each action is needed for the list.
        actions = Action.objects.only("pk", "programme_id").order_by()
        return (
            super().get_queryset(request).with_total().prefetch_related(Prefetch("actions", queryset=actions))
        )

    @admin.display(description=_("lieu"), ordering="city")
    def place(self, obj: Session) -> str:
        return obj.place

    @admin.display(description=_("date"), ordering="year")
    def when(self, obj: Session) -> str:
        # The start date, or the year alone when the published table gave no date.
        if obj.start_date is None:
            return str(obj.year)
        return formats.date_format(obj.start_date, "SHORT_DATE_FORMAT")

    @admin.display(description=_("participants"), ordering="participants_total")
    def participants(self, obj: Session) -> str:
        detail = gettext("%(women)s F · %(men)s H") % {"women": obj.women, "men": obj.men}
        if obj.unrecorded:
            detail += " · " + gettext("%(count)s non renseigné(s)") % {"count": obj.unrecorded}
        return format_html('{}<span class="snia-detail">{}</span>', obj.participants_total, detail)

    @admin.display(description=_("programmes"))
    def programme_list(self, obj: Session) -> str:
        return ", ".join(
            str(number) for number in sorted({action.programme_id for action in obj.actions.all()})
        )
