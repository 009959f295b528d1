"""A family's e-mail subscriptions are in the subject-access download for their address (issue
14; decision 0221), beside their comments, in JSON and CSV; never another area's; and erasure
takes them and the e-mails kept for them, after which the download has none."""

from __future__ import annotations

import csv
import io
import json
import uuid
from typing import Any

import pytest
from django.urls import reverse

from saidanddone.areas.models import OutgoingEmail
from saidanddone.commitments import services as commitments
from saidanddone.commitments.models import Commitment
from saidanddone.core.models import AuditEntry
from saidanddone.following.models import Subscription
from tests.conftest import Sink
from tests.following.test_following import PARENT, deliver, follow_and_confirm
from tests.helpers import check_page, sign_in, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def promise(demo: Any) -> Commitment:
    return Commitment.objects.filter(area=demo, published_in__isnull=False,
                                     status="planned").distinct().first()


@pytest.fixture
def followed(client: Any, promise: Commitment, officer: Any, other_area: Any,
             smtp_sink: tuple[Sink, int]) -> Subscription:
    """The parent follows a commitment, confirms, and is sent one change; the same address
    also follows something in another area (never part of this area's answer)."""
    sink, port = smtp_sink
    follow_and_confirm(client, promise, sink, port)
    commitments.commitment_set_status(commitment=promise, status="in_progress",
                                      reason="The new letters are being written.", by=officer)
    deliver(port)
    assert len(sink.messages) == 2  # the confirmation and the change
    Subscription.objects.create(area=other_area, email=PARENT, what="theme", target="x",
                                token_hash="f" * 64)
    return Subscription.objects.get(area__slug="westmere")


def download(client: Any, terms: str, fmt: str) -> Any:
    response = client.post(reverse("workspace:data_protection", args=["westmere"]),
                           {"terms": terms, "format": fmt})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]
    return response


def leave_a_comment(client: Any, text: str) -> None:
    client.post(reverse("public:feedback_form", args=["westmere"]), {
        "respondent_role": "parent", "topic": "transport", "consent": "paraphrase",
        "comment": text, "key": str(uuid.uuid4()), "website": ""})


def test_the_json_download_holds_the_comments_and_the_subscriptions(
        client: Any, admin_user: Any, promise: Commitment, followed: Subscription) -> None:
    leave_a_comment(client, f"The bus was late again, write to me at {PARENT}")
    sign_in(client, admin_user)
    document = json.loads(download(client, PARENT.upper(), "json").content)
    assert set(document) == {"feedback", "subscriptions"}
    assert len(document["feedback"]) == 1 and PARENT in document["feedback"][0]["text"]
    (row,) = document["subscriptions"]  # not the other area's
    assert row["email"] == PARENT
    assert row["follows"] == followed.get_what_display()
    assert row["title"] and row["title"] != str(promise.pk)  # what it follows, in words
    assert row["address"].endswith(reverse("public:commitment", args=["westmere", promise.pk]))
    assert row["asked_on"] and row["confirmed_on"]
    assert row["emails_sent"] == 2 and row["last_email_on"]
    assert followed.token_hash not in json.dumps(document)  # no secret of ours


def test_the_csv_download_has_a_table_for_each(
        client: Any, admin_user: Any, followed: Subscription) -> None:
    sign_in(client, admin_user)
    text = download(client, PARENT, "csv").content.decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "reference"  # the comments' table first, as before (none here)
    start = rows.index(["E-mail subscriptions"])
    assert rows[start - 1] == []
    header, first = rows[start + 1], rows[start + 2]
    assert header[:3] == ["email", "follows", "title"]
    assert first[0] == PARENT
    assert len(rows) == start + 3  # one subscription: the other area's is not there


def test_only_subscriptions_found_still_offers_the_download(
        client: Any, admin_user: Any, followed: Subscription) -> None:
    sign_in(client, admin_user)
    page = client.post(reverse("workspace:data_protection", args=["westmere"]),
                       {"terms": PARENT})
    soup = check_page(page.content)
    assert "0 comments found" in text_of(page.content)
    assert soup.select("button[name=format][value=json]")
    assert soup.select("button[name=format][value=csv]")


def test_after_erasure_the_download_has_none_and_the_emails_are_gone(
        client: Any, admin_user: Any, followed: Subscription) -> None:
    assert OutgoingEmail.objects.filter(key__contains=str(followed.pk)).count() == 2
    sign_in(client, admin_user)
    url = reverse("workspace:data_protection", args=["westmere"])
    client.post(url, {"terms": PARENT, "erase_subscriptions": [str(followed.pk)]})
    assert not Subscription.objects.filter(pk=followed.pk).exists()
    assert not OutgoingEmail.objects.filter(key__contains=str(followed.pk)).exists()
    assert not any(PARENT in email.to for email in OutgoingEmail.objects.all())
    assert json.loads(download(client, PARENT, "json").content)["subscriptions"] == []
    assert Subscription.objects.filter(email=PARENT).count() == 1  # the other area's stays
    assert not any(PARENT in str(e.before) + str(e.after)
                   for e in AuditEntry.objects.filter(action__startswith="following."))


def test_a_phone_number_finds_no_subscription(client: Any, admin_user: Any,
                                              followed: Subscription) -> None:
    sign_in(client, admin_user)
    document = json.loads(download(client, "07700 900123", "json").content)
    assert document["subscriptions"] == []
