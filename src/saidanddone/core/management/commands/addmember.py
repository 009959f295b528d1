from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from saidanddone.areas.actors import SYSTEM
from saidanddone.areas.models import Area, Role
from saidanddone.areas.services import membership_set, user_create


class Command(BaseCommand):
    help = "Give a user a role in an area, creating the user (with a printed password) if needed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("area", help="the area's slug")
        parser.add_argument("username")
        parser.add_argument("role", choices=[r.value for r in Role])
        parser.add_argument("--email", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        area = Area.objects.filter(slug=options["area"]).first()
        if area is None:
            raise CommandError(f"There is no area '{options['area']}'.")
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            password = secrets.token_urlsafe(12)
            user = user_create(username=options["username"], password=password, by=SYSTEM,
                               email=options["email"])
            self.stdout.write(f"Created user {user.username} with password: {password}")
        membership_set(area=area, user=user, role=options["role"], by=SYSTEM)
        self.stdout.write(self.style.SUCCESS(
            f"{user.username} is now {Role(options['role']).label} in {area.name}."))
