"""The users' admin: Django's, with a leaver's two steps (access.leavers).

- « Désactiver le compte… » (a button on the user's page, and a bulk action
  on the list): administrators for any account but their own, MDCMRE staff
  for focal points' and readers' accounts.
- « Transférer les brouillons… »: MDCMRE staff and administrators hand all of
  a user's drafts and returned records to a successor at once.

Registered in place of Django's UserAdmin by adminsite.site when the admin is
ready (adminsite is not an installed app of its own: no admin.py is found here).
"""

from concurrency.exceptions import RecordModifiedError
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from access import leavers
from access.roles import GROUP_NAMES, Role, role_of
from access.rules import is_mdcmre
from adminsite.input import CheckedInputAdminMixin

AUTHORING_GROUPS = [GROUP_NAMES[Role.ADMINISTRATOR], GROUP_NAMES[Role.STAFF], GROUP_NAMES[Role.FOCAL_POINT]]


def user_label(user) -> str:
    name = user.get_full_name()
    return f"{name} ({user.get_username()})" if name else user.get_username()


class SuccessorForm(forms.Form):
    successor = forms.ModelChoiceField(label=_("Successeur"), queryset=None)

    def __init__(self, *args, leaver, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Active accounts that may author records (focal points, MDCMRE);
        # whether they reach each draft is checked on transfer, record by record.
        users = get_user_model().objects.filter(is_active=True).exclude(pk=leaver.pk)
        authoring = users.filter(Q(is_superuser=True) | Q(groups__name__in=AUTHORING_GROUPS))
        self.fields["successor"].queryset = users.filter(pk__in=authoring.values("pk")).order_by("username")
        self.fields["successor"].label_from_instance = user_label


class SniaUserAdmin(CheckedInputAdminMixin, UserAdmin):
    change_form_template = "admin/snia/user_change_form.html"
    list_display = ("username", "email", "first_name", "last_name", "is_active", "last_login")
    actions = ["deactivate_selected"]

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/desactiver/",
                self.admin_site.admin_view(self.deactivate_view),
                name="{}_{}_deactivate".format(*info),
            ),
            path(
                "<path:object_id>/brouillons/",
                self.admin_site.admin_view(self.transfer_view),
                name="{}_{}_transfer".format(*info),
            ),
            *super().get_urls(),
        ]

    def has_deactivate_permission(self, request: HttpRequest) -> bool:
        return role_of(request.user) in (Role.ADMINISTRATOR, Role.STAFF)

    def _url(self, name: str, user: AbstractBaseUser) -> str:
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}",
            args=[user.pk],
            current_app=self.admin_site.name,
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            context["snia_links"] = self._leaver_links(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _leaver_links(self, request: HttpRequest, user) -> list[dict]:
        links = []
        if leavers.deactivation_refusal(request.user, user) is None:
            links.append({"label": gettext("Désactiver le compte…"), "url": self._url("deactivate", user)})
        if is_mdcmre(request.user):
            links.append({"label": gettext("Transférer les brouillons…"), "url": self._url("transfer", user)})
        return links

    def _user_or_redirect(self, request: HttpRequest, object_id: str):
        user = self.get_object(request, unquote(object_id))
        if user is None:
            return None, self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return user, None

    def _change_url(self, user) -> str:
        return self._url("change", user)

    def _page(self, request: HttpRequest, user, title: str, **context) -> TemplateResponse:
        return TemplateResponse(
            request,
            "admin/snia/user_leaver.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "object": user,
                "opts": self.opts,
                "cancel_url": self._change_url(user),
                **context,
            },
        )

    def _deactivated_message(self, user, done: leavers.Deactivation) -> str:
        return gettext(
            "Le compte « %(user)s » est désactivé : %(sessions)d session(s) fermée(s), "
            "%(tokens)d jeton(s) d'API révoqué(s). Ses enregistrements sont conservés."
        ) % {"user": user.get_username(), "sessions": done.sessions, "tokens": done.tokens}

    def deactivate_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        if not self.has_deactivate_permission(request):
            raise PermissionDenied
        user, missing = self._user_or_redirect(request, object_id)
        if missing:
            return missing
        back = HttpResponseRedirect(self._change_url(user))
        refusal = leavers.deactivation_refusal(request.user, user)
        if refusal:
            self.message_user(request, refusal, messages.ERROR)
            return back
        if request.method == "POST":
            try:
                done = leavers.deactivate(request.user, user)
            except PermissionDenied as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(request, self._deactivated_message(user, done), messages.SUCCESS)
            return back
        return self._page(
            request,
            user,
            gettext("Désactiver le compte « %s »") % user.get_username(),
            action="deactivate",
            drafts=len(leavers.drafts_of(user)),
            transfer_url=self._url("transfer", user) if is_mdcmre(request.user) else None,
            submit_label=gettext("Désactiver le compte"),
        )

    def transfer_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        if not is_mdcmre(request.user):
            raise PermissionDenied
        leaver, missing = self._user_or_redirect(request, object_id)
        if missing:
            return missing
        form = SuccessorForm(request.POST if request.method == "POST" else None, leaver=leaver)
        refused = []
        if request.method == "POST" and form.is_valid():
            successor = form.cleaned_data["successor"]
            try:
                transfer = leavers.transfer_drafts(request.user, leaver, successor)
            except leavers.TransferRefused as error:
                form.add_error("successor", error.message)
                refused = [self._record_row(record) for record in error.records]
            except RecordModifiedError:
                # Someone saved one of the drafts meanwhile: the transaction moved nothing.
                self.message_user(
                    request,
                    gettext(
                        "Un des brouillons a été modifié pendant le transfert : "
                        "rien n'a été transféré. Réessayez."
                    ),
                    messages.ERROR,
                )
            except (PermissionDenied, ValidationError) as error:
                # A record changed meanwhile (submitted, its year closed): nothing moved.
                text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
                self.message_user(request, text, messages.ERROR)
            else:
                self._report_transfer(request, leaver, successor, transfer)
                return HttpResponseRedirect(self._change_url(leaver))
        drafts = leavers.drafts_of(leaver)
        return self._page(
            request,
            leaver,
            gettext("Transférer les brouillons de « %s »") % leaver.get_username(),
            action="transfer",
            form=form,
            records=[self._record_row(record) for record in drafts],
            refused=refused,
            submitted=leavers.submitted_count(leaver),
            submit_label=gettext("Transférer les brouillons"),
        )

    def _record_row(self, record) -> dict:
        opts = record._meta
        return {
            "kind": opts.verbose_name,
            "label": str(record),
            "state": record.get_review_state_display(),
            "url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change",
                args=[record.pk],
                current_app=self.admin_site.name,
            ),
        }

    def _report_transfer(self, request: HttpRequest, leaver, successor, transfer: leavers.Transfer) -> None:
        if transfer.moved:
            self.message_user(
                request,
                ngettext(
                    "%(count)d brouillon de « %(leaver)s » a maintenant pour auteur %(successor)s.",
                    "%(count)d brouillons de « %(leaver)s » ont maintenant pour auteur %(successor)s.",
                    len(transfer.moved),
                )
                % {
                    "count": len(transfer.moved),
                    "leaver": leaver.get_username(),
                    "successor": user_label(successor),
                },
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                gettext("« %(leaver)s » n'a aucun brouillon à transférer.")
                % {"leaver": leaver.get_username()},
                messages.INFO,
            )
        if transfer.frozen:
            self.message_user(
                request,
                gettext(
                    "%(count)d brouillon(s) d'années clôturées restent à leur auteur : ils ne peuvent plus "
                    "être modifiés."
                )
                % {"count": len(transfer.frozen)},
                messages.WARNING,
            )

    @admin.action(description=_("Désactiver les comptes sélectionnés"), permissions=["deactivate"])
    def deactivate_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        for user in queryset:
            try:
                done = leavers.deactivate(request.user, user)
            except PermissionDenied as error:
                self.message_user(request, str(error), messages.WARNING)
            else:
                self.message_user(request, self._deactivated_message(user, done), messages.SUCCESS)


def register_user_admin(site: admin.AdminSite) -> None:
    """Puts SniaUserAdmin in place of Django's UserAdmin on `site`."""
    model = get_user_model()
    if site.is_registered(model):
        site.unregister(model)
    site.register(model, SniaUserAdmin)
