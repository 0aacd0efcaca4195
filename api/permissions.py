"""Model permissions of the caller's role, then access.rules on each record."""

from django.db.models import Model
from django.utils.translation import gettext_lazy as _
from rest_framework import (
    permissions,
)
from rest_framework.request import Request

from access.roles import role_of
from access.rules import change_refusal


class ScopedModelPermissions(permissions.DjangoModelPermissions):
    """Model permissions of the user's role, with reading requiring the view
    permission (Django's class lets any authenticated user read), then
    access.rules.can_change on the record for every change.

    Actions that call a model method (workflow, closing a year) need only the
    view permission here: the method itself decides, and says why it refuses.
    """

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
    }

    def _is_model_method(self, view) -> bool:
        return getattr(view, "action", None) in getattr(view, "model_method_actions", ())

    def has_permission(self, request: Request, view) -> bool:
        if self._is_model_method(view):
            if not request.user or not request.user.is_authenticated:
                return False
            model = self._queryset(view).model
            return request.user.has_perms(self.get_required_permissions("GET", model))
        return super().has_permission(request, view)

    def has_object_permission(self, request: Request, view, obj: Model) -> bool:
        if request.method in permissions.SAFE_METHODS or self._is_model_method(view):
            return True
        refusal = change_refusal(request.user, obj)
        if refusal:
            self.message = refusal
            return False
        return True


class HasRole(permissions.BasePermission):
    """Any of the four roles (read-only endpoints such as the figures)."""

    message = _("Votre compte n'a aucun rôle dans SNIA Suivi.")

    def has_permission(self, request: Request, view) -> bool:
        return role_of(request.user) is not None
