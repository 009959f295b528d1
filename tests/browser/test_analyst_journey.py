"""The analyst's journey in a real browser (issue 9): ticks several comments on the feedback
list and gives them one theme at once, makes a mistake on purpose (confirms with nothing
ticked), adds a figure to an indicator, and is never shown a control that would refuse them.
Every page is checked with axe-core; screenshots go to test-results/screenshots/."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from saidanddone.areas.models import Area
from saidanddone.commitments.models import DataPoint
from saidanddone.themes.models import Theme, ThemeAssignment
from tests.browser.conftest import axe_violations, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_analyst_themes_several_comments_at_once_and_adds_a_figure(
        live_server: Any, page: Any, area: Area) -> None:
    base, problems = live_server.url, {}

    def check(name: str) -> None:
        if violations := axe_violations(page):
            problems[name] = violations
        screenshot(page, f"analyst-{name}")

    sign_in(page, base, "analyst")
    page.goto(base + reverse("workspace:feedback_list", args=[area.slug]))
    # Controls follow the role: an analyst confirms themes but writes no responses.
    assert page.get_by_role("button", name="Confirm themes").count() == 1
    assert page.get_by_text("Make a response from the selected comments").count() == 0
    assert page.get_by_role("link", name="New response").count() == 0
    check("feedback-list")

    # A mistake on purpose: nothing ticked.
    page.get_by_role("button", name="Confirm themes").click()
    page.wait_for_load_state()
    assert "Select at least one comment." in page.inner_text("main")

    boxes = page.locator("input[name=items]")
    chosen = [boxes.nth(i).get_attribute("value") for i in (0, 2, 3, 5)]
    for value in chosen:
        page.check(f"input[name=items][value='{value}']")
    theme = Theme.objects.get(area=area, slug="bullying")
    page.select_option("#bulk-theme", theme.slug)
    page.get_by_role("button", name="Confirm themes").click()
    page.wait_for_load_state()
    assert "Themes confirmed for 4 comments." in page.inner_text("main")
    themed = ThemeAssignment.objects.filter(theme=theme, feedback__pk__in=chosen)
    assert {str(pk) for pk in themed.values_list("feedback__pk", flat=True)} == set(chosen)
    check("themes-confirmed")

    # Analysts keep the figures: a figure for an indicator, not public until checked.
    indicator = area.indicators.first()
    page.goto(base + reverse("workspace:indicator_detail", args=[area.slug, indicator.pk]))
    today = timezone.localdate()
    taken = set(indicator.points.values_list("date", flat=True))
    day = next(today - dt.timedelta(days=d) for d in range(1, 90)
               if today - dt.timedelta(days=d) not in taken)
    page.fill("[name=date_day]", str(day.day))
    page.fill("[name=date_month]", str(day.month))
    page.fill("[name=date_year]", str(day.year))
    page.fill("#id_value", "-4")
    page.get_by_role("button", name="Add figure", exact=True).click()
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").count() == 1
    assert not DataPoint.objects.filter(indicator=indicator, date=day).exists()
    check("figure-mistake")
    page.fill("#id_value", "38")
    page.get_by_role("button", name="Add figure", exact=True).click()
    page.wait_for_load_state()
    point = DataPoint.objects.get(indicator=indicator, date=day)
    assert point.value == 38 and not point.public
    check("figure-added")
    assert problems == {}
