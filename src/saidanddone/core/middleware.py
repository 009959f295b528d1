"""Headers every response carries, the rule that staff pages are never stored by a cache, and
control bytes kept out at the edge.

The Content-Security-Policy itself is django-csp's (settings.CONTENT_SECURITY_POLICY)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from csp.utils import build_policy
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.cache import add_never_cache_headers

if TYPE_CHECKING:
    from django.http.request import _ImmutableQueryDict  # the stubs' name for a read-only one

# The policy as a header value without a nonce, for a view that must adjust one directive
# (the page-feedback form widens frame-ancestors to the area's Local Offer site).
CSP = build_policy()


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response


class StaffPagesNotStoredMiddleware:
    """Every response that is not a public page (the workspace, the admin, sign-in and sign-out,
    and errors) is marked no-store: children's data must not stay in a browser's or a proxy's
    cache after the member of staff has gone. Public pages keep their own caching headers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match is None or match.namespace != "public":
            del response["Cache-Control"]
            add_never_cache_headers(response)
        return response


# NUL and the other C0 control characters, and DEL; tab, line feed and carriage return are
# ordinary text in a comment. PostgreSQL refuses NUL in text, which turned a NUL in a search
# box into a 500 (issue 11); none of them means anything in a path, a query or a form field.
CONTROL_BYTES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def strip_control_bytes(value: str) -> str:
    return CONTROL_BYTES.sub("", value)


def _cleaned(data: QueryDict) -> _ImmutableQueryDict | None:
    """A copy of the data without control bytes, or None when there were none."""
    if not any(CONTROL_BYTES.search(key) or any(CONTROL_BYTES.search(v) for v in values)
               for key, values in data.lists()):
        return None
    cleaned = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        cleaned.setlist(strip_control_bytes(key), [strip_control_bytes(v) for v in values])
    cleaned._mutable = False
    return cast("_ImmutableQueryDict", cleaned)  # what request.GET and POST are: read-only


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
