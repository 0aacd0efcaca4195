"""Permissions as staff read them in the user and group forms, in French.

Django stores each permission's name once, in English, when it migrates
(« Can add année de rapport »): the forms label the four default permissions
from their codename and the model's translated name instead. Permissions that
a model declares itself (« Peut clôturer une année de rapport ») keep theirs.
"""

from django.contrib.auth.models import Permission
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DEFAULT_ACTIONS = {
    "add": gettext_lazy("Peut ajouter"),
    "change": gettext_lazy("Peut modifier"),
    "delete": gettext_lazy("Peut supprimer"),
    "view": gettext_lazy("Peut consulter"),
}


def permission_label(permission: Permission) -> str:
    content_type = permission.content_type
    model = content_type.model_class()
    if model is None:
        return str(permission)
    opts = model._meta
    action, _separator, model_name = permission.codename.partition("_")
    if action in DEFAULT_ACTIONS and model_name == opts.model_name:
        name = _("%(action)s : %(model)s") % {"action": DEFAULT_ACTIONS[action], "model": opts.verbose_name}
    else:
        name = _(permission.name)
    return f"{opts.app_config.verbose_name} | {opts.verbose_name} | {name}"


class PermissionLabelsMixin:
    """For the ModelAdmins whose forms choose permissions (users, groups)."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and db_field.related_model is Permission:
            field.label_from_instance = permission_label
        return field


def label_permissions(site) -> None:
    """Gives PermissionLabelsMixin to the registered admins of users and groups."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    for model in (get_user_model(), Group):
        model_admin = site._registry.get(model)
        if model_admin is not None and not isinstance(model_admin, PermissionLabelsMixin):
            admin_class = type(model_admin)
            labelled = type(f"Labelled{admin_class.__name__}", (PermissionLabelsMixin, admin_class), {})
            labelled.__module__ = admin_class.__module__
            site._registry[model] = labelled(model, site)
