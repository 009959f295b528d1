from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from saidanddone.areas.models import Area, Role
from saidanddone.commitments.imports import document_import
from saidanddone.importers import DocumentError, read_path, to_json_dict


class Command(BaseCommand):
    help = ("Read a 'You said, we did' document and store its entries as draft responses, "
            "commitments and indicators of an area (nothing is published).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the document: HTML, text, DOCX, PDF, CSV or XLSX")
        parser.add_argument("--area", required=True, help="the area's slug")
        parser.add_argument("--as-user", default=None,
                            help="the member recorded as importing it (default: the area's "
                                 "first administrator)")

    def handle(self, *args: Any, **options: Any) -> None:
        area = Area.objects.filter(slug=options["area"]).first()
        if area is None:
            raise CommandError(f"There is no area '{options['area']}'.")
        users = get_user_model().objects
        user = (users.filter(username=options["as_user"]).first() if options["as_user"] else
                users.filter(memberships__area=area,
                             memberships__role__in=[Role.AREA_ADMIN, Role.SEND_OFFICER])
                .order_by("memberships__role").first())
        if user is None:
            raise CommandError("No administrator or SEND officer of that area to record the "
                               "import against: use --as-user.")
        try:
            document = to_json_dict(read_path(options["path"]))
            summary = document_import(area=area, document=document, by=user,
                                      keep=range(len(document["entries"])),
                                      source=str(options["path"]))
        except DocumentError as exc:
            raise CommandError(exc.message) from exc
        except (ValueError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(
            f"Stored {summary.responses} draft responses, {summary.commitments} commitments and "
            f"{summary.indicators} indicators in {area.name}. Nothing has been published."))
        for warning in document["warnings"]:
            self.stdout.write(f"Warning: {warning['message']}")
