"""Shared view helpers: service errors as form errors, the brand stylesheet.

(Area scoping for the staff workspace, ``area_view``, is in ``areas.decorators``; the
locked-out sign-in page is in ``accounts.views``.)"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse

from saidanddone.core.errors import without_paths


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
