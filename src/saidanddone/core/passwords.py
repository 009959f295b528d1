"""The demo's password is published in the README and printed by `saidanddone demo`: outside a
demonstration site no account may have it, or sign in with it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

from saidanddone.core.demo_accounts import PASSWORD as DEMO_PASSWORD


def is_published_demo_password(password: str) -> bool:
    """True outside a demo site when the password is the published one (any case or spacing)."""
    if settings.SAIDANDDONE_DEMO:
        return False
    return password.strip().casefold() == DEMO_PASSWORD.casefold()


class NotTheDemoPasswordValidator:
    """AUTH_PASSWORD_VALIDATORS: createsuperuser, changepassword and the admin refuse it."""

    def validate(self, password: str, user: Any = None) -> None:
        if is_published_demo_password(password):
            raise ValidationError(
                "This password is published with the demo. Choose a different password",
                code="password_is_demo_password")

    def get_help_text(self) -> str:
        return "Your password cannot be the demo's published password."
