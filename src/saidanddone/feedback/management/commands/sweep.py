"""``saidanddone sweep``: what the worker does every few minutes, for cron as well.

Puts back tasks abandoned by dead workers, queues analysis for comments that have none, and
tries again the safeguarding e-mails that are due, then runs ``SAIDANDDONE_SWEEP_JOBS`` (the
owner teams' weekly digest, other e-mail due a retry). Safe to run as often as you like, beside
running workers: it never queues a second task for a comment that has one waiting.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from saidanddone.feedback import services
from saidanddone.feedback.management.commands.worker import sweep_jobs


class Command(BaseCommand):
    help = ("Re-queue tasks abandoned by dead workers, queue analysis for comments that have "
            "none, and retry safeguarding e-mails that are due.")

    def handle(self, *args: Any, **options: Any) -> None:
        requeued = services.tasks_requeue_abandoned()
        queued = services.feedback_queue_unanalysed()
        delivered = services.safeguarding_alerts_send_due()
        for job in sweep_jobs():
            job()
        self.stdout.write(
            f"{requeued} abandoned task(s) queued again; {queued} comment(s) queued for "
            f"analysis; {delivered} safeguarding e-mail(s) delivered.")
