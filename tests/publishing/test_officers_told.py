"""The officers are told when the forum comments on a response (issue 14): the area's officers
and administrators get an e-mail through the outbox, over a real SMTP conversation, with a link
to the comment itself; once per comment; not for officers' own notes."""

from __future__ import annotations

import datetime as dt
import re
from email.header import decode_header, make_header
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse

from saidanddone.areas.models import OutgoingEmail
from saidanddone.commitments import services as commitments
from saidanddone.publishing import services
from saidanddone.publishing.models import Publication
from tests.conftest import Sink, smtp_settings, user_with_role
from tests.helpers import check_page, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_forum(demo: Any, officer: Any) -> Publication:
    response = commitments.response_create(area=demo, title="Clearer letters",
                                           you_said="Letters about plans are hard to follow.",
                                           by=officer)
    commitments.commitment_create(response=response, text="Rewrite the plan letters.",
                                  owner_team="SEND Service", by=officer,
                                  due_date=dt.date.today() + dt.timedelta(days=90))
    publication = services.publication_create(
        area=demo, title="Autumn update", period_label="Autumn 2026",
        period_start=dt.date(2026, 9, 1), period_end=dt.date(2026, 11, 30),
        responses=[response], by=officer)
    services.publication_send_to_forum(publication=publication, by=officer)
    return publication


def comment_by_page(client: Any, user: Any, publication: Publication, text: str,
                    port: int, capture: Any) -> Any:
    """As the person would: the comment form on the publication's page."""
    sign_in(client, user)
    response = publication.responses.get()
    with override_settings(**smtp_settings(port)), capture(execute=True):
        return client.post(
            reverse("workspace:publication_detail", args=["westmere", publication.pk]),
            {"action": "comment", "response": str(response.pk), "text": text})


def test_a_forum_comment_emails_each_officer_and_admin_with_a_link_to_it(
        client: Any, demo: Any, officer: Any, admin_user: Any, forum: Any, analyst: Any,
        with_forum: Publication, smtp_sink: tuple[Sink, int],
        django_capture_on_commit_callbacks: Any) -> None:
    sink, port = smtp_sink
    OutgoingEmail.objects.all().delete()  # the forum's own notice is not under test here
    second = user_with_role(demo, "officer2", "send_officer")
    second.email = "officer2@westmere.example"
    second.save()
    gone = user_with_role(demo, "officer3", "send_officer")
    gone.email, gone.is_active = "officer3@westmere.example", False
    gone.save()

    answer = comment_by_page(client, forum, with_forum, "This one does not say when.", port,
                             django_capture_on_commit_callbacks)
    assert answer.status_code == 302
    comment = with_forum.review_comments.get()
    told = sorted(to for to, _ in sink.messages)
    assert told == sorted([[admin_user.email], [officer.email], [second.email]])  # no analyst
    for body in sink.bodies():
        assert "Clearer letters" in body and "Autumn update" in body
        assert "This one does not say when." not in body  # read signed in, not in the mail
        link = re.search(r"https?://\S+", body)
        assert link and link.group(0).endswith(f"#comment-{comment.pk}")
    _, message = sink.messages[0]
    subject = str(make_header(decode_header(message["Subject"])))
    assert subject == "Autumn update: the forum commented on \u201cClearer letters\u201d"

    # The link leads an officer to that comment on the page.
    sign_in(client, officer)
    path = re.search(r"https?://[^/]+(/\S+)#", sink.bodies()[0])
    assert path
    page = check_page(client.get(path.group(1)).content)
    target = page.find(id=f"comment-{comment.pk}")
    assert target is not None and "This one does not say when." in target.get_text()

    # Nothing is sent twice: the outbox's sweep finds nothing more owed.
    from saidanddone.areas.mail import emails_send_due
    with override_settings(**smtp_settings(port)):
        assert emails_send_due() == 0
    assert len(sink.messages) == 3


def test_an_officers_own_comment_is_not_emailed(
        client: Any, demo: Any, officer: Any, with_forum: Publication,
        smtp_sink: tuple[Sink, int], django_capture_on_commit_callbacks: Any) -> None:
    sink, port = smtp_sink
    OutgoingEmail.objects.all().delete()
    answer = comment_by_page(client, officer, with_forum, "Note to self: check dates.", port,
                             django_capture_on_commit_callbacks)
    assert answer.status_code == 302
    assert sink.messages == []
    assert not OutgoingEmail.objects.filter(key__startswith="review-comment:").exists()


def test_a_refused_comment_emails_nobody(
        client: Any, forum: Any, with_forum: Publication, smtp_sink: tuple[Sink, int],
        django_capture_on_commit_callbacks: Any) -> None:
    sink, port = smtp_sink
    OutgoingEmail.objects.all().delete()
    answer = comment_by_page(client, forum, with_forum, "   ", port,
                             django_capture_on_commit_callbacks)
    assert answer.status_code == 200 and "Enter your comment" in answer.content.decode()
    assert sink.messages == []
    assert not OutgoingEmail.objects.exists()
