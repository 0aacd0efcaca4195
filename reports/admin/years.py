"""The admin of reporting years: their state, closing (checklist, background
render), reopening, editions and their publication; it also hosts MDCMRE
staff's work lists (reports.worklists)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from access.people import person
from adminsite.base import DomainAdmin
from reports import untranslated, worklists
from reports.admin.cover import CoverSettingsMixin
from reports.closing import closing_checklist, request_closing
from reports.editions import checksums
from reports.models import BilanEdition, ReportingYear, YearReopening
from reports.translations import completeness
from reports.years import years_to_open
from spreadsheets.admin import SpreadsheetExportMixin


class RecordInline(admin.TabularInline):
    """Rows of a year's page that are records, never edited: shown, not changed."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: ReportingYear | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ReportingYear | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ReportingYear | None = None) -> bool:
        return False


class YearReopeningInline(RecordInline):
    """Each reopening of the year, with its reason."""

    model = YearReopening
    fields = ["reopened_at", "reopened_by", "reason", "closed_at", "closed_by"]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("reopened_by", "closed_by")


class BilanEditionInline(RecordInline):
    """The year's editions, each file with its SHA-256: kept, never edited."""

    model = BilanEdition
    fields = ["number", "language", "closed_at", "closed_by", "publication", "files"]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("year", "closed_by", "published_by")

    @admin.display(description=_("publication"))
    def publication(self, obj: BilanEdition) -> str:
        if obj.is_published:
            return gettext("publiée le %(date)s par %(user)s") % {
                "date": formats.date_format(timezone.localtime(obj.published_at), "SHORT_DATE_FORMAT"),
                "user": person(obj.published_by),
            }
        url = reverse("admin:reports_reportingyear_publish", args=[obj.year_id, obj.pk])
        return format_html('{} · <a href="{}">{}</a>', gettext("non publiée"), url, gettext("Publier…"))

    @admin.display(description=_("fichiers et SHA-256"))
    def files(self, obj: BilanEdition) -> str:
        return format_html_join(
            "",
            '<div><a href="{}">{}</a> <code>{}</code></div>',
            (
                (
                    reverse(
                        "publications:download", args=[obj.year.year, obj.language, obj.number, file["kind"]]
                    ),
                    file["label"],
                    file["sha256"],
                )
                for file in checksums(obj)
            ),
        )


class CloseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Je confirme la clôture malgré les points en attente"), required=False
    )


