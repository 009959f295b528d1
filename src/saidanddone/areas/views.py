from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from saidanddone.areas import permissions
from saidanddone.areas.models import Area
from saidanddone.areas.selectors import area_list_for_user
from saidanddone.commitments.selectors import loop_health
from saidanddone.core.views import area_view


@login_required
def workspace_home(request: HttpRequest) -> HttpResponse:
    areas = list(area_list_for_user(user=request.user))
    if len(areas) == 1:
        return redirect("workspace:dashboard", areas[0].slug)
    return render(request, "areas/home.html", {"areas": areas})


@area_view
def dashboard(request: HttpRequest, area: Area) -> HttpResponse:
    health = loop_health(area=area)
    top = health.by_theme[0][2] if health.by_theme else 0
    # Only the people who triage are sent to the flagged comments; others are told that
    # someone will decide, and see nothing of them (need to know, issue 10).
    can_triage = getattr(request, "role", None) in permissions.TRIAGE_SAFEGUARDING
    from saidanddone.feedback.selectors import queue_health

    # The background queue's health, for those who run the area (issue 11).
    is_admin = getattr(request, "role", None) in permissions.ADMIN_AREA
    queue = queue_health(area=area) if is_admin else None
    return render(request, "areas/dashboard.html",
                  {"area": area, "health": health, "top": top, "can_triage": can_triage,
                   "queue": queue})
