"""Comments flagged before alerts had rows (migration 0007): each one still waiting for a
decision gets an alert, so its area's contacts are told; decided ones and areas without
contacts get none."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

import pytest
from django.apps import apps

from saidanddone.feedback.models import FeedbackItem, SafeguardingAlert

pytestmark = pytest.mark.django_db
migration = importlib.import_module("saidanddone.feedback.migrations.0007_alerts_for_waiting_flags")


def test_waiting_flags_get_an_alert_and_nothing_else_does(demo: Any, other_area: Any) -> None:
    demo.safeguarding_contacts = "dsl@westmere.example"
    demo.save()
    items = list(FeedbackItem.objects.filter(area=demo)[:3])
    waiting, decided, already = items
    FeedbackItem.objects.filter(pk__in=[waiting.pk, already.pk]).update(
        safeguarding_state="flagged")
    FeedbackItem.objects.filter(pk=decided.pk).update(safeguarding_state="referred")
    SafeguardingAlert.objects.all().delete()
    kept = SafeguardingAlert.objects.create(
        item=already, next_try_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    elsewhere = FeedbackItem.objects.filter(area=other_area).first()
    if elsewhere is not None:  # an area with no contacts: nobody to tell
        FeedbackItem.objects.filter(pk=elsewhere.pk).update(safeguarding_state="flagged")

    migration.add_missing_alerts(apps, None)
    migration.add_missing_alerts(apps, None)  # twice: still one each

    alerted = set(SafeguardingAlert.objects.values_list("item_id", flat=True))
    flagged_here = set(FeedbackItem.objects.filter(
        area=demo, safeguarding_state="flagged").values_list("pk", flat=True))
    assert alerted == flagged_here  # the demo's own waiting flags as well
    assert {waiting.pk, already.pk} <= alerted and decided.pk not in alerted
    assert SafeguardingAlert.objects.get(pk=kept.pk).next_try_at == kept.next_try_at
