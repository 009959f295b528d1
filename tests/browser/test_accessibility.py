"""Public and staff pages of the demo area in a real browser: no axe-core violations at WCAG
2.2 AA, no horizontal scrolling at 320 CSS pixels, and reachable by keyboard alone."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from saidanddone.areas.models import Area
from saidanddone.urls import PUBLIC_DATA_URL_NAMES, STAFF_DATA_URL_NAMES
from tests.browser.conftest import axe_violations, screenshot, sign_in
from tests.core.test_url_access import PUBLIC, WORKSPACE, kwargs_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def urls(area: Area, patterns: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Every web page (data URLs, such as CSV and the Atom feed, are not pages)."""
    return [(name, reverse(name, kwargs=kwargs_for(name, route, area))) for name, route in patterns
            if name not in PUBLIC_DATA_URL_NAMES | STAFF_DATA_URL_NAMES]


def test_public_pages_have_no_axe_violations_and_reflow_at_320px(
        live_server: Any, page: Any, area: Area) -> None:
    problems = {}
    for name, url in urls(area, PUBLIC):
        page.set_viewport_size({"width": 1024, "height": 800})
        page.goto(live_server.url + url)
        violations = axe_violations(page)
        if violations:
            problems[name] = violations
        page.set_viewport_size({"width": 320, "height": 640})
        overflow = page.evaluate("document.documentElement.scrollWidth")
        if overflow > 320:
            problems[name + " at 320px"] = [{"scrollWidth": overflow}]
        screenshot(page, name.replace(":", "-") + "-320")
    assert problems == {}


def test_staff_pages_have_no_axe_violations(live_server: Any, page: Any, area: Area) -> None:
    sign_in(page, live_server.url, "admin")  # the role that may open every staff page
    problems = {}
    for name, url in urls(area, WORKSPACE):
        page.goto(live_server.url + url)
        violations = axe_violations(page)
        if violations:
            problems[name] = violations
        if name in {"workspace:dashboard", "workspace:commitment_detail",
                    "workspace:feedback_detail"}:
            screenshot(page, name.replace(":", "-"))
    assert problems == {}


def test_reading_a_commitment_by_keyboard_alone(live_server: Any, page: Any, area: Area) -> None:
    page.goto(live_server.url + reverse("public:area", args=[area.slug]))
    # Tab from the top: the skip link comes first.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Skip to main content"
    for _ in range(40):
        page.keyboard.press("Tab")
        href = page.evaluate("document.activeElement.getAttribute('href') || ''")
        if "/you-said-we-did/" in href:
            break
    else:
        pytest.fail("no link to a publication reachable by Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    for _ in range(200):
        page.keyboard.press("Tab")
        href = page.evaluate("document.activeElement.getAttribute('href') || ''")
        if "/commitments/" in href:
            break
    else:
        pytest.fail("no commitment link reachable by Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text().startswith("What we will do")
    screenshot(page, "public-commitment-by-keyboard")