class ReopenForm(forms.Form):
    # Not required here: ReportingYear.reopen says what is missing, in one place.
    reason = forms.CharField(
        label=_("Raison de la réouverture"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
    )


@admin.register(ReportingYear)
class ReportingYearAdmin(SpreadsheetExportMixin, CoverSettingsMixin, DomainAdmin):
    """Years of the bilan: closing once published, reopening with a reason.

    Also hosts MDCMRE staff's pages (reports.worklists) under
    /admin/reports/reportingyear/suivi/: they are about a reporting year's work.
    """

    list_display = ["year", "state", "bilan_links"]
    # The « Ouvrir l'année N » buttons (import-export's list template extends it).
    change_list_template = "admin/reports/reportingyear/change_list_base.html"
    list_select_related = ["closed_by", "closing_started_by"]
    search_fields = ["year__exact"]
    readonly_fields = ["state"]
    inlines = [BilanEditionInline, YearReopeningInline]

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        return super().changelist_view(
            request, {**(extra_context or {}), "years_to_open": years_to_open(request.user)}
        )

    def get_inlines(self, request: HttpRequest, obj: ReportingYear | None):
        # A year being added has never been reopened.
        return self.inlines if obj is not None else []

    @admin.display(description=_("état"), ordering="closed_at")
    def state(self, obj: ReportingYear) -> str:
        if obj.pk is None:
            return gettext("ouverte")
        if obj.is_closing:
            state = gettext("clôture en cours (demandée le %(date)s par %(user)s)") % {
                "date": formats.date_format(timezone.localtime(obj.closing_started_at), "SHORT_DATE_FORMAT"),
                "user": person(obj.closing_started_by),
            }
            if obj.closing_is_abandoned:
                state += " — " + gettext(
                    "sans nouvelles du service de tâches de fond : vous pouvez la relancer"
                )
            return state
        if not obj.is_closed:
            if obj.closing_error:
                return gettext("ouverte — la dernière clôture a échoué : %(reason)s") % {
                    "reason": obj.closing_error
                }
            return gettext("ouverte")
        return gettext("clôturée le %(date)s par %(user)s") % {
            "date": formats.date_format(timezone.localtime(obj.closed_at), "SHORT_DATE_FORMAT"),
            "user": person(obj.closed_by),
        }

    @admin.display(description=_("bilan"))
    def bilan_links(self, obj: ReportingYear) -> str:
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("reports:bilan-preview", args=[obj.year]),
            gettext("Aperçu du bilan"),
            reverse("reports:bilan-export", args=[obj.year]),
            gettext("Bilan PDF"),
            reverse("reports:bilan-xlsx", args=[obj.year]),
            gettext("Classeur"),
        )

    def get_change_links(self, request: HttpRequest, obj: ReportingYear) -> list[dict]:
        return [
            {"label": gettext("Aperçu du bilan"), "url": reverse("reports:bilan-preview", args=[obj.year])},
            {"label": gettext("Bilan PDF"), "url": reverse("reports:bilan-export", args=[obj.year])},
            {"label": gettext("Classeur"), "url": reverse("reports:bilan-xlsx", args=[obj.year])},
        ]

    def get_change_buttons(self, request: HttpRequest, obj: ReportingYear) -> list[dict]:
        buttons = super().get_change_buttons(request, obj)
        opts = self.model._meta
        closable = not obj.is_closed and (not obj.is_closing or obj.closing_is_abandoned)
        if closable and request.user.has_perm("reports.close_reportingyear"):
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_close", args=[obj.pk])
            buttons.append({"label": gettext("Clôturer l'année…"), "url": url})
        if obj.is_closed and request.user.has_perm("reports.reopen_reportingyear"):
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_reopen", args=[obj.pk])
            buttons.append({"label": gettext("Rouvrir l'année…"), "url": url})
        return buttons

    def get_urls(self):
        opts = self.model._meta
        info = f"{opts.app_label}_{opts.model_name}"
        site = self.admin_site
        return [
            path("<path:object_id>/cloturer/", site.admin_view(self.close_view), name=f"{info}_close"),
            path("<path:object_id>/rouvrir/", site.admin_view(self.reopen_view), name=f"{info}_reopen"),
            path(
                "<path:object_id>/editions/<int:edition_id>/publier/",
                site.admin_view(self.publish_view),
                name=f"{info}_publish",
            ),
            path("suivi/a-valider/", site.admin_view(self.review_queue_view), name="snia_review_queue"),
            path("suivi/non-rapporte/", site.admin_view(self.not_reported_view), name="snia_not_reported"),
            path(
                "suivi/non-rapporte/<int:year>/",
                site.admin_view(self.not_reported_view),
                name="snia_not_reported_year",
            ),
            path("suivi/corbeille/", site.admin_view(self.trash_view), name="snia_trash"),
            path("suivi/non-traduit/", site.admin_view(self.untranslated_view), name="snia_untranslated"),
            path(
                "suivi/corbeille/<slug:label>/<int:history_id>/restaurer/",
                site.admin_view(self.restore_view),
                name="snia_restore",
            ),
            *super().get_urls(),
        ]

    # Closing and reopening: the model decides (permissions, state, reason);
    # a refusal is a message, never an error page.

    def _year_or_redirect(self, request: HttpRequest, object_id: str) -> ReportingYear | HttpResponse:
        # As the change view: no permission on years at all is a 403, a year out of reach a redirect.
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        year = self.get_object(request, unquote(object_id))
        if year is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, year):
            raise PermissionDenied
        return year

    def close_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        year = self._year_or_redirect(request, object_id)
        if isinstance(year, HttpResponse):
            return year
        back = HttpResponseRedirect(self._change_url(year))
        form = CloseForm(request.POST if request.method == "POST" else None)
        error = None
        if request.method == "POST" and form.is_valid():
            try:
                request_closing(year, request.user, confirm_pending=form.cleaned_data["confirm"])
            except ValidationError as refusal:
                if refusal.code != "confirmation_required":
                    self.message_user(request, _refusal(refusal), messages.ERROR)
                    return back
                error = _refusal(refusal)
            except PermissionDenied as refusal:
                self.message_user(request, _refusal(refusal), messages.ERROR)
                return back
            else:
                self.message_user(
                    request,
                    gettext(
                        "Clôture de l'année %(year)s en cours : son édition (HTML, PDF, classeur, chiffres) "
                        "est en cours de rendu ; l'année sera clôturée dès qu'elle sera enregistrée."
                    )
                    % {"year": year.year},
                    messages.SUCCESS,
                )
                return back
        elif not request.user.has_perm("reports.close_reportingyear"):
            self.message_user(request, gettext("Vous ne pouvez pas clôturer une année."), messages.ERROR)
            return back
        checklist = closing_checklist(year.year)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Clôturer l'année %(year)s") % {"year": year.year},
            "intro": gettext(
                "Une fois l'année clôturée, personne ne peut plus modifier ses réunions, sessions, "
                "avancements ni les textes de son bilan : son édition (HTML, PDF, classeur et chiffres, "
                "avec leur empreinte SHA-256) est enregistrée et servie telle quelle. Seul un "
                "administrateur peut la rouvrir, en indiquant pourquoi."
            ),
            "form": form if checklist else None,
            "checklist": checklist,
            # Before the French edition is stored: what the Arabic and English bilans lack.
            "completeness": completeness(year.year),
            "error": error,
            "submit_label": gettext("Clôturer l'année %(year)s") % {"year": year.year},
            "object": year,
            "opts": self.opts,
            "cancel_url": self._change_url(year),
        }
        return TemplateResponse(request, "admin/reports/close_year.html", context)

    def publish_view(self, request: HttpRequest, object_id: str, edition_id: int) -> HttpResponse:
        year = self._year_or_redirect(request, object_id)
        if isinstance(year, HttpResponse):
            return year
        back = HttpResponseRedirect(self._change_url(year))
        edition = BilanEdition.objects.filter(year=year, pk=edition_id).first()
        if edition is None:
            self.message_user(request, gettext("Cette édition n'existe pas."), messages.ERROR)
            return back
        if request.method == "POST":
            try:
                edition.publish(request.user)
            except (PermissionDenied, ValidationError) as refusal:
                self.message_user(request, _refusal(refusal), messages.ERROR)
            else:
                self.message_user(
                    request,
                    gettext("%(edition)s est publiée : elle est en ligne sur la page des publications.")
                    % {"edition": edition},
                    messages.SUCCESS,
                )
            return back
        if not request.user.has_perm("reports.close_reportingyear"):
            self.message_user(request, gettext("Vous ne pouvez pas publier une édition."), messages.ERROR)
            return back
        return self.render_action_form(
            request,
            year,
            title=gettext("Publier %(edition)s") % {"edition": edition},
            intro=gettext(
                "Une édition publiée figure sur la page publique des publications : chacun peut la "
                "télécharger sans compte (PDF, HTML, classeur, chiffres) et vérifier ses empreintes SHA-256."
            ),
            form=None,
            submit_label=gettext("Publier"),
        )

    def reopen_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        year = self._year_or_redirect(request, object_id)
        if isinstance(year, HttpResponse):
            return year
        back = HttpResponseRedirect(self._change_url(year))
        form = ReopenForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                year.reopen(request.user, form.cleaned_data["reason"])
            except ValidationError as error:
                if not hasattr(error, "error_dict"):
                    self.message_user(request, _refusal(error), messages.ERROR)
                    return back
                form.add_error("reason", error.error_dict.get("reason", error.messages))
            except PermissionDenied as error:
                self.message_user(request, _refusal(error), messages.ERROR)
                return back
            else:
                self.message_user(
                    request, gettext("L'année %(year)s est rouverte.") % {"year": year.year}, messages.SUCCESS
                )
                return back
        elif not request.user.has_perm("reports.reopen_reportingyear"):
            self.message_user(
                request, gettext("Seul un administrateur peut rouvrir une année."), messages.ERROR
            )
            return back
        return self.render_action_form(
            request,
            year,
            title=gettext("Rouvrir l'année %(year)s") % {"year": year.year},
            intro=gettext(
                "Rouvrir une année clôturée permet de modifier à nouveau ses données et son bilan publié. "
                "La raison est conservée avec la date et votre nom."
            ),
            form=form,
            submit_label=gettext("Rouvrir l'année %(year)s") % {"year": year.year},
        )

    # MDCMRE staff's pages

    def review_queue_view(self, request: HttpRequest) -> HttpResponse:
        return worklists.review_queue(request, self.admin_site)

    def untranslated_view(self, request: HttpRequest) -> HttpResponse:
        return untranslated.untranslated_page(request, self.admin_site)

    def not_reported_view(self, request: HttpRequest, year: int | None = None) -> HttpResponse:
        return worklists.not_reported(request, self.admin_site, year)

    def trash_view(self, request: HttpRequest) -> HttpResponse:
        return worklists.trash(request, self.admin_site)

    def restore_view(self, request: HttpRequest, label: str, history_id: int) -> HttpResponse:
        return worklists.restore(request, self.admin_site, label, history_id)


def _refusal(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)
