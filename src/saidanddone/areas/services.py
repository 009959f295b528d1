from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify

from saidanddone.areas import permissions
from saidanddone.areas.actors import SystemActor
from saidanddone.areas.models import Area, Membership, Role
from saidanddone.areas.selectors import role_of
from saidanddone.core.audit import audit, snapshot


def contrast_ratio(hex_a: str, hex_b: str = "#ffffff") -> float:
    """WCAG contrast ratio between two #rrggbb colours."""

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    la, lb = sorted((luminance(hex_a), luminance(hex_b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _require_set_up(by: Any, action: str) -> None:
    """Areas and accounts are made by the set-up commands and the demo loader, as the system."""
    if not isinstance(by, SystemActor):
        raise permissions.PermissionDenied(
            f"Only the set-up commands may {action}: pass areas.actors.SYSTEM.")


@transaction.atomic
def area_create(*, name: str, by: Any, slug: str | None = None, **details: Any) -> Area:
    """Create an area and give it its own copy of the default theme taxonomy."""
    _require_set_up(by, "create areas")
    from saidanddone.themes.services import theme_copy_defaults_to_area

    colour = details.get("brand_colour")
    if colour and contrast_ratio(colour) < 4.5:
        raise ValueError("The brand colour is too light for white text (needs 4.5:1 contrast).")
    area = Area(name=name, slug=slug or slugify(name), **details)
    area.full_clean()
    area.save()
    theme_copy_defaults_to_area(area=area)
    audit(action="area.create", obj=area, by=by, area=area, after={"name": name, "slug": area.slug})
    return area


# What an area's administrator may change on the settings page. The name and the address
# (slug) are fixed: every published link uses them.
AREA_SETTINGS = (
    "council_name", "forum_name", "brand_colour", "send_team_email", "send_team_phone",
    "local_offer_url", "complaints_url", "sendiass_name", "sendiass_url", "sendiass_phone",
    "social_care_phone", "next_publication_note", "safeguarding_contacts", "triage_hours",
    "staff_names", "school_names", "kept_phrases", "retention_days",
)


@transaction.atomic
def area_update(*, area: Area, by: Any, **changes: Any) -> list[str]:
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
    if "brand_colour" in changed and colour and contrast_ratio(colour) < 4.5:
        raise ValueError("The brand colour is too light for white text: choose a darker one "
                         f"(it needs a contrast of 4.5 to 1, and has "
                         f"{contrast_ratio(colour):.1f} to 1).")
    before = snapshot(area, changed)
    for name in changed:
        setattr(area, name, changes[name])
    area.full_clean()
    area.save(update_fields=[*changed, "updated_at"])
    audit(action="area.update", obj=area, by=by, area=area, before=before,
          after=snapshot(area, changed))
    return changed


@transaction.atomic
def membership_set(*, area: Area, user: Any, role: Role | str, by: Any) -> Membership:
    """Give a user a role in an area (or change it): the system, or the area's administrator."""
    permissions.require(role_of(user=by, area=area), permissions.MANAGE_MEMBERS,
                        "give people roles in this area")
    role = Role(role)
    membership, created = Membership.objects.get_or_create(
        user=user, area=area, defaults={"role": role}
    )
    before = {} if created else snapshot(membership, ["role"])
    membership.role = role
    membership.save()
    audit(
        action="membership.set", obj=membership, by=by, area=area,
        before=before, after={"user": user.get_username(), "role": str(role)},
    )
    return membership


@transaction.atomic
def user_create(*, username: str, password: str, by: Any, email: str = "") -> Any:
    _require_set_up(by, "create accounts")
    user_model = get_user_model()
    user = user_model.objects.create_user(username=username, password=password, email=email)
    audit(action="user.create", obj=user, by=by, after={"username": username})
    return user
