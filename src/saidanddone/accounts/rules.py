"""Who must use a second factor, and whether this session has passed it: the one place.

- Area administrators (and site superusers, who can do everything in the admin) must have one.
- Any other member of staff may set one up; once they have, it is asked for at every sign-in.
- The local demo may waive the requirement for the demo's own accounts only
  (``SAIDANDDONE_SECOND_FACTOR_DEMO_WAIVER``, set in settings/local.py and nowhere else; a
  system check refuses it outside a demonstration site).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from saidanddone.accounts.oidc import provider_mfa_passed
from saidanddone.areas.models import Role
from saidanddone.core.demo_accounts import USERS


def confirmed_device(user: Any) -> TOTPDevice | None:
    """The user's authenticator app, once they have proved it works (one per person)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("created_at").first()


def demo_waiver_applies(user: Any) -> bool:
    return (getattr(settings, "SAIDANDDONE_SECOND_FACTOR_DEMO_WAIVER", False)
            and settings.SAIDANDDONE_DEMO
            and user.get_username() in {username for username, _, _ in USERS})


def second_factor_required(user: Any) -> bool:
    """True for area administrators and superusers, who may not work without one."""
    if not getattr(user, "is_authenticated", False):
        return False
    must = user.is_superuser or user.memberships.filter(role=Role.AREA_ADMIN).exists()
    return must and not demo_waiver_applies(user)


def is_verified(user: Any) -> bool:
    """This session passed the second factor (django_otp's middleware reads the session)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def passed_at_identity_provider(request: Any) -> bool:
    """This session signed in through the council's identity provider, whose ID token showed
    multi-factor sign-in, and the council trusts that instead of our code (decision 0224)."""
    return provider_mfa_passed(request)
