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
staff hand a record to another author, access.admin_authorship); once
submitted or validated the record is MDCMRE's.
MDCMRE staff may still edit a validated record (correcting a figure before the
bilan is published): it stays validated and its history keeps the change, with
who, when, before and after. Nobody edits a record of a closed year.
"""

import datetime

from concurrency.exceptions import RecordModifiedError
from concurrency.forms import get_signer
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core import checks
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.signing import BadSignature
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import ModelChange, ModelDelta
from simple_history.template_utils import HistoricalRecordContextHelper
from simple_history.utils import get_history_manager_for_model

from access.admin_authorship import AuthorshipAdminMixin
from access.admin_input import CheckedInputAdminMixin
from access.models import Reviewable, ReviewState, StateChanged
from access.rules import (
    AUTHOR_EDITABLE_STATES,
    can_change,
    can_review,
    is_mdcmre,
    organisers_error,
    visible_to,
    visible_versions,
    writable_choices,
)
from access.signals import YEAR_BOUND, record_year
from reports.models import ReportingYear, YearClosedError

VERSION_FIELD = "version"
# What the history shows as changes: every tracked field but these.
HISTORY_HIDDEN_FIELDS = {"id", VERSION_FIELD, "submitted_at", "reviewed_at"}


def _label(model: type[Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def _is_versioned(model: type[Model]) -> bool:
    return hasattr(model, "_concurrencymeta")


def person(user) -> str:
    if user is None:
        return gettext("un utilisateur inconnu")
    return user.get_full_name() or user.get_username()


def closed_year_of(obj: Model) -> ReportingYear | None:
    """The closed ReportingYear a stored record belongs to, or None."""
    year = getattr(obj, "year", None)
    if year is None:
        return None
    return ReportingYear.objects.closed().filter(year=year).select_related("closed_by").first()


# History: which fields changed, before and after, in French.


class HistoryContextHelper(HistoricalRecordContextHelper):
    """simple-history's before → after display, with choice labels, oui/non and
    French dates instead of raw stored values."""

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        field = self.model._meta.get_field(change.field)
        if value is None or value == "":
            return gettext("(vide)")
        if isinstance(value, list):
            return value
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        if isinstance(value, bool):
            return gettext("oui") if value else gettext("non")
        if isinstance(value, datetime.datetime):
            return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
        if isinstance(value, datetime.date):
            return formats.date_format(value, "SHORT_DATE_FORMAT")
        return value


def history_fields(model: type[Model]) -> set[str]:
    """The tracked fields shown in a record's history: the review state too
    (not editable in forms, but a change everyone needs to see), never the
    primary key, the version counter or timestamps the history row has itself."""
    history = get_history_manager_for_model(model).model
    names = {field.name for field in history.tracked_fields}
    names |= {field.name for field in history._history_m2m_fields}
    return names - HISTORY_HIDDEN_FIELDS


def _related_or_none(record, field):
    try:
        return getattr(record, field.name)
    except ObjectDoesNotExist:
        return None


def record_changes(model: type[Model], newer, older) -> list[dict]:
    """[{field, old, new}] between two historical records of one object, in French."""
    shown = history_fields(model)
    # simple-history diffs editable fields only; the others (review state,
    # reviewer…) are compared here.
    hidden_from_diff = {field for field in newer.tracked_fields if not field.editable and field.name in shown}
    delta = newer.diff_against(
        older,
        included_fields=shown - {field.name for field in hidden_from_diff},
        foreign_keys_are_objs=True,
    )
    changes = list(delta.changes)
    for field in hidden_from_diff:
        if getattr(older, field.attname) != getattr(newer, field.attname):
            if field.is_relation:
                changes.append(
                    ModelChange(field.name, _related_or_none(older, field), _related_or_none(newer, field))
                )
            else:
                changes.append(
                    ModelChange(field.name, getattr(older, field.attname), getattr(newer, field.attname))
                )
    changes.sort(key=lambda change: change.field)
    delta = ModelDelta(changes, [change.field for change in changes], older, newer)
    return HistoryContextHelper(model, newer).context_for_delta_changes(delta)


def changes_since(instance: Model, version: int) -> list[str]:
    """One line per change saved after `version` of `instance`: who, when, and
    each field with its value before → after."""
    if not hasattr(instance, "history"):
        return []
    records = list(instance.history.order_by("history_id").select_related("history_user"))
    baseline = None
    later = []
    for record in records:
        if getattr(record, VERSION_FIELD) <= version:
            baseline, later = record, []
        else:
            later.append(record)
    lines = []
    previous = baseline
    for record in later:
        if previous is not None:
            changes = record_changes(type(instance), record, previous)
            if changes:
                lines.append(
                    gettext("%(who)s, le %(when)s : %(changes)s.")
                    % {
                        "who": person(record.history_user),
                        "when": formats.date_format(
                            timezone.localtime(record.history_date), "SHORT_DATETIME_FORMAT"
                        ),
                        "changes": " ; ".join(f"{c['field']} : {c['old']} → {c['new']}" for c in changes),
                    }
                )
        previous = record
    return lines


def stale_messages(instance: Model, version: int) -> list[str]:
    """What a user whose form was loaded at `version` is told when saving it."""
    return [
        gettext(
            "Quelqu'un a modifié cet enregistrement pendant que vous le modifiiez : "
            "vos changements n'ont pas été enregistrés. Modifications faites entre-temps :"
        ),
        *(changes_since(instance, version) or [gettext("(le détail n'est pas disponible)")]),
        gettext("Rechargez la page pour repartir de la version enregistrée, puis refaites vos changements."),
    ]


# Forms


class ScopedModelForm(forms.ModelForm):
    """The base of every SNIA admin form (checked by the `access.E001` system check).

    The admin sets `admin_request` on the form class it builds for a request;
    a form used outside the admin (admin_request None) skips the user's rules.
    """

    admin_request: HttpRequest | None = None

    def clean(self) -> dict:
        cleaned_data = super().clean()
        self._refuse_stale_version()
        self._require_own_institution_among_organisers()
        return cleaned_data

    def _post_clean(self) -> None:
        super()._post_clean()
        # After construct_instance: the record's year as the form would save it.
        self._refuse_closed_year()

    def _refuse_stale_version(self) -> None:
        if VERSION_FIELD not in self.fields or VERSION_FIELD not in self.cleaned_data:
            return
        current = getattr(self.instance, VERSION_FIELD)
        name = self.add_prefix(VERSION_FIELD)
        omitted = self.fields[VERSION_FIELD].widget.value_omitted_from_data(self.data, self.files, name)
        if self.instance._state.adding:
            # Nothing to overwrite: a new record (an add form, an inline's
            # extra row) may come without a version.
            if omitted:
                self.cleaned_data[VERSION_FIELD] = current
            return
        loaded = self.cleaned_data[VERSION_FIELD]
        # Omitted (a script: a page the admin rendered always carries it) or
        # blanked, the form would save over whatever is stored meanwhile.
        if omitted or not loaded:
            self.add_error(None, gettext("Ce formulaire est incomplet : rechargez la page."))
        elif loaded != current:
            self.add_error(None, stale_messages(self.instance, loaded))

    def _require_own_institution_among_organisers(self) -> None:
        if self.admin_request is None or "organisers" not in self.cleaned_data:
            return
        organisers = self.cleaned_data["organisers"]
        message = organisers_error(self.admin_request.user, [institution.pk for institution in organisers])
        if message:
            self.add_error("organisers", message)

    def _refuse_closed_year(self) -> None:
        if _label(type(self.instance)) not in YEAR_BOUND:
            return
        if not self.instance._state.adding and not self.has_changed():
            # An unchanged inline row is not saved. (A change form of a closed
            # year's record is refused before any form is read.)
            return
        years = {record_year(self.instance)}
        if not self.instance._state.adding:
            stored = type(self.instance)._base_manager.filter(pk=self.instance.pk).first()
            if stored is not None:
                years.add(record_year(stored))
        for year in sorted(year for year in years if year is not None):
            try:
                ReportingYear.objects.ensure_open(year)
            except YearClosedError as error:
                self.add_error(None, error.messages)


def _check_form(admin_obj) -> list[checks.CheckMessage]:
    if issubclass(admin_obj.form, ScopedModelForm):
        return []
    return [
        checks.Error(
            f"{type(admin_obj).__qualname__}.form must inherit from access.admin.ScopedModelForm.",
            hint="Its clean() applies the access rules, the closed-year rule and the version check.",
            obj=type(admin_obj),
            id="access.E001",
        )
    ]


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
    change_form_template = "admin/snia/change_form.html"
    object_history_list_template = "admin/snia/object_history_list.html"

    def check(self, **kwargs) -> list[checks.CheckMessage]:
        return [*super().check(**kwargs), *_check_form(self)]

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
        if obj is None or closed_year_of(obj) is None:
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
        except YearClosedError as error:
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
        except YearClosedError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(request.path)

    def get_change_buttons(self, request: HttpRequest, obj: Model) -> list[dict]:
        """Extra buttons under the change form: {label, url, post}. A `post`
        button submits the page's form (and its CSRF token) to `url`."""
        return []

    def get_change_links(self, request: HttpRequest, obj: Model) -> list[dict]:
        """Extra links beside « Historique »: {label, url}."""
        return []

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            closed = closed_year_of(obj)
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

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if "queryset" not in kwargs:
            kwargs["queryset"] = writable_queryset(self, db_field, request, kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class DomainAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """The base of every SNIA ModelAdmin."""


# The review workflow


class ReturnForm(forms.Form):
    # Not required here: the model says what is missing, in one place.
    comment = forms.CharField(
        label=_("Commentaire pour l'auteur"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
    )
    # The version the reviewer read (signed, as in change forms): read by version_seen().
    version = forms.CharField(required=False, widget=forms.HiddenInput)


REVIEW_DISPLAY_FIELDS = [
    "review_state",
    "review_comment",
    "author",
    "author_institution",
    "submitted_at",
    "reviewed_by",
    "reviewed_at",
]
TRANSITIONS = {
    "soumettre": ("submit", _("« %(object)s » a été soumis pour validation.")),
    "valider": ("approve", _("« %(object)s » a été validé.")),
    "renvoyer": ("return_to_author", _("« %(object)s » a été renvoyé à son auteur.")),
}


def version_seen(request: HttpRequest) -> int | None:
    """The version of the change form a workflow button posted, if it carried one:
    the transition is then refused if the record changed since that page was shown."""
    value = request.POST.get(VERSION_FIELD)
    if not value:
        return None
    try:
        return int(get_signer().unsign(value))
    except (BadSignature, ValueError):
        return None


def _error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or gettext("Vous n'avez pas le droit de faire cela.")


class ReviewAdminMixin(ScopedAdminMixin):
    """Draft → submitted → validated, or returned with a comment, in the admin.

    Buttons on the change form post to admin views that call the model's
    methods (Reviewable.submit / approve / return_to_author): the rules live
    there; a refusal becomes a message, never an error page.
    """

    actions = ["submit_selected", "approve_selected"]

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            readonly += [name for name in REVIEW_DISPLAY_FIELDS if name not in readonly]
        return readonly

    def get_fieldsets(self, request: HttpRequest, obj: Model | None = None):
        fieldsets = _strip_fields(super().get_fieldsets(request, obj), set(REVIEW_DISPLAY_FIELDS))
        if obj is not None:
            fieldsets.append((_("Validation"), {"fields": REVIEW_DISPLAY_FIELDS}))
        return fieldsets

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/validation/<slug:transition>/",
                self.admin_site.admin_view(self.review_view),
                name=f"{opts.app_label}_{opts.model_name}_review",
            ),
            *super().get_urls(),
        ]

    def _review_url(self, obj: Model, transition: str) -> str:
        opts = self.model._meta
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_review",
            args=[obj.pk, transition],
            current_app=self.admin_site.name,
        )

    def get_change_buttons(self, request: HttpRequest, obj: Model) -> list[dict]:
        # Shown where they can succeed; the model decides when posted.
        buttons = super().get_change_buttons(request, obj)
        if not self.has_change_permission(request, obj):
            return buttons
        if obj.review_state in AUTHOR_EDITABLE_STATES:
            buttons.append(
                {
                    "label": _("Soumettre pour validation"),
                    "url": self._review_url(obj, "soumettre"),
                    "post": True,
                }
            )
        if obj.review_state == ReviewState.SUBMITTED and can_review(request.user):
            buttons.append({"label": _("Valider"), "url": self._review_url(obj, "valider"), "post": True})
            buttons.append(
                {"label": _("Renvoyer à l'auteur…"), "url": self._review_url(obj, "renvoyer"), "post": False}
            )
        return buttons

    def review_view(self, request: HttpRequest, object_id: str, transition: str) -> HttpResponse:
        if transition not in TRANSITIONS:
            raise Http404
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        back = HttpResponseRedirect(self._change_url(obj))
        closed = closed_year_of(obj)
        if closed is not None:
            self.message_user(request, closed.closed_message(), messages.ERROR)
            return back
        method, done = TRANSITIONS[transition]
        if transition == "renvoyer":
            if not can_review(request.user):
                self.message_user(
                    request, gettext("Seul le personnel du MDCMRE peut valider ou renvoyer."), messages.ERROR
                )
                return back
            form = ReturnForm(
                request.POST if request.method == "POST" else None,
                initial={VERSION_FIELD: get_signer().sign(getattr(obj, VERSION_FIELD))},
            )
            if request.method == "POST" and form.is_valid():
                try:
                    obj.return_to_author(
                        request.user, form.cleaned_data["comment"], version=version_seen(request)
                    )
                except StateChanged as error:
                    # Shown above the comment, which stays in the form: not lost.
                    form.add_error(None, error.messages)
                except ValidationError as error:
                    if hasattr(error, "error_dict"):
                        form.add_error("comment", error.error_dict.get("review_comment", error.messages))
                    else:
                        self.message_user(request, _error_text(error), messages.ERROR)
                        return back
                except PermissionDenied as error:
                    self.message_user(request, _error_text(error), messages.ERROR)
                    return back
                else:
                    self.message_user(request, done % {"object": obj}, messages.SUCCESS)
                    return back
            return self.render_action_form(
                request,
                obj,
                title=gettext("Renvoyer « %s » à son auteur") % obj,
                intro=gettext(
                    "Dites à l'auteur ce qu'il faut corriger ; il pourra ensuite soumettre à nouveau."
                ),
                form=form,
                submit_label=gettext("Renvoyer à l'auteur"),
            )
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        try:
            getattr(obj, method)(request.user, version=version_seen(request))
        except (PermissionDenied, ValidationError) as error:
            self.message_user(request, _error_text(error), messages.ERROR)
        else:
            self.message_user(request, done % {"object": obj}, messages.SUCCESS)
        return back

    # Bulk actions

    def has_review_permission(self, request: HttpRequest) -> bool:
        return can_review(request.user)

    def _transition_selected(self, request: HttpRequest, queryset: QuerySet, transition: str) -> None:
        method, _done = TRANSITIONS[transition]
        done, refused = 0, []
        for obj in queryset:
            try:
                getattr(obj, method)(request.user)
            except (PermissionDenied, ValidationError) as error:
                refused.append(f"« {obj} » : {_error_text(error)}")
            else:
                done += 1
        if done:
            text = {
                "soumettre": gettext("%(count)d élément(s) soumis pour validation."),
                "valider": gettext("%(count)d élément(s) validé(s)."),
            }[transition]
            self.message_user(request, text % {"count": done}, messages.SUCCESS)
        for line in refused:
            self.message_user(request, gettext("Refusé pour %s") % line, messages.WARNING)

    @admin.action(description=_("Soumettre pour validation"), permissions=["change"])
    def submit_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._transition_selected(request, queryset, "soumettre")

    @admin.action(description=_("Valider"), permissions=["review"])
    def approve_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._transition_selected(request, queryset, "valider")


class ReviewableAdmin(AuthorshipAdminMixin, ReviewAdminMixin, SimpleHistoryAdmin):
    """The base of the admins of what feeds the bilan: sessions, meetings, action progress."""
