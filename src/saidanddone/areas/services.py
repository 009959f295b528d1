from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import smtplib
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from saidanddone.areas import permissions
from saidanddone.areas.actors import SYSTEM, Actor, SystemActor, user_of
from saidanddone.areas.models import Area, Invitation, Membership, Role
from saidanddone.areas.selectors import role_of
from saidanddone.core.audit import AuditAction, audit, snapshot

# WCAG 2.2 AA for normal text: the header's white text on the area's colour.
MIN_CONTRAST = 4.5


def contrast_ratio(hex_a: str, hex_b: str = "#ffffff") -> float:
    """WCAG contrast ratio between two #rrggbb colours."""

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    la, lb = sorted((luminance(hex_a), luminance(hex_b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _require_set_up(by: Actor, action: str) -> None:
    """Areas and accounts are made by the set-up commands and the demo loader, as the system."""
    if not isinstance(by, SystemActor):
        raise permissions.PermissionDenied(
            f"Only the set-up commands may {action}: pass areas.actors.SYSTEM.")


@transaction.atomic
def area_create(*, name: str, by: Actor, slug: str | None = None, **details: Any) -> Area:
    """Create an area (its theme taxonomy is copied by ``themes.services.area_set_up``)."""
    _require_set_up(by, "create areas")
    colour = details.get("brand_colour")
    if colour and contrast_ratio(colour) < MIN_CONTRAST:
        raise ValueError("The brand colour is too light for white text (needs 4.5:1 contrast).")
    area = Area(name=name, slug=slug or slugify(name), **details)
    area.full_clean()
    area.save()
    audit(action=AuditAction.AREA_CREATE,
          obj=area, by=by, area=area, after={"name": name, "slug": area.slug})
    return area


# What an area's administrator may change on the settings page. The name and the address
# (slug) are fixed: every published link uses them.
AREA_SETTINGS = (
    "council_name", "forum_name", "brand_colour", "send_team_email", "send_team_phone",
    "local_offer_url", "complaints_url", "sendiass_name", "sendiass_url", "sendiass_phone",
    "social_care_phone", "next_publication_note", "safeguarding_contacts", "triage_hours",
    "owner_contacts",
    "staff_names", "school_names", "kept_phrases", "retention_days",
)


@transaction.atomic
def area_update(*, area: Area, by: Actor, **changes: Any) -> list[str]:
    """Change an area's settings; returns the names of the fields that really changed (none
    on an unchanged save, which then writes nothing, audits nothing and re-renders nothing).

    Saved with ``update_fields``, so the public pages' signal re-renders stored pages only when
    something they show has changed."""
    permissions.require(role_of(user=by, area=area), permissions.ADMIN_AREA,
                        "change the area's settings")
    unknown = set(changes) - set(AREA_SETTINGS)
    if unknown:
        raise ValueError(f"Not an area setting: {', '.join(sorted(unknown))}.")
    area = Area.objects.select_for_update().get(pk=area.pk)
    changed = [name for name in AREA_SETTINGS
               if name in changes and changes[name] != getattr(area, name)]
    if not changed:
        return []
    colour = changes.get("brand_colour")
    if "brand_colour" in changed and colour and contrast_ratio(colour) < MIN_CONTRAST:
        raise ValueError("The brand colour is too light for white text: choose a darker one "
                         f"(it needs a contrast of 4.5 to 1, and has "
                         f"{contrast_ratio(colour):.1f} to 1).")
    before = snapshot(area, changed)
    for name in changed:
        setattr(area, name, changes[name])
    area.full_clean()
    area.save(update_fields=[*changed, "updated_at"])
    audit(action=AuditAction.AREA_UPDATE, obj=area, by=by, area=area, before=before,
          after=snapshot(area, changed))
    return changed


def _keeps_an_administrator(area: Area, leaving: Membership) -> None:
    """An area always has an administrator: nobody else can add members or change settings."""
    if leaving.role == Role.AREA_ADMIN and not Membership.objects.filter(
            area=area, role=Role.AREA_ADMIN).exclude(pk=leaving.pk).exists():
        raise ValueError(f"{area.name} needs at least one administrator. Make someone else an "
                         "administrator first.")


@transaction.atomic
def membership_set(*, area: Area, user: Any, role: Role | str, by: Actor) -> Membership:
    """Give a user a role in an area (or change it): the system, or the area's administrator."""
    permissions.require(role_of(user=by, area=area), permissions.MANAGE_MEMBERS,
                        "give people roles in this area")
    role = Role(role)
    membership, created = Membership.objects.select_for_update().get_or_create(
        user=user, area=area, defaults={"role": role}
    )
    if not created and membership.role == role:
        return membership  # nothing changes, nothing to record
    if not created and role != Role.AREA_ADMIN:
        _keeps_an_administrator(area, membership)
    before = {} if created else snapshot(membership, ["role"])
    membership.role = role
    membership.save()
    audit(
        action=AuditAction.MEMBERSHIP_SET, obj=membership, by=by, area=area,
        before=before, after={"user": user.get_username(), "role": str(role)},
    )
    return membership


@transaction.atomic
def user_create(*, username: str, password: str, by: Actor, email: str = "") -> Any:
    _require_set_up(by, "create accounts")
    user_model = get_user_model()
    user = user_model.objects.create_user(username=username, password=password, email=email)
    audit(action=AuditAction.USER_CREATE, obj=user, by=by, after={"username": username})
    return user


@transaction.atomic
def membership_remove(*, membership: Membership, by: Actor) -> None:
    """Take someone out of the area. Their account stays (they may belong to other areas);
    what they did stays in the audit trail under their name."""
    area = membership.area
    permissions.require(role_of(user=by, area=area), permissions.MANAGE_MEMBERS,
                        "remove people from this area")
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    _keeps_an_administrator(area, membership)
    audit(action=AuditAction.MEMBERSHIP_REMOVE, obj=membership, by=by, area=area,
          before={"user": membership.user.get_username(), "role": membership.role})
    membership.delete()


# Invitations ---------------------------------------------------------------------------------

def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_link(token: str) -> str:
    return settings.SAIDANDDONE_BASE_URL.rstrip("/") + reverse("invitation", args=[token])


@transaction.atomic
def invitation_create(*, area: Area, email: str, role: Role | str, by: Actor) -> Invitation:
    """Invite someone by e-mail to take a role in the area. The link is sent now, inside the
    transaction: if the mail server refuses it, nothing is saved and the caller is told."""
    permissions.require(role_of(user=by, area=area), permissions.MANAGE_MEMBERS,
                        "invite people to this area")
    email = email.strip().lower()
    role = Role(role)
    if Membership.objects.filter(area=area, user__email__iexact=email).exists():
        raise ValueError(f"{email} is already a member of {area.name}. Change their role in "
                         "the list of members instead.")
    now = timezone.now()
    # A new invitation to the same address replaces any that is still open.
    Invitation.objects.filter(area=area, email__iexact=email, accepted_at__isnull=True,
                              withdrawn_at__isnull=True).update(withdrawn_at=now)
    token = secrets.token_urlsafe(32)
    days = settings.SAIDANDDONE_INVITATION_DAYS
    invited_by = user_of(by)
    invitation = Invitation.objects.create(
        area=area, email=email, role=role, token_hash=_token_hash(token),
        invited_by=invited_by, expires_at=now + dt.timedelta(days=days))
    audit(action=AuditAction.MEMBERSHIP_INVITE, obj=invitation, by=by, area=area,
          after={"email": email, "role": str(role)})
    inviter = (invited_by.get_full_name() or invited_by.get_username()) if invited_by else (
        "The administrator")
    try:
        send_mail(
            subject=f"You are invited to {area.name} on Said & Done",
            message=(
                f"{inviter} has invited you to join {area.name} on Said & Done as "
                f"{role.label.lower()}.\n\n"
                f"To accept, open this link within {days} days:\n{invitation_link(token)}\n\n"
                "The link works once. If you did not expect this e-mail, you can ignore it: "
                "nothing happens unless the link is opened and the invitation accepted.\n"),
            from_email=None, recipient_list=[email])
    except (smtplib.SMTPException, OSError) as exc:
        raise ValueError(f"The invitation could not be sent to {email} (the mail server said: "
                         f"{exc.__class__.__name__}). Nothing was saved; try again later.") from exc
    return invitation


def invitation_for(token: str) -> Invitation | None:
    """The open invitation a link's secret belongs to, or None (unknown, used, withdrawn or
    expired: the page says the same thing in every case)."""
    return Invitation.objects.select_related("area").filter(
        token_hash=_token_hash(token), accepted_at__isnull=True, withdrawn_at__isnull=True,
        expires_at__gt=timezone.now()).first()


@transaction.atomic
def invitation_withdraw(*, invitation: Invitation, by: Actor) -> None:
    permissions.require(role_of(user=by, area=invitation.area), permissions.MANAGE_MEMBERS,
                        "withdraw invitations")
    if invitation.accepted_at or invitation.withdrawn_at:
        raise ValueError("That invitation has already been used or withdrawn.")
    invitation.withdrawn_at = timezone.now()
    invitation.save(update_fields=["withdrawn_at", "updated_at"])
    audit(action=AuditAction.MEMBERSHIP_INVITE_WITHDRAW,
          obj=invitation, by=by, area=invitation.area,
          after={"email": invitation.email})


@transaction.atomic
def invitation_accept(*, token: str, user: Any = None, username: str = "", password: str = "",
                      first_name: str = "", last_name: str = "") -> Membership:
    """Use an invitation once: as the signed-in person it was sent to, or by making a new
    account with the invited address. Either way, the role is given by the system on the
    administrator's behalf, and the invitation cannot be used again."""
    invitation = invitation_for(token)
    if invitation is None:
        raise ValueError("This invitation link is not valid: it may have expired, been used "
                         "or been withdrawn. Ask your area administrator for a new one.")
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:  # a second tab won the race
        raise ValueError("This invitation has already been used.")
    user_model = get_user_model()
    if user is None:
        username = username.strip()
        if not username:
            raise ValueError("Enter a username")
        if user_model.objects.filter(username__iexact=username).exists():
            raise ValueError("That username is taken: choose another")
        if user_model.objects.filter(email__iexact=invitation.email).exists():
            raise ValueError(f"An account already uses {invitation.email}: sign in with it, "
                             "then open the link again")
        candidate = user_model(username=username, email=invitation.email,
                               first_name=first_name.strip(), last_name=last_name.strip())
        try:
            validate_password(password, candidate)
        except ValidationError as exc:
            raise ValueError(" ".join(exc.messages)) from exc
        candidate.set_password(password)
        candidate.save()
        audit(action=AuditAction.USER_CREATE, obj=candidate, by=SYSTEM,
              after={"username": username, "invitation": str(invitation.pk)})
        user = candidate
    elif (user.email or "").lower() != invitation.email.lower():
        raise ValueError(f"This invitation was sent to {invitation.email}, not to the account "
                         "you are signed in with. Sign out, or ask for an invitation to your "
                         "own address.")
    membership = membership_set(area=invitation.area, user=user, role=invitation.role,
                                by=SYSTEM)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    audit(action=AuditAction.MEMBERSHIP_INVITE_ACCEPT,
          obj=invitation, by=user, area=invitation.area,
          after={"user": user.get_username(), "role": invitation.role})
    return membership
