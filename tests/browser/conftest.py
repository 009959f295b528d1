"""A real Chromium (Debian's) driven by Playwright, with axe-core from npm. Skipped, with the
reason, when either is missing on this machine."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from saidanddone.areas.models import Area
from tests.conftest import demo_ensure

# Playwright's sync API keeps an event loop on the test thread; the database calls the tests make
# between browser steps are ordinary synchronous ones, which Django refuses unless told this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-results" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    if not AXE.exists():
        pytest.skip("axe-core is not installed (npm ci)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    # bypass_csp lets the test inject axe-core; the pages themselves still send their CSP.
    context = browser.new_context(bypass_csp=True, viewport={"width": 1024, "height": 800})
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(content=AXE.read_text())
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag', values:
           ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']}})""")
    return [{"id": v["id"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]]


def screenshot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def area(transactional_db: Any) -> Area:
    """The demo area. A live server needs a transactional database, which is emptied after
    each test: the demo is loaded again when it is gone."""
    return demo_ensure()


def sign_in(page: Any, base: str, username: str) -> None:
    """The password, then, for someone with a second factor (an area administrator must have
    one: the test's phone is set up for them), the code their authenticator app shows."""
    from django.contrib.auth import get_user_model

    from saidanddone.accounts.rules import confirmed_device, second_factor_required
    from tests.helpers import authenticator_for, code_from

    user = get_user_model().objects.get(username=username)
    device = (authenticator_for(user) if second_factor_required(user)
              else confirmed_device(user))
    page.goto(base + reverse("login"))
    page.fill("#id_username", username)
    page.fill("#id_password", "said-and-done-demo")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    if device is not None:
        page.fill("#id_code", code_from(device))
        page.click("main button[type=submit]")
        page.wait_for_load_state()
