"""Django's and third-party apps' strings that the French catalogue (locale/fr) corrects.

Listed here so that makemessages puts them in the Arabic and English catalogues as well:
for a string missing from a language's catalogue, Django falls back to the default
language's, and an Arabic or English page would show these in French.
"""

from django.utils.translation import gettext_noop, pgettext_noop

STRINGS = (
    gettext_noop("Add %s"),
    gettext_noop("Change %s"),
    gettext_noop("View %s"),
    gettext_noop("Add %(name)s"),
    gettext_noop("Add another %(verbose_name)s"),
    gettext_noop("Select %s to change"),
    gettext_noop("Select %s to view"),
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
    gettext_noop("status"),
    gettext_noop("enqueued at"),
    gettext_noop("started at"),
    gettext_noop("finished at"),
    gettext_noop("args kwargs"),
    gettext_noop("priority"),
    gettext_noop("task path"),
    gettext_noop("worker id"),
    gettext_noop("queue name"),
    gettext_noop("backend name"),
    gettext_noop("run after"),
    gettext_noop("return value"),
    gettext_noop("exception class path"),
    gettext_noop("traceback"),
    pgettext_noop("Task", "Ready"),
    pgettext_noop("Task", "Running"),
    pgettext_noop("Task", "Failed"),
    pgettext_noop("Task", "Successful"),
    gettext_noop("Access Attempt"),
    gettext_noop("Attempt Remaining"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Expires At"),
    gettext_noop("Locked Out"),
    gettext_noop("Not set"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
)
