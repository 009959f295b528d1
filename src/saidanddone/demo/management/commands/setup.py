from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from saidanddone.areas.models import Area
from saidanddone.demo.loader import demo_load
from saidanddone.demo.management.commands.demo import print_sign_in


class Command(BaseCommand):
    help = ("Migrate the database; on a demonstration site (local settings), also load the demo "
            "area if there is no area yet.")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database is up to date.")
        if not settings.SAIDANDDONE_DEMO:
            # Production: the demo's users have a published password, so they are never made.
            if not Area.objects.exists():
                self.stdout.write(
                    "No area yet. Create one with `saidanddone createarea NAME --forum FORUM`, "
                    "then give people roles with `saidanddone addmember AREA USERNAME ROLE`.")
            return
        if not Area.objects.exists():
            demo_load()
            self.stdout.write(self.style.SUCCESS("Loaded the demo area 'Westmere'."))
        print_sign_in(self.stdout)
