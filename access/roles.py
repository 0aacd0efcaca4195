"""The four roles of SNIA Suivi, as Django groups with model permissions.

Model permissions say what a role may do to a kind of record; which records it
reaches is decided by access.rules (scoping), written once for every path.
"""

from django.contrib.auth.models import Group, Permission
from django.db import models
from django.utils.translation import gettext_lazy as _


def _label(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def is_reference(model: type[models.Model]) -> bool:
    """Reference data (programmes, actions, institutions, committees…), which
    a model declares with `reference_data = True`: focal points read it only."""
    return getattr(model, "reference_data", False)


def is_focal_point_model(model: type[models.Model]) -> bool:
    """What focal points enter themselves, within their scope: the models that
    declare a `focal_point_scope` (the review workflow's, access.models)."""
    return hasattr(model, "focal_point_scope")


def domain_models() -> list[type[models.Model]]:
    """The models of the apps that declare `domain = True` in their AppConfig."""
    from django.apps import apps

    return [
        model
        for app_config in apps.get_app_configs()
        if getattr(app_config, "domain", False)
        for model in app_config.get_models()
    ]


def reference_labels() -> list[str]:
    return [_label(model) for model in domain_models() if is_reference(model)]


def focal_point_labels() -> list[str]:
    return [_label(model) for model in domain_models() if is_focal_point_model(model)]


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrateur MDCMRE")
    STAFF = "staff", _("Chargé(e) de suivi MDCMRE")
    FOCAL_POINT = "focal_point", _("Point focal")
    READER = "reader", _("Lecteur")


# Group names are stable identifiers in French, as staff see them in the admin.
GROUP_NAMES = {
    Role.ADMINISTRATOR: "Administrateur MDCMRE",
    Role.STAFF: "Chargé(e) de suivi MDCMRE",
    Role.FOCAL_POINT: "Point focal",
    Role.READER: "Lecteur",
}
ROLE_BY_GROUP = {name: role for role, name in GROUP_NAMES.items()}
# When a user is in several groups, the strongest role wins.
PRECEDENCE = [Role.ADMINISTRATOR, Role.STAFF, Role.FOCAL_POINT, Role.READER]


def role_of(user) -> Role | None:
    """The user's role, cached on the user object for the request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if hasattr(user, "_snia_role"):
        return user._snia_role
    if user.is_superuser:
        role = Role.ADMINISTRATOR
    else:
        names = set(user.groups.values_list("name", flat=True))
        role = next((r for r in PRECEDENCE if GROUP_NAMES[r] in names), None)
    user._snia_role = role
    return role


def _permissions(app_models: list[str], actions: tuple[str, ...]) -> list[Permission]:
    wanted = [
        (label.split(".")[0], f"{action}_{label.split('.')[1]}") for label in app_models for action in actions
    ]
    query = models.Q(pk__in=[])
    for app_label, codename in wanted:
        query |= models.Q(content_type__app_label=app_label, codename=codename)
    return list(Permission.objects.filter(query))


def role_permissions() -> dict[Role, list[Permission]]:
    crud = ("add", "change", "delete", "view")
    domain = [_label(model) for model in domain_models()]
    staff = (
        _permissions(domain, crud)
        # Staff attach focal points to user accounts, which administrators create.
        + _permissions(["auth.user"], ("view",))
        + list(Permission.objects.filter(content_type__app_label="reports", codename="close_reportingyear"))
    )
    administrator = (
        staff
        + _permissions(["auth.user", "auth.group", "authtoken.token", "authtoken.tokenproxy"], crud)
        # Lifting a login lockout (django-axes) is an administrator's act.
        + _permissions(["axes.accessattempt", "axes.accessfailurelog"], ("view", "delete"))
        + list(Permission.objects.filter(content_type__app_label="reports", codename="reopen_reportingyear"))
    )
    focal_point = _permissions(reference_labels(), ("view",)) + _permissions(focal_point_labels(), crud)
    reader = _permissions(domain, ("view",))
    return {
        Role.ADMINISTRATOR: administrator,
        Role.STAFF: staff,
        Role.FOCAL_POINT: focal_point,
        Role.READER: reader,
    }


def sync_role_groups(sender=None, **kwargs) -> None:
    """Creates the four groups and sets their permissions (idempotent)."""
    if sender is not None and sender.name != "access":
        return
    for role, permissions in role_permissions().items():
        group, _created = Group.objects.get_or_create(name=GROUP_NAMES[role])
        group.permissions.set(permissions)
