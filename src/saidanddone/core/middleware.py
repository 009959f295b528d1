"""Security headers every response carries, and control bytes kept out at the edge."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, QueryDict

# No inline script anywhere; styles from our own origin plus the area's brand colour block,
# which is a <style> element we render from validated hex values.
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response


# NUL and the other C0 control characters, and DEL; tab, line feed and carriage return are
# ordinary text in a comment. PostgreSQL refuses NUL in text, which turned a NUL in a search
# box into a 500 (issue 11); none of them means anything in a path, a query or a form field.
CONTROL_BYTES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def strip_control_bytes(value: str) -> str:
    return CONTROL_BYTES.sub("", value)


def _cleaned(data: QueryDict) -> QueryDict | None:
    """A copy of the data without control bytes, or None when there were none."""
    if not any(CONTROL_BYTES.search(key) or any(CONTROL_BYTES.search(v) for v in values)
               for key, values in data.lists()):
        return None
    cleaned = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        cleaned.setlist(strip_control_bytes(key), [strip_control_bytes(v) for v in values])
    cleaned._mutable = False
    return cleaned


class ControlBytesMiddleware:
    """A path with a control byte is refused with the plain 400 page (no page has one); in a
    query string or a form field the bytes are dropped, so a family's comment is kept."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if CONTROL_BYTES.search(request.path_info) or CONTROL_BYTES.search(request.path):
            raise BadRequest("A control character in the path.")
        cleaned = _cleaned(request.GET)
        if cleaned is not None:
            request.GET = cleaned
        if request.method == "POST" and request.content_type in _FORM_TYPES:
            cleaned = _cleaned(request.POST)
            if cleaned is not None:
                request.POST = cleaned
        return self.get_response(request)
