"""An owner team gets its weekly digest (issue 14) from `saidanddone digest`, read from a real
SMTP conversation on localhost, and follows a link in it to the commitment's page in a real
browser, through sign-in. axe-core at WCAG 2.2 AA on every page; screenshots in
test-results/screenshots."""

from __future__ import annotations

import datetime as dt
import io
import re
from email.header import decode_header, make_header
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from saidanddone.areas.models import Area
from saidanddone.commitments import services
from saidanddone.commitments.models import Commitment
from tests.browser.conftest import axe_violations, screenshot
from tests.conftest import Sink, free_port, smtp_settings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TEAM = "Travel Assistance"
INBOX = ["duty@westmere.example", "travel.leads@westmere.example"]


def checked(page: Any, name: str) -> None:
    assert axe_violations(page) == [], name
    screenshot(page, f"digest-{name}")


def test_an_owner_team_reads_its_digest_and_opens_a_late_commitment(
        live_server: Any, page: Any, area: Area) -> None:
    from django.contrib.auth import get_user_model

    base = live_server.url
    officer = get_user_model().objects.get(username="officer")
    today = timezone.localdate()
    response = services.response_create(area=area, title="Journeys to school",
                                        you_said="Taxis are late.", by=officer)
    late = services.commitment_create(response=response, text="Check every route's timings.",
                                      owner_team=TEAM, due_date=today + dt.timedelta(days=30),
                                      by=officer)
    Commitment.objects.filter(pk=late.pk).update(due_date=today - dt.timedelta(days=3))
    soon = services.commitment_create(response=response,
                                      text="Tell families who their driver is.",
                                      owner_team=TEAM, due_date=today + dt.timedelta(days=10),
                                      by=officer)
    area.owner_contacts = f"{TEAM}: {', '.join(INBOX)}"
    area.save()

    sink, port = Sink(), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with override_settings(**smtp_settings(port), SAIDANDDONE_BASE_URL=base):
            out = io.StringIO()
            call_command("digest", stdout=out)  # what cron runs: `saidanddone digest`
            assert "1 digest queued this run" in out.getvalue()
            call_command("digest", stdout=io.StringIO())  # again this week: nothing more
    finally:
        controller.stop()

    (recipients, message), = sink.messages
    assert sorted(recipients) == INBOX
    subject = str(make_header(decode_header(message["Subject"])))
    assert subject == f"{area.name}: 2 commitments for {TEAM} to look at this week"
    body = sink.bodies()[0]
    assert body.index("Late:") < body.index(late.text) < body.index("Due within 14 days")
    assert body.index("Due within 14 days") < body.index(soon.text)
    links = re.findall(r"https?://\S+", body)
    wanted = base + reverse("workspace:commitment_detail", args=[area.slug, late.pk])
    assert wanted in links

    # The link, opened from the e-mail: sign in first, then straight to that commitment.
    page.goto(wanted)
    page.wait_for_load_state()
    assert page.url.startswith(base + reverse("login"))
    checked(page, "sign-in")
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill("said-and-done-demo")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(wanted)
    main = page.locator("main").inner_text()
    assert late.text in main
    assert f"{dt.date.today() - dt.timedelta(days=3):%-d %B %Y}" in main  # the passed date
    assert TEAM in main
    checked(page, "commitment")
