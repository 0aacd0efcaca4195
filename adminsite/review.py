"""Draft → submitted → validated, or returned with a comment, in the admin:
the buttons of the change form, the return form, the bulk actions."""

from concurrency.forms import get_signer
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.signing import BadSignature
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from access import years
from access.models import ReviewState, StateChanged
from access.people import person
from access.rules import can_review
from adminsite import workflow
from adminsite.authorship import AuthorshipAdminMixin
from adminsite.base import ScopedAdminMixin, _strip_fields
from adminsite.history import VERSION_FIELD


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


# Short words for narrow list columns; the change form says the state in full.
BADGE_LABELS = {
    ReviewState.DRAFT: _("Brouillon"),
    ReviewState.SUBMITTED: _("Soumis"),
    ReviewState.VALIDATED: _("Validé"),
    ReviewState.RETURNED: _("Renvoyé"),
}


def state_badge(obj: Model) -> str:
    """The record's review state as a badge (a word in a frame coloured by its
    CSS class), and the day it got there (submitted, validated or returned; a
    draft has none)."""
    state = obj.review_state
    label = BADGE_LABELS.get(state) or obj.get_review_state_display()
    when = obj.submitted_at if state == ReviewState.SUBMITTED else obj.reviewed_at
    if state == ReviewState.DRAFT or when is None:
        return format_html('<span class="snia-state snia-state-{}">{}</span>', state, label)
    return format_html(
        '<span class="snia-state snia-state-{}">{}</span><span class="snia-state-date">{}</span>',
        state,
        label,
        gettext("le %(date)s") % {"date": formats.date_format(timezone.localtime(when), "SHORT_DATE_FORMAT")},
    )


class ReviewAdminMixin(ScopedAdminMixin):
    """Draft → submitted → validated, or returned with a comment, in the admin.

    The buttons of the change form save it and take the step in one go
    (adminsite.workflow); the views below take a step alone (a POST without
    the form, and the return form with its comment). Both call the model's
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

    # Lists: the state as a badge (a word, coloured by a CSS class) with its date

    def get_list_display(self, request: HttpRequest):
        return [
            "review_badge" if name == "review_state" else name for name in super().get_list_display(request)
        ]

    @admin.display(description=_("état"), ordering="review_state")
    def review_badge(self, obj: Model) -> str:
        return state_badge(obj)

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
        # Each posts this form (adminsite.workflow): typed changes are saved first.
        editable = self.has_change_permission(request, obj)
        return super().get_change_buttons(request, obj) + workflow.buttons(
            request.user, obj, editable=editable
        )

    # One step from the change form: save, then submit / approve (adminsite.workflow)

    def get_form(self, request: HttpRequest, obj: Model | None = None, change: bool = False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        step = workflow.posted_step(request)
        if step is not None:
            reason = workflow.step_refusal(request.user, obj, step)
            form.refusal = workflow.refusal_text(reason) if reason else None
        return form

    def save_model(self, request: HttpRequest, obj: Model, form, change: bool) -> None:
        if change and workflow.posted_step(request) and not form.has_changed():
            # Nothing typed: the step alone, without an empty version in the history.
            return
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        step = workflow.posted_step(request)
        if step in (workflow.SUBMIT, workflow.APPROVE):
            # In the admin's transaction: a refusal rolls the save back too.
            workflow.take_step(form.instance, request.user, step)

    def _after_step(self, request: HttpRequest, obj: Model, step: str) -> HttpResponse:
        self.message_user(request, workflow.DONE_MESSAGES[step] % {"object": obj}, messages.SUCCESS)
        if step == workflow.RETURN:
            return HttpResponseRedirect(self._review_url(obj, "renvoyer"))
        return HttpResponseRedirect(self._change_url(obj))

    def response_add(self, request: HttpRequest, obj: Model, post_url_continue=None) -> HttpResponse:
        step = workflow.posted_step(request)
        if step is None or IS_POPUP_VAR in request.POST:
            return super().response_add(request, obj, post_url_continue)
        return self._after_step(request, obj, step)

    def response_change(self, request: HttpRequest, obj: Model) -> HttpResponse:
        step = workflow.posted_step(request)
        if step is None or IS_POPUP_VAR in request.POST:
            return super().response_change(request, obj)
        return self._after_step(request, obj, step)

    def changeform_view(self, request: HttpRequest, object_id=None, form_url: str = "", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except workflow.TransitionRefused as error:
            # Rolled back: neither the save nor the step happened.
            self.message_user(request, workflow.rolled_back_text(error.message), messages.ERROR)
            return HttpResponseRedirect(request.path)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is None and not context.get("is_popup"):
            context["snia_buttons"] = workflow.buttons(
                request.user, None, editable=self.has_add_permission(request)
            )
        if obj is not None and obj.review_state == ReviewState.RETURNED and obj.review_comment:
            # At the top of the form: what the reviewer asked to correct.
            context["snia_return_comment"] = {
                "text": obj.review_comment,
                "by": person(obj.reviewed_by) if obj.reviewed_by_id else None,
                "at": obj.reviewed_at,
            }
        return super().render_change_form(request, context, add, change, form_url, obj)

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
        closed = years.freezing_year(obj)
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
                        self.message_user(request, workflow.error_text(error), messages.ERROR)
                        return back
                except PermissionDenied as error:
                    self.message_user(request, workflow.error_text(error), messages.ERROR)
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
            self.message_user(request, workflow.error_text(error), messages.ERROR)
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
                refused.append(f"« {obj} » : {workflow.error_text(error)}")
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
