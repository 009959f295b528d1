from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from saidanddone.areas.models import Area
from saidanddone.commitments.services import evidence_files_sweep
from saidanddone.core.uploads import upload_reads_purge
from saidanddone.feedback.services import feedback_purge_originals, survey_uploads_purge


class Command(BaseCommand):
    help = ("Delete original feedback text past each area's retention schedule (the redacted "
            "text stays). Run it daily, for example from cron.")

    def handle(self, *args: Any, **options: Any) -> None:
        for area in Area.objects.all():
            count = feedback_purge_originals(area=area)
            self.stdout.write(f"{area.name}: deleted the original text of {count} comments.")
        uploads = survey_uploads_purge()
        self.stdout.write(f"Deleted {uploads} survey uploads left unfinished.")
        reads = upload_reads_purge()
        self.stdout.write(f"Deleted {reads} uploads read in the background and never taken.")
        swept = evidence_files_sweep()
        self.stdout.write(f"Deleted {swept} evidence files whose records were gone.")
