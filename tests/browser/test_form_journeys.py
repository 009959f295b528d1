"""A SEND officer's forms in a real browser: a response with several ticked comments and themes
saved unchanged keeps them all; a commitment's start date is typed in day, month and year
boxes; a mistake shows the GOV.UK error summary naming the field, its link reaching the box.
axe-core finds no violation on any page visited."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from saidanddone.areas.models import Area
from saidanddone.commitments import services
from saidanddone.commitments.models import Commitment, Response
from saidanddone.feedback.models import Exclusion, FeedbackItem
from saidanddone.themes.models import Theme
from tests.browser.conftest import ROOT, axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("SAIDANDDONE_SHOTS", ROOT / "test-results" / "screenshots"))


def shot(page: Any, name: str, full_page: bool = True) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"forms-{name}.png"), full_page=full_page)


# Dates from today: a new due date may not have passed already.
START = dt.date.today() - dt.timedelta(days=60)
NEW_START = START + dt.timedelta(days=17)
DUE = dt.date.today() + dt.timedelta(days=150)


def links(response: Response) -> tuple[list[str], list[str]]:
    return (sorted(str(f.pk) for f in response.feedback.all()),
            sorted(str(t.pk) for t in response.themes.all()))


def test_officer_edits_a_response_and_a_commitment_without_losing_anything(
        live_server: Any, page: Any, area: Area) -> None:
    from django.contrib.auth import get_user_model

    officer = get_user_model().objects.get(username="officer")
    comments = list(FeedbackItem.objects.filter(area=area, analysed_at__isnull=False,
                                                exclusion="", duplicate_of__isnull=True,
                                                safeguarding_state="none")[:6])
    FeedbackItem.objects.filter(pk=comments[0].pk).update(exclusion=Exclusion.VEXATIOUS)
    themes = list(Theme.objects.filter(area=area, active=True)[:3])
    response = services.response_create(
        area=area, by=officer, title="Quicker replies to e-mails",
        you_said="Families said e-mails went unanswered for weeks.", themes=themes,
        feedback=comments)
    Theme.objects.filter(pk=themes[2].pk).update(active=False)  # retired since
    before = links(response)
    assert len(before[0]) == 6 and len(before[1]) == 3
    problems: dict[str, Any] = {}

    def check(name: str, full_page: bool = True) -> None:
        if violations := axe_violations(page):
            problems[name] = violations
        shot(page, name, full_page)

    sign_in(page, live_server.url, "officer")
    page.goto(live_server.url + reverse("workspace:response_edit",
                                        args=[area.slug, response.pk]))
    assert page.locator("input[name=feedback]:checked").count() == 6
    assert page.locator("input[name=themes]:checked").count() == 3
    assert page.locator("input[name=feedback][type=checkbox]").count() >= 6
    check("1-response-edit")
    page.get_by_role("button", name="Save response").click()
    page.wait_for_load_state()
    assert "Response updated" in page.content()
    assert links(response) == before, "saving unchanged lost links"
    check("2-response-saved")

    # The picker's filter keeps what is ticked: tick one more, filter, save.
    page.goto(live_server.url + reverse("workspace:response_edit",
                                        args=[area.slug, response.pk]))
    extra = page.locator("input[name=feedback]:not(:checked)").first
    extra_id = extra.get_attribute("value")
    extra.check()
    theme = Theme.objects.filter(area=area, active=True).exclude(pk__in=[t.pk for t in themes])
    page.select_option("#id_picker_theme", theme.first().slug)
    page.click("button[value=filter]")
    page.wait_for_load_state()
    assert page.locator("input[name=feedback]:checked").count() == 7
    check("3-response-filtered")
    page.get_by_role("button", name="Save response").click()
    page.wait_for_load_state()
    assert links(response)[0] == sorted([*before[0], extra_id])

    # A commitment's start date, typed as day, month and year.
    commitment = services.commitment_create(
        response=response, by=officer, text="Answer every e-mail within five working days",
        owner_team="SEND casework", start_date=START, due_date=DUE)
    url = live_server.url + reverse("workspace:commitment_detail",
                                    args=[area.slug, commitment.pk])
    page.goto(url)
    page.click("text=Edit wording and owner")
    assert page.input_value("#id_edit_start_date_day") == str(START.day)
    assert page.input_value("#id_edit_start_date_month") == str(START.month)
    page.fill("#id_edit_start_date_day", str(NEW_START.day))
    page.fill("#id_edit_start_date_month", str(NEW_START.month))
    page.fill("#id_edit_start_date_year", str(NEW_START.year))
    check("4-commitment-edit-date")
    page.click("button:has-text('Edit wording and owner')")
    page.wait_for_load_state()
    commitment.refresh_from_db()
    assert commitment.start_date == NEW_START
    assert commitment.due_date == DUE

    # A mistake on purpose: an impossible date and no reason.
    page.click("text=Change the due date")
    page.fill("#id_revise_new_due_date_day", "31")
    page.fill("#id_revise_new_due_date_month", "2")
    page.fill("#id_revise_new_due_date_year", str(DUE.year + 1))
    page.click("button:has-text('Change the due date')")
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    text = summary.inner_text()
    assert "The new due date must be a real date" in text
    assert "Enter why the date has changed" in text
    assert "This field is required" not in page.content()
    assert page.input_value("#id_revise_new_due_date_day") == "31"  # what was typed is kept
    check("5-commitment-error-summary")
    page.click(".govuk-error-summary a:has-text('real date')")
    assert page.evaluate("document.activeElement.id") == "id_revise_new_due_date_day"
    commitment.refresh_from_db()
    assert commitment.due_date == DUE
    assert not Commitment.objects.filter(pk=commitment.pk, due_date_revisions__isnull=False
                                         ).exists()

    # The feedback list: tick comments, make a response from them.
    page.goto(live_server.url + reverse("workspace:feedback_list", args=[area.slug]))
    boxes = page.locator("input[name=items]")
    chosen = [boxes.nth(i).get_attribute("value") for i in range(2)]
    for i in range(2):
        boxes.nth(i).check()
    page.locator("text=Make a response from the selected comments").scroll_into_view_if_needed()
    check("6-feedback-list", full_page=False)
    page.click("text=Make a response from the selected comments")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "New response"
    ticked = [b.get_attribute("value") for b in
              page.locator("input[name=feedback]:checked").all()]
    assert sorted(ticked) == sorted(chosen)
    check("7-response-from-list")

    # Every other form with a date: the boxes, and their errors, pass axe too.
    page.goto(live_server.url + reverse("workspace:feedback_new", args=[area.slug]))
    page.fill("#id_received_on_day", "12")
    page.fill("#id_received_on_year", "2026")
    page.click("button[type=submit] >> nth=-1")
    page.wait_for_load_state()
    assert "The date received must include a month" in page.locator(
        ".govuk-error-summary").inner_text()
    check("8-feedback-new-errors")
    for name in ("publication_list", "indicator_list", "forum_report"):
        page.goto(live_server.url + reverse(f"workspace:{name}", args=[area.slug]))
        assert page.locator(".govuk-date-input").count() >= 1, name
        check(f"9-{name}")
    assert problems == {}
