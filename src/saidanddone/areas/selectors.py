from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from saidanddone.areas.actors import SYSTEM_ROLE, Actor, SystemActor
from saidanddone.areas.models import Area, Membership
from saidanddone.areas.permissions import PermissionDenied


def area_list_for_user(*, user: Any) -> QuerySet[Area]:
    if not getattr(user, "is_authenticated", False):
        return Area.objects.none()
    return Area.objects.filter(memberships__user=user).distinct()


def membership_get(*, user: Any, slug: str) -> Membership:
    """The user's membership of the area, or 404: another area's data is never acknowledged."""
    if not getattr(user, "is_authenticated", False):
        raise Http404("No such area")
    try:
        return Membership.objects.select_related("area").get(user=user, area__slug=slug)
    except Membership.DoesNotExist as exc:
        raise Http404("No such area") from exc


def role_of(*, user: Actor | None, area: Area) -> str | None:
    """The role the actor holds in the area: a member's role, the system's, or None.

    ``None`` is refused: when nobody is signed in, the caller says so with areas.actors.SYSTEM.
    """
    if user is None:
        raise PermissionDenied("No one is acting. Pass the signed-in user, or "
                               "areas.actors.SYSTEM for tasks, commands and public forms.")
    if isinstance(user, SystemActor):
        return SYSTEM_ROLE
    if not getattr(user, "is_authenticated", False):
        return None
    m = Membership.objects.filter(user=user, area=area).only("role").first()
    return m.role if m else None


@dataclass(frozen=True)
class RedactionLists:
    """An area's own lists for the redaction engine: the names and settings it must remove
    (its staff, its members' first names, its schools) and the services it keeps."""

    names: tuple[str, ...]
    schools: tuple[str, ...]
    keep: tuple[str, ...]


def redaction_lists(*, area: Area) -> RedactionLists:
    """The one place that says what an area redacts: intake, imports and the publication checks
    all read it, so a school added to the list is removed everywhere at once."""
    members = [n for n in area.memberships.values_list("user__first_name", flat=True) if n]
    return RedactionLists(names=(*members, *area.staff_name_list),
                          schools=tuple(area.school_name_list),
                          keep=tuple(area.kept_phrase_list))
