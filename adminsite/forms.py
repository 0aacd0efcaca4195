"""The base of every SNIA admin form: the access rules, the closed-year rule and
the version check, run in clean() whatever the page (checked by the
`adminsite.E001` system check)."""

from django import forms
from django.core import checks
from django.http import HttpRequest
from django.utils.translation import gettext

from access import years
from access.rules import (
    own_institution_error,
)
from adminsite.history import VERSION_FIELD, stale_messages


class ScopedModelForm(forms.ModelForm):
    """The base of every SNIA admin form (checked by the `adminsite.E001` system check).

    The admin sets `admin_request` on the form class it builds for a request;
    a form used outside the admin (admin_request None) skips the user's rules.
    """

    admin_request: HttpRequest | None = None
    # Why the admin refuses what this post asks beyond saving (a workflow step
    # that cannot happen, adminsite.workflow): the whole post is then refused
    # as a form error, nothing saved, the user's input kept on the page.
    refusal: str | None = None

    def clean(self) -> dict:
        cleaned_data = super().clean()
        if self.refusal:
            self.add_error(None, self.refusal)
        self._refuse_stale_version()
        self._require_own_institution()
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

    def _require_own_institution(self) -> None:
        # The model names the relation that must hold the focal point's
        # institution (a session's organisers): access.models.Reviewable.
        field = getattr(self._meta.model, "own_institution_field", None)
        if self.admin_request is None or field is None or field not in self.cleaned_data:
            return
        chosen = self.cleaned_data[field]
        message = own_institution_error(self.admin_request.user, [institution.pk for institution in chosen])
        if message:
            self.add_error(field, message)

    def _refuse_closed_year(self) -> None:
        if not years.is_year_bound(type(self.instance)):
            return
        if not self.instance._state.adding and not self.has_changed():
            # An unchanged inline row is not saved. (A change form of a closed
            # year's record is refused before any form is read.)
            return
        for year in years.touched_years(self.instance):
            try:
                years.ensure_open(year)
            except years.YearClosedError as error:
                self.add_error(None, error.messages)


def _check_form(admin_obj) -> list[checks.CheckMessage]:
    if issubclass(admin_obj.form, ScopedModelForm):
        return []
    return [
        checks.Error(
            f"{type(admin_obj).__qualname__}.form must inherit from adminsite.forms.ScopedModelForm.",
            hint="Its clean() applies the access rules, the closed-year rule and the version check.",
            obj=type(admin_obj),
            id="adminsite.E001",
        )
    ]
