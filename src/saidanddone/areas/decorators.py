"""Area scoping for the staff workspace: a view of one area, for the signed-in members of it."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from saidanddone.areas.actors import AreaRequest
from saidanddone.areas.selectors import membership_get


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
