"""Headers every response carries, and the rule that staff pages are never stored by a cache.

The Content-Security-Policy itself is django-csp's (settings.CONTENT_SECURITY_POLICY)."""

from __future__ import annotations

from collections.abc import Callable

from csp.utils import build_policy
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

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
