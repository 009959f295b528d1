from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from saidanddone.areas.actors import SYSTEM
from saidanddone.themes.services import area_set_up


class Command(BaseCommand):
    help = "Create a local area with its own copy of the default theme taxonomy."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="the area's name, for example 'Westmere'")
        parser.add_argument("--slug", help="the short name used in web addresses")
        parser.add_argument("--forum", default="", help="the parent carer forum's name")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            area = area_set_up(name=options["name"], slug=options["slug"],
                               forum_name=options["forum"], by=SYSTEM)
        except Exception as exc:  # a clear message, never a traceback
            raise CommandError(f"Could not create the area: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Created {area.name} ({area.slug})."))
