"""What each role may do: the one place these rules live."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied

from saidanddone.areas.actors import SYSTEM_ROLE
from saidanddone.areas.models import Role

# Only staff who must act on a family's exact words see them; analysts and the forum see
# redacted text only.
SEE_ORIGINAL_TEXT = frozenset({Role.AREA_ADMIN, Role.SEND_OFFICER})
# Need to know: a comment flagged as a possible safeguarding concern is seen only by those who
# decide on it, until they have. Analysts and the forum never see it while it waits.
TRIAGE_SAFEGUARDING = frozenset({Role.AREA_ADMIN, Role.SEND_OFFICER})
EDIT_RESPONSES = frozenset({Role.AREA_ADMIN, Role.SEND_OFFICER})
ENTER_FEEDBACK = frozenset({Role.AREA_ADMIN, Role.SEND_OFFICER, Role.ANALYST})
# The system (areas.actors.SYSTEM) takes in families' comments from the public forms. It may do
# nothing else that a service checks: analysis and scheduled tasks take no actor, because only
# the system runs them.
TAKE_IN_FEEDBACK = ENTER_FEEDBACK | {SYSTEM_ROLE}
# The forum adds its own aggregated reports ("37 parents at our coffee morning said …").
FORUM_REPORT = frozenset({Role.AREA_ADMIN, Role.SEND_OFFICER, Role.FORUM_REVIEWER})
# Erasing feedback and answering subject access requests: administrators only.
DATA_PROTECTION = frozenset({Role.AREA_ADMIN})
CONFIRM_THEMES = frozenset({Role.AREA_ADMIN, Role.SEND_OFFICER, Role.ANALYST})
MANAGE_INDICATORS = frozenset({Role.AREA_ADMIN, Role.SEND_OFFICER, Role.ANALYST})
PUBLISH = frozenset({Role.AREA_ADMIN, Role.SEND_OFFICER})
SIGN_OFF = frozenset({Role.FORUM_REVIEWER})
# The forum's review (issue 14): the forum and the officers preview what would be published and
# comment on single responses; only officers mark a comment resolved (they make the change).
REVIEW_COMMENT = SIGN_OFF | PUBLISH
RESOLVE_REVIEW_COMMENT = PUBLISH
ADMIN_AREA = frozenset({Role.AREA_ADMIN})
# The inspection evidence pack (issue 14): the people who run the loop and answer for it.
EVIDENCE_PACK = frozenset({Role.AREA_ADMIN, Role.SEND_OFFICER})
# Roles are given by the area's administrator, or by the set-up commands acting as the system.
MANAGE_MEMBERS = ADMIN_AREA | {SYSTEM_ROLE}


class PermissionDenied(DjangoPermissionDenied):
    """Raised by services when the acting user's role does not allow the action.

    Django's own PermissionDenied, so wherever it escapes a view (not only inside area_view)
    the visitor gets the 403 page, never a server error.
    """


def require(role: str | None, allowed: frozenset[str], action: str) -> None:
    if role not in allowed:
        raise PermissionDenied(f"Your role does not allow you to {action}.")
