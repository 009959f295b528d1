"""The officer's whole year in one browser journey (issue 9), as each role works it.

The SEND officer builds an annual "You said, we did" of seven responses, each linked to several
comments and themes through the picker, adds a commitment to each with dates typed in day,
month and year boxes, revises a date, records progress, adds and corrects a figure, and sends
the publication to the forum. The forum reviewer signs off; the officer publishes, a promise
turns out not to be possible, and the officer corrects the publication through the forum.
Weeks later a parent reads the public pages: the counts are numbers that match the data, late
promises carry a Late tag, and version 1 still shows what was published then.

Every page visited is checked with axe-core; screenshots go to test-results/screenshots/.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from saidanddone.areas.models import Area
from saidanddone.commitments.models import Commitment, DataPoint, Response
from saidanddone.commitments.rules import is_late
from saidanddone.publishing.models import Publication, PublicationVersion
from tests.browser.conftest import axe_violations, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TOPICS = [
    ("Answers to e-mails", "Families waited weeks for a reply from the SEND team.",
     "Answer every e-mail within five working days"),
    ("Speech therapy waits", "Parents did not know how long the wait for therapy was.",
     "Publish the waiting time for speech and language therapy each month"),
    ("Transport decisions", "Decisions about school transport arrived after term began.",
     "Send every transport decision before the end of June"),
    ("Annual reviews on time", "Reviews of plans were late and the paperwork went missing.",
     "Hold every annual review before its due month ends"),
    ("Short breaks at weekends", "Working parents could not use short breaks on weekdays.",
     "Open Saturday short breaks at two centres"),
    ("Help for siblings", "Brothers and sisters felt left out and had nowhere to go.",
     "Start a monthly group for siblings with the carers' centre"),
    ("Clear letters", "Letters used words families did not understand.",
     "Rewrite our standard letters with the forum in plain English"),
]


def fill_date(page: Any, name: str, value: dt.date) -> None:
    page.fill(f"[name='{name}_day']", str(value.day))
    page.fill(f"[name='{name}_month']", str(value.month))
    page.fill(f"[name='{name}_year']", str(value.year))


class Walk:
    """Pages visited by one person: axe on each, a screenshot of the ones worth looking at."""

    def __init__(self, page: Any, who: str, problems: dict[str, Any]) -> None:
        self.page, self.who, self.problems = page, who, problems

    def check(self, name: str, shot: bool = True) -> None:
        if violations := axe_violations(self.page):
            self.problems[f"{self.who}: {name}"] = violations
        if shot:
            screenshot(self.page, f"year-{self.who}-{name}")

    def submit(self, button: str) -> None:
        self.page.get_by_role("button", name=button, exact=True).click()
        self.page.wait_for_load_state()


def test_an_annual_publication_from_comments_to_the_parents_reading(
        live_server: Any, browser: Any, area: Area) -> None:
    base, problems = live_server.url, dict[str, Any]()
    today = timezone.localdate()
    contexts = [browser.new_context(bypass_csp=True, viewport={"width": 1024, "height": 800})
                for _ in range(3)]
    officer = Walk(contexts[0].new_page(), "officer", problems)
    forum = Walk(contexts[1].new_page(), "forum", problems)
    parent = Walk(contexts[2].new_page(), "parent", problems)
    sign_in(officer.page, base, "officer")
    sign_in(forum.page, base, "forum")
    page = officer.page

    # 1. Seven responses, each answering three comments and two themes ticked in the picker,
    #    each with a commitment whose dates are typed in day, month and year boxes.
    linked: dict[str, tuple[set[str], set[str]]] = {}
    for n, (title, said, promise) in enumerate(TOPICS):
        page.goto(base + reverse("workspace:response_new", args=[area.slug]))
        page.fill("#id_title", title)
        page.fill("#id_you_said", said)
        comments = page.locator("input[name=feedback]")
        themes = page.locator("input[name=themes]")
        ticked = {comments.nth(3 * n + i).get_attribute("value") for i in range(3)}
        chosen = {themes.nth((2 * n + i) % themes.count()).get_attribute("value")
                  for i in range(2)}
        for value in ticked:
            page.check(f"input[name=feedback][value='{value}']")
        for value in chosen:
            page.check(f"input[name=themes][value='{value}']")
        if n == 0:
            officer.check("new-response")
        if n == len(TOPICS) - 1:  # Enter in a text box saves, as people expect
            page.press("#id_title", "Enter")
            page.wait_for_load_state()
        else:
            officer.submit("Save response")
        assert "Response saved" in page.inner_text("body"), title
        linked[title] = (ticked, chosen)
        page.fill("#id_text", promise)
        page.fill("#id_owner_team", "SEND casework team")
        fill_date(page, "start_date", today - dt.timedelta(days=30))
        fill_date(page, "due_date", today + dt.timedelta(days=40 + 30 * n))
        officer.submit("Add commitment")
        assert "Commitment added" in page.inner_text("body"), title
    for title, (ticked, chosen) in linked.items():
        response = Response.objects.get(area=area, title=title)
        assert {str(f.pk) for f in response.feedback.all()} == ticked, title
        assert {str(t.pk) for t in response.themes.all()} == chosen, title

    # 2. A mistake on purpose, then a revised date with its reason, then progress.
    first = Commitment.objects.get(area=area, text=TOPICS[0][2])
    page.goto(base + reverse("workspace:commitment_detail", args=[area.slug, first.pk]))
    page.click("summary:has-text('Change the due date')")
    fill_date(page, "new_due_date", today + dt.timedelta(days=90))
    page.locator("form:has([name=new_due_date_day]) button[type=submit]").click()
    page.wait_for_load_state()
    assert "Enter why the date has changed" in page.inner_text(".govuk-error-summary")
    officer.check("revise-mistake")
    page.fill("#id_revise_reason", "The new phone system arrives in the spring.")
    page.locator("form:has([name=new_due_date_day]) button[type=submit]").click()
    page.wait_for_load_state()
    page.click("summary:has-text('Add a progress update')")
    page.fill("#id_progress_text", "Two new caseworkers started answering the inbox.")
    page.locator("form:has(#id_progress_text) button[type=submit]").click()
    page.wait_for_load_state()
    first.refresh_from_db()
    assert first.due_date == today + dt.timedelta(days=90)
    assert first.progress_updates.filter(text__startswith="Two new caseworkers").exists()
    officer.check("commitment-updated")

    # 3. A figure for an indicator, typed wrongly, corrected with its reason, made public.
    indicator = area.indicators.first()
    page.goto(base + reverse("workspace:indicator_detail", args=[area.slug, indicator.pk]))
    taken = set(indicator.points.values_list("date", flat=True))
    day = next(today - dt.timedelta(days=d) for d in range(1, 60)
               if today - dt.timedelta(days=d) not in taken)
    fill_date(page, "date", day)
    page.fill("#id_value", "71")
    officer.submit("Add figure")
    point = DataPoint.objects.get(indicator=indicator, date=day)
    page.click(f"a[href$='?figure={point.pk}']")
    page.wait_for_load_state()
    page.fill("#id_value", "17")
    page.fill("#id_reason", "The first figure was typed the wrong way round.")
    page.locator("form:has(textarea[name='reason']) button[type=submit]").click()
    page.wait_for_load_state()
    page.click(f"form:has(input[value='{point.pk}']) button[value='public']")
    page.wait_for_load_state()
    point.refresh_from_db()
    assert (point.value, point.public) == (Decimal(17), True)
    assert point.corrections.get().old_value == 71
    officer.check("figure-corrected")

    # 4. The annual publication of all seven, sent to the forum after a confirmation page.
    page.goto(base + reverse("workspace:publication_list", args=[area.slug]))
    page.fill("[name='title']", "You said, we did this year")
    page.check("input[name='kind'][value='annual']")
    page.fill("[name='period_label']", "This year")
    fill_date(page, "period_start", today - dt.timedelta(days=200))
    fill_date(page, "period_end", today)
    for title, _, _ in TOPICS:
        page.get_by_label(title, exact=True).check()
    officer.check("publication-new")
    officer.submit("Create draft")
    publication = Publication.objects.get(area=area, title="You said, we did this year")
    assert publication.responses.count() == 7
    assert publication.kind == Publication.Kind.ANNUAL
    officer.check("publication-draft")
    officer.submit("Send to the forum")
    officer.check("send-confirm")
    officer.submit("Send to the forum")
    assert "Sent \u201cYou said, we did this year\u201d to" in page.inner_text("body")

    # 5. The forum reviewer sees what will be published and signs off in the forum's words.
    detail = base + reverse("workspace:publication_detail", args=[area.slug, publication.pk])
    forum.page.goto(detail)
    assert all(title in forum.page.inner_text("main") for title, _, _ in TOPICS)
    forum.page.get_by_label("Agreed", exact=True).check()
    forum.page.get_by_label("The forum's statement").fill(
        "We agree these are the right seven things to work on this year.")
    forum.check("sign-off")
    forum.submit("Record the forum's response")
    assert forum.page.get_by_role("button", name="Check and publish").count() == 0

    # 6. Check and publish: the page says what will be published, then one button.
    page.goto(detail)
    officer.submit("Check and publish")
    assert page.inner_text("#response-count") == "7"
    assert page.inner_text("#commitment-count") == "7"
    officer.check("publish-confirm")
    page.get_by_role("button", name="Publish", exact=True).click()
    page.wait_for_load_state()
    assert "Published version 1 of \u201cYou said, we did this year\u201d" in \
        page.inner_text("body")

    # 7. A promise turns out not to be possible; the correction goes through the forum.
    sibling = Commitment.objects.get(area=area, text=TOPICS[5][2])
    page.goto(base + reverse("workspace:commitment_detail", args=[area.slug, sibling.pk]))
    page.click("summary:has-text('Change status')")
    page.check("input[name=status][value=not_possible]")
    page.fill("#id_status_reason", "The carers' centre closed in the summer.")
    page.fill("#id_status_rationale", "There is no partner to run the group with now.")
    page.locator("form:has(input[name=status]) button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(detail)
    officer.submit("Correct the published version")
    page.get_by_label("What has changed").fill("The group for siblings is not possible.")
    officer.submit("Send the correction to the forum")
    forum.page.goto(detail)
    forum.page.get_by_label("Agreed", exact=True).check()
    forum.page.get_by_label("The forum's statement").fill("We agree with the correction.")
    forum.submit("Record the forum's response")
    page.goto(detail)
    officer.submit("Check and publish the correction")
    officer.submit("Publish the correction")
    assert publication.versions.count() == 2

    # 8. Weeks later (the first promise's date has passed), a parent reads the public pages.
    Commitment.objects.filter(pk=first.pk).update(due_date=today - dt.timedelta(days=3))
    PublicationVersion.objects.filter(publication__area=area).update(
        rendered_at=timezone.now() - dt.timedelta(days=14))
    published = Commitment.objects.filter(area=area, published_in__isnull=False).distinct()
    late = {str(c.pk) for c in published if is_late(c, today)}
    assert str(first.pk) in late
    parent.page.goto(base + reverse("public:area", args=[area.slug]))
    late_said = re.search(r"(\d+) (?:is|are) late", parent.page.inner_text("main"))
    assert late_said is not None and int(late_said.group(1)) == len(late)
    parent.check("home")
    parent.page.goto(base + reverse("public:publication", args=[area.slug, publication.slug]))
    text = parent.page.inner_text("main")
    assert all(title in text for title, _, _ in TOPICS)
    first_card = parent.page.locator("div", has=parent.page.locator(
        f"a[href='{reverse('public:commitment', args=[area.slug, first.pk])}']")).last
    assert first_card.locator(".sd-late").count() == 1
    assert parent.page.locator(".sd-late").count() == len(
        late & {str(c.pk) for c in Commitment.objects.filter(response__publications=publication)})
    parent.check("publication")
    parent.page.goto(base + reverse("public:publication_version",
                                    args=[area.slug, publication.slug, 1]))
    card = parent.page.locator("div", has=parent.page.locator(
        f"a[href='{reverse('public:commitment', args=[area.slug, sibling.pk])}']")).last
    status = " ".join(card.locator(".sd-status").inner_text().split())
    assert status.startswith("Published as: We will · Now: Not possible"), status
    parent.check("version-1")
    for context in contexts:
        context.close()
    assert problems == {}
