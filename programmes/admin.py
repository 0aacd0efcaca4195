from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from access.rules import is_mdcmre
from adminsite.base import DomainAdmin, ScopedInlineMixin
from adminsite.review import ReviewableAdmin
from adminsite.translations import TranslatedAdmin
from programmes.forms import (
    ActionForm,
    ActionProgressForm,
    LeadInstitutionsForm,
    ProgrammeForm,
    SpecificObjectiveForm,
)
from programmes.models import (
    Acronym,
    Action,
    ActionProgress,
    Institution,
    Programme,
    Project,
    SpecificObjective,
    StrategicObjective,
)
from spreadsheets.admin import SpreadsheetExportMixin

# The whole admin is branded here, once, rather than in a template override.
admin.site.site_header = _("SNIA Suivi — Suivi de la Stratégie Nationale d'Immigration et d'Asile")
admin.site.site_title = _("SNIA Suivi")
admin.site.index_title = _("Saisie et suivi de la stratégie")
# Adds MDCMRE staff's pages (À valider, Institutions n'ayant pas rendu compte,
# Corbeille) above the application list.
admin.site.index_template = "admin/snia/index.html"


@admin.register(StrategicObjective)
class StrategicObjectiveAdmin(SpreadsheetExportMixin, DomainAdmin, TranslatedAdmin):
    list_display = ["number", "title"]
    list_display_links = ["number", "title"]
    search_fields = ["title_fr", "title_ar", "title_en"]


class SpecificObjectiveInline(ScopedInlineMixin, admin.TabularInline):
    model = SpecificObjective
    form = SpecificObjectiveForm
    # The French title here (an inline row has no tabs); the other languages
    # on the OSP's own form, through the change link.
    fields = ["number", "title_fr"]
    extra = 0
    show_change_link = True


