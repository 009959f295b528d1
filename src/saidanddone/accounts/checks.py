"""The demo's second-factor waiver can only be on where the demo's published password works."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register


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
