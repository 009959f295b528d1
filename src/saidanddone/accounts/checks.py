"""Startup checks: the demo's second-factor waiver only on a demo site; the identity provider's
settings (OIDC_*) whole and well-formed, or absent."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

from saidanddone.accounts.oidc_config import problems


@register()
def demo_waiver_only_on_a_demo_site(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    if getattr(settings, "SAIDANDDONE_SECOND_FACTOR_DEMO_WAIVER", False) and not getattr(
            settings, "SAIDANDDONE_DEMO", False):
        return [Error(
            "SAIDANDDONE_SECOND_FACTOR_DEMO_WAIVER is on outside a demonstration site.",
            hint="Only the local settings waive the second factor, and only for the demo's "
                 "own users. Remove the setting.",
            id="saidanddone.E201")]
    return []


@register()
def identity_provider_settings(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    raw = getattr(settings, "SAIDANDDONE_OIDC", None) or {}
    return [Error(f"Sign-in with the council's identity provider: {problem}",
                  hint="See the README, 'Signing in with the council's identity provider'.",
                  id="saidanddone.E202") for problem in problems(raw)]
