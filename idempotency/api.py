"""The `Idempotency-Key` header on the API's POST requests.

A POST sent with the header runs in one transaction with the row that records
its answer (idempotency.models). A retry with the same key and the same request
gets that answer back, marked `Idempotent-Replayed: true`, and creates nothing;
the same key with another request is a 422. Two requests with one key at once:
the unique (user, key) row makes the second wait for the first's commit, then
replay it (PostgreSQL), or answer 409 while it runs (SQLite, which cannot wait
there). Only a success is kept: after a refusal the caller may fix the request
and send it again with the same key.
"""

import hashlib
import json
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, OperationalError, connection, transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from idempotency.models import KEY_MAX_LENGTH, IdempotencyKey

HEADER = "Idempotency-Key"
META_KEY = "HTTP_IDEMPOTENCY_KEY"
REPLAYED_HEADER = "Idempotent-Replayed"

INVALID_KEY = _(
    "L'en-tête Idempotency-Key doit compter de 1 à %(max)d caractères imprimables (ASCII, sans caractère "
    "de contrôle)."
)


TOO_DEEP = _("Le corps de la requête est trop imbriqué.")


class KeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = _(
        "Cette clé d'idempotence a déjà servi pour une autre requête : utilisez une nouvelle clé pour "
        "chaque nouvelle requête."
    )
    default_code = "idempotency_key_reused"


class KeyInFlight(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _(
        "Une requête avec cette clé d'idempotence est en cours : attendez sa réponse avant de la renvoyer."
    )
    default_code = "idempotency_request_in_progress"


class Replay(Exception):
    """Raised once the request is known to be a retry: the stored answer is sent back."""

    def __init__(self, record: IdempotencyKey) -> None:
        self.record = record


def _is_valid_key(key: str) -> bool:
    return 1 <= len(key) <= KEY_MAX_LENGTH and all(" " <= char <= "~" for char in key)


def _canonical_item(value: Any) -> Any:
    if isinstance(value, UploadedFile):
        digest = hashlib.sha256()
        for chunk in value.chunks():
            digest.update(chunk)
        value.seek(0)
        return {"file": value.name, "sha256": digest.hexdigest()}
    return value


def fingerprint(request: Request) -> str:
    """The request as parsed rather than its bytes: the same JSON with other spacing,
    or the same form, is the same request; a file counts by its content."""
    data = request.data
    if isinstance(data, QueryDict):
        # A form is flat: its files are among its values.
        data = {key: [_canonical_item(item) for item in data.getlist(key)] for key in data}
    try:
        body = json.dumps(data, sort_keys=True, cls=JSONEncoder)
    except RecursionError as error:
        raise exceptions.ParseError(TOO_DEEP) from error
    text = "\n".join([request.method, request.path, body])
    return hashlib.sha256(text.encode()).hexdigest()


class IdempotentPostSchema(AutoSchema):
    """Documents the header on every POST of the views that honour it."""

    def get_override_parameters(self) -> list:
        parameters = super().get_override_parameters()
        if self.method != "POST":
            return parameters
        return [
            *parameters,
            OpenApiParameter(
                HEADER,
                OpenApiTypes.STR,
                location=OpenApiParameter.HEADER,
                required=False,
                description=str(
                    _(
                        "Facultatif. Une clé unique par requête (un UUID par exemple), gardée 24 heures : "
                        "renvoyée avec la même requête, la première réponse est rendue (en-tête "
                        "Idempotent-Replayed: true) sans rien créer ; avec une autre requête, 422 ; "
                        "pendant que la première est en cours, 409."
                    )
                ),
                pattern=r"^[ -~]{1,255}$",
            ),
        ]


class IdempotentPostMixin:
    """For a viewset: POST requests honour the `Idempotency-Key` header."""

    schema = IdempotentPostSchema()

    def dispatch(self, request, *args: Any, **kwargs: Any):
        self._idempotency_record = None
        if request.method != "POST" or META_KEY not in request.META:
            return super().dispatch(request, *args, **kwargs)
        # The answer is recorded in the transaction that did the work: a crash
        # leaves neither, and a concurrent retry waits for both.
        with transaction.atomic():
            return super().dispatch(request, *args, **kwargs)

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        # After authentication and permissions: a key belongs to a user, and a
        # refused caller keeps none.
        if request.method == "POST" and META_KEY in request.META and request.user.is_authenticated:
            self._idempotency_record = self._claim(request, request.META[META_KEY])

    def _claim(self, request: Request, key: str) -> IdempotencyKey:
        if not _is_valid_key(key):
            raise exceptions.ValidationError({HEADER: [INVALID_KEY % {"max": KEY_MAX_LENGTH}]})
        request_fingerprint = fingerprint(request)
        try:
            return self._insert_or_replay(request, key, request_fingerprint)
        except OperationalError as error:
            # SQLite cannot wait for a lock here: the first request holds the
            # database's write lock until it answers.
            if connection.vendor == "sqlite" and "locked" in str(error):
                raise KeyInFlight() from error
            raise

    def _insert_or_replay(self, request: Request, key: str, request_fingerprint: str) -> IdempotencyKey:
        now = timezone.now()
        # The caller's own expired keys go on write (no waiting on other callers'
        # rows); `manage.py purge_idempotency_keys` clears everyone's.
        IdempotencyKey.objects.filter(user=request.user).expired(now).delete()
        for _attempt in range(2):
            try:
                with transaction.atomic():
                    return IdempotencyKey.objects.create(
                        user=request.user,
                        key=key,
                        fingerprint=request_fingerprint,
                        response_status=0,
                        created_at=now,
                    )
            except IntegrityError:
                pass
            record = IdempotencyKey.objects.filter(user=request.user, key=key).first()
            if record is not None:
                if record.fingerprint != request_fingerprint:
                    raise KeyReused()
                raise Replay(record)
            # The first request failed meanwhile and kept nothing: this one may run.
        raise KeyInFlight()

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, Replay):
            return Response(
                exc.record.response_body,
                status=exc.record.response_status,
                headers={REPLAYED_HEADER: "true"},
            )
        return super().handle_exception(exc)

    def finalize_response(self, request: Request, response, *args: Any, **kwargs: Any):
        response = super().finalize_response(request, response, *args, **kwargs)
        record = getattr(self, "_idempotency_record", None)
        if record is None:
            return response
        self._idempotency_record = None
        if status.is_success(response.status_code) and isinstance(response, Response):
            record.response_status = response.status_code
            record.response_body = json.loads(json.dumps(response.data, cls=JSONEncoder))
            record.save(update_fields=["response_status", "response_body"])
        else:
            # Nothing of a refused request is kept, its key included: the caller
            # may correct it and send it again with the same key. (No query here:
            # on PostgreSQL the refusal may have broken the transaction.)
            transaction.set_rollback(True)
        return response
