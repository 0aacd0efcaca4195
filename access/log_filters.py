"""Logging filters named in settings.LOGGING (imported while logging is
configured, before the apps are ready: no model imports here)."""

import logging


class RefusalLoggedOnce(logging.Filter):
    """Drops Django's own records of a 403 answer (`django.request` logs a
    PermissionDenied with its whole traceback, `django.security.csrf` a CSRF
    failure): access.security.RefusedAccessLogMiddleware logs each refusal in
    one line, with who, what and why."""

    def filter(self, record: logging.LogRecord) -> bool:
        return getattr(record, "status_code", None) != 403
