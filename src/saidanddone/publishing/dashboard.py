"""The area's dashboard: the loop's health, the forum's queue, the background queue, failing mail.

It reads every floor from feedback to publishing, so it lives on the top floor of the loop
(publishing) rather than in areas (docs/architecture.md). Its template stays
``areas/dashboard.html``.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from saidanddone.areas import permissions
from saidanddone.areas.actors import AreaRequest
from saidanddone.areas.decorators import area_view
from saidanddone.areas.mail import emails_failing
from saidanddone.areas.models import Area
from saidanddone.commitments.selectors import loop_health
from saidanddone.feedback.selectors import queue_health
from saidanddone.publishing.selectors import awaiting_forum


@area_view
def dashboard(request: AreaRequest, area: Area) -> HttpResponse:
    health = loop_health(area=area)
    top = health.by_theme[0][2] if health.by_theme else 0
    # Only the people who triage are sent to the flagged comments; others are told that
    # someone will decide, and see nothing of them (need to know, issue 10).
    can_triage = getattr(request, "role", None) in permissions.TRIAGE_SAFEGUARDING
    # The background queue's health, for those who run the area (issue 11).
    is_admin = getattr(request, "role", None) in permissions.ADMIN_AREA
    queue = queue_health(area=area) if is_admin else None
    # The forum's own work first: what waits for its decision (issue 14).
    decides = getattr(request, "role", None) in permissions.SIGN_OFF
    return render(request, "areas/dashboard.html",
                  {"area": area, "health": health, "top": top, "can_triage": can_triage,
                   "queue": queue,
                   "can_pack": getattr(request, "role", None) in permissions.EVIDENCE_PACK,
                   "awaiting_forum": awaiting_forum(area=area) if decides else [],
                   "emails_failing": list(emails_failing(area=area)) if is_admin else []})
