"""Who acts: a signed-in person, or the system itself.

Every service is told who is acting (``by=``). A person is a user with a role in the area. When
nobody is signed in (a family's comment from a public form, a background task, a management
command) the caller passes :data:`SYSTEM` explicitly. ``None`` is never an actor: a service
given ``by=None`` refuses, so a forgotten argument cannot skip the permission check.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from saidanddone.areas.models import Area

# The role the system acts in. Not a Role choice: no membership can hold it, and the permission
# sets in areas/permissions.py name it only where the system may act.
SYSTEM_ROLE = "system"


@dataclass(frozen=True)
class SystemActor:
    """The software itself, acting with nobody signed in."""

    name: str = "system"
    # Never a signed-in person: the audit log records no user for it, and role checks that
    # look for a user find none.
    is_authenticated: bool = False

    def __str__(self) -> str:
        return self.name

    def get_username(self) -> str:
        return self.name


SYSTEM = SystemActor()


# Who a service is told is acting (``by=``): a signed-in person or the system. Written once, so
# that what stands for the person (today the user) can change in this one place.
Actor: TypeAlias = "User | SystemActor"


def user_of(by: Actor) -> User | None:
    """The person acting, or None when it is the system."""
    return None if isinstance(by, SystemActor) else by


def person(by: Actor) -> User:
    """The person acting, for a service whose role check has already refused the system (no
    permission set that names it allows what follows): it records who did it."""
    if isinstance(by, SystemActor):
        raise PermissionDenied("Only a signed-in person can do this.")
    return by


class SignedInRequest(HttpRequest):
    """The request a view behind ``login_required`` is given: its user is signed in. A type for
    mypy only; Django builds a plain HttpRequest."""

    user: User


class AreaRequest(SignedInRequest):
    """The request a view wrapped in ``area_view`` is given: a signed-in member, and the area
    and role it looked up."""

    area: Area
    role: str
