"""The dashboard shows area admins the background queue's health (issue 11)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from saidanddone.areas.actors import SYSTEM
from saidanddone.feedback import services
from tests.helpers import check_page, sign_in, text_of

pytestmark = pytest.mark.django_db


def queue_comments(area: Any, n: int, capture: Any) -> None:
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}), \
            capture(execute=True):
        for i in range(n):
            services.feedback_create(
                area=area, text=f"Comment number {i} about the short breaks offer.",
                respondent_role="parent", by=SYSTEM,
                channel=services.channel_get_or_create(area=area, kind="web_form"))


def test_an_area_admin_sees_waiting_running_failed_oldest_and_unanalysed(
        client: Any, demo: Any, admin_user: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    queue_comments(demo, 4, django_capture_on_commit_callbacks)
    tasks = list(DBTaskResult.objects.order_by("enqueued_at"))
    DBTaskResult.objects.filter(pk=tasks[0].pk).update(
        enqueued_at=timezone.now() - dt.timedelta(minutes=12))
    tasks[1].claim("a-worker")
    DBTaskResult.objects.filter(pk=tasks[2].pk).update(
        status=TaskResultStatus.FAILED, finished_at=timezone.now())

    sign_in(client, admin_user)
    page = client.get(reverse("workspace:dashboard", args=["westmere"])).content
    soup = check_page(page)
    health = " ".join(soup.find(id="queue-health").get_text(" ").split())
    assert "Tasks waiting 2 (oldest waiting 12 minutes)" in health
    assert "Tasks running 1" in health
    assert "Tasks failed in the last 7 days 1" in health
    assert "not yet analysed 4" in health
    assert "check that the worker" in text_of(page)  # 12 minutes: no worker is taking them


def test_a_healthy_queue_raises_no_warning(client: Any, demo: Any, admin_user: Any) -> None:
    sign_in(client, admin_user)
    page = client.get(reverse("workspace:dashboard", args=["westmere"])).content
    assert "Tasks waiting 0" in text_of(page)
    assert "check that the worker" not in text_of(page)


def test_other_roles_do_not_see_the_queue(client: Any, demo: Any, analyst: Any) -> None:
    sign_in(client, analyst)
    page = client.get(reverse("workspace:dashboard", args=["westmere"])).content
    assert "Background work" not in text_of(page)
