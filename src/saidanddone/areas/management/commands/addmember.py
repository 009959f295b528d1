from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from saidanddone.areas.actors import SYSTEM
from saidanddone.areas.models import Area, Membership, Role
from saidanddone.areas.services import membership_set, user_create


class Command(BaseCommand):
    help = ("Give a user a role in an area, creating the user (with a printed password) if "
            "needed. Changing an existing account's role needs --existing.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("area", help="the area's slug")
        parser.add_argument("username")
        parser.add_argument("role", choices=[r.value for r in Role])
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--existing", action="store_true",
            help="the account already exists and you mean to change its role in this area")

    def handle(self, *args: Any, **options: Any) -> None:
        area = Area.objects.filter(slug=options["area"]).first()
        if area is None:
            raise CommandError(f"There is no area '{options['area']}'.")
        role = Role(options["role"])
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            password = secrets.token_urlsafe(12)
            user = user_create(username=options["username"], password=password, by=SYSTEM,
                               email=options["email"])
            self.stdout.write(f"Created user {user.username} with password: {password}")
        else:
            # A typo, or an account someone else made (an old demo user), must not quietly
            # gain rights: say what it has now and what would change, and ask for --existing.
            current = Membership.objects.filter(user=user, area=area).first()
            before = current.get_role_display() if current else "not a member"
            change = f"{user.username} in {area.name}: {before} → {role.label}"
            if not options["existing"]:
                raise CommandError(
                    f"The account {user.username} already exists. This would change "
                    f"{change}. Check it is the right person, then run the command again "
                    "with --existing.")
            self.stdout.write(f"Changing {change}.")
        membership_set(area=area, user=user, role=role.value, by=SYSTEM)
        self.stdout.write(self.style.SUCCESS(
            f"{user.username} is now {role.label} in {area.name}."))
