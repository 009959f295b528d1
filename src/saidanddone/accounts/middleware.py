"""The second factor's guard, for every staff page at once (the workspace, the admin, your
account): not per view, so a new page cannot forget it.

A signed-in person who has an authenticator app but has not entered its code in this session is
sent to the code page; an area administrator (or superuser) with none is sent to set one up.
Until then they reach only sign-in, sign-out, those pages, and the public pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from saidanddone.accounts.rules import (
    confirmed_device,
    is_verified,
    passed_at_identity_provider,
    second_factor_required,
)

# Reachable before the second factor: signing in and out, and the second factor's own pages.
# The set-up page only for someone with no app yet (the view itself sends others on).
BEFORE_SECOND_FACTOR = frozenset({"login", "logout", "account:verify", "account:recovery",
                                  "account:set_up", "account:oidc_start",
                                  "account:oidc_callback"})


def _with_next(url_name: str, request: HttpRequest) -> str:
    url = reverse(url_name)
    if request.method == "GET":  # a POST is not repeated; its page is where it came from
        return f"{url}?{urlencode({'next': request.get_full_path()})}"
    return url


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any,
                     kwargs: Any) -> HttpResponse | None:
        match = request.resolver_match
        # Public pages first, without reading the session: touching request.user would add
        # "Vary: Cookie" and stop proxies caching the public pages.
        if match is None or match.namespace == "public" or match.view_name in BEFORE_SECOND_FACTOR:
            return None
        user = request.user
        if not user.is_authenticated or is_verified(user):
            return None
        # The council's identity provider showed multi-factor sign-in, and it is trusted
        # (OIDC_TRUST_MFA; decision 0224).
        if passed_at_identity_provider(request):
            return None
        device = confirmed_device(user)
        if device is not None:
            return HttpResponseRedirect(_with_next("account:verify", request))
        if second_factor_required(user):
            return HttpResponseRedirect(_with_next("account:set_up", request))
        return None  # optional for this person, and they have not set one up
