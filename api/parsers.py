"""Request bodies: JSON only, bounded in size and in depth."""

from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import (
    exceptions,
    parsers,
)

from api.errors import PayloadTooLarge


class LimitedJSONParser(parsers.JSONParser):
    """DRF's JSON parser reads the body from the stream, past Django's
    DATA_UPLOAD_MAX_MEMORY_SIZE check: refuse oversized bodies here, unread."""

    def parse(self, stream, media_type: str | None = None, parser_context: dict | None = None) -> Any:
        request = (parser_context or {}).get("request")
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if request is not None and limit is not None:
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > limit:
                raise PayloadTooLarge()
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            # A thousand nested brackets exhaust Python's stack inside the decoder.
            raise exceptions.ParseError(JSON_TOO_DEEP % {"limit": MAX_JSON_DEPTH}) from None
        if json_depth(data) > MAX_JSON_DEPTH:
            # Shallower nesting still parses, then recurses in validation and error rendering.
            raise exceptions.ParseError(JSON_TOO_DEEP % {"limit": MAX_JSON_DEPTH})
        return data


# No payload of ours nests beyond 3 levels.
MAX_JSON_DEPTH = 20


JSON_TOO_DEEP = _("JSON trop profondément imbriqué (%(limit)s niveaux au plus).")


def json_depth(data: Any) -> int:
    """How deeply lists and objects nest in parsed JSON (a scalar: 0), without recursion."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else None
        if children is None:
            continue
        deepest = max(deepest, depth)
        if depth <= MAX_JSON_DEPTH:
            stack.extend((child, depth + 1) for child in children)
    return deepest
