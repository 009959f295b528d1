"""Every page as it renders: one h1, a title that starts with it, every field labelled."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from saidanddone.urls import PUBLIC_DATA_URL_NAMES, STAFF_DATA_URL_NAMES
from tests.core.test_url_access import PUBLIC, WORKSPACE, expected_status, kwargs_for
from tests.helpers import check_page, sign_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("name", "route"), PUBLIC + WORKSPACE)
def test_page_passes_page_checks(client: Any, demo: Any, admin_user: Any, name: str,
                                 route: str) -> None:
    if name.startswith("workspace:"):
        sign_in(client, admin_user)
    response = client.get(reverse(name, kwargs=kwargs_for(name, route, demo)), follow=True)
    assert response.status_code in expected_status(name, admin_user, demo, follow=True), (
        f"{name}: {response.status_code}")
    # CSV, JSON, Atom, exports and evidence files: not web pages (their own tests)
    if name in PUBLIC_DATA_URL_NAMES | STAFF_DATA_URL_NAMES or response.streaming:
        assert not response["Content-Type"].startswith("text/html"), name
        return
    check_page(response.content, name)


@pytest.mark.parametrize("role_user", ["analyst", "forum", "admin"])
def test_dashboard_passes_page_checks_for_every_role(client: Any, demo: Any,
                                                     role_user: str) -> None:
    from django.contrib.auth import get_user_model

    sign_in(client, get_user_model().objects.get(username=role_user))
    check_page(client.get(reverse("workspace:dashboard", args=[demo.slug])).content)


def test_form_errors_are_summarised_at_the_top(client: Any, demo: Any, officer: Any) -> None:
    sign_in(client, officer)
    response = client.post(reverse("workspace:feedback_new", args=[demo.slug]), {"text": ""})
    soup = check_page(response.content)
    summary = soup.select_one(".govuk-error-summary")
    assert summary is not None
    assert "Enter" in summary.get_text() or "required" in summary.get_text()
    assert "(has errors)" in soup.title.get_text()


def test_pages_send_security_headers(client: Any, demo: Any) -> None:
    response = client.get(reverse("public:area", args=[demo.slug]))
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
