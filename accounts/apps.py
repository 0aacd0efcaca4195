from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Comptes et notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from accounts import notifications  # noqa: F401  (connects the receivers)
