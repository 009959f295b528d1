from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from saidanddone.areas import audit_trail as trail
from saidanddone.areas import permissions, services
from saidanddone.areas.actors import AreaRequest
from saidanddone.areas.decorators import area_view
from saidanddone.areas.forms import (
    SYSTEM_CHOICE,
    AcceptInvitationForm,
    AreaSettingsForm,
    AuditFilterForm,
    InviteForm,
    MemberRoleForm,
    RoleField,
)
from saidanddone.areas.models import Area, Invitation, Membership
from saidanddone.areas.selectors import area_list_for_user
from saidanddone.core.views import run_service


@login_required
def workspace_home(request: HttpRequest) -> HttpResponse:
    areas = list(area_list_for_user(user=request.user))
    if len(areas) == 1:
        return redirect("workspace:dashboard", areas[0].slug)
    return render(request, "areas/home.html", {"areas": areas})


@area_view
def audit_trail(request: AreaRequest, area: Area) -> HttpResponse:
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
def area_settings(request: AreaRequest, area: Area) -> HttpResponse:
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


def _require_admin(request: AreaRequest, action: str) -> None:
    permissions.require(getattr(request, "role", None), permissions.MANAGE_MEMBERS, action)


def _ran(form: forms.Form, call: Any) -> bool:
    """Call a service that returns nothing; True when it was not refused (a refusal becomes
    an error on ``form``)."""
    run_service(form, call)
    return not form.errors


@area_view
def members(request: AreaRequest, area: Area) -> HttpResponse:
    """Who belongs to the area and in which role; invitations out; invite someone."""
    _require_admin(request, "manage the area's members")
    action = request.POST.get("action") if request.method == "POST" else None
    form = InviteForm(request.POST if action == "invite" else None)
    refusal = forms.Form()  # where a refused withdrawal is reported
    if action == "withdraw":
        pk = _uuid(request.POST.get("invitation"))
        invitation = Invitation.objects.filter(area=area, pk=pk).first() if pk else None
        if invitation is None:
            raise Http404("No such invitation")
        if _ran(refusal, lambda: services.invitation_withdraw(invitation=invitation,
                                                              by=request.user)):
            messages.success(request, f"The invitation to {invitation.email} was withdrawn.")
            return redirect("workspace:members", area.slug)
    elif action == "invite" and form.is_valid():
        sent = run_service(form, lambda: services.invitation_create(
            area=area, email=form.cleaned_data["email"], role=form.cleaned_data["role"],
            by=request.user))
        if sent is not None:
            messages.success(request, f"An invitation was sent to {sent.email}. The link works "
                                      f"once, for {_days_left(sent)} days.")
            return redirect("workspace:members", area.slug)
    return render(request, "areas/members.html", {
        "area": area, "form": form, "refusal": refusal, "role_hints": RoleField.hints(),
        "members": area.memberships.select_related("user").order_by("user__username"),
        "invitations": area.invitations.filter(
            accepted_at__isnull=True, withdrawn_at__isnull=True,
            expires_at__gt=timezone.now()).select_related("invited_by")})


def _uuid(value: str | None) -> str | None:
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return None


def _days_left(invitation: Invitation) -> int:
    return max(1, round((invitation.expires_at - timezone.now()).total_seconds() / 86400))


def _membership_or_404(area: Area, pk: str) -> Membership:
    membership = area.memberships.select_related("user").filter(pk=pk).first()
    if membership is None:
        raise Http404("No such member")
    return membership


@area_view
def member_edit(request: AreaRequest, area: Area, pk: str) -> HttpResponse:
    _require_admin(request, "change people's roles")
    membership = _membership_or_404(area, pk)
    form = MemberRoleForm(request.POST or None, initial={"role": membership.role})
    if request.method == "POST" and form.is_valid():
        changed = form.cleaned_data["role"] != membership.role
        done = run_service(form, lambda: services.membership_set(
            area=area, user=membership.user, role=form.cleaned_data["role"], by=request.user))
        if done is not None:
            if changed:
                messages.success(request, f"{_name(membership)} is now "
                                          f"{done.get_role_display().lower()}.")
            return redirect("workspace:members", area.slug)
    return render(request, "areas/member_edit.html",
                  {"area": area, "form": form, "membership": membership,
                   "role_hints": RoleField.hints(),
                   "name": _name(membership)})


@area_view
def member_remove(request: AreaRequest, area: Area, pk: str) -> HttpResponse:
    _require_admin(request, "remove people from the area")
    membership = _membership_or_404(area, pk)
    refusal = forms.Form()
    if request.method == "POST" and _ran(refusal, lambda: services.membership_remove(
            membership=membership, by=request.user)):
        messages.success(request, f"{_name(membership)} was removed from {area.name}.")
        return redirect("workspace:members", area.slug)
    return render(request, "areas/member_remove.html",
                  {"area": area, "form": refusal, "membership": membership,
                   "name": _name(membership)})


def _name(membership: Membership) -> str:
    return membership.user.get_full_name() or membership.user.get_username()


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link in an invitation e-mail: no sign-in needed to open it. A signed-in person it
    was sent to joins with one button; anyone else makes an account with the invited address.
    An unknown, used, withdrawn or expired link gets one plain page that says so."""
    found = services.invitation_for(token)
    if found is None:
        return render(request, "areas/invitation_invalid.html", status=200)
    user = request.user
    signed_in = user.is_authenticated
    matches = not isinstance(user, AnonymousUser) and (
        (user.email or "").lower() == found.email.lower())
    form = AcceptInvitationForm(request.POST if request.method == "POST" and not matches
                                else None)
    if request.method == "POST":
        if matches:
            membership = run_service(form, lambda: services.invitation_accept(
                token=token, user=request.user))
        elif form.is_valid():
            data = form.cleaned_data
            membership = run_service(form, lambda: services.invitation_accept(
                token=token, username=data["username"], password=data["password"],
                first_name=data["first_name"], last_name=data["last_name"]))
        else:
            membership = None
        if membership is not None:
            if not matches:
                login(request, membership.user,
                      backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"You are now {membership.get_role_display().lower()} "
                                      f"in {found.area.name}.")
            return redirect("workspace:dashboard", found.area.slug)
    return render(request, "areas/invitation.html", {
        "invitation": found, "form": form, "matches": matches, "signed_in": signed_in})
