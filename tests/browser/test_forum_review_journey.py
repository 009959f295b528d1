"""The forum's review in a real browser (issue 14, item 3): a forum member opens the preview from
the dashboard, reads the Easy Read preview, comments on one response and signs off against what
it read. Every page passes axe-core at WCAG 2.2 AA; the screenshots are kept for a person."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from saidanddone.areas.models import Area
from saidanddone.publishing.models import ReviewComment
from tests.browser.conftest import axe_violations, screenshot, sign_in

pytestmark = pytest.mark.browser

COMMENT = "This one does not say when the letters will change."


def checked(page: Any, name: str) -> None:
    assert axe_violations(page) == [], name
    screenshot(page, f"forum-review-{name}")


def test_the_forum_previews_comments_and_signs_off(live_server: Any, page: Any,
                                                   area: Area) -> None:
    from saidanddone.commitments import services as commitments
    from saidanddone.publishing import services as publishing

    officer = get_user_model().objects.get(username="officer")
    response = commitments.response_create(
        area=area, title="Clearer plan letters", by=officer,
        you_said="Families said EHC plan letters are hard to follow.",
        easy_read="Letters about plans are hard to read.\nWe will make them clearer.")
    commitments.commitment_create(response=response, text="Rewrite the EHC plan letters.",
                                  owner_team="SEND Service", by=officer,
                                  due_date=dt.date.today() + dt.timedelta(days=90))
    draft = publishing.publication_create(
        area=area, title="Winter update", period_label="Winter 2026",
        period_start=dt.date(2026, 9, 1), period_end=dt.date(2026, 11, 30),
        responses=[response], by=officer, kind="update")
    publishing.publication_send_to_forum(publication=draft, by=officer)

    base = live_server.url
    sign_in(page, base, "forum")
    page.goto(base + reverse("workspace:dashboard", args=[area.slug]))
    banner = page.locator("#waiting-for-you")
    banner.get_by_role("link", name="Preview it as families will see it").click()
    page.wait_for_load_state()
    assert "Preview: not published" in page.locator("#preview-banner").inner_text()
    main = page.locator("main").inner_text()
    assert "Winter update" in main and "Rewrite the EHC plan letters" in main
    assert "education, health and care" in main  # the glossary, as on the public page
    checked(page, "preview")

    page.locator("#preview-banner").get_by_role("link",
                                                name="Preview the Easy Read version").click()
    page.wait_for_load_state()
    assert "We will make them clearer." in page.locator("main").inner_text()
    checked(page, "easy-read-preview")

    page.locator("#preview-banner").get_by_role(
        "link", name="Back to the publication: comment on a response or record the forum's "
                     "decision").click()
    page.wait_for_load_state()
    # An empty comment first: the summary names the box.
    page.locator("#response-1").get_by_role("button", name="Add comment").click()
    page.wait_for_load_state()
    assert "Enter your comment" in page.locator(".govuk-error-summary").inner_text()
    checked(page, "comment-error")
    page.get_by_label("Your comment on \u201cClearer plan letters\u201d").fill(COMMENT)
    page.locator("#response-1").get_by_role("button", name="Add comment").click()
    page.wait_for_load_state()
    assert COMMENT in page.locator("#response-1").inner_text()
    assert ReviewComment.objects.filter(publication=draft, text=COMMENT).exists()
    checked(page, "commented")

    # Back through the preview, so the decision carries the digest of what was read.
    page.get_by_role("link", name="preview version 1 of the public page").click()
    page.wait_for_load_state()
    page.locator("#preview-banner").get_by_role(
        "link", name="Back to the publication: comment on a response or record the forum's "
                     "decision").click()
    page.wait_for_load_state()
    page.get_by_label("Agreed with reservations").check()
    page.get_by_label("The forum's statement").fill(
        "We agree, but the letters must say when each step happens.")
    page.get_by_role("button", name="Record the forum's response").click()
    page.wait_for_load_state()
    assert "Recorded" in page.locator(".govuk-notification-banner").first.inner_text()
    draft.refresh_from_db()
    assert draft.state == "signed_off"
    assert draft.sign_offs.get().content_digest == publishing.content_digest(draft, 1)
    checked(page, "signed-off")
