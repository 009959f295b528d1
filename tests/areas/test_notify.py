"""GOV.UK Notify as the mail backend (issue 14; decision 0223), through the official client
against a local fake Notify server (tests/fake_notify.py): a real HTTP conversation on
127.0.0.1 that checks the token, the path and the body as Notify does."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jwt
import pytest
import requests
from django.core import mail
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from saidanddone.areas.checks import check_mail_settings
from saidanddone.areas.mail import PERSISTENT_FAILURE, email_queue, email_send, emails_send_due
from saidanddone.areas.models import OutgoingEmail
from saidanddone.areas.notify import NotifyEmailBackend
from saidanddone.commitments.models import Commitment
from tests.fake_notify import FakeNotify
from tests.helpers import sign_in

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = "f33517ff-2a88-4f6e-b855-c550268ce08a"
SERVICE = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"


@pytest.fixture
def notify() -> Iterator[FakeNotify]:
    fake = FakeNotify(template_id=TEMPLATE).start()
    try:
        with override_settings(**fake.settings()):
            yield fake
    finally:
        fake.stop()


def queue(demo: Any, capture: Any, to: list[str], key: str = "test:notify:1") -> OutgoingEmail:
    with capture(execute=True):
        email = email_queue(key=key, to=to, area=demo, subject="Autumn update: waiting",
                            body="Read it here:\nhttps://example.gov.uk/x/\n\nThank you.")
    assert email is not None
    email.refresh_from_db()
    return email


def due_now(email: OutgoingEmail) -> None:
    OutgoingEmail.objects.filter(pk=email.pk).update(next_try_at=timezone.now())


# Sending -------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_outbox_sends_through_notify_by_template_one_address_a_request(
        demo: Any, notify: FakeNotify, django_capture_on_commit_callbacks: Any) -> None:
    email = queue(demo, django_capture_on_commit_callbacks,
                  ["b.officer@westmere.example", "a.officer@westmere.example"])
    assert email.delivered_at is not None and email.attempts == 1
    assert notify.refused == []
    assert notify.addresses() == ["a.officer@westmere.example", "b.officer@westmere.example"]
    first = notify.received[0]
    assert first["template_id"] == TEMPLATE
    assert first["personalisation"] == {
        "subject": "Autumn update: waiting",
        "body": "Read it here:\nhttps://example.gov.uk/x/\n\nThank you."}
    assert first["reference"] == "test:notify:1"  # findable in Notify's own records
    assert "email_reply_to_id" not in first and "one_click_unsubscribe_url" not in first
    assert email.delivered_to == sorted(email.to)


@pytest.mark.django_db
def test_a_reply_to_address_is_passed_when_set(
        demo: Any, notify: FakeNotify, django_capture_on_commit_callbacks: Any) -> None:
    reply_to = str(uuid.uuid4())
    with override_settings(NOTIFY_REPLY_TO_ID=reply_to):
        queue(demo, django_capture_on_commit_callbacks, ["a@westmere.example"])
    assert notify.received[0]["email_reply_to_id"] == reply_to


@pytest.mark.django_db
def test_failures_are_retried_shown_to_admins_and_nobody_gets_it_twice(
        client: Any, demo: Any, admin_user: Any, notify: FakeNotify,
        django_capture_on_commit_callbacks: Any) -> None:
    # The first address goes through; Notify then fails with a 500 on the second.
    notify.fail_next = [None, 500]
    email = queue(demo, django_capture_on_commit_callbacks,
                  ["a@westmere.example", "b@westmere.example"])
    assert email.delivered_at is None and email.attempts == 1
    assert email.delivered_to == ["a@westmere.example"]
    assert "GOV.UK Notify answered 500: Internal server error" in email.last_error
    # Then rate-limited (429) on every retry until it counts as failing.
    for _ in range(PERSISTENT_FAILURE - 1):
        notify.fail_next = [429]
        due_now(email)
        assert emails_send_due() == 0
    email.refresh_from_db()
    assert email.attempts == PERSISTENT_FAILURE
    assert "429: Exceeded rate limit" in email.last_error
    sign_in(client, admin_user)
    page = client.get(reverse("workspace:dashboard", args=[demo.slug])).content.decode()
    assert 'id="emails-failing"' in page and "Autumn update: waiting" in page
    assert "GOV.UK Notify answered 429" in page

    # Notify recovers: only the address still owed is sent to, once, and never again.
    due_now(email)
    assert emails_send_due() == 1
    assert emails_send_due() == 0
    due_now(email)
    assert email_send(pk=email.pk) is False
    assert notify.addresses() == ["a@westmere.example", "b@westmere.example"]
    assert notify.failed == [500, 429, 429]
    assert notify.refused == []
    assert 'id="emails-failing"' not in client.get(
        reverse("workspace:dashboard", args=[demo.slug])).content.decode()


@pytest.mark.django_db
def test_a_notify_that_cannot_be_reached_is_retried(
        demo: Any, notify: FakeNotify, django_capture_on_commit_callbacks: Any) -> None:
    with override_settings(NOTIFY_BASE_URL="http://127.0.0.1:9"):  # nothing listens there
        email = queue(demo, django_capture_on_commit_callbacks, ["a@westmere.example"])
    assert email.delivered_at is None and "GOV.UK Notify answered 503" in email.last_error
    due_now(email)
    assert emails_send_due() == 1
    assert notify.addresses() == ["a@westmere.example"]


@pytest.mark.django_db
def test_a_follow_email_gives_notify_its_one_click_unsubscribe_link(
        client: Any, demo: Any, notify: FakeNotify) -> None:
    promise = Commitment.objects.filter(area=demo, published_in__isnull=False).first()
    assert promise is not None
    client.post(reverse("public:follow", args=[demo.slug]),
                {"commitment": str(promise.pk), "email": "parent@example.org"})
    emails_send_due()
    (confirm,) = notify.received
    assert confirm["email_address"] == "parent@example.org"
    assert "/follow/confirm/" in confirm["personalisation"]["body"]
    unsubscribe = confirm.get("one_click_unsubscribe_url")
    assert unsubscribe and "/follow/stop/" in unsubscribe
    assert unsubscribe in confirm["personalisation"]["body"]


@pytest.mark.django_db
def test_emails_sent_outside_the_outbox_go_through_notify_too(
        client: Any, officer: Any, notify: FakeNotify) -> None:
    # A password reset: Django's own mail, sent at once.
    client.post(reverse("password_reset"), {"email": officer.email})
    (reset,) = notify.received
    assert reset["email_address"] == officer.email
    assert "/accounts/password-reset/" in reset["personalisation"]["body"]


def test_the_backend_refuses_attachments_rather_than_drop_them(notify: FakeNotify) -> None:
    message = mail.EmailMessage(subject="Pack", body="Attached.", to=["a@westmere.example"],
                                connection=NotifyEmailBackend())
    message.attach("pack.txt", "x", "text/plain")
    with pytest.raises(Exception, match="cannot carry attachments"):
        message.send()
    assert notify.received == []


# The fake checks what Notify checks --------------------------------------------------------

def _post(notify: FakeNotify, token: str, path: str = "/v2/notifications/email",
          body: dict[str, Any] | None = None) -> requests.Response:
    body = body if body is not None else {
        "email_address": "a@westmere.example", "template_id": TEMPLATE,
        "personalisation": {"subject": "s", "body": "b"}}
    return requests.post(notify.base_url + path, json=body, timeout=5,
                         headers={"Authorization": f"Bearer {token}"})


def _token(notify: FakeNotify, **claims: Any) -> str:
    payload = {"iss": notify.service_id, "iat": int(time.time())} | claims
    return jwt.encode(payload, notify.secret, algorithm="HS256", headers={"typ": "JWT"})


def test_the_fake_notify_refuses_what_notify_would(notify: FakeNotify) -> None:
    assert _post(notify, _token(notify)).status_code == 201
    wrong_secret = jwt.encode({"iss": notify.service_id, "iat": int(time.time())},
                              str(uuid.uuid4()), algorithm="HS256")
    assert _post(notify, wrong_secret).status_code == 403
    assert _post(notify, _token(notify, iss=str(uuid.uuid4()))).status_code == 403
    assert _post(notify, _token(notify, iat=int(time.time()) - 120)).status_code == 403
    assert _post(notify, _token(notify), path="/v2/notifications/sms").status_code == 404
    missing = {"email_address": "a@westmere.example", "template_id": TEMPLATE,
               "personalisation": {"subject": "s"}}
    answer = _post(notify, _token(notify), body=missing)
    assert answer.status_code == 400 and "Missing personalisation: body" in answer.text
    other_template = dict(missing, template_id=str(uuid.uuid4()),
                          personalisation={"subject": "s", "body": "b"})
    assert _post(notify, _token(notify), body=other_template).status_code == 400
    assert len(notify.received) == 1 and len(notify.refused) == 6


# Settings: a clear error at start-up -------------------------------------------------------

GOOD = {"EMAIL_BACKEND": "saidanddone.areas.notify.NotifyEmailBackend",
        "SAIDANDDONE_MAIL": "notify", "NOTIFY_API_KEY": f"live-{SERVICE}-{SECRET}",
        "NOTIFY_BASE_URL": "https://api.notifications.service.gov.uk",
        "NOTIFY_TEMPLATE_ID": TEMPLATE, "NOTIFY_REPLY_TO_ID": ""}


def _problems(**changes: Any) -> list[str]:
    with override_settings(**(GOOD | changes)):
        return [error.msg for error in check_mail_settings(None)]


def test_well_formed_notify_settings_pass_and_smtp_needs_none() -> None:
    assert _problems() == []
    assert _problems(NOTIFY_BASE_URL="http://127.0.0.1:8025") == []  # a local test server
    assert _problems(NOTIFY_API_KEY=f"{SERVICE}-{SECRET}") == []  # a key without its name
    with override_settings(SAIDANDDONE_MAIL="smtp", NOTIFY_API_KEY="",
                           EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend"):
        assert check_mail_settings(None) == []


@pytest.mark.parametrize(("changes", "said"), [
    ({"NOTIFY_API_KEY": ""}, "NOTIFY_API_KEY is not set"),
    ({"NOTIFY_API_KEY": f"live-{SERVICE}"}, "is not a GOV.UK Notify API key"),
    ({"NOTIFY_API_KEY": f"live-{SERVICE}-{SECRET}\n"}, "spaces or line breaks"),
    ({"NOTIFY_API_KEY": f"live-{SERVICE}-{SECRET[:-1]}z"}, "is not a GOV.UK Notify API key"),
    ({"NOTIFY_API_KEY": f"live_{SERVICE}-{SECRET}"}, "its name must end with a hyphen"),
    ({"NOTIFY_TEMPLATE_ID": ""}, "NOTIFY_TEMPLATE_ID is not set"),
    ({"NOTIFY_TEMPLATE_ID": "generic"}, "is not a template id"),
    ({"NOTIFY_REPLY_TO_ID": "reply@westmere.example"}, "is not a reply-to address id"),
    ({"NOTIFY_BASE_URL": "http://notify.example.org"}, "must use https"),
    ({"NOTIFY_BASE_URL": "api.notifications.service.gov.uk"}, "is not an address like"),
    ({"NOTIFY_BASE_URL": "https://api.notifications.service.gov.uk/v2"}, "is not an address"),
    ({"SAIDANDDONE_MAIL": "notfy"}, "it must be 'smtp' or 'notify'"),
])
def test_missing_or_malformed_notify_settings_are_named(changes: dict[str, Any],
                                                         said: str) -> None:
    problems = _problems(**changes)
    assert len(problems) == 1 and said in problems[0], problems
    assert SECRET not in problems[0]  # the secret is never repeated


def test_django_check_refuses_to_start(notify: FakeNotify) -> None:
    with override_settings(NOTIFY_TEMPLATE_ID=""), \
            pytest.raises(SystemCheckError, match="NOTIFY_TEMPLATE_ID is not set"):
        call_command("check")


def test_starting_with_notify_chosen_and_no_key_fails_with_the_reason(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DJANGO_", "NOTIFY_", "EMAIL_"))}
    env.update(DJANGO_SETTINGS_MODULE="saidanddone.settings.base", SECRET_KEY="x" * 50,
               SAIDANDDONE_MAIL="notify", SAIDANDDONE_VAR_DIR=str(tmp_path),
               DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
               PYTHONPATH=str(ROOT / "src"))
    result = subprocess.run([sys.executable, "-m", "django", "check"], env=env,
                            capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode != 0
    assert "saidanddone.E031" in result.stderr
    assert "GOV.UK Notify is chosen for e-mail but NOTIFY_API_KEY is not set" in result.stderr
