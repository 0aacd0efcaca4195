"""A request id in every log line of a request, and in its response.

The id is the caller's `X-Request-ID` (a reverse proxy's or a load balancer's,
so that their logs and ours join up) when it is safe to write into a log: 1 to
64 characters among letters, digits, `-`, `_`, `.` and `:`. Anything else — too
long, spaces, quotes, line breaks that would forge a log line — is ignored and
a new id (32 hex digits) is made. The response carries the id in
`X-Request-ID`, and `snia.access` logs one line per request: method, path
(without the query string, where searches may hold personal data), status and
duration in milliseconds.

Outside a request (the worker, a management command) the id is "-".
"""

import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
SAFE_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
NO_REQUEST = "-"

current_request_id: ContextVar[str] = ContextVar("snia_request_id", default=NO_REQUEST)
access_log = logging.getLogger("snia.access")


def request_id_from(header: str | None) -> str:
    """The caller's id when it is safe to log, else a new one."""
    if header is not None and SAFE_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """First middleware: sets the id for everything the request logs, answers with it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_from(request.headers.get(HEADER))
        request.request_id = request_id
        token = current_request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[HEADER] = request_id
            # The path without its query string: searches may hold personal data.
            path, duration = request.path[:500], round((time.perf_counter() - started) * 1000, 1)
            access_log.info(
                "%s %s %s %sms",
                request.method,
                path,
                response.status_code,
                duration,
                extra={
                    "method": request.method,
                    "path": path,
                    "status": response.status_code,
                    "duration_ms": duration,
                },
            )
            return response
        finally:
            current_request_id.reset(token)


class RequestIdLogFilter(logging.Filter):
    """Adds `request_id` to every record the console handler writes."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            # Django logs a 4xx or 5xx answer (django.request) once the
            # middleware has returned: the record carries the request itself.
            request = getattr(record, "request", None)
            record.request_id = getattr(request, "request_id", None) or current_request_id.get()
        return True
