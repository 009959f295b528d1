"""Duplicate keys for the comments stored before campaigns were detected on intake, and their
``duplicate_of`` set the same way (the first copy in each area, by arrival, stands for the
campaign). Uses the pure engine only, like ``services._mark_duplicate``."""

from typing import Any

from django.db import migrations


def forward(apps: Any, schema_editor: Any) -> None:
    from saidanddone.feedback.analysis_adapter import duplicate_keys

    item_model = apps.get_model("feedback", "FeedbackItem")
    key_model = apps.get_model("feedback", "DuplicateKey")
    key_model.objects.all().delete()  # run again (after a reverse), it starts afresh
    first_by_key: dict[tuple[Any, int], Any] = {}
    batch: list[Any] = []
    items = (item_model.objects.filter(analysed_at__isnull=False).exclude(text_redacted="")
             .order_by("area_id", "created_at").only("pk", "area_id", "text_redacted",
                                                     "duplicate_of_id"))
    for item in items.iterator(chunk_size=2000):
        keys = duplicate_keys(item.text_redacted)
        if not keys:
            continue
        root = next((first_by_key[(item.area_id, k)] for k in keys
                     if (item.area_id, k) in first_by_key), None)
        if root is not None and item.duplicate_of_id is None:
            item_model.objects.filter(pk=item.pk).update(duplicate_of_id=root)
        for k in keys:
            first_by_key.setdefault((item.area_id, k), root or item.pk)
        batch.extend(key_model(area_id=item.area_id, item_id=item.pk, key=k) for k in keys)
        if len(batch) >= 5000:
            key_model.objects.bulk_create(batch)
            batch = []
    key_model.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [("feedback", "0004_survey_imports_uploads_duplicate_keys")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
