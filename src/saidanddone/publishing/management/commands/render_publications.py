"""Re-render the stored public pages (after a template, branding or deployment change)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from saidanddone.areas.models import Area
from saidanddone.publishing.services import versions_render_all


class Command(BaseCommand):
    help = "Re-render every published version's stored page (decision 0200)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--area", help="Only this area (its slug).")

    def handle(self, *args: Any, **options: Any) -> None:
        area = Area.objects.get(slug=options["area"]) if options["area"] else None
        n = versions_render_all(area=area)
        self.stdout.write(f"Rendered {n} version{'s' if n != 1 else ''}.")
