from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from saidanddone.areas import audit_trail as trail
from saidanddone.areas import permissions, services
from saidanddone.areas.forms import SYSTEM_CHOICE, AreaSettingsForm, AuditFilterForm
from saidanddone.areas.models import Area
from saidanddone.areas.selectors import area_list_for_user
from saidanddone.commitments.selectors import loop_health
from saidanddone.core.views import area_view, run_service


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


@area_view
def audit_trail(request: HttpRequest, area: Area) -> HttpResponse:
    """Every recorded change in the area, for its administrators, filtered and in plain words."""
    permissions.require(getattr(request, "role", None), permissions.ADMIN_AREA,
                        "read the audit trail")
    people = [(str(m.user_id), m.user.get_full_name() or m.user.get_username())
              for m in area.memberships.select_related("user").order_by("user__username")]
    form = AuditFilterForm(request.GET or None, people=people,
                           kinds=trail.object_kinds(area=area))
    filters = form.cleaned_data if form.is_valid() else {}
    person = filters.get("person") or ""
    entries = trail.audit_trail(
        area=area, by_system=person == SYSTEM_CHOICE,
        actor_id=person if person not in ("", SYSTEM_CHOICE) else None,
        action=filters.get("action") or None, object_type=filters.get("kind") or None,
        date_from=filters.get("date_from"), date_to=filters.get("date_to"))
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "areas/audit_trail.html", {
        "area": area, "form": form, "page": page, "query": query.urlencode(),
        "rows": trail.rows(area=area, entries=list(page))})


@area_view
def area_settings(request: HttpRequest, area: Area) -> HttpResponse:
    """The area's contacts, safeguarding, redaction lists, retention and colour, for its
    administrators; a change to what families see re-renders the stored public pages."""
    permissions.require(getattr(request, "role", None), permissions.ADMIN_AREA,
                        "change the area's settings")
    initial = {name: getattr(area, name) for name in services.AREA_SETTINGS}
    form = AreaSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changed = run_service(form, lambda: services.area_update(
            area=area, by=request.user,
            **{name: form.cleaned_data[name] for name in services.AREA_SETTINGS}))
        if changed is not None:
            if changed:
                messages.success(request, f"Settings saved: {len(changed)} changed.")
            else:
                messages.info(request, "Nothing was changed.")
            return redirect("workspace:area_settings", area.slug)
    return render(request, "areas/settings.html", {"area": area, "form": form})
