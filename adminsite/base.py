"""The admin's side of the access rules, written once for every SNIA ModelAdmin.

Every domain ModelAdmin is a `DomainAdmin` (or a `ReviewableAdmin` for what
feeds the bilan). Through `ScopedAdminMixin` they all:
- list, open, autocomplete, filter, delete and show the history of only the
  records `access.rules.visible_to` lets the user reach: a record out of
  scope answers exactly like a record that does not exist;
- open a record read-only when `access.rules.can_change` says so (a reader; a
  focal point's submitted or validated record; any record of a closed year,
  with the closing message: who, when);
- offer in their forms only the choices of `access.rules.writable_choices`,
  and refuse a focal point's session that does not name their institution;
- carry the version a form was loaded with, and refuse a stale save with what
  changed meanwhile, from the history, instead of overwriting it.

The editing rule for reviewed records: a focal point edits the drafts and
returned records authored within their institution (access.rules.can_change;
staff hand a record to another author, adminsite.authorship); once
submitted or validated the record is MDCMRE's.
MDCMRE staff may still edit a validated record (correcting a figure before the
bilan is published): it stays validated and its history keeps the change, with
who, when, before and after. Nobody edits a record of a closed year."""

from concurrency.exceptions import RecordModifiedError
from django.contrib import messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import unquote
from django.core import checks
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin
from simple_history.utils import get_history_manager_for_model

from access import years
from access.models import Reviewable
from access.rules import (
    AUTHOR_EDITABLE_STATES,
    can_change,
    is_mdcmre,
    visible_to,
    visible_versions,
    writable_choices,
)
from adminsite.forms import ScopedModelForm, _check_form
from adminsite.history import VERSION_FIELD, HistoryContextHelper, record_changes, stale_messages
from adminsite.input import CheckedInputAdminMixin
from adminsite.markdown import MarkdownTextarea, is_markdown


