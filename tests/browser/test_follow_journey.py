"""A parent follows a commitment from its public page in a real browser (issue 14), confirms
from the e-mail, is told of a status change, and stops the e-mails. axe-core at WCAG 2.2 AA on
every page; screenshots in test-results/screenshots."""

from __future__ import annotations

import re
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.test import override_settings
from django.urls import reverse

from saidanddone.areas.mail import emails_send_due
from saidanddone.areas.models import Area
from saidanddone.commitments import services as commitments
from saidanddone.commitments.models import Commitment
from saidanddone.following.models import Subscription
from saidanddone.following.services import follow_sweep
from tests.browser.conftest import axe_violations, screenshot
from tests.conftest import Sink, free_port, smtp_settings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PARENT = "amira.parent@example.org"


def checked(page: Any, name: str) -> None:
    assert axe_violations(page) == [], name
    screenshot(page, f"follow-{name}")


def test_a_parent_follows_a_commitment_confirms_is_told_and_stops(
        live_server: Any, page: Any, area: Area) -> None:
    from django.contrib.auth import get_user_model

    base = live_server.url
    promise = Commitment.objects.filter(area=area, published_in__isnull=False,
                                        status="planned").distinct().first()
    officer = get_user_model().objects.get(username="officer")
    sink, port = Sink(), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with override_settings(**smtp_settings(port), SAIDANDDONE_BASE_URL=base):
            page.goto(base + reverse("public:commitment", args=[area.slug, promise.pk]))
            page.get_by_role("link", name="Get e-mails when this changes").click()
            page.wait_for_load_state()
            assert page.locator("h1").inner_text() == "Get e-mails when this changes"
            checked(page, "ask")

            page.get_by_label("Your e-mail address").fill("not an address")
            page.get_by_role("button", name="Send me a link to confirm").click()
            page.wait_for_load_state()
            assert "Enter an e-mail address in the right format" in page.locator(
                ".govuk-error-summary").inner_text()
            checked(page, "mistake")

            page.get_by_label("Your e-mail address").fill(PARENT)
            page.get_by_role("button", name="Send me a link to confirm").click()
            page.wait_for_load_state()
            assert page.locator("h1").inner_text() == "Check your e-mail"
            checked(page, "sent")

            (body,) = sink.bodies()
            confirm = re.search(r"(http\S+/follow/confirm/\S+/)", body).group(1)
            page.goto(confirm)
            checked(page, "confirm")
            page.get_by_role("button", name="Yes, send me e-mails").click()
            page.wait_for_load_state()
            assert "You are following this" in page.locator("h1").inner_text()
            checked(page, "confirmed")

            commitments.commitment_set_status(commitment=promise, status="in_progress",
                                              reason="The work has started.", by=officer)
            follow_sweep()
            emails_send_due()
            follow_sweep()
            emails_send_due()
            assert len(sink.messages) == 2
            news = sink.bodies()[1]
            assert "In progress" in news and "The work has started." in news

            stop = re.search(r"(http\S+/follow/stop/\S+/)", news).group(1)
            page.goto(stop)
            checked(page, "stop")
            page.get_by_role("button", name="Stop e-mails and delete my address").click()
            page.wait_for_load_state()
            assert "no more e-mails" in page.locator("h1").inner_text()
            checked(page, "stopped")
            assert not Subscription.objects.exists()
    finally:
        controller.stop()


def test_following_works_without_javascript(live_server: Any, browser: Any, area: Area) -> None:
    base = live_server.url
    version = area.publications.filter(state="published").first().versions.first()
    theme = next(t for r in version.content["responses"] for t in r["themes"])
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sink, port = Sink(), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with override_settings(**smtp_settings(port), SAIDANDDONE_BASE_URL=base):
            # From the publication page (served from its stored rendering, decision 0200).
            page.goto(base + reverse("public:publication",
                                     args=[area.slug, version.publication.slug]))
            page.get_by_role("link", name="Get e-mails when this changes").click()
            page.get_by_label("Your e-mail address").fill(PARENT)
            page.get_by_role("button", name="Send me a link to confirm").click()
            assert page.locator("h1").inner_text() == "Check your e-mail"
            # A theme, from a search by theme.
            page.goto(base + reverse("public:search", args=[area.slug])
                      + f"?theme={theme['slug']}")
            page.get_by_role("link", name="Get e-mails about this theme").click()
            assert theme["name"] in page.locator("main").inner_text()
            page.get_by_label("Your e-mail address").fill(PARENT)
            page.get_by_role("button", name="Send me a link to confirm").click()
            confirm = re.search(r"(http\S+/follow/confirm/\S+/)", sink.bodies()[0]).group(1)
            page.goto(confirm)
            page.get_by_role("button", name="Yes, send me e-mails").click()
            assert "You are following this" in page.locator("h1").inner_text()
        assert sorted(Subscription.objects.values_list("what", flat=True)) == [
            "publication", "theme"]
    finally:
        controller.stop()
        context.close()
