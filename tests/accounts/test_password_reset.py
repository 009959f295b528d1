"""A forgotten password is reset by e-mail (issue 14): the link arrives by real SMTP, is built
from the site's own address, works once, unlocks a locked-out account, and the page never says
whether an address has an account. Requests are rate-limited."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from saidanddone.core.models import AuditEntry
from tests.conftest import Sink, smtp_settings
from tests.helpers import check_page, text_of

pytestmark = pytest.mark.django_db
NEW = "window copper meadow 7"
ADDRESS = "203.0.113.40"


def ask(client: Any, port: int, email: str, **extra: Any) -> Any:
    with override_settings(**smtp_settings(port)):
        return client.post(reverse("password_reset"), {"email": email}, follow=True, **extra)


def link_in(sink: Sink) -> str:
    (body,) = sink.bodies()[-1:]
    match = re.search(r"(https?://\S+)(/accounts/password-reset/\S+/\S+/)", body)
    assert match, body
    assert match.group(1) == settings.SAIDANDDONE_BASE_URL.rstrip("/")
    return match.group(2)


def sign_in_with(client: Any, username: str, password: str) -> Any:
    return client.post(reverse("login"), {"username": username, "password": password},
                       REMOTE_ADDR=ADDRESS)


def test_a_forgotten_password_is_reset_by_email_once(
        client: Any, officer: Any, smtp_sink: tuple[Sink, int]) -> None:
    sink, port = smtp_sink
    sent = ask(client, port, officer.email)
    assert "Check your e-mail" in text_of(sent.content)
    assert [to for to, _ in sink.messages] == [[officer.email]]
    link = link_in(sink)
    form = client.get(link, follow=True)
    assert "Choose a new password" in text_of(form.content)
    check_page(form.content, "choose a new password")
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW},
                       follow=True)
    assert "Your password has been changed" in text_of(done.content)
    officer.refresh_from_db()
    assert officer.check_password(NEW)
    assert AuditEntry.objects.filter(action="account.password_reset",
                                     object_id=str(officer.pk)).exists()
    # The link works once.
    again = client.get(link, follow=True)
    assert "This reset link does not work" in text_of(again.content)


def test_an_unknown_address_looks_the_same_and_sends_nothing(
        client: Any, db: Any, smtp_sink: tuple[Sink, int]) -> None:
    sink, port = smtp_sink
    page = ask(client, port, "nobody-here@westmere.example")
    assert "Check your e-mail" in text_of(page.content)
    assert sink.messages == []


def test_the_link_ignores_a_forged_host_header(client: Any, officer: Any,
                                               smtp_sink: tuple[Sink, int]) -> None:
    sink, port = smtp_sink
    with override_settings(ALLOWED_HOSTS=["*"]):
        ask(client, port, officer.email, HTTP_HOST="attacker.example")
    assert "attacker.example" not in sink.bodies()[0]
    link_in(sink)  # built from SAIDANDDONE_BASE_URL


@pytest.mark.parametrize(("first", "second", "message"), [
    ("", "", "Enter the new password"),
    (NEW, "something else", "The passwords do not match"),
    ("short", "short", "too short"),
])
def test_a_weak_or_mismatched_password_is_named_and_changes_nothing(
        client: Any, officer: Any, smtp_sink: tuple[Sink, int], first: str, second: str,
        message: str) -> None:
    sink, port = smtp_sink
    ask(client, port, officer.email)
    form = client.get(link_in(sink), follow=True)
    page = client.post(form.redirect_chain[-1][0],
                       {"new_password1": first, "new_password2": second})
    soup = check_page(page.content, "new password with a mistake")
    assert message in text_of(str(soup.select_one(".govuk-error-summary")))
    officer.refresh_from_db()
    assert not officer.check_password(first or "x")


def test_a_locked_out_account_is_unlocked_by_a_reset(
        client: Any, officer: Any, smtp_sink: tuple[Sink, int]) -> None:
    sink, port = smtp_sink
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in_with(client, officer.username, "wrong")
    assert sign_in_with(client, officer.username, "wrong").status_code == 429
    ask(client, port, officer.email)
    form = client.get(link_in(sink), follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    signed = sign_in_with(client, officer.username, NEW)
    assert signed.status_code == 302
    assert "_auth_user_id" in client.session


@override_settings(SAIDANDDONE_RATE_LIMIT=2, SAIDANDDONE_RATE_WINDOW=600)
def test_requests_are_rate_limited(client: Any, officer: Any,
                                   smtp_sink: tuple[Sink, int]) -> None:
    sink, port = smtp_sink
    for _ in range(2):
        ask(client, port, officer.email)
    refused = ask(client, port, officer.email)
    assert "Too many reset requests" in text_of(refused.content)
    assert len(sink.messages) == 2


def test_the_sign_in_page_offers_the_reset(client: Any, db: Any) -> None:
    page = check_page(client.get(reverse("login")).content, "sign in")
    assert page.find("a", href=reverse("password_reset"))