def _label(model: type[Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def _is_versioned(model: type[Model]) -> bool:
    return hasattr(model, "_concurrencymeta")


def _autocomplete_source(request: HttpRequest) -> type[Model] | None:
    """The model whose form asks for choices, when `request` is the admin's autocomplete."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name != "autocomplete":
        return None
    from django.apps import apps

    try:
        return apps.get_model(request.GET["app_label"], request.GET["model_name"])
    except (KeyError, LookupError, ValueError):
        return None


def writable_queryset(admin_obj, db_field, request: HttpRequest, using: str | None) -> QuerySet:
    """The choices of a relation field: what the user sees, narrowed by what they may pick."""
    queryset = admin_obj.get_field_queryset(using, db_field, request)
    if queryset is None:
        queryset = db_field.remote_field.model._default_manager.using(using)
    return writable_choices(request.user, admin_obj.model, visible_to(queryset, request.user))


def _strip_fields(fieldsets, names: set[str]) -> list:
    stripped = []
    for title, options in fieldsets:
        fields = [field for field in options["fields"] if field not in names]
        if fields:
            stripped.append((title, {**options, "fields": fields}))
    return stripped


def _with_version(fieldsets, editable: bool) -> list:
    """Adds the hidden version field to an editable form; a read-only page does
    not show it."""
    fieldsets = _strip_fields(fieldsets, {VERSION_FIELD})
    if editable:
        if not fieldsets:
            return [(None, {"fields": [VERSION_FIELD]})]
        title, options = fieldsets[0]
        fieldsets[0] = (title, {**options, "fields": [*options["fields"], VERSION_FIELD]})
    return fieldsets


class ScopedAdminMixin(CheckedInputAdminMixin):
    """Scoping, per-record permissions, closed years, writable choices and
    version checks for one ModelAdmin. Combine it with SimpleHistoryAdmin
    (see DomainAdmin): its history views are scoped here too. What the lists
    and forms accept from the address bar: CheckedInputAdminMixin."""

    form = ScopedModelForm
    # 50 rows a page, not Django's 100: half of a list's time is rendering its
    # rows, and at 10× the demo data a 100-row page kept the server saturated
    # under 100 users (p95 431 ms, 206 ms with 50: README, « Load »).
    # « Tout afficher » still shows up to list_max_show_all (200) rows at once.
    list_per_page = 50
    change_form_template = "admin/snia/change_form.html"
    object_history_list_template = "admin/snia/object_history_list.html"

    class Media:
        # Badges, the reviewer's comment, Markdown help: lists and forms alike.
        css = {"all": ["snia/admin.css"]}

    def check(self, **kwargs) -> list[checks.CheckMessage]:
        return [*super().check(**kwargs), *_check_form(self)]

    def action_checkbox(self, obj: Model) -> str:
        # Django's renders a CheckboxInput through the template engine for each
        # row, about a quarter of a list page's time: the same HTML, directly.
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            ACTION_CHECKBOX_NAME,
            str(obj.pk),
            format_html(gettext("Select this object for an action - {}"), str(obj)),
        )

    # What the user reaches

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = visible_to(super().get_queryset(request), request.user)
        # The autocomplete asks the related model's admin for its rows: narrow
        # them to what the asking form may pick (a focal point's committees).
        source = _autocomplete_source(request)
        if source is not None:
            queryset = writable_choices(request.user, source, queryset)
        return queryset

    def _can_change(self, request: HttpRequest, obj: Model) -> bool:
        # Asked several times per page: once per request and state.
        if obj.pk is None:
            return can_change(request.user, obj)
        cache = request.__dict__.setdefault("_snia_can_change", {})
        key = (_label(type(obj)), obj.pk, getattr(obj, "review_state", None))
        if key not in cache:
            cache[key] = can_change(request.user, obj)
        return cache[key]

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None:
            return allowed
        return self._can_change(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        if not allowed or obj is None:
            return allowed
        return self._can_change(request, obj)

    def _form_is_editable(self, request: HttpRequest, obj: Model | None) -> bool:
        if obj is None:
            return self.has_add_permission(request)
        return self.has_change_permission(request, obj)

    # Forms

    def get_fieldsets(self, request: HttpRequest, obj: Model | None = None):
        fieldsets = super().get_fieldsets(request, obj)
        if _is_versioned(self.model):
            fieldsets = _with_version(fieldsets, self._form_is_editable(request, obj))
        return fieldsets

    def get_form(self, request: HttpRequest, obj: Model | None = None, change: bool = False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        # modelform_factory made this class for this request alone.
        form.admin_request = request
        return form

    def formfield_for_dbfield(self, db_field, request: HttpRequest, **kwargs):
        # The fields the model names as Markdown: help and preview (adminsite.markdown).
        if is_markdown(self.model, db_field):
            kwargs["widget"] = MarkdownTextarea
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if "queryset" not in kwargs:
            kwargs["queryset"] = writable_queryset(self, db_field, request, kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request: HttpRequest, **kwargs):
        if "queryset" not in kwargs and db_field.remote_field.through._meta.auto_created:
            kwargs["queryset"] = writable_queryset(self, db_field, request, kwargs.get("using"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Model, form, change: bool) -> None:
        if not change and isinstance(obj, Reviewable) and obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    # Views

    def _change_url(self, obj: Model) -> str:
        opts = self.model._meta
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change",
            args=[obj.pk],
            current_app=self.admin_site.name,
        )

    def _refuse_in_closed_year(
        self, request: HttpRequest, object_id: str, message: str
    ) -> HttpResponse | None:
        """A redirect to the record, with `message`, when it belongs to a closed year."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None or years.freezing_year(obj) is None:
            return None
        self.message_user(request, message, messages.ERROR)
        return HttpResponseRedirect(self._change_url(obj))

    def changeform_view(self, request: HttpRequest, object_id=None, form_url: str = "", extra_context=None):
        if object_id and request.method == "POST":
            refused = self._refuse_in_closed_year(
                request,
                object_id,
                gettext("Modification refusée : l'année de cet enregistrement est clôturée."),
            )
            if refused:
                return refused
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except RecordModifiedError as error:
            # Saved meanwhile, between the form's check and our save: the
            # transaction was rolled back, nothing was overwritten.
            for line in stale_messages(error.target, getattr(error.target, VERSION_FIELD)):
                self.message_user(request, line, messages.ERROR)
            return HttpResponseRedirect(request.path)
        except years.YearClosedError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(request.path)

    def delete_view(self, request: HttpRequest, object_id: str, extra_context=None):
        refused = self._refuse_in_closed_year(
            request, object_id, gettext("Suppression refusée : l'année de cet enregistrement est clôturée.")
        )
        if refused:
            return refused
        try:
            return super().delete_view(request, object_id, extra_context)
        except years.YearClosedError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(request.path)

    def get_change_buttons(self, request: HttpRequest, obj: Model) -> list[dict]:
        """Extra buttons under the change form: {label, url}, a link; or
        {label, name}, a button that posts the form itself with `name` set
        (adminsite.workflow). None posts the form elsewhere: what the user
        typed would be lost."""
        return []

    def get_change_links(self, request: HttpRequest, obj: Model) -> list[dict]:
        """Extra links beside « Historique »: {label, url}."""
        return []

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            closed = years.freezing_year(obj)
            context["snia_closed_message"] = closed.closed_message() if closed else None
            if not closed and isinstance(obj, Reviewable) and not self.has_change_permission(request, obj):
                if obj.review_state not in AUTHOR_EDITABLE_STATES and not is_mdcmre(request.user):
                    context["snia_review_notice"] = gettext(
                        "Cet élément est « %(state)s » : seul le personnel du MDCMRE peut encore le modifier."
                    ) % {"state": obj.get_review_state_display()}
            context["snia_buttons"] = self.get_change_buttons(request, obj)
            context["snia_links"] = self.get_change_links(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def render_action_form(
        self, request: HttpRequest, obj: Model, *, title: str, intro: str, form, submit_label: str
    ) -> TemplateResponse:
        """The small intermediate page of a one-step action (return, close, reopen)."""
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "intro": intro,
            "form": form,
            "submit_label": submit_label,
            "object": obj,
            "opts": self.opts,
            "cancel_url": self._change_url(obj),
        }
        return TemplateResponse(request, "admin/snia/action_form.html", context)

    # History (simple-history), scoped like everything else

    def _deleted_history_exists(self, object_id: str) -> bool:
        try:
            pk = self.opts.pk.to_python(unquote(object_id))
        except ValidationError:
            return False
        history = get_history_manager_for_model(self.model)
        return history.filter(**{self.opts.pk.attname: pk}).exists()

    def _history_reachable(self, request: HttpRequest, object_id: str) -> bool:
        if self.get_object(request, unquote(object_id)) is not None:
            return True
        # A deleted record's history is for MDCMRE staff, who restore from the trash.
        return is_mdcmre(request.user) and self._deleted_history_exists(object_id)

    def history_view(self, request: HttpRequest, object_id: str, extra_context=None):
        if not self._history_reachable(request, object_id):
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request: HttpRequest, object_id: str, version_id: str, extra_context=None):
        # Reverting is switched off: a past version is shown, never saved from
        # here (it would bypass the review workflow and the version check).
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        if not version_id.isdigit():
            raise Http404
        if not self._history_reachable(request, object_id):
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        history = get_history_manager_for_model(self.model).filter(history_id=version_id)
        if not visible_versions(history, request.user).exists():
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_history_queryset(
        self, request: HttpRequest, history_manager, pk_name: str, object_id
    ) -> QuerySet:
        history = super().get_history_queryset(request, history_manager, pk_name, object_id)
        return visible_versions(history, request.user)

    def revert_disabled(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return True

    def history_view_title(self, request: HttpRequest, obj: Model) -> str:
        return gettext("Historique : %s") % obj

    def history_form_view_title(self, request: HttpRequest, obj: Model) -> str:
        return gettext("Version passée : %s") % obj

    def get_historical_record_context_helper(self, request: HttpRequest, historical_record):
        return HistoryContextHelper(self.model, historical_record)

    def set_history_delta_changes(self, request: HttpRequest, historical_records, foreign_keys_are_objs=True):
        # As simple-history does, with the review state shown and the version hidden.
        newer = None
        for record in historical_records:
            if newer is not None:
                newer.history_delta_changes = record_changes(self.model, newer, record)
            newer = record


class ScopedInlineMixin:
    """Scoping and the version field for inline rows."""

    form = ScopedModelForm

    def check(self, **kwargs) -> list[checks.CheckMessage]:
        return [*super().check(**kwargs), *_check_form(self)]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return visible_to(super().get_queryset(request), request.user)

    def get_fieldsets(self, request: HttpRequest, obj: Model | None = None):
        fieldsets = super().get_fieldsets(request, obj)
        if _is_versioned(self.model):
            fieldsets = _with_version(fieldsets, self.has_change_permission(request, obj))
        return fieldsets

    def get_formset(self, request: HttpRequest, obj: Model | None = None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.admin_request = request
        return formset

    def formfield_for_dbfield(self, db_field, request: HttpRequest, **kwargs):
        # The fields the model names as Markdown: help and preview (adminsite.markdown).
        if is_markdown(self.model, db_field):
            kwargs["widget"] = MarkdownTextarea
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if "queryset" not in kwargs:
            kwargs["queryset"] = writable_queryset(self, db_field, request, kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class DomainAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """The base of every SNIA ModelAdmin."""
