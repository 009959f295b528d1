from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from saidanddone.accounts.services import second_factor_reset
from saidanddone.areas.actors import SYSTEM


class Command(BaseCommand):
    help = ("Remove a member of staff's second factor (a lost phone and lost recovery codes). "
            "They set up a new one at their next sign-in. Written to the audit log.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no account called '{username}'.")
        if second_factor_reset(user=user, by=SYSTEM):
            self.stdout.write(f"Removed the second factor of '{username}'. They will set up a "
                              "new one at their next sign-in (area administrators must).")
        else:
            self.stdout.write(f"'{username}' has no second factor; nothing changed.")
