from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from saidanddone.demo import content as demo_content
from saidanddone.demo.loader import demo_exists, demo_load, demo_remove


class Command(BaseCommand):
    help = "Load the fictional demo area, Westmere (with --reset, remove it and load it again)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reset", action="store_true", help="remove and reload the demo")

    def handle(self, *args: Any, reset: bool = False, **options: Any) -> None:
        if not settings.SAIDANDDONE_DEMO:
            raise CommandError(
                "The demo's users have a published password, so they are only made on a "
                "demonstration site. Use the local settings, or set SAIDANDDONE_DEMO=1 on a "
                "site that holds no real data.")
        if demo_exists():
            if not reset:
                self.stdout.write("The demo area is already loaded (use --reset to reload it).")
                return
            demo_remove()
        area = demo_load()
        self.stdout.write(self.style.SUCCESS(f"Loaded the demo area '{area.name}'."))
        print_sign_in(self.stdout)


def print_sign_in(out: Any) -> None:
    out.write("Sign in at http://127.0.0.1:8000/accounts/login/ with any of these users,")
    out.write(f"all with the password '{demo_content.PASSWORD}':")
    for username, _, role in demo_content.USERS:
        out.write(f"  {username:<8} {role.replace('_', ' ')}")
    if getattr(settings, "SAIDANDDONE_SECOND_FACTOR_DEMO_WAIVER", False):
        out.write("On this local demo they sign in with the password alone. To try the second "
                  "factor, choose 'Your account', then 'Set up a second factor'.")
    else:
        out.write("admin, as an area administrator, is asked to set up a second factor (an "
                  "authenticator app) at the first sign-in.")
    out.write("The public pages are at http://127.0.0.1:8000/areas/westmere/")
