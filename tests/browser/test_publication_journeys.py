"""The officer's and the forum's publication journey in a real browser: build a publication of
several responses, change which it holds, accept an advisory with a reason, send it to the
forum, the forum signs off, check and publish, then correct it (the forum is asked again).

Screenshots go to var/shots/ for people to look at; every new page is checked with axe-core.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from saidanddone.areas.models import Area
from saidanddone.commitments import services as commitments
from saidanddone.publishing.models import Publication
from tests.browser.conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "shots"


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def fill_date(page: Any, name: str, value: dt.date) -> None:
    """One date field, or GOV.UK day, month and year fields: whichever the form has."""
    if page.locator(f"[name='{name}_day']").count():
        page.fill(f"[name='{name}_day']", str(value.day))
        page.fill(f"[name='{name}_month']", str(value.month))
        page.fill(f"[name='{name}_year']", str(value.year))
    else:
        page.fill(f"[name='{name}']", value.isoformat())


def checked_titles(page: Any) -> set[str]:
    return set(page.eval_on_selector_all(
        "input[name='responses']:checked",
        "els => els.map(e => document.querySelector(`label[for='${e.id}']`).textContent.trim())"))


def no_axe(page: Any, where: str, problems: dict[str, Any]) -> None:
    violations = axe_violations(page)
    if violations:
        problems[where] = violations


def responses_for_the_journey(area: Area) -> list[str]:
    officer = get_user_model().objects.get(username="officer")
    due = dt.date.today() + dt.timedelta(days=150)
    made = [
        ("Journey: courses after school", "Run taster courses after school.",
         "Westmere College"),
        ("Journey: short breaks", "Add Saturday short breaks.", ""),
        ("Journey: speech therapy waits", "Publish the waiting time every month.", ""),
        ("Journey: transport letters", "Send transport decisions by the end of June.", ""),
    ]
    for title, text, partners in made:
        response = commitments.response_create(
            area=area, title=title, you_said="Families told us this was hard.", by=officer,
            easy_read="We will make this better.")
        commitments.commitment_create(response=response, text=text, owner_team="SEND Team",
                                      partners=partners, due_date=due, by=officer)
    return [title for title, _, _ in made]


def test_officer_and_forum_build_publish_and_correct_a_publication(
        live_server: Any, browser: Any, area: Area) -> None:
    titles = responses_for_the_journey(area)
    base = live_server.url
    axe: dict[str, Any] = {}
    officer = browser.new_context(bypass_csp=True, viewport={"width": 1024, "height": 800})
    forum = browser.new_context(bypass_csp=True, viewport={"width": 1024, "height": 800})
    page, forum_page = officer.new_page(), forum.new_page()
    sign_in(page, base, "officer")
    sign_in(forum_page, base, "forum")

    # 1. A new annual publication with two responses ticked.
    page.goto(base + reverse("workspace:publication_list", args=[area.slug]))
    page.fill("[name='title']", "Journey report 2026")
    page.check("input[name='kind'][value='annual']")
    page.fill("[name='period_label']", "2026")
    fill_date(page, "period_start", dt.date(2026, 1, 1))
    fill_date(page, "period_end", dt.date(2026, 12, 31))
    for title in titles[:2]:
        page.get_by_label(title, exact=True).check()
    page.get_by_role("button", name="Create draft").click()
    page.wait_for_load_state()
    assert "Drafted \u201cJourney report 2026\u201d with 2 responses." in page.content()
    publication = Publication.objects.get(area=area, title="Journey report 2026")

    # 2. Change it: every response already in it is ticked; add two, take one out.
    page.get_by_role("link", name="Change the details or the responses").click()
    page.wait_for_load_state()
    assert checked_titles(page) == set(titles[:2])
    no_axe(page, "edit", axe)
    page.get_by_label(titles[2], exact=True).check()
    page.get_by_label(titles[3], exact=True).check()
    page.get_by_label(titles[1], exact=True).uncheck()
    shot(page, "01-publication-edit")
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_load_state()
    assert "It holds 3 responses." in page.inner_text("body")
    assert {r.title for r in publication.responses.all()} == {titles[0], titles[2], titles[3]}

    # 3. The partner college is an advisory: it blocks until accepted with a reason.
    assert "Westmere College" in page.inner_text(".sd-check--blocking")
    no_axe(page, "detail with an advisory", axe)
    shot(page, "02-publication-checks-advisory")
    page.get_by_role("button", name="Accept with this reason").first.click()
    page.wait_for_load_state()
    assert "Enter why this is not a problem" in page.inner_text(".govuk-error-summary")
    page.get_by_label("Why is this not a problem?").first.fill(
        "Westmere College is our partner college, not a person.")
    page.get_by_role("button", name="Accept with this reason").first.click()
    page.wait_for_load_state()
    accepted = page.inner_text("#accepted-advisories")
    assert "Accepted by Sam" in accepted
    assert "because: \u201cWestmere College is our partner college, not a person.\u201d" in \
        accepted
    shot(page, "03-publication-advisory-accepted")

    # 4. Send it to the forum: a confirmation page first.
    page.get_by_role("button", name="Send to the forum").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("Send it to the forum")
    no_axe(page, "send confirmation", axe)
    shot(page, "04-send-to-forum-confirm")
    page.get_by_role("button", name="Send to the forum").click()
    page.wait_for_load_state()
    assert "Sent \u201cJourney report 2026\u201d to" in page.inner_text("body")

    # 5. The forum records its decision in its own words.
    detail = base + reverse("workspace:publication_detail", args=[area.slug, publication.pk])
    forum_page.goto(detail)
    forum_page.get_by_label("Agreed with reservations").check()
    forum_page.get_by_label("The forum's statement").fill(
        "We agree, but families still wait too long for speech therapy.")
    forum_page.get_by_role("button", name="Record the forum's response").click()
    forum_page.wait_for_load_state()
    assert "decision on version 1: agreed with reservations" in forum_page.inner_text("body")
    no_axe(forum_page, "forum detail", axe)
    shot(forum_page, "05-forum-signed-off")

    # 6. Check and publish: what will be published, then one button.
    page.goto(detail)
    page.get_by_role("button", name="Check and publish").click()
    page.wait_for_load_state()
    assert page.inner_text("#response-count") == "3"
    assert page.inner_text("#commitment-count") == "3"
    body = page.inner_text("main")
    assert "Agreed with reservations" in body
    assert "families still wait too long for speech therapy" in body
    assert "accepted with a reason" in body
    no_axe(page, "publish confirmation", axe)
    shot(page, "06-publish-confirm")
    page.get_by_role("button", name="Publish", exact=True).click()
    page.wait_for_load_state()
    assert ("Published version 1 of \u201cJourney report 2026\u201d. It is now on the public "
            "page.") in page.inner_text("body")

    # 7. A correction goes back to the forum before it is published.
    page.get_by_role("button", name="Correct the published version").click()
    page.wait_for_load_state()
    page.get_by_label("What has changed").fill("The speech therapy date was wrong.")
    no_axe(page, "correction", axe)
    shot(page, "07-correction")
    page.get_by_role("button", name="Send the correction to the forum").click()
    page.wait_for_load_state()
    assert "Sent the correction (version 2)" in page.inner_text("body")
    assert page.get_by_role("button", name="Check and publish the correction").count() == 0
    forum_page.goto(detail)
    assert "Record the forum's decision on version 2" in forum_page.inner_text("main")
    forum_page.get_by_label("Agreed", exact=True).check()
    forum_page.get_by_label("The forum's statement").fill("We agree with the corrected date.")
    forum_page.get_by_role("button", name="Record the forum's response").click()
    forum_page.wait_for_load_state()
    page.goto(detail)
    page.get_by_role("button", name="Check and publish the correction").click()
    page.wait_for_load_state()
    assert "We agree with the corrected date." in page.inner_text("main")
    no_axe(page, "publish correction confirmation", axe)
    shot(page, "08-publish-correction-confirm")
    page.get_by_role("button", name="Publish the correction").click()
    page.wait_for_load_state()
    assert "Published version 2 of" in page.inner_text("body")
    shot(page, "09-publication-detail-after-correction")

    # 8. The public page shows which decision belongs to which version.
    page.goto(base + reverse("public:publication", args=[area.slug, publication.slug]))
    public = page.inner_text("main")
    assert "We agree with the corrected date." in public
    assert "forum's decision on version 2" in public
    shot(page, "10-public-corrected")
    page.goto(base + reverse("public:publication_version",
                             args=[area.slug, publication.slug, 1]))
    assert "families still wait too long for speech therapy" in page.inner_text("main")
    officer.close()
    forum.close()
    assert axe == {}
