"""Who acts: a signed-in person, or the system itself.

Every service is told who is acting (``by=``). A person is a user with a role in the area. When
nobody is signed in (a family's comment from a public form, a background task, a management
command) the caller passes :data:`SYSTEM` explicitly. ``None`` is never an actor: a service
given ``by=None`` refuses, so a forgotten argument cannot skip the permission check.
"""

from __future__ import annotations

from dataclasses import dataclass

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
