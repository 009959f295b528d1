"""Queue this week's e-mail to each owner team (for cron; the worker also runs it)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from saidanddone.areas.mail import emails_send_due
from saidanddone.commitments.digest import owner_digests_queue


class Command(BaseCommand):
    help = ("Send each owner team its weekly digest (commitments due within 14 days, late, or "
            "not updated for a long time). Safe to run as often as you like: each team gets "
            "one a week.")

    def handle(self, *args: Any, **options: Any) -> None:
        queued = owner_digests_queue()
        delivered = emails_send_due()
        self.stdout.write(f"{queued} digest{'s' if queued != 1 else ''} queued this run; "
                          f"{delivered} e-mail{'s' if delivered != 1 else ''} delivered.")
