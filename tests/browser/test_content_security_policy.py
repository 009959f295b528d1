"""The pages under their own Content-Security-Policy in a real Chromium (the other browser tests
bypass it to inject axe-core): nothing is refused, the GOV.UK scripts run, the area's colour
shows, and a staff page is not kept in the browser's cache."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse

from saidanddone.areas.models import Area
from saidanddone.publishing.models import Publication
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def strict_page(browser: Any) -> Iterator[tuple[Any, list[str]]]:
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.add_init_script("""document.addEventListener('securitypolicyviolation', e =>
        console.error('Content Security Policy violation: ' + e.violatedDirective + ' '
                      + e.blockedURI));""")
    yield page, violations
    context.close()


def _header_colour(page: Any) -> str:
    return page.evaluate(
        "getComputedStyle(document.querySelector('.sd-header')).backgroundColor")


def test_pages_work_under_their_own_policy(live_server: Any, strict_page: Any,
                                           area: Area) -> None:
    page, violations = strict_page
    area.brand_colour = "#7a1f5c"
    area.save()
    publication = Publication.objects.filter(area=area, state="published").first()
    public = [reverse("public:area", args=[area.slug]),
              reverse("public:feedback_form", args=[area.slug]),
              reverse("public:publication", args=[area.slug, publication.slug])]
    for url in public:
        response = page.goto(live_server.url + url)
        assert "script-src 'self'" in response.headers["content-security-policy"], url
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')"), url
    page.goto(live_server.url + reverse("public:feedback_form", args=[area.slug]))
    assert _header_colour(page) == "rgb(122, 31, 92)"

    sign_in(page, live_server.url, "officer")
    response = page.goto(live_server.url + reverse("workspace:dashboard", args=[area.slug]))
    assert "no-store" in response.headers["cache-control"]
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
    assert violations == []
