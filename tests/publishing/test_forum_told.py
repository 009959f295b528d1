"""The forum is told when a publication waits for its decision (issue 14): by e-mail through a
real SMTP conversation, once per thing to decide, retried while the mail server is down and
shown to the administrator when it keeps failing; and on the forum's own dashboard."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from saidanddone.areas.mail import PERSISTENT_FAILURE, email_send, emails_send_due
from saidanddone.areas.models import OutgoingEmail
from saidanddone.commitments import services as commitments
from saidanddone.publishing import services
from saidanddone.publishing.models import Publication
from tests.conftest import Sink, free_port, smtp_settings
from tests.helpers import sign_in, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(demo: Any, officer: Any) -> Publication:
    response = commitments.response_create(area=demo, title="Clearer letters",
                                           you_said="Letters about plans are hard to follow.",
                                           by=officer)
    commitments.commitment_create(response=response, text="Rewrite the plan letters.",
                                  owner_team="SEND Service", by=officer,
                                  due_date=dt.date.today() + dt.timedelta(days=90))
    return services.publication_create(
        area=demo, title="Autumn update", period_label="Autumn 2026",
        period_start=dt.date(2026, 9, 1), period_end=dt.date(2026, 11, 30),
        responses=[response], by=officer)


def send(publication: Publication, officer: Any, port: int, capture: Any) -> None:
    with override_settings(**smtp_settings(port)), capture(execute=True):
        services.publication_send_to_forum(publication=publication, by=officer)


def test_the_forum_is_told_once_and_sees_it_waiting(
        client: Any, demo: Any, officer: Any, forum: Any, draft: Publication,
        smtp_sink: tuple[Sink, int], django_capture_on_commit_callbacks: Any) -> None:
    sink, port = smtp_sink
    send(draft, officer, port, django_capture_on_commit_callbacks)
    assert [to for to, _ in sink.messages] == [[forum.email]]
    (body,) = sink.bodies()
    assert "Autumn update" in body
    assert reverse("workspace:publication_detail", args=[demo.slug, draft.pk]) in body
    assert reverse("workspace:publication_preview", args=[demo.slug, draft.pk]) in body
    # Sent back and sent again unchanged: the forum is not told twice.
    services.publication_return_to_draft(publication=draft, by=officer)
    send(draft, officer, port, django_capture_on_commit_callbacks)
    assert len(sink.messages) == 1
    # Changed, then sent: that is new, so it is announced.
    services.publication_return_to_draft(publication=draft, by=officer)
    services.publication_update(publication=draft, title="Autumn update (revised)",
                                period_label="Autumn 2026", period_start=draft.period_start,
                                period_end=draft.period_end, by=officer)
    send(draft, officer, port, django_capture_on_commit_callbacks)
    assert len(sink.messages) == 2

    sign_in(client, forum)
    page = client.get(reverse("workspace:dashboard", args=[demo.slug]))
    banner = text_of(str(page.content.decode().split('id="waiting-for-you"')[1][:2000]))
    assert "Autumn update (revised)" in banner
    # Once decided, it no longer waits.
    services.publication_sign_off(publication=draft, decision="agreed", by=forum,
                                  statement="We agree.")
    page = client.get(reverse("workspace:dashboard", args=[demo.slug]))
    assert 'id="waiting-for-you"' not in page.content.decode()


def test_a_mail_server_that_is_down_is_retried_and_then_delivers_once(
        client: Any, demo: Any, officer: Any, forum: Any, admin_user: Any, draft: Publication,
        django_capture_on_commit_callbacks: Any) -> None:
    port = free_port()  # nothing listens: the server is down
    send(draft, officer, port, django_capture_on_commit_callbacks)
    email = OutgoingEmail.objects.get(key__contains=str(draft.pk))
    assert email.delivered_at is None and email.attempts == 1 and email.last_error
    with override_settings(**smtp_settings(port)):
        for _ in range(PERSISTENT_FAILURE - 1):
            OutgoingEmail.objects.filter(pk=email.pk).update(next_try_at=timezone.now())
            assert emails_send_due() == 0
    sign_in(client, admin_user)
    warning = client.get(reverse("workspace:dashboard", args=[demo.slug])).content.decode()
    assert 'id="emails-failing"' in warning and "Autumn update" in warning

    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()  # the server comes back
    try:
        with override_settings(**smtp_settings(port)):
            OutgoingEmail.objects.filter(pk=email.pk).update(next_try_at=timezone.now())
            assert emails_send_due() == 1
            assert emails_send_due() == 0  # delivered: never again
            OutgoingEmail.objects.filter(pk=email.pk).update(next_try_at=timezone.now())
            assert email_send(pk=email.pk) is False  # not even when asked directly
    finally:
        controller.stop()
    assert len(sink.messages) == 1
    email.refresh_from_db()
    assert email.delivered_at is not None
    assert 'id="emails-failing"' not in client.get(
        reverse("workspace:dashboard", args=[demo.slug])).content.decode()


def test_a_reviewer_with_no_address_and_other_roles_get_nothing(
        demo: Any, officer: Any, forum: Any, draft: Publication,
        smtp_sink: tuple[Sink, int], django_capture_on_commit_callbacks: Any) -> None:
    sink, port = smtp_sink
    forum.email = ""
    forum.save()
    send(draft, officer, port, django_capture_on_commit_callbacks)
    assert sink.messages == []
    assert not OutgoingEmail.objects.filter(key__contains=str(draft.pk)).exists()