class ActionInline(ScopedInlineMixin, admin.TabularInline):
    model = Action
    form = ActionForm
    fields = ["code", "title_fr", "specific_objective"]  # French; other languages on the action's form
    extra = 0
    show_change_link = True

    def get_formset(self, request: HttpRequest, obj: Programme | None = None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields["specific_objective"]
        if obj is not None and obj.pk:
            field.queryset = field.queryset.filter(Q(programme=obj) | Q(programme__isnull=True))
        # Evaluated once here: otherwise every inline row's <select> runs the
        # same query again.
        field.choices = list(field.choices)
        return formset


@admin.register(Programme)
class ProgrammeAdmin(SpreadsheetExportMixin, DomainAdmin, TranslatedAdmin):
    form = ProgrammeForm
    list_display = ["number", "name", "kind", "osp_count", "action_count"]
    list_display_links = ["number", "name"]
    list_filter = ["kind"]
    search_fields = ["name_fr", "name_ar", "name_en", "number__exact"]
    inlines = [SpecificObjectiveInline, ActionInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(
                osp_total=Count("specific_objectives", distinct=True),
                action_total=Count("actions", distinct=True),
            )
            # Grouping drops the model's ordering: the autocomplete pages need one.
            .order_by(*Programme._meta.ordering)
        )

    @admin.display(description=_("OSP"), ordering="osp_total")
    def osp_count(self, obj: Programme) -> int:
        return obj.osp_total

    @admin.display(description=_("actions"), ordering="action_total")
    def action_count(self, obj: Programme) -> int:
        return obj.action_total


@admin.register(SpecificObjective)
class SpecificObjectiveAdmin(SpreadsheetExportMixin, DomainAdmin, TranslatedAdmin):
    form = SpecificObjectiveForm
    list_display = ["number", "title", "programme", "action_count"]
    list_display_links = ["number", "title"]
    list_filter = ["programme"]
    list_select_related = ["programme"]
    search_fields = ["title_fr", "title_ar", "title_en", "number__exact"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(action_total=Count("actions"))
            .order_by(*SpecificObjective._meta.ordering)
        )

    @admin.display(description=_("actions"), ordering="action_total")
    def action_count(self, obj: SpecificObjective) -> int:
        return obj.action_total


@admin.register(Institution)
class InstitutionAdmin(SpreadsheetExportMixin, DomainAdmin, TranslatedAdmin):
    list_display = ["name", "acronym", "kind"]
    list_filter = ["kind"]
    search_fields = ["name_fr", "name_ar", "name_en", "acronym"]


@admin.register(Acronym)
class AcronymAdmin(SpreadsheetExportMixin, DomainAdmin, TranslatedAdmin):
    list_display = ["sigle", "expansion"]
    search_fields = ["sigle", "expansion_fr", "expansion_ar", "expansion_en"]


@admin.register(Project)
class ProjectAdmin(SpreadsheetExportMixin, DomainAdmin):
    list_display = ["name", "acronym", "funder", "implementer_list"]
    list_filter = [
        ("funder", admin.RelatedOnlyFieldListFilter),
        ("implementers", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["funder"]
    search_fields = [
        "name",
        "acronym",
        "funder__name_fr",
        "funder__name_ar",
        "funder__name_en",
        "funder__acronym",
    ]
    autocomplete_fields = ["funder", "implementers"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).prefetch_related("implementers")

    @admin.display(description=_("mise en œuvre"))
    def implementer_list(self, obj: Project) -> str:
        return ", ".join(str(institution) for institution in obj.implementers.all())


class ActionProgressInline(ScopedInlineMixin, admin.TabularInline):
    """An action's yearly progress, read-only here: each goes through the review
    workflow and its year may be closed, so it is entered and changed on its
    own page (the link), where those rules apply row by row."""

    model = ActionProgress
    form = ActionProgressForm
    fields = ["year", "status", "review_state"]
    readonly_fields = fields
    extra = 0
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Action | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Action | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Action | None = None) -> bool:
        return False


@admin.register(Action)
class ActionAdmin(SpreadsheetExportMixin, DomainAdmin, TranslatedAdmin):
    form = ActionForm
    list_display = ["code", "title", "programme_number", "osp_number", "lead_list"]
    list_display_links = ["code", "title"]
    list_filter = [
        "programme",
        "specific_objective",
        ("lead_institutions", admin.RelatedOnlyFieldListFilter),
        ("partner_institutions", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["specific_objective"]
    search_fields = ["=code", "title_fr", "title_ar", "title_en"]
    autocomplete_fields = ["lead_institutions", "partner_institutions"]
    inlines = [ActionProgressInline]
    actions = ["assign_lead_institutions"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).prefetch_related("lead_institutions")

    @admin.display(description=_("programme"), ordering="programme")
    def programme_number(self, obj: Action) -> int:
        return obj.programme_id

    @admin.display(description=_("OSP"), ordering="specific_objective__number")
    def osp_number(self, obj: Action) -> int | None:
        return obj.specific_objective.number if obj.specific_objective else None

    @admin.display(description=_("institutions pilotes"))
    def lead_list(self, obj: Action) -> str:
        return ", ".join(str(institution) for institution in obj.lead_institutions.all())

    def has_mdcmre_permission(self, request: HttpRequest) -> bool:
        # Lead institutions decide who owes an état d'avancement: MDCMRE's to set.
        return is_mdcmre(request.user) and self.has_change_permission(request)

    @admin.action(description=_("Assigner des institutions pilotes"), permissions=["mdcmre"])
    def assign_lead_institutions(self, request: HttpRequest, queryset: QuerySet) -> TemplateResponse | None:
        """An intermediate page chooses the institutions; posted again with
        « apply », they are added to (or removed from) every selected action.
        Each action's history records the change, with who and why."""
        form = LeadInstitutionsForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            add, remove = list(form.cleaned_data["add"]), list(form.cleaned_data["remove"])
            reason = gettext("Institutions pilotes assignées en masse")
            with transaction.atomic():
                for action in queryset:
                    action._change_reason = reason
                    if add:
                        action.lead_institutions.add(*add)
                    if remove:
                        action.lead_institutions.remove(*remove)
            count = len(queryset)
            self.message_user(
                request,
                ngettext(
                    "Institutions pilotes mises à jour pour %(count)s action.",
                    "Institutions pilotes mises à jour pour %(count)s actions.",
                    count,
                )
                % {"count": count},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Assigner des institutions pilotes"),
            "opts": self.opts,
            "form": form,
            "actions_chosen": queryset.in_code_order(),
            "select_across": request.POST.get("select_across", "0"),
            "selected": request.POST.getlist(ACTION_CHECKBOX_NAME),
            "action_name": "assign_lead_institutions",
        }
        return TemplateResponse(request, "admin/snia/lead_institutions.html", context)


@admin.register(ActionProgress)
class ActionProgressAdmin(SpreadsheetExportMixin, ReviewableAdmin):
    form = ActionProgressForm
    list_display = ["action_code", "action_title", "year", "status", "review_state"]
    list_display_links = ["action_code", "action_title"]
    list_filter = ["year", "review_state", "status", "action__programme", "action__specific_objective"]
    list_select_related = ["action"]
    search_fields = ["=action__code", "action__title_fr", "action__title_ar", "action__title_en", "narrative"]
    autocomplete_fields = ["action"]

    @admin.display(description=_("action"), ordering="action__code")
    def action_code(self, obj: ActionProgress) -> str:
        return obj.action.code

    @admin.display(description=_("intitulé"))
    def action_title(self, obj: ActionProgress) -> str:
        return obj.action.title
