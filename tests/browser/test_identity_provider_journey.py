"""Sign-in with the council's identity provider in a real browser (issue 14, part 7): the
sign-in page offers the provider beside the password; the browser goes to the fake provider (a
real HTTP server on 127.0.0.1) and back, and lands on the page it asked for. A stranger is
refused with a page that says why and whom to ask. axe-core finds nothing on either page."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from saidanddone.areas.models import Area
from tests.accounts.fake_idp import FakeIdP, Person, Running
from tests.browser.conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page: Any, name: str) -> None:
    screenshot(page, f"oidc-{name}")
    page.screenshot(path=str(Path(tempfile.gettempdir()) / f"oidc-{name}.png"), full_page=True)


@pytest.fixture
def idp(settings: Any) -> Iterator[FakeIdP]:
    with Running(FakeIdP(person=Person(email="analyst@westmere.example"))) as fake:
        settings.SAIDANDDONE_OIDC = fake.settings()
        settings.ROOT_URLCONF = "tests.accounts.oidc_urlconf"
        yield fake


def test_staff_sign_in_through_the_provider_and_a_stranger_is_refused(
        live_server: Any, page: Any, area: Area, idp: FakeIdP) -> None:
    analyst = get_user_model().objects.get(username="analyst")
    analyst.email = "Analyst@Westmere.example"
    analyst.save(update_fields=["email"])
    base = live_server.url
    wanted = reverse("workspace:dashboard", args=[area.slug])

    page.goto(base + wanted)  # signed out: the sign-in page, which comes back here after
    assert page.locator("h1").inner_text() == "Sign in"
    button = page.get_by_role("button", name="Sign in with Westmere Council")
    assert button.is_visible()
    assert page.locator("#id_username").is_visible()  # the password remains
    assert axe_violations(page) == []
    shot(page, "sign-in")

    button.click()
    page.wait_for_load_state()
    assert page.url == base + wanted
    assert idp.token_requests, "the browser went through the provider"
    shot(page, "signed-in")

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    idp.person = Person(email="stranger@elsewhere.example", sub="stranger")
    page.goto(base + reverse("login"))
    page.get_by_role("button", name="Sign in with Westmere Council").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "You could not be signed in"
    body = page.locator("main").inner_text()
    assert "There is no account here for stranger@elsewhere.example" in body
    assert "Ask your area administrator" in body
    assert axe_violations(page) == []
    shot(page, "refused")
    assert not get_user_model().objects.filter(email__iexact="stranger@elsewhere.example").exists()
