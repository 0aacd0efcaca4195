"""Third-party apps, in French where a user sees them in the admin.

Their models' labels go through gettext with English source strings: the
project's catalogue (locale/fr) translates those. What they leave outside
gettext — an app's name, an admin column without a description — is set here,
by AppConfig subclasses named in INSTALLED_APPS in place of the apps' own.
"""

from axes.apps import AppConfig as AxesAppConfig
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


def _when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT") if moment else "?"


def _attempt_str(attempt) -> str:
    return gettext("Tentative de %(user)s le %(date)s") % {
        "user": attempt.username,
        "date": _when(attempt.attempt_time),
    }


def _log_str(log) -> str:
    return gettext("Connexion de %(user)s le %(date)s") % {
        "user": log.username,
        "date": _when(log.attempt_time),
    }


def _failure_str(failure) -> str:
    return gettext("Échec de connexion de %(user)s le %(date)s depuis %(address)s") % {
        "user": failure.username,
        "date": _when(failure.attempt_time),
        "address": failure.ip_address,
    }


class AxesConfig(AxesAppConfig):
    verbose_name = _("Sécurité des connexions")

    def ready(self) -> None:
        super().ready()
        from axes.admin import AccessAttemptAdmin
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        # Columns that axes names after their methods (« Status »).
        AccessAttemptAdmin.status.short_description = _("état")
        AccessAttemptAdmin.expiration.short_description = _("expiration")
        # Its records name themselves in English (titles, breadcrumbs, list checkboxes).
        AccessAttempt.__str__ = _attempt_str
        AccessLog.__str__ = _log_str
        AccessFailureLog.__str__ = _failure_str


class TasksDatabaseConfig(TasksAppConfig):
    verbose_name = _("Tâches de fond")

    def ready(self) -> None:
        super().ready()
        from django_tasks_db.admin import DBTaskResultAdmin
        from django_tasks_db.models import DBTaskResult

        # Descriptions written as plain English strings, and a property named in list_display.
        DBTaskResultAdmin.formatted_traceback.short_description = _("trace de l'erreur")
        DBTaskResultAdmin.display_run_after.short_description = _("à exécuter après")
        DBTaskResult.task_name.fget.short_description = _("tâche")
