"""What the admin accepts from the address bar and from posted ids.

Django's admin turns any query-string key into a database lookup unless
`lookup_allowed()` refuses it (`?title__regex=(` reached PostgreSQL), and its
bulk actions and autocomplete widgets hand posted ids to the ORM unchecked
(`_selected_action=abc`, `organisers=abc`: a 500). CheckedInputAdminMixin
closes these doors for every ModelAdmin of the site: SNIA's through
ScopedAdminMixin, third-party ones (users, groups, tokens, tasks, login
attempts) through check_admin_site(), called when the access app is ready.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.filters import FieldListFilter
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db import DataError, connections, transaction
from django.db.models import Field, Model, QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.utils.translation import gettext

DATE_HIERARCHY_PARTS = ("year", "month", "day")


def offered_lookups(model_admin, request: HttpRequest) -> set[str]:
    """The query-string parameters the list's filters and date hierarchy offer."""
    cache = request.__dict__.setdefault("_snia_offered_lookups", {})
    key = type(model_admin)
    if key in cache:
        return cache[key]
    offered = set()
    model = model_admin.model
    for list_filter in model_admin.get_list_filter(request):
        if callable(list_filter):
            # A SimpleListFilter class: its own parameter.
            spec = list_filter(request, {}, model, model_admin)
        else:
            if isinstance(list_filter, list | tuple):
                field, filter_class = list_filter
            else:
                field, filter_class = list_filter, FieldListFilter.create
            field_path = None
            if not isinstance(field, Field):
                field_path = field
                field = get_fields_from_path(model, field_path)[-1]
            spec = filter_class(field, request, {}, model, model_admin, field_path=field_path)
        offered.update(spec.expected_parameters())
    if model_admin.date_hierarchy:
        offered.update(f"{model_admin.date_hierarchy}__{part}" for part in DATE_HIERARCHY_PARTS)
    cache[key] = offered
    return offered


def is_offered(lookup: str, offered: set[str]) -> bool:
    # `?city=Rabat` and `?city__exact=Rabat` are one lookup, whichever the filter writes.
    return lookup in offered or f"{lookup}__exact" in offered or lookup.removesuffix("__exact") in offered


def valid_key(field: Field, value) -> bool:
    """Whether `value` can name a row through `field` (a primary key, usually):
    of the field's type and, for integers, within the database's range."""
    try:
        value = field.to_python(value)
    except (ValidationError, TypeError, ValueError):
        return False
    if isinstance(value, int):
        low, high = connections["default"].ops.integer_field_range(field.get_internal_type())
        if (low is not None and value < low) or (high is not None and value > high):
            return False
    return True


def valid_keys(model: type[Model], values) -> bool:
    return all(valid_key(model._meta.pk, value) for value in values)


class CheckedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuses ids that cannot be ids before querying: `IN (99999999999999999999)`
    overflows SQLite, where a single `=` is safe."""

    def _check_values(self, value):
        model = self.queryset.model
        key = model._meta.get_field(self.to_field_name) if self.to_field_name else model._meta.pk
        for item in value:
            if not valid_key(key, item):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": item}
                )
        return super()._check_values(value)


class _ValidChoicesMixin:
    """Shows again only the posted ids that can be ids: a form posted with
    `organisers=abc` comes back with the field's error, not a 500."""

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        opts = remote.model._meta
        target = opts.get_field(getattr(remote, "field_name", None) or opts.pk.name)
        value = [item for item in value if valid_key(target, item)]
        return super().optgroups(name, value, attr)


class CheckedAutocompleteSelect(_ValidChoicesMixin, AutocompleteSelect):
    pass


class CheckedAutocompleteSelectMultiple(_ValidChoicesMixin, AutocompleteSelectMultiple):
    pass


class CheckedInputAdminMixin:
    """Lists accept only the filters they offer, and turn values no column can
    hold into the admin's « ?e=1 » page; bulk actions and autocomplete widgets
    ignore or refuse ids that cannot be ids."""

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest | None = None) -> bool:
        # Only the filters the list offers. Anything else (`?title__regex=(`)
        # is answered like a filter on a field that does not exist: the list's
        # « ?e=1 » page, the export's redirect to the list with a message.
        if request is None or not is_offered(lookup, offered_lookups(self, request)):
            raise IncorrectLookupParameters(f"Filtering by {lookup} is not offered.")
        return super().lookup_allowed(lookup, value, request)

    def get_changelist_instance(self, request: HttpRequest):
        # A value the database or Python cannot hold (`?year=99999999999999999999`)
        # is the admin's « ?e=1 » page, like any other bad filter value. The
        # savepoint keeps a PostgreSQL error from spoiling the rest of the request.
        try:
            with transaction.atomic(using=self.model._default_manager.db):
                return super().get_changelist_instance(request)
        except (DataError, OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error

    def response_action(self, request: HttpRequest, queryset: QuerySet):
        if not valid_keys(self.model, request.POST.getlist(ACTION_CHECKBOX_NAME)):
            self.message_user(request, gettext("Sélection invalide : rien n’a été fait."), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request: HttpRequest, **kwargs):
        kwargs.setdefault("form_class", CheckedModelMultipleChoiceField)
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def check_admin_site(site) -> None:
    """Gives every registered ModelAdmin that lacks it CheckedInputAdminMixin."""
    for model, model_admin in list(site._registry.items()):
        if not isinstance(model_admin, CheckedInputAdminMixin):
            admin_class = type(model_admin)
            checked = type(f"Checked{admin_class.__name__}", (CheckedInputAdminMixin, admin_class), {})
            checked.__module__ = admin_class.__module__
            site._registry[model] = checked(model, site)
