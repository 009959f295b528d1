"""Keyboard-only journeys, print and Easy Read in a real browser, with screenshots of the key
public pages for people to look at (test-results/screenshots)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import NoReverseMatch, reverse

from saidanddone.areas.models import Area
from saidanddone.publishing.models import Publication
from tests.browser.conftest import SCREENSHOTS, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tab_to(page: Any, test: str, limit: int = 80) -> None:
    """Press Tab until the focused element passes the JavaScript ``test`` (on ``el``)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {test}; }})()"):
            return
    pytest.fail(f"nothing matching {test} reachable by Tab")


def test_submitting_feedback_by_keyboard_alone(live_server: Any, page: Any,
                                               area: Area) -> None:
    try:
        url = reverse("public:feedback_form", args=[area.slug])
    except NoReverseMatch:
        pytest.skip("the public feedback form (issue 5, public:feedback_form) is not built yet")
    page.goto(live_server.url + url)
    tab_to(page, "el.name === 'respondent_role'")
    page.keyboard.press("Space")
    tab_to(page, "el.name === 'comment'")
    page.keyboard.type("The new phone line is much better. Thank you.")
    tab_to(page, "el.name === 'consent'")
    page.keyboard.press("Space")
    tab_to(page, "el.tagName === 'BUTTON' && el.type === 'submit'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".govuk-error-summary").count() == 0, page.content()[:2000]
    screenshot(page, "public-feedback-sent-by-keyboard")


def test_print_stylesheet_makes_a_clean_document(live_server: Any, page: Any,
                                                 area: Area) -> None:
    publication = Publication.objects.get(area=area, state="published")
    page.goto(live_server.url + reverse("public:publication", args=[area.slug, publication.slug]))
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.sd-header__nav', '.govuk-footer', '.govuk-skip-link']
        .map(s => document.querySelector(s)).filter(Boolean)
        .every(el => getComputedStyle(el).display === 'none')""")
    assert hidden
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") in {
        "rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(SCREENSHOTS / "public-publication-print.pdf"), format="A4")
    screenshot(page, "public-publication-print")


def test_key_public_pages_screenshots(live_server: Any, page: Any,
                                      area: Area) -> None:
    publication = Publication.objects.get(area=area, state="published")
    pages = {
        "public-area-home": reverse("public:area", args=[area.slug]),
        "public-publication": reverse("public:publication", args=[area.slug, publication.slug]),
        "public-easy-read": reverse("public:easy_read", args=[area.slug, publication.slug]),
        "public-local-offer-comments": reverse("public:local_offer_report",
                                               args=[area.slug, publication.slug]),
        "public-search": reverse("public:search", args=[area.slug]) + "?status=in_progress",
        "public-open-data": reverse("public:open_data", args=[area.slug]),
    }
    for name, url in pages.items():
        response = page.goto(live_server.url + url)
        assert response.status == 200, name
        screenshot(page, name)
    # Easy Read is larger type than the ordinary page.
    page.goto(live_server.url + pages["public-easy-read"])
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.sd-easy-read p'))"
                         ".fontSize)")
    assert size >= 22
