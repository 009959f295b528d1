"""An area administrator sets up the second factor in a real browser, signs out, and signs in
again with a code from the app; every page passes axe-core at WCAG 2.2 AA."""

from __future__ import annotations

import base64
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from saidanddone.areas.models import Area
from tests.browser.conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page: Any, name: str) -> None:
    """Beside the suite's other screenshots, and in the temporary folder to look at."""
    screenshot(page, f"totp-{name}")
    page.screenshot(path=str(Path(tempfile.gettempdir()) / f"totp-{name}.png"), full_page=True)


def app_code(secret: bytes, after_step: int = -1) -> str:
    """What the phone shows, for a step the server has not seen yet (a code works once)."""
    step = max(int(time.time()) // 30, after_step + 1)
    return f"{hotp(secret, step):06d}"


def test_admin_sets_up_signs_out_and_signs_in_with_a_code(live_server: Any, page: Any,
                                                          area: Area) -> None:
    admin = get_user_model().objects.get(username="admin")
    TOTPDevice.objects.filter(user=admin).delete()
    base = live_server.url
    wanted = reverse("workspace:dashboard", args=[area.slug])

    page.goto(base + wanted)  # signed out: the sign-in page, which comes back here after
    page.fill("#id_username", "admin")
    page.fill("#id_password", "said-and-done-demo")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert page.url.startswith(base + reverse("account:set_up"))
    assert page.locator("h1").inner_text() == "Set up a second factor"
    assert page.locator("svg[role=img]").is_visible()
    assert axe_violations(page) == []
    shot(page, "set-up")
    page.get_by_text("I cannot scan the QR code").click()
    typed = "".join(page.locator("#secret").inner_text().split())
    secret = base64.b32decode(typed + "=" * (-len(typed) % 8))
    shot(page, "set-up-secret")

    page.get_by_label("6-digit code").fill("12345")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Enter the 6-digit code, like 123456" in summary
    assert axe_violations(page) == []
    shot(page, "set-up-error")

    page.get_by_label("6-digit code").fill(app_code(secret))
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Save your recovery codes"
    assert page.locator("#recovery-codes li").count() == 10
    assert axe_violations(page) == []
    shot(page, "recovery-codes")
    page.get_by_role("button", name="I have saved my recovery codes").click()
    page.wait_for_load_state()
    assert page.url == base + wanted

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    page.goto(base + reverse("login"))
    page.fill("#id_username", "admin")
    page.fill("#id_password", "said-and-done-demo")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert page.url.startswith(base + reverse("account:verify"))
    assert axe_violations(page) == []
    shot(page, "code")

    page.get_by_label("6-digit code").fill("000000" if app_code(secret) != "000000" else "111111")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "The code is not right or has expired" in page.locator(
        ".govuk-error-summary").inner_text()
    assert axe_violations(page) == []
    shot(page, "code-wrong")

    time.sleep(1.1)  # the one-second wait one wrong code costs
    device = TOTPDevice.objects.get(user=admin)
    page.get_by_label("6-digit code").fill(app_code(secret, device.last_t))
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert page.url == base + reverse("workspace:home") or page.url == base + wanted
    assert "Westmere" in page.locator("main").inner_text()

    page.goto(base + reverse("account:second_factor"))
    assert axe_violations(page) == []
    shot(page, "account")
    page.get_by_role("link", name="Remove your second factor").click()
    page.wait_for_load_state()
    assert axe_violations(page) == []
    shot(page, "remove")
