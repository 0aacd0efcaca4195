from django.contrib import admin
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from access.admin import ReviewableAdmin
from access.spreadsheet_admin import SpreadsheetImportExportMixin
from programmes.models import Action
from trainings.forms import SessionForm
from trainings.models import Session
from trainings.resources import SessionExportResource, SessionResource


@admin.register(Session)
class SessionAdmin(SpreadsheetImportExportMixin, ReviewableAdmin):
    spreadsheet_resource = SessionResource
    spreadsheet_export_resource = SessionExportResource
    form = SessionForm
    list_display = [
        "title",
        "kind",
        "year",
        "place",
        "women",
        "men",
        "unrecorded",
        "total",
        "programme_list",
        "review_state",
    ]
    list_filter = [
        "year",
        "review_state",
        "kind",
        "actions__programme",
        "actions__specific_objective",
        ("projects", admin.RelatedOnlyFieldListFilter),
        ("organisers", admin.RelatedOnlyFieldListFilter),
        "online",
        "city",
    ]
    date_hierarchy = "start_date"
    search_fields = ["title", "beneficiaries", "city", "description", "=actions__code"]
    autocomplete_fields = ["actions", "projects", "organisers"]
    fieldsets = [
        (None, {"fields": ["kind", "title", "description", "beneficiaries"]}),
        (_("Lieu et dates"), {"fields": ["online", "city", "year", "start_date", "end_date"]}),
        (_("Rattachement"), {"fields": ["actions", "projects", "organisers"]}),
        (
            _("Participants"),
            {
                "fields": ["women", "men", "unrecorded"],
                "description": _("Le total est calculé : femmes + hommes + sexe non renseigné."),
            },
        ),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # Only the programme number of each action is needed for the list.
        actions = Action.objects.only("pk", "programme_id").order_by()
        return (
            super().get_queryset(request).with_total().prefetch_related(Prefetch("actions", queryset=actions))
        )

    @admin.display(description=_("lieu"), ordering="city")
    def place(self, obj: Session) -> str:
        return obj.place

    @admin.display(description=_("total"), ordering="participants_total")
    def total(self, obj: Session) -> int:
        return obj.participants_total

    @admin.display(description=_("programmes"))
    def programme_list(self, obj: Session) -> str:
        return ", ".join(
            str(number) for number in sorted({action.programme_id for action in obj.actions.all()})
        )
