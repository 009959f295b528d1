"""Safeguarding e-mails through a real SMTP conversation with a sink on localhost."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.test import override_settings
from django.urls import reverse

from saidanddone.feedback.models import FeedbackItem
from tests.conftest import Sink, free_port

pytestmark = pytest.mark.django_db


def test_designated_contacts_get_a_link_by_smtp_never_the_text(
        client: Any, demo: Any, smtp_sink: tuple[Sink, int],
        django_capture_on_commit_callbacks: Any) -> None:
    sink, port = smtp_sink
    demo.safeguarding_contacts = "dsl@westmere.example"
    demo.save()
    key = str(uuid.uuid4())
    text = "My daughter has been locked in her room for days and is not being fed."
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                           EMAIL_HOST="127.0.0.1", EMAIL_PORT=port, EMAIL_USE_TLS=False), \
            django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("public:feedback_form", args=["westmere"]), {
            "respondent_role": "other", "consent": "do_not_publish", "comment": text,
            "key": key, "website": ""})
    item = FeedbackItem.objects.get(idempotency_key=key)
    assert item.safeguarding_state == "flagged"
    assert len(sink.messages) == 1
    recipients, message = sink.messages[0]
    body = message.get_payload(decode=True).decode()
    assert recipients == ["dsl@westmere.example"]
    assert str(item.pk) in body and "locked" not in body and "fed" not in body


# --- Retried until delivered (issue 11) -------------------------------------------------------

def smtp_at(port: int) -> Any:
    return override_settings(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                             EMAIL_HOST="127.0.0.1", EMAIL_PORT=port, EMAIL_USE_TLS=False,
                             EMAIL_TIMEOUT=5)


def flag_with_mail_server_at(port: int, demo: Any, capture: Any) -> FeedbackItem:
    from saidanddone.areas.actors import SYSTEM
    from saidanddone.feedback import services

    demo.safeguarding_contacts = "dsl@westmere.example"
    demo.save()
    with smtp_at(port), capture(execute=True):
        item = services.feedback_create(
            area=demo, text="My daughter has been locked in her room for days and is not being "
            "fed.", respondent_role="parent", by=SYSTEM,
            channel=services.channel_get_or_create(area=demo, kind="web_form"))
    return item


def test_with_the_mail_server_down_the_alert_waits_and_is_delivered_once_it_is_back(
        demo: Any, django_capture_on_commit_callbacks: Any) -> None:
    import datetime as dt

    from django.utils import timezone

    from saidanddone.feedback import services
    from saidanddone.feedback.models import SafeguardingAlert

    port = free_port()  # nothing listens here yet: the server is down
    item = flag_with_mail_server_at(port, demo, django_capture_on_commit_callbacks)
    alert = SafeguardingAlert.objects.get(item=item)
    assert alert.delivered_at is None and alert.attempts == 1
    assert "refused" in alert.last_error.lower() or "connect" in alert.last_error.lower()
    assert alert.next_try_at > timezone.now()  # it waits before trying again

    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with smtp_at(port):
            assert services.safeguarding_alerts_send_due() == 0  # not due yet: no e-mail
            later = timezone.now() + dt.timedelta(hours=2)
            assert services.safeguarding_alerts_send_due(now=later) == 1
            assert services.safeguarding_alerts_send_due(now=later) == 0
            assert services.safeguarding_alerts_send_due(
                now=later + dt.timedelta(days=1)) == 0
    finally:
        controller.stop()
    alert.refresh_from_db()
    assert len(sink.messages) == 1
    assert alert.delivered_at is not None and alert.attempts == 2 and not alert.last_error


def test_the_wait_between_tries_grows_and_is_capped(
        demo: Any, django_capture_on_commit_callbacks: Any) -> None:
    import datetime as dt

    from django.utils import timezone

    from saidanddone.feedback import services
    from saidanddone.feedback.models import SafeguardingAlert

    port = free_port()
    item = flag_with_mail_server_at(port, demo, django_capture_on_commit_callbacks)
    waits = []
    now = timezone.now()
    with smtp_at(port):
        for _ in range(8):
            now = SafeguardingAlert.objects.get(item=item).next_try_at
            services.safeguarding_alerts_send_due(now=now)
            waits.append(SafeguardingAlert.objects.get(item=item).next_try_at - now)
    minutes = [w / dt.timedelta(minutes=1) for w in waits]
    assert minutes == [2, 4, 8, 16, 32, 60, 60, 60]
    assert SafeguardingAlert.objects.get(item=item).attempts == 9


def test_an_alert_that_keeps_failing_shows_on_the_triage_page_to_those_who_triage(
        client: Any, demo: Any, officer: Any, analyst: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    from django.utils import timezone

    from saidanddone.feedback import services
    from saidanddone.feedback.models import SafeguardingAlert
    from tests.helpers import check_page, sign_in, text_of

    port = free_port()
    item = flag_with_mail_server_at(port, demo, django_capture_on_commit_callbacks)
    url = reverse("workspace:triage", args=["westmere"])
    sign_in(client, officer)
    assert "not been delivered" not in text_of(client.get(url).content)  # one failure: still trying

    with smtp_at(port):
        for _ in range(2):
            services.safeguarding_alerts_send_due(
                now=SafeguardingAlert.objects.get(item=item).next_try_at)
    assert SafeguardingAlert.objects.get(item=item).attempts == 3
    page = client.get(url).content
    check_page(page)
    text = text_of(page)
    assert "not been delivered" in text and item.reference in text
    assert "dsl@westmere.example" in text

    from saidanddone.feedback.selectors import safeguarding_alerts_failing

    assert safeguarding_alerts_failing(area=demo, user=analyst) == []  # need to know
    SafeguardingAlert.objects.filter(item=item).update(delivered_at=timezone.now())
    assert "not been delivered" not in text_of(client.get(url).content)
