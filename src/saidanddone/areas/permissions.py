"""What each role may do: the one place these rules live."""

from __future__ import annotations

from saidanddone.areas.models import Role

# Only staff who must act on a family's exact words see them; analysts and the forum see
# redacted text only.
SEE_ORIGINAL_TEXT = frozenset({Role.AREA_ADMIN, Role.SEND_OFFICER})
# Need to know: a comment flagged as a possible safeguarding concern is seen only by those who
# decide on it, until they have. Analysts and the forum never see it while it waits.
TRIAGE_SAFEGUARDING = frozenset({Role.AREA_ADMIN, Role.SEND_OFFICER})
EDIT_RESPONSES = frozenset({Role.AREA_ADMIN, Role.SEND_OFFICER})
ENTER_FEEDBACK = frozenset({Role.AREA_ADMIN, Role.SEND_OFFICER, Role.ANALYST})
# The forum adds its own aggregated reports ("37 parents at our coffee morning said …").
FORUM_REPORT = frozenset({Role.AREA_ADMIN, Role.SEND_OFFICER, Role.FORUM_REVIEWER})
# Erasing feedback and answering subject access requests: administrators only.
DATA_PROTECTION = frozenset({Role.AREA_ADMIN})
CONFIRM_THEMES = frozenset({Role.AREA_ADMIN, Role.SEND_OFFICER, Role.ANALYST})
MANAGE_INDICATORS = frozenset({Role.AREA_ADMIN, Role.SEND_OFFICER, Role.ANALYST})
PUBLISH = frozenset({Role.AREA_ADMIN, Role.SEND_OFFICER})
SIGN_OFF = frozenset({Role.FORUM_REVIEWER})
ADMIN_AREA = frozenset({Role.AREA_ADMIN})


class PermissionDenied(Exception):
    """Raised by services when the acting user's role does not allow the action."""


def require(role: str | None, allowed: frozenset[Role], action: str) -> None:
    if role not in allowed:
        raise PermissionDenied(f"Your role does not allow you to {action}.")
