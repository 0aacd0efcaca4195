from django import forms
from django.contrib import admin
from django.db.models import Count, Max, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from adminsite.base import DomainAdmin, ScopedInlineMixin
from adminsite.review import ReviewableAdmin
from adminsite.translations import TranslatedAdmin
from committees.models import Committee, FocalPoint, Meeting, MeetingTarget
from committees.resources import MeetingExportResource, MeetingResource
from spreadsheets.admin import SpreadsheetExportMixin, SpreadsheetImportExportMixin


class MeetingTargetInline(ScopedInlineMixin, admin.TabularInline):
    """The committee's targets by year, read-only here: each is set on its own
    page (« Objectifs de réunions »), where a closed year's target is frozen
    with the closing message."""

    model = MeetingTarget
    fields = ["year", "expected"]
    readonly_fields = fields
    extra = 0
    show_change_link = True
    verbose_name_plural = _("objectifs de réunions par année")

    def has_add_permission(self, request: HttpRequest, obj: Committee | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Committee | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Committee | None = None) -> bool:
        return False


@admin.register(MeetingTarget)
class MeetingTargetAdmin(SpreadsheetExportMixin, DomainAdmin):
    list_display = ["committee", "year", "expected"]
    list_display_links = ["committee", "year"]
    list_filter = ["year", "committee"]
    list_select_related = ["committee"]
    search_fields = ["committee__code", "committee__name_fr", "committee__name_ar", "committee__name_en"]
    autocomplete_fields = ["committee"]
    fields = ["committee", "year", "expected"]


@admin.register(Committee)
class CommitteeAdmin(SpreadsheetExportMixin, DomainAdmin, TranslatedAdmin):
    list_display = [
        "code",
        "name",
        "kind",
        "chair",
        "programme_list",
        "meeting_count",
        "last_meeting",
    ]
    list_display_links = ["code", "name"]
    list_filter = ["kind", "programmes"]
    search_fields = ["code", "name_fr", "name_ar", "name_en", "chair"]
    autocomplete_fields = ["members"]
    inlines = [MeetingTargetInline]

    def formfield_for_manytomany(self, db_field, request: HttpRequest, **kwargs):
        # Eleven programmes: ticking boxes is quicker than searching.
        if db_field.name == "programmes":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(meeting_total=Count("meetings"), last_meeting_date=Max("meetings__date"))
            .prefetch_related("programmes")
            # Grouping drops the model's ordering: the autocomplete pages need one.
            .order_by(*Committee._meta.ordering)
        )

    @admin.display(description=_("programmes"))
    def programme_list(self, obj: Committee) -> str:
        return ", ".join(str(programme.pk) for programme in obj.programmes.all())

    @admin.display(description=_("réunions"), ordering="meeting_total")
    def meeting_count(self, obj: Committee) -> int:
        return obj.meeting_total

    @admin.display(description=_("dernière réunion"), ordering="last_meeting_date")
    def last_meeting(self, obj: Committee):
        return obj.last_meeting_date


@admin.register(FocalPoint)
class FocalPointAdmin(SpreadsheetExportMixin, DomainAdmin):
    list_display = ["person", "institution", "committee_list", "phone"]
    list_filter = ["committees", ("institution", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["user", "institution"]
    search_fields = [
        "user__first_name",
        "user__last_name",
        "user__username",
        "user__email",
        "institution__name",
        "institution__acronym",
    ]
    autocomplete_fields = ["user", "institution", "committees"]
    # With « Inviter un point focal » for MDCMRE staff (accounts' invitation page).
    change_list_template = "admin/committees/focalpoint/change_list.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).prefetch_related("committees")

    @admin.display(description=_("point focal"), ordering="user__last_name")
    def person(self, obj: FocalPoint) -> str:
        return obj.user.get_full_name() or obj.user.get_username()

    @admin.display(description=_("comités"))
    def committee_list(self, obj: FocalPoint) -> str:
        return ", ".join(str(committee) for committee in obj.committees.all())


class MeetingYearFilter(admin.SimpleListFilter):
    title = _("année")
    parameter_name = "year"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        # The years of the meetings this user reaches, not of every meeting.
        years = model_admin.get_queryset(request).dates("date", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(date__year=int(value))
        return queryset


@admin.register(Meeting)
class MeetingAdmin(SpreadsheetImportExportMixin, ReviewableAdmin):
    spreadsheet_resource = MeetingResource
    spreadsheet_export_resource = MeetingExportResource
    list_display = ["committee", "date", "start_time", "mode", "chair", "has_minutes", "review_state"]
    list_display_links = ["committee", "date"]
    list_filter = [
        MeetingYearFilter,
        "review_state",
        # Only the committees of the meetings this user reaches.
        ("committee", admin.RelatedOnlyFieldListFilter),
        "committee__programmes",
        "mode",
        ("participants", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["committee"]
    date_hierarchy = "date"
    search_fields = [
        "committee__code",
        "committee__name_fr",
        "committee__name_ar",
        "committee__name_en",
        "chair",
        "place",
        "agenda",
        "decisions",
    ]
    autocomplete_fields = ["committee", "participants"]
    fieldsets = [
        (None, {"fields": ["committee", "date", "start_time", "mode", "place", "chair", "participants"]}),
        (_("Contenu"), {"fields": ["agenda", "decisions", "alerts", "minutes"]}),
    ]

    @admin.display(description=_("compte-rendu"), boolean=True, ordering="minutes")
    def has_minutes(self, obj: Meeting) -> bool:
        return bool(obj.minutes)
