"""Sign-in and staff pages under attack: lockout after wrong passwords (django-axes), 8-hour
sessions, no-store on every staff page, and a Content-Security-Policy with no inline script."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from bs4 import BeautifulSoup
from django.conf import settings
from django.urls import reverse

from saidanddone.core.demo_accounts import PASSWORD
from tests.core.test_url_access import PUBLIC, WORKSPACE, kwargs_for
from tests.helpers import sign_in, text_of

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.9"


def _sign_in(client: Any, username: str, password: str, address: str = ATTACKER) -> Any:
    return client.post(reverse("login"), {"username": username, "password": password},
                       REMOTE_ADDR=address)


def _signed_in(client: Any) -> bool:
    return "_auth_user_id" in client.session


def test_two_hundred_wrong_passwords_lock_the_account_from_that_address(
        client: Any, officer: Any) -> None:
    for _ in range(200):
        _sign_in(client, officer.username, "not-the-password")
    refused = _sign_in(client, officer.username, PASSWORD)

    assert refused.status_code == 429
    assert not _signed_in(client)
    page = BeautifulSoup(refused.content, "html.parser")
    summary = page.select_one(".govuk-error-summary")
    assert summary is not None
    assert "Wait 30 minutes, then try again" in summary.get_text()
    assert page.select_one("form input[name=username]") is not None  # still the sign-in page
    # axes' own records audit it: one attempt row with the failures, and a log of each one.
    attempt = AccessAttempt.objects.get(username=officer.username, ip_address=ATTACKER)
    assert attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT
    assert AccessFailureLog.objects.filter(username=officer.username).exists()


def test_lockout_starts_at_the_failure_limit(client: Any, officer: Any) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _sign_in(client, officer.username, "wrong").status_code == 200
    assert _sign_in(client, officer.username, "wrong").status_code == 429


def test_the_right_password_works_again_after_the_cool_off(client: Any, officer: Any) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT + 3):
        _sign_in(client, officer.username, "wrong")
    assert _sign_in(client, officer.username, PASSWORD).status_code == 429

    # Let the cool-off pass: axes counts only attempts newer than AXES_COOLOFF_TIME.
    AccessAttempt.objects.filter(username=officer.username).update(
        attempt_time=dt.datetime.now(dt.UTC) - settings.AXES_COOLOFF_TIME
        - dt.timedelta(minutes=1))
    response = _sign_in(client, officer.username, PASSWORD)
    assert response.status_code == 302
    assert _signed_in(client)


def test_a_lockout_holds_one_account_from_one_address_only(client: Any, officer: Any,
                                                           analyst: Any) -> None:
    """Anyone can type a username: a lockout must not let them shut the officer out from the
    office, nor shut out other accounts from the same address."""
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        _sign_in(client, officer.username, "wrong")
    assert _sign_in(client, analyst.username, PASSWORD).status_code == 302
    client.logout()
    assert _sign_in(client, officer.username, PASSWORD, address="198.51.100.20").status_code == 302


def test_sessions_last_eight_hours(client: Any, officer: Any) -> None:
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    response = _sign_in(client, officer.username, PASSWORD)
    assert int(response.cookies[settings.SESSION_COOKIE_NAME]["max-age"]) == 8 * 60 * 60


# Cache-Control ---------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "route"), WORKSPACE)
def test_every_workspace_page_is_never_stored(client: Any, demo: Any, admin_user: Any,
                                              name: str, route: str) -> None:
    sign_in(client, admin_user)
    response = client.get(reverse(name, kwargs=kwargs_for(name, route, demo)))
    assert "no-store" in response["Cache-Control"], name
    assert "public" not in response["Cache-Control"], name


@pytest.mark.parametrize("path", ["/admin/", "/admin/axes/accessattempt/", "/accounts/login/"])
def test_admin_and_sign_in_pages_are_never_stored(client: Any, admin_user: Any,
                                                  path: str) -> None:
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    assert "no-store" in client.get(path)["Cache-Control"]  # the sign-in page, signed out
    sign_in(client, admin_user)
    assert "no-store" in client.get(path)["Cache-Control"]


def test_public_pages_keep_their_caching(client: Any, demo: Any) -> None:
    route = dict(PUBLIC)["public:publication"]
    publication = client.get(reverse("public:publication",
                                     kwargs=kwargs_for("public:publication", route, demo)))
    assert publication["Cache-Control"].startswith("public, max-age"), publication
    feed = client.get(reverse("public:feed", args=[demo.slug]))
    assert feed["Cache-Control"].startswith("public, max-age")
    assert "Cache-Control" not in client.get(reverse("public:area", args=[demo.slug]))


# Content-Security-Policy -------------------------------------------------------------------

EXECUTABLE_SCRIPT_TYPES = {"", "module", "text/javascript", "application/javascript"}


def _check_no_inline_code(response: Any, where: str) -> None:
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy, where
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, where
    nonces = set(re.findall(r"'nonce-([^']+)'", policy))
    if not response["Content-Type"].startswith("text/html"):
        return
    page = BeautifulSoup(response.content, "html.parser")
    for script in page.find_all("script"):
        if script.get("type", "") in EXECUTABLE_SCRIPT_TYPES and not script.get("src"):
            assert script.get("nonce") in nonces, f"{where}: inline script without a nonce"
    for style in page.find_all("style"):
        assert style.get("nonce") in nonces, f"{where}: <style> without the page's nonce"
    for element in page.find_all(True):
        assert "style" not in element.attrs, f"{where}: style= on <{element.name}>"
        handlers = [a for a in element.attrs if a.startswith("on")]
        assert not handlers, f"{where}: {handlers} on <{element.name}>"


@pytest.mark.parametrize(("name", "route"), PUBLIC + WORKSPACE)
def test_every_page_sends_the_policy_and_has_no_inline_script(
        client: Any, demo: Any, admin_user: Any, name: str, route: str) -> None:
    if name.startswith("workspace:"):
        sign_in(client, admin_user)
    response = client.get(reverse(name, kwargs=kwargs_for(name, route, demo)))
    _check_no_inline_code(response, name)


@pytest.mark.parametrize("name", ["public:feedback_form", "public:publication"])
def test_the_brand_colour_comes_from_a_stylesheet(client: Any, demo: Any, name: str) -> None:
    """Stored publication pages are rendered without a request, so they could not carry a
    nonce: the colour is a stylesheet from our own origin, which the policy allows."""
    if name == "public:feedback_form":  # rendered live (the publication page is stored)
        demo.brand_colour = "#7a1f5c"
        demo.save()
    route = dict(PUBLIC)[name]
    response = client.get(reverse(name, kwargs=kwargs_for(name, route, demo)))
    _check_no_inline_code(response, name)
    page = BeautifulSoup(response.content, "html.parser")
    hrefs = [str(link["href"]) for link in page.find_all("link", rel="stylesheet")]
    brand = next(h for h in hrefs if h.startswith(reverse("public:brand_css")))
    stylesheet = client.get(brand)
    assert stylesheet["Content-Type"].startswith("text/css")
    assert stylesheet.content.decode() == f":root {{ --sd-brand: {demo.brand_colour}; }}\n"


def test_the_brand_stylesheet_accepts_only_a_colour(client: Any) -> None:
    hostile = client.get(reverse("public:brand_css"), {"colour": "000;} body{display:none"})
    assert hostile.status_code == 200
    assert hostile.content.decode() == ":root { --sd-brand: #1d4f76; }\n"


def test_the_admin_has_no_inline_script(client: Any, admin_user: Any) -> None:
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    sign_in(client, admin_user)
    for path in ("/admin/", "/admin/auth/user/", f"/admin/auth/user/{admin_user.pk}/change/"):
        response = client.get(path)
        assert response.status_code == 200, path
        _check_no_inline_code(response, path)


def test_the_page_feedback_form_can_still_be_framed_by_the_local_offer(
        client: Any, demo: Any) -> None:
    demo.local_offer_url = "https://localoffer.westmere.example/send/"
    demo.save()
    response = client.get(reverse("public:page_feedback", args=[demo.slug]))
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors 'self' https://localoffer.westmere.example" in policy
    assert "X-Frame-Options" not in response
    _check_no_inline_code(response, "page feedback")
    assert "Is there anything wrong" in text_of(response.content)
