"""Themes and "You said" drafts in a real browser, as the roles that use them: an area
administrator adds, renames and merges themes (with mistakes made on purpose); a SEND officer
drafts a "You said" from a theme's comments, edits it and saves it."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from saidanddone.areas.models import Area
from saidanddone.commitments.models import Response
from saidanddone.feedback import services
from saidanddone.themes.models import Theme
from tests.browser.conftest import axe_violations, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_administrator_adds_renames_and_merges_themes(live_server: Any, page: Any,
                                                          area: Area) -> None:
    sign_in(page, live_server.url, "admin")
    page.goto(live_server.url + reverse("workspace:theme_list", args=[area.slug]))
    assert page.locator("table").first.inner_text().count("\n") >= 24  # the 2026 taxonomy
    assert axe_violations(page) == []
    # A mistake on purpose: add a theme without a name.
    page.fill("#id_description", "Swimming, clubs and days out")
    page.click("button:has-text('Add theme')")
    summary = page.locator(".govuk-error-summary")
    assert "Enter the theme's name." in summary.inner_text()
    assert page.input_value("#id_description") == "Swimming, clubs and days out"  # kept
    assert axe_violations(page) == []
    screenshot(page, "themes-add-mistake")
    page.fill("#id_name", "Leisure and activities")
    page.click("button:has-text('Add theme')")
    assert "is now one of your themes" in page.inner_text("main")
    page.click("a:has-text('Leisure and activities')")
    # Saved unchanged: nothing is recorded.
    page.click("button:has-text('Save')")
    history = page.locator("h2:has-text('History') + ul")
    assert "renamed" not in history.inner_text()
    assert "added" in history.inner_text()
    page.fill("#id_name", "Leisure, clubs and activities")
    page.click("button:has-text('Save')")
    assert "renamed from “Leisure and activities” to “Leisure, clubs and activities”" in \
        page.inner_text("main")
    # A mistake on purpose: merge without choosing a theme.
    page.click("button:has-text('Merge')")
    assert "Choose the theme to merge into." in page.inner_text("main")
    assert Theme.objects.get(area=area, slug="leisure-and-activities").active
    page.select_option("#merge_into", label="Short breaks, social care and respite")
    page.click("button:has-text('Merge')")
    main = page.inner_text("main")
    assert "Merged into Short breaks, social care and respite" in main
    assert axe_violations(page) == []
    screenshot(page, "themes-merged")


def test_an_officer_drafts_you_said_from_comments_edits_it_and_saves(
        live_server: Any, page: Any, area: Area) -> None:
    sign_in(page, live_server.url, "officer")
    page.goto(live_server.url + reverse("workspace:response_list", args=[area.slug]))
    page.click("a:has-text('Draft from comments')")
    # A mistake on purpose: draft without choosing a theme.
    page.click("button:has-text('Draft')")
    assert "Choose the theme to draft for." in page.locator(".govuk-error-summary").inner_text()
    assert axe_violations(page) == []
    page.select_option("#id_theme", label="Home-to-school transport")
    page.check("input[name=period][value=all]")
    page.click("button:has-text('Draft')")
    main = page.inner_text("main")
    assert "We received" in main and "home-to-school transport" in main
    assert axe_violations(page) == []
    screenshot(page, "response-draft")
    page.click("a:has-text('Start a response from this draft')")
    assert "This is the computer's draft" in page.inner_text("main")
    draft = page.input_value("#id_you_said")
    assert draft.startswith("We received")
    boxes = page.locator("input[name=feedback]")
    assert boxes.first.get_attribute("type") == "checkbox"  # tick all that apply
    ticked = page.locator("input[name=feedback]:checked").count()
    drafted_from = int(page.inner_text("main").split("draft from ")[1].split(" comment")[0])
    assert ticked == drafted_from  # every comment behind the draft is linked
    screenshot(page, "response-from-draft")
    page.fill("#id_you_said", "Families told us the school taxi is often late. " + draft[:80])
    before = Response.objects.filter(area=area).count()
    page.get_by_role("button", name="Save response").click()
    assert Response.objects.filter(area=area).count() == before + 1
    saved = Response.objects.filter(area=area).order_by("-created_at").first()
    assert saved is not None
    assert saved.you_said.startswith("Families told us the school taxi is often late.")
    assert saved.feedback.count() == ticked


def test_a_comment_in_another_language_says_why_it_has_no_theme(
        live_server: Any, page: Any, area: Area) -> None:
    officer = area.memberships.get(role="send_officer").user
    item = services.feedback_create(
        area=area, by=officer, respondent_role="parent",
        text="Mój syn czeka na ocenę od dwóch lat i nikt nie odpowiada na nasze maile.",
        channel=services.channel_get_or_create(area=area, kind="web_form"))
    services.feedback_apply_analysis(item=item)
    sign_in(page, live_server.url, "officer")
    page.goto(live_server.url + reverse("workspace:feedback_detail", args=[area.slug, item.pk]))
    assert "does not read as English" in page.inner_text("main")
    assert axe_violations(page) == []
