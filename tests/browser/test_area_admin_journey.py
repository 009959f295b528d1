"""An area administrator runs the area in a real browser (issue 14): invites an officer (a
mistake first), the officer accepts from the e-mail and lands in the workspace, the
administrator changes a contact that the public form then shows, and reads it all in the audit
trail. axe-core at WCAG 2.2 AA on every page; screenshots in test-results/screenshots."""

from __future__ import annotations

import re
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.test import override_settings
from django.urls import reverse

from saidanddone.areas.models import Area, Membership
from tests.browser.conftest import axe_violations, screenshot, sign_in
from tests.conftest import Sink, free_port, smtp_settings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "harbour violet thistle 9"


def checked(page: Any, name: str) -> None:
    assert axe_violations(page) == [], name
    screenshot(page, f"admin-{name}")


def submit(page: Any) -> None:
    page.click("main form button[type=submit] >> nth=-1")
    page.wait_for_load_state()


def test_an_administrator_invites_an_officer_changes_a_setting_and_reads_the_trail(
        live_server: Any, page: Any, area: Area) -> None:
    base = live_server.url
    sink, port = Sink(), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with override_settings(**smtp_settings(port), SAIDANDDONE_BASE_URL=base):
            sign_in(page, base, "admin")
            page.goto(base + reverse("workspace:dashboard", args=[area.slug]))
            page.get_by_role("link", name="Members: invite people, change roles").click()
            page.wait_for_load_state()
            assert page.locator("h1").inner_text() == "Members"
            checked(page, "members")

            submit(page)  # nothing typed, nothing chosen
            summary = page.locator(".govuk-error-summary").inner_text()
            assert "Enter the e-mail address" in summary and "Select the role" in summary
            checked(page, "invite-mistake")

            page.get_by_label("E-mail address").fill("priya.new@westmere.example")
            page.get_by_label("SEND officer", exact=True).check()
            submit(page)
            assert "An invitation was sent to priya.new@westmere.example" in page.inner_text(
                "main")
            assert "priya.new@westmere.example" in page.locator("#invitations").inner_text()
            checked(page, "invited")

            (body,) = sink.bodies()
            link = re.search(r"(http\S+/invitations/\S+/)", body).group(1)
            page.get_by_role("button", name="Sign out").click()
            page.wait_for_load_state()

            page.goto(link)
            assert page.locator("h1").inner_text() == f"Join {area.name}"
            checked(page, "invitation")
            page.get_by_label("First name").fill("Priya")
            page.get_by_label("Last name").fill("Nair")
            page.get_by_label("Username").fill("priya.nair")
            page.get_by_label("Password", exact=True).fill(PASSWORD)
            page.get_by_label("Password again").fill("not the same")
            submit(page)
            assert "The passwords do not match" in page.locator(
                ".govuk-error-summary").inner_text()
            checked(page, "invitation-mistake")
            page.get_by_label("Password", exact=True).fill(PASSWORD)
            page.get_by_label("Password again").fill(PASSWORD)
            submit(page)
            assert page.url == base + reverse("workspace:dashboard", args=[area.slug])
            assert "You are now send officer in" in page.inner_text("main")
            assert Membership.objects.get(area=area, user__username="priya.nair").role == \
                "send_officer"
            checked(page, "officer-dashboard")
            page.context.clear_cookies()

            sign_in(page, base, "admin")
            page.goto(base + reverse("workspace:area_settings", args=[area.slug]))
            checked(page, "settings")
            page.get_by_label("Header colour").fill("#ffee00")  # too light for white text
            submit(page)
            assert "too light for white text" in page.locator(
                ".govuk-error-summary").inner_text()
            checked(page, "settings-mistake")
            page.get_by_label("Header colour").fill(area.brand_colour)
            page.get_by_label("Children's social care phone").fill("01632 960 777")
            submit(page)
            assert "Settings saved: 1 changed" in page.inner_text("main")
            public = page.context.new_page()
            public.goto(base + reverse("public:feedback_form", args=[area.slug]))
            public.get_by_text("Need an answer, or worried about a child?").click()
            assert "call children's social care on 01632 960 777" in public.inner_text("main")
            public.close()

            page.goto(base + reverse("workspace:audit_trail", args=[area.slug]))
            page.get_by_label("What they did").select_option(label="Invited someone by e-mail")
            page.click("main form button[type=submit]")
            page.wait_for_load_state()
            rows = page.locator("tbody tr")
            assert rows.count() == 1
            assert "priya.new@westmere.example" in rows.first.inner_text()
            checked(page, "audit-trail")
            page.get_by_label("What they did").select_option(label="Anything")
            page.locator("#id_date_from_day").fill("31")
            page.locator("#id_date_from_month").fill("2")
            page.locator("#id_date_from_year").fill("2026")
            page.click("main form button[type=submit]")
            page.wait_for_load_state()
            assert "The first date must be a real date" in page.locator(
                ".govuk-error-summary").inner_text()
            checked(page, "audit-trail-mistake")
    finally:
        controller.stop()


def test_the_password_reset_pages_pass_axe(live_server: Any, page: Any, area: Area) -> None:
    base = live_server.url
    page.goto(base + reverse("login"))
    page.get_by_role("link", name="Forgotten your password?").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Reset your password"
    checked(page, "reset-request")
    submit(page)
    assert "Enter the e-mail address" in page.locator(".govuk-error-summary").inner_text()
    checked(page, "reset-mistake")


def test_the_forum_sees_what_waits_for_its_decision(live_server: Any, page: Any,
                                                    area: Area) -> None:
    import datetime as dt

    from django.contrib.auth import get_user_model

    from saidanddone.commitments import services as commitments
    from saidanddone.publishing import services as publishing

    officer = get_user_model().objects.get(username="officer")
    response = commitments.response_create(area=area, title="Clearer letters",
                                           you_said="Plan letters are hard to follow.",
                                           by=officer)
    commitments.commitment_create(response=response, text="Rewrite the plan letters.",
                                  owner_team="SEND Service", by=officer,
                                  due_date=dt.date.today() + dt.timedelta(days=90))
    draft = publishing.publication_create(
        area=area, title="Winter update", period_label="Winter 2026",
        period_start=dt.date(2026, 9, 1), period_end=dt.date(2026, 11, 30),
        responses=[response], by=officer)
    publishing.publication_send_to_forum(publication=draft, by=officer)

    base = live_server.url
    sign_in(page, base, "forum")
    page.goto(base + reverse("workspace:dashboard", args=[area.slug]))
    banner = page.locator("#waiting-for-you")
    assert "Waiting for your decision" in banner.inner_text()
    assert "Winter update" in banner.inner_text()
    checked(page, "forum-waiting")
    banner.get_by_role("link", name="Winter update", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("Winter update")
