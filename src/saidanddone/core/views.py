"""Shared view helpers: area scoping for the staff workspace, and service errors as form errors."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from saidanddone.areas.actors import AreaRequest
from saidanddone.areas.selectors import membership_get
from saidanddone.core.errors import without_paths


def area_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed-in members of the area only. Anyone else gets a 404: no hint the area exists."""

    @login_required
    @functools.wraps(view)
    def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
        membership = membership_get(user=request.user, slug=slug)
        # The AreaRequest the view is typed with: signed in (login_required), area and role set.
        member_request = cast(AreaRequest, request)
        member_request.area = membership.area
        member_request.role = membership.role
        try:
            return view(member_request, membership.area, *args, **kwargs)
        except PermissionDenied as exc:  # Django's, which the services' refusal subclasses
            return render(request, "core/forbidden.html",
                          {"area": membership.area, "message": str(exc)}, status=403)

    return wrapper


def run_service(form: forms.Form, call: Callable[[], Any]) -> Any:
    """Call a service; a ValueError becomes a form error (services are atomic: nothing saved)."""
    try:
        return call()
    except (ValueError, ValidationError) as exc:
        messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        for message in messages:
            form_error(form, message)
        return None


def form_error(form: forms.Form, message: str) -> None:
    """Add an error to the top of a form, bound or not (a button press has no fields)."""
    if not hasattr(form, "cleaned_data"):
        form.cleaned_data = {}
    form.add_error(None, without_paths(message))


def sign_in_locked_out(request: HttpRequest, response: HttpResponse | None = None,
                       credentials: dict[str, Any] | None = None) -> HttpResponse:
    """django-axes calls this once an account and address have had too many wrong passwords:
    the sign-in page again, saying what happened and how long to wait (not a bare 403)."""
    from django.conf import settings

    from saidanddone.accounts.views import oidc_provider
    from saidanddone.core.forms import SignInForm

    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name == "account:oidc_callback":
        from saidanddone.accounts.oidc import locked_out_page

        return locked_out_page(request)
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/login.html", {
        "form": SignInForm(request), "next": request.POST.get("next", ""),
        "locked_out_minutes": minutes, "oidc_provider": oidc_provider()}, status=429)


_HEX_COLOUR = re.compile(r"[0-9a-fA-F]{6}")


def brand_stylesheet(request: HttpRequest) -> HttpResponse:
    """The area's header colour as a stylesheet, so pages need no inline style (the
    Content-Security-Policy allows styles from our own origin only, and stored publication pages
    are rendered without a request, so they cannot carry a nonce). The colour is in the address:
    it is cached for a year and changes address when the area changes colour."""
    colour = request.GET.get("colour", "")
    if not _HEX_COLOUR.fullmatch(colour):
        colour = "1d4f76"  # the default in frontend/main.scss
    response = HttpResponse(f":root {{ --sd-brand: #{colour.lower()}; }}\n",
                            content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
