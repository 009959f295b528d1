"""System checks for how e-mail leaves: a typo in the mail settings stops start-up instead of
losing the first invitation or safeguarding alert (issue 14; decision 0223)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

from saidanddone.areas.notify import notify_settings_problems

MAIL_CHOICES = ("smtp", "notify")


@register()
def check_mail_settings(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    choice = getattr(settings, "SAIDANDDONE_MAIL", "smtp")
    if choice not in MAIL_CHOICES:
        return [Error(f"SAIDANDDONE_MAIL is {choice!r}: it must be 'smtp' or 'notify'.",
                      id="saidanddone.E030")]
    if settings.EMAIL_BACKEND != settings.NOTIFY_EMAIL_BACKEND:
        return []
    return [Error(f"GOV.UK Notify is chosen for e-mail but {problem}",
                  hint="See docs/notify.md for the settings and the template to make in Notify.",
                  id="saidanddone.E031")
            for problem in notify_settings_problems()]
