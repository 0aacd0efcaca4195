"""The API's refusals as DRF answers them: none of the model layer's may become a 500."""

from concurrency.exceptions import RecordModifiedError
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import (
    exceptions,
    status,
)
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from access.models import StateChanged


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Quelqu'un a modifié cet élément entre-temps : relisez-le puis recommencez.")
    default_code = "conflict"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("La requête dépasse la taille autorisée (%(limit)s Mo).")
    default_code = "payload_too_large"

    def __init__(self) -> None:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
        super().__init__(self.default_detail % {"limit": limit})


STALE_VERSION = _(
    "Cet élément a été modifié entre-temps (version %(current)s, vous avez lu la version %(sent)s) : "
    "relisez-le puis recommencez."
)


PROTECTED = _("Impossible de supprimer cet élément : il est utilisé par %(objects)s.")


INTEGRITY = _("Cette modification contredit une règle des données ; relisez l'élément puis recommencez.")


def drf_errors(error: DjangoValidationError) -> dict | list:
    """A Django ValidationError as DRF reports it: per field, `non_field_errors` for the rest."""
    if hasattr(error, "error_dict"):
        return {
            (api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field): [
                str(message) for item in items for message in item.messages
            ]
            for field, items in error.error_dict.items()
        }
    return {api_settings.NON_FIELD_ERRORS_KEY: [str(message) for message in error.messages]}


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's handler, plus the model layer's refusals: none of them may become a 500."""
    if isinstance(exc, Http404):
        # Django's message names the model, in English: answer DRF's « Non trouvé. ».
        exc = exceptions.NotFound()
    elif isinstance(exc, StateChanged):
        # Another caller's transition came first: a conflict, not a bad request.
        exc = Conflict(" ".join(exc.messages))
    elif isinstance(exc, DjangoValidationError):
        # Model methods (workflow, year closing) and the closed-year guard.
        exc = exceptions.ValidationError(drf_errors(exc))
    elif isinstance(exc, RecordModifiedError):
        exc = Conflict()
    elif isinstance(exc, models.ProtectedError | models.RestrictedError):
        objects = exc.protected_objects if isinstance(exc, models.ProtectedError) else exc.restricted_objects
        # A many-to-many link is named after the record holding it (a session's organisers).
        names = sorted({str((obj._meta.auto_created or obj)._meta.verbose_name_plural) for obj in objects})
        exc = Conflict(PROTECTED % {"objects": ", ".join(names)})
    elif isinstance(exc, IntegrityError):
        # Serializers check every constraint first; this is a race between two writers.
        exc = Conflict(INTEGRITY)
    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    return drf_exception_handler(exc, context)
