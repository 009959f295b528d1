from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from saidanddone.areas.models import Area
from saidanddone.commitments.selectors import loop_health


class Command(BaseCommand):
    help = "Print an area's loop health: feedback heard, responses, overdue and stale commitments."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("area", help="the area's slug")

    def handle(self, *args: Any, **options: Any) -> None:
        area = Area.objects.filter(slug=options["area"]).first()
        if area is None:
            raise CommandError(f"There is no area '{options['area']}'.")
        h = loop_health(area=area)
        lines = [
            f"{area.name}: {h.period_start} to {h.period_end}",
            f"Comments heard: {h.feedback_total} ({h.awaiting_triage} awaiting safeguarding "
            f"triage, {h.unconfirmed} without confirmed themes)",
            f"Themes with a response: {h.themes_with_response} of {h.themes_heard}",
            f"Commitments done: {h.commitments_done} of {h.commitments_total} published "
            f"({h.commitments_draft} drafts not counted)",
            f"Overdue: {len(h.overdue)}  Stale: {len(h.stale)}  No evidence: {len(h.no_evidence)}",
        ]
        self.stdout.write("\n".join(lines))
