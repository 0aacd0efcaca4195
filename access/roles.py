"""The four roles of SNIA Suivi, as Django groups with model permissions.

Model permissions say what a role may do to a kind of record; which records it
reaches is decided by access.rules (scoping), written once for every path.
"""

from django.contrib.auth.models import Group, Permission
from django.db import models
from django.utils.translation import gettext_lazy as _

DOMAIN_APPS = ("programmes", "committees", "trainings", "reports")
# Reference data: focal points see it read-only.
REFERENCE_MODELS = (
    "programmes.strategicobjective",
    "programmes.programme",
    "programmes.specificobjective",
    "programmes.action",
    "programmes.institution",
    "programmes.project",
    "committees.committee",
)
# What focal points enter themselves, within their scope.
FOCAL_POINT_MODELS = ("committees.meeting", "trainings.session", "programmes.actionprogress")


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


def _domain_model_labels() -> list[str]:
    from django.apps import apps

    return [
        f"{model._meta.app_label}.{model._meta.model_name}"
        for app_label in DOMAIN_APPS
        for model in apps.get_app_config(app_label).get_models()
    ]


def role_permissions() -> dict[Role, list[Permission]]:
    crud = ("add", "change", "delete", "view")
    domain = _domain_model_labels()
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
    focal_point = _permissions(list(REFERENCE_MODELS), ("view",)) + _permissions(
        list(FOCAL_POINT_MODELS), crud
    )
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
