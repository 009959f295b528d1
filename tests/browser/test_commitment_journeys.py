"""Issue 9 in a real browser: an officer adds, corrects and publishes an indicator figure and
revises a date; a parent then sees the Late tags, the late count, version 1 as it was
published and a chart that reads at 320 px. axe-core on every page on the way; screenshots in
var/shots/ for people to look at."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from saidanddone.areas.models import Area
from saidanddone.commitments import services as commitments
from saidanddone.commitments.models import Commitment, DataPoint, Indicator
from saidanddone.publishing.models import Publication
from tests.browser.conftest import axe_violations, sign_in
from tests.publishing.corrections import correct

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "var" / "shots"


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def no_axe(page: Any, where: str) -> None:
    assert axe_violations(page) == [], where


def fill_date(page: Any, form: str, name: str, day: dt.date) -> None:
    """Fill a date in whichever pattern the form uses: one field, or day, month and year."""
    single = page.locator(f"{form} input[name='{name}']")
    if single.count():
        kind = single.get_attribute("type")
        single.fill(day.isoformat() if kind in (None, "date", "text") else str(day))
        return
    for suffix, value in (("day", day.day), ("month", day.month), ("year", day.year)):
        parts = page.locator(f"{form} input[name$='{name}_{suffix}'], "
                             f"{form} input[name$='{name}-{suffix}']")
        parts.first.fill(str(value))


def test_officer_adds_and_corrects_a_figure_and_revises_a_date(
        live_server: Any, page: Any, area: Area) -> None:
    base = live_server.url
    sign_in(page, base, "officer")
    indicator = Indicator.objects.get(area=area, name__startswith="Calls to the SEND line")
    page.goto(base + reverse("workspace:indicator_detail", args=[area.slug, indicator.pk]))
    no_axe(page, "indicator page")
    today = timezone.localdate()
    form = "form:has(input[name='action'][value='add'])"

    fill_date(page, form, "date", today)
    page.fill(f"{form} input[name='value']", "250")
    page.click(f"{form} button[type=submit]")
    assert "between 0 and 100" in page.locator(".govuk-error-summary").inner_text()
    no_axe(page, "indicator page with an error")
    shot(page, "officer-figure-250-refused")

    fill_date(page, form, "date", today)
    page.fill(f"{form} input[name='value']", "88")
    page.click(f"{form} button[type=submit]")
    assert "not public until" in page.content()
    point = DataPoint.objects.get(indicator=indicator, date=today)
    assert point.value == 88 and not point.public

    fill_date(page, form, "date", today)
    page.fill(f"{form} input[name='value']", "89")
    page.click(f"{form} button[type=submit]")
    assert "already a figure" in page.locator(".govuk-error-summary").inner_text()

    page.click(f"a[href$='?figure={point.pk}']")
    no_axe(page, "change the figure")
    page.fill("input[name='value']", "89")
    page.fill("textarea[name='reason']", "The first figure missed Friday's calls.")
    shot(page, "officer-figure-change")
    page.click("form:has(textarea[name='reason']) button[type=submit]")
    assert "The first figure missed Friday" in page.content()
    page.click(f"form:has(input[value='{point.pk}']) button[value='public']")
    point.refresh_from_db()
    assert point.value == 89 and point.public
    no_axe(page, "indicator page after the change")
    shot(page, "officer-indicator-after-correction")

    page.goto(base + reverse("workspace:indicator_delete", args=[area.slug, indicator.pk]))
    no_axe(page, "delete the indicator?")
    shot(page, "officer-indicator-delete-confirm")
    page.click("text=No, keep it")
    assert Indicator.objects.filter(pk=indicator.pk).exists()

    c = Commitment.objects.filter(area=area, status="planned", published_in__isnull=False,
                                  due_date__gt=today).first()
    page.goto(base + reverse("workspace:commitment_detail", args=[area.slug, c.pk]))
    page.click("summary:has-text('Change the due date')")
    revise = "form:has(input[name='action'][value='revise'])"
    fill_date(page, revise, "new_due_date", dt.date(9999, 1, 1))
    page.fill(f"{revise} textarea[name='reason']", "Teh new team starts in spring.")
    page.click(f"{revise} button[type=submit]")
    assert "within 10 years" in page.locator(".govuk-error-summary").first.inner_text()
    new_date = today + dt.timedelta(days=150)
    fill_date(page, revise, "new_due_date", new_date)
    page.fill(f"{revise} textarea[name='reason']", "Teh new team starts in spring.")
    page.click(f"{revise} button[type=submit]")
    c.refresh_from_db()
    assert c.due_date == new_date
    page.click("summary:has-text('Correct the wording')")
    fix = "form:has(input[name='action'][value='reason'])"
    page.check(f"{fix} input[name='revision']")
    page.fill(f"{fix} textarea[name='reason']", "The new team starts in spring.")
    page.click(f"{fix} button[type=submit]")
    assert c.due_date_revisions.get().reason == "The new team starts in spring."
    no_axe(page, "commitment page")
    shot(page, "officer-commitment-after-revision")


def test_a_parent_sees_late_tags_and_version_one_as_published(
        live_server: Any, page: Any, area: Area) -> None:
    base = live_server.url
    officer = area.memberships.get(user__username="officer").user
    publication = Publication.objects.get(area=area, state="published")
    changed = Commitment.objects.filter(response__publications=publication, status="planned",
                                        published_in__isnull=False).first()
    commitments.commitment_set_status(commitment=changed, status="not_possible",
                                      reason="The funding ended.",
                                      rationale="The grant for this work ended in the autumn.",
                                      by=officer)
    forum = area.memberships.get(user__username="forum").user
    correct(publication, "A status changed.", officer, forum)
    today = timezone.localdate()
    late = {str(c.pk) for c in Commitment.objects.filter(area=area, published_in__isnull=False)
            .distinct() if c.status in ("planned", "in_progress") and c.due_date < today}
    assert late

    page.goto(base + reverse("public:area", args=[area.slug]))
    no_axe(page, "area home")
    said = re.search(r"(\d+) (?:is|are) late", page.inner_text("main"))
    assert said and int(said.group(1)) == len(late)
    shot(page, "parent-home")

    page.goto(base + reverse("public:publication", args=[area.slug, publication.slug]))
    no_axe(page, "latest version")
    tagged = set(page.eval_on_selector_all(
        ".sd-late", """els => els.map(e => e.closest('div').querySelector(
            "a[href*='/commitments/']").getAttribute('href').split('/').filter(Boolean).pop())"""))
    assert tagged == late
    page.locator("div:has(> p > .sd-late)").first.screenshot(
        path=str(SHOTS / "parent-late-card.png"))
    shot(page, "parent-latest-version")

    page.goto(base + reverse("public:publication_version", args=[area.slug, publication.slug, 1]))
    no_axe(page, "version 1")
    card = page.locator("div", has=page.locator(
        f"a[href='{reverse('public:commitment', args=[area.slug, changed.pk])}']")).last
    status = " ".join(card.locator(".sd-status").inner_text().split())
    assert status.startswith("Published as: We will · Now: Not possible"), status
    card.screenshot(path=str(SHOTS / "parent-version-1-card.png"))
    shot(page, "parent-version-1-as-published")

    page.goto(base + reverse("public:search", args=[area.slug]))
    page.select_option("select[name='status']", "late")
    page.click("button[type=submit]")
    assert page.locator(".sd-late").count() == len(late)
    no_axe(page, "search for late")
    shot(page, "parent-search-late")

    page.goto(base + reverse("public:easy_read", args=[area.slug, publication.slug]))
    no_axe(page, "easy read")
    shot(page, "parent-easy-read")

    cited = Commitment.objects.filter(area=area, evidence__indicator__isnull=False,
                                      published_in__isnull=False).first()
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(base + reverse("public:commitment", args=[area.slug, cited.pk]))
    no_axe(page, "commitment page with a chart")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    sizes = page.eval_on_selector_all(
        "svg.sd-chart text", "els => els.map(e => e.getBoundingClientRect().height)")
    assert sizes and min(sizes) >= 10  # axis labels about 13 px high at 320 px wide
    page.locator("figure:has(svg.sd-chart)").first.screenshot(
        path=str(SHOTS / "parent-chart-320-close.png"))
    shot(page, "parent-chart-320")
