"""Safeguarding e-mails through a real SMTP conversation with a sink on localhost."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from email import message_from_bytes
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.test import override_settings
from django.urls import reverse

from saidanddone.feedback.models import FeedbackItem

pytestmark = pytest.mark.django_db


class Sink:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp_sink() -> Iterator[tuple[Sink, int]]:
    sink, port = Sink(), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield sink, port
    finally:
        controller.stop()


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
