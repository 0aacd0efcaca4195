from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "access"
    verbose_name = _("Rôles et accès")

    def ready(self) -> None:
        # Imported for their receivers: the year-closing guard, the security log.
        from access import checks, roles, security, signals  # noqa: F401
        from access.protection import protect_many_to_many_links

        protect_many_to_many_links()

        # Groups need the permissions Django creates after migrating, so they are
        # (re)built on post_migrate rather than in a migration.
        post_migrate.connect(roles.sync_role_groups, dispatch_uid="access.sync_role_groups")
