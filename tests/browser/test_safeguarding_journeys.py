"""Safeguarding in a real browser, as each role uses it: the SEND officer triages a flagged
comment from the queue; the forum reviewer and the analyst never see its words."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from saidanddone.areas.models import Area
from saidanddone.feedback import services
from saidanddone.feedback.models import FeedbackItem, SafeguardingState
from tests.browser.conftest import axe_violations, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "Tomasz"
WORDS = "keeps asking how many of his tablets it would take"
TEXT = (f"My son {NAME} has been very low since the move. Last week he {WORDS}, "
        "and he has given his bike away. The annual review is still not booked.")


@pytest.fixture
def flagged(area: Area) -> FeedbackItem:
    officer = area.memberships.get(role="send_officer").user
    item = services.feedback_create(
        area=area, text=TEXT, respondent_role="parent", by=officer,
        received_on=timezone.localdate() - dt.timedelta(days=3),
        channel=services.channel_get_or_create(area=area, kind="web_form"))
    services.feedback_apply_analysis(item=item)
    item.refresh_from_db()
    return item


def test_the_officer_triages_a_flagged_comment_without_seeing_names_in_the_queue(
        live_server: Any, page: Any, area: Area, flagged: FeedbackItem) -> None:
    # The engine flags it (indirect: no rule phrase), and names the concern in plain words.
    assert flagged.safeguarding_state == SafeguardingState.FLAGGED
    sign_in(page, live_server.url, "officer")
    page.goto(live_server.url + reverse("workspace:triage", args=[area.slug]))
    body = page.inner_text("main")
    row = page.locator("tbody tr", has_text=flagged.reference)
    assert row.count() == 1
    row_text = row.inner_text()
    assert re.search(r"3 days|2 days", row_text), row_text
    assert "Over 24 hours" in row_text
    assert NAME not in body  # the excerpt and evidence come from the redacted text
    assert "Selfharm" not in body and "self_harm" not in body
    assert axe_violations(page) == []
    screenshot(page, "triage-queue-officer")
    # Open it: the officer may read the family's own words.
    page.goto(live_server.url + reverse("workspace:feedback_detail",
                                        args=[area.slug, flagged.pk]))
    assert NAME in page.inner_text("main")
    # A mistake on purpose: a decision without a reason is refused, and says why.
    page.get_by_label("Referred to children's social care").check()
    page.get_by_role("button", name="Record decision").click()
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary")
    assert summary.count() == 1
    assert "Enter the reason for your decision" in summary.inner_text()
    assert axe_violations(page) == []
    screenshot(page, "triage-decision-error-officer")
    flagged.refresh_from_db()
    assert flagged.safeguarding_state == SafeguardingState.FLAGGED  # nothing half-saved
    # Then the decision with its reason: the comment leaves the queue.
    page.get_by_label("Reason").fill("Rang the family; the school's safeguarding lead knows.")
    page.get_by_role("button", name="Record decision").click()
    page.wait_for_load_state()
    flagged.refresh_from_db()
    assert flagged.safeguarding_state != SafeguardingState.FLAGGED
    page.goto(live_server.url + reverse("workspace:triage", args=[area.slug]))
    assert page.locator("tbody tr", has_text=flagged.reference).count() == 0


@pytest.mark.parametrize("username", ["forum", "analyst"])
def test_forum_and_analysts_never_see_a_flagged_comment(
        live_server: Any, page: Any, area: Area, flagged: FeedbackItem,
        username: str) -> None:
    sign_in(page, live_server.url, username)
    for url in (reverse("workspace:feedback_list", args=[area.slug]),
                reverse("workspace:feedback_list", args=[area.slug]) + "?q=tablets",
                reverse("workspace:dashboard", args=[area.slug])):
        page.goto(live_server.url + url)
        assert WORDS not in page.content(), url
    screenshot(page, f"dashboard-{username}")
    detail = page.goto(live_server.url + reverse("workspace:feedback_detail",
                                                 args=[area.slug, flagged.pk]))
    assert detail is not None and detail.status == 404
    queue = page.goto(live_server.url + reverse("workspace:triage", args=[area.slug]))
    assert queue is not None and queue.status in (403, 404)
