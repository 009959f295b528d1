"""Comments flagged before safeguarding alerts had rows of their own (0006) have none, so the
retrying sender never sees them. Give each comment still waiting for a decision, in an area
with safeguarding contacts, an alert due now: its contacts are told (again, at worst) rather
than never. Decided comments need no alert."""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.utils import timezone


def add_missing_alerts(apps: Any, schema_editor: Any) -> None:
    FeedbackItem = apps.get_model("feedback", "FeedbackItem")
    SafeguardingAlert = apps.get_model("feedback", "SafeguardingAlert")
    waiting = FeedbackItem.objects.filter(
        safeguarding_state="flagged", safeguarding_alert__isnull=True,
    ).exclude(area__safeguarding_contacts="")
    now = timezone.now()
    SafeguardingAlert.objects.bulk_create(
        [SafeguardingAlert(item_id=pk, next_try_at=now)
         for pk in waiting.values_list("pk", flat=True)], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("feedback", "0006_worker_heartbeat_safeguarding_alert")]

    operations = [migrations.RunPython(add_missing_alerts, migrations.RunPython.noop)]
