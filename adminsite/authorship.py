"""Handing a reviewed record to another author, in the admin (MDCMRE staff).

The editing rule (access.rules.authored_within) lets a focal point change the
drafts and returned records authored within their own institution. When a
focal point leaves, or a record was imported or entered by MDCMRE, staff hand
it to someone who may reach it (« Changer l'auteur… » on its change form);
the author's institution follows, and the history keeps the change.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from access.rules import authored_elsewhere_message, can_change, is_mdcmre, possible_authors


class AuthorForm(forms.Form):
    author = forms.ModelChoiceField(label=_("Nouvel auteur"), queryset=None, empty_label=None)

    def __init__(self, *args, record: Model, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["author"].queryset = possible_authors(record)
        self.fields["author"].label_from_instance = lambda user: user.get_full_name() or user.get_username()
        self.fields["author"].initial = record.author_id


class AuthorshipAdminMixin:
    """« Changer l'auteur… » for MDCMRE staff, and the focal point's notice on
    a draft authored within another institution."""

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/auteur/",
                self.admin_site.admin_view(self.author_view),
                name=f"{opts.app_label}_{opts.model_name}_author",
            ),
            *super().get_urls(),
        ]

    def _author_url(self, obj: Model) -> str:
        opts = self.model._meta
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_author",
            args=[obj.pk],
            current_app=self.admin_site.name,
        )

    def _may_hand_over(self, request: HttpRequest, obj: Model) -> bool:
        return is_mdcmre(request.user) and can_change(request.user, obj)

    def get_change_links(self, request: HttpRequest, obj: Model) -> list[dict]:
        links = super().get_change_links(request, obj)
        if self._may_hand_over(request, obj):
            links.append({"label": gettext("Changer l'auteur…"), "url": self._author_url(obj)})
        return links

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        response = super().render_change_form(request, context, add, change, form_url, obj)
        if obj is not None and obj.pk is not None:
            notice = authored_elsewhere_message(request.user, obj)
            if notice and not response.context_data.get("snia_review_notice"):
                response.context_data["snia_review_notice"] = notice
        return response

    def author_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not is_mdcmre(request.user):
            raise PermissionDenied
        back = HttpResponseRedirect(self._change_url(obj))
        if not can_change(request.user, obj):
            self.message_user(request, gettext("Cet élément ne peut plus être modifié."), messages.ERROR)
            return back
        form = AuthorForm(request.POST if request.method == "POST" else None, record=obj)
        if request.method == "POST" and form.is_valid():
            try:
                obj.hand_over(request.user, form.cleaned_data["author"])
            except ValidationError as error:
                form.add_error("author", error.message_dict.get("author", error.messages))
            except PermissionDenied as error:
                self.message_user(request, str(error), messages.ERROR)
                return back
            else:
                self.message_user(
                    request,
                    gettext("« %(object)s » a maintenant pour auteur %(author)s.")
                    % {"object": obj, "author": form.fields["author"].label_from_instance(obj.author)},
                    messages.SUCCESS,
                )
                return back
        return self.render_action_form(
            request,
            obj,
            title=gettext("Changer l'auteur de « %s »") % obj,
            intro=gettext(
                "Le nouvel auteur et les points focaux de son institution pourront modifier et soumettre "
                "cet élément tant qu'il est en brouillon ou renvoyé. Seuls les utilisateurs qui ont accès "
                "à cet élément sont proposés."
            ),
            form=form,
            submit_label=gettext("Changer l'auteur"),
        )
