"""Families follow a commitment, a publication or a theme by e-mail (issue 14): double opt-in,
one e-mail per public change through a real SMTP conversation, held words never sent, and the
address gone on unsubscribe or erasure."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from saidanddone.areas.mail import emails_send_due
from saidanddone.areas.models import OutgoingEmail
from saidanddone.commitments import services as commitments
from saidanddone.commitments.models import Commitment
from saidanddone.core.models import AuditEntry
from saidanddone.following.models import Subscription
from saidanddone.following.services import follow_sweep
from tests.conftest import Sink, free_port, smtp_settings
from tests.helpers import check_page, sign_in, text_of

pytestmark = pytest.mark.django_db

PARENT = "parent.of.sam@example.org"


@pytest.fixture
def promise(demo: Any) -> Commitment:
    return Commitment.objects.filter(area=demo, published_in__isnull=False,
                                     status="planned").distinct().first()


def ask(client: Any, what: str, target: str, email: str = PARENT) -> Any:
    return client.post(reverse("public:follow", args=["westmere"]),
                       {what: target, "email": email})


def deliver(port: int) -> int:
    """What the worker's sweep does: find changes, then send what is owed."""
    with override_settings(**smtp_settings(port)):
        follow_sweep()
        return emails_send_due()


def link(body: str, kind: str) -> str:
    match = re.search(rf"https?://[^\s]+(/areas/westmere/follow/{kind}/[^/\s]+/)", body)
    assert match, body
    return match.group(1)


def follow_and_confirm(client: Any, promise: Commitment, sink: Sink, port: int) -> None:
    ask(client, "commitment", str(promise.pk))
    deliver(port)
    client.post(link(sink.bodies()[-1], "confirm"))


def test_double_opt_in_sends_nothing_but_the_check_until_confirmed(
        client: Any, promise: Commitment, officer: Any,
        smtp_sink: tuple[Sink, int]) -> None:
    sink, port = smtp_sink
    page = client.get(reverse("public:commitment", args=["westmere", promise.pk]))
    assert "Get e-mails when this changes" in text_of(page.content)
    form = client.get(reverse("public:follow", args=["westmere"]) + f"?commitment={promise.pk}")
    check_page(form.content)
    assert "We use your address only to tell you about this" in text_of(form.content)
    response = ask(client, "commitment", str(promise.pk))
    assert response.status_code == 302
    deliver(port)
    assert [to for to, _ in sink.messages] == [[PARENT]]
    (body,) = sink.bodies()
    assert "/follow/stop/" in body  # every e-mail, the confirmation too
    # Not confirmed: a change sends nothing.
    commitments.commitment_set_status(commitment=promise, status="in_progress",
                                      reason="The new letters are being written.", by=officer)
    deliver(port)
    assert len(sink.messages) == 1
    # Opening the link shows a button (mail scanners open links); the button confirms.
    confirm = link(body, "confirm")
    assert client.get(confirm).status_code == 200
    assert Subscription.objects.get().confirmed_at is None
    confirmed = client.post(confirm)
    check_page(confirmed.content)
    assert "You are following this" in text_of(confirmed.content)
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is not None
    # The secret is never stored, only its hash.
    secret = confirm.rstrip("/").rsplit("/", 1)[1]
    assert subscription.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(Subscription.objects.values().get())


def test_one_email_per_public_change_however_often_the_sweep_runs(
        client: Any, promise: Commitment, officer: Any, smtp_sink: tuple[Sink, int]) -> None:
    sink, port = smtp_sink
    follow_and_confirm(client, promise, sink, port)
    commitments.commitment_set_status(commitment=promise, status="in_progress",
                                      reason="The new letters are being written.", by=officer)
    commitments.commitment_add_progress(commitment=promise, text="Half of the letters are done.",
                                        by=officer)
    commitments.commitment_add_progress(commitment=promise, text="Staff notes only.",
                                        by=officer, public=False)
    for _ in range(3):
        deliver(port)
    bodies = sink.bodies()[1:]
    assert len(bodies) == 2
    assert any("In progress" in b and "being written" in b for b in bodies)
    assert any("Half of the letters are done." in b for b in bodies)
    assert not any("Staff notes only" in b for b in sink.bodies())
    assert all("/follow/stop/" in b for b in bodies)
    # Each one carries a one-click unsubscribe header too.
    assert all(m["List-Unsubscribe"] for _, m in sink.messages)


def test_held_words_are_never_sent_and_are_sent_once_released(
        client: Any, promise: Commitment, officer: Any, smtp_sink: tuple[Sink, int]) -> None:
    sink, port = smtp_sink
    follow_and_confirm(client, promise, sink, port)
    update = commitments.commitment_add_progress(
        commitment=promise, text="Ring Jamie's mum on 07700 900123 to book.", by=officer)
    assert update.held
    deliver(port)
    assert len(sink.messages) == 1
    assert not any("07700" in b for b in sink.bodies())
    commitments.live_text_release(record=update, by=officer,
                                  text="Families can book through the SEND team.")
    deliver(port)
    deliver(port)
    assert len(sink.messages) == 2
    assert "Families can book through the SEND team." in sink.bodies()[-1]
    assert not any("07700" in b for b in sink.bodies())


def test_unsubscribe_deletes_the_address_and_everything_kept_for_it(
        client: Any, promise: Commitment, officer: Any, smtp_sink: tuple[Sink, int]) -> None:
    sink, port = smtp_sink
    follow_and_confirm(client, promise, sink, port)
    stop = link(sink.bodies()[0], "stop")
    check_page(client.get(stop).content)
    assert Subscription.objects.exists()
    page = client.post(stop)
    check_page(page.content)
    assert not Subscription.objects.exists()
    assert not any(PARENT in e.to for e in OutgoingEmail.objects.all())
    assert not OutgoingEmail.objects.filter(key__startswith="follow-").exists()
    # Used again, the link answers the same and changes nothing.
    assert client.post(stop).status_code == 200
    commitments.commitment_set_status(commitment=promise, status="in_progress",
                                      reason="Started.", by=officer)
    deliver(port)
    assert len(sink.messages) == 1


def test_one_click_unsubscribe_needs_no_cookie(client: Any, promise: Commitment,
                                               smtp_sink: tuple[Sink, int]) -> None:
    from django.test import Client

    sink, port = smtp_sink
    follow_and_confirm(client, promise, sink, port)
    (_, message) = sink.messages[0]
    url = message["List-Unsubscribe"].strip("<>")
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(url[url.index("/areas/"):],
                       {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert not Subscription.objects.exists()


def test_the_same_page_whether_or_not_the_address_already_follows(
        client: Any, promise: Commitment, smtp_sink: tuple[Sink, int]) -> None:
    sink, port = smtp_sink
    first = ask(client, "commitment", str(promise.pk))
    again = ask(client, "commitment", str(promise.pk))
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]
    deliver(port)
    client.post(link(sink.bodies()[0], "confirm"))
    third = ask(client, "commitment", str(promise.pk), email=PARENT.upper())
    assert third["Location"] == first["Location"]
    assert client.get(third["Location"]).content == client.get(first["Location"]).content
    deliver(port)
    assert len(sink.messages) == 1  # asked three times: one e-mail
    assert Subscription.objects.count() == 1


def test_a_bad_address_is_named_and_nothing_is_stored(client: Any, promise: Commitment) -> None:
    page = ask(client, "commitment", str(promise.pk), email="not an address")
    assert page.status_code == 200
    check_page(page.content)
    assert "Enter an e-mail address in the right format" in text_of(page.content)
    assert not Subscription.objects.exists()


def test_only_public_things_can_be_followed(client: Any, demo: Any, promise: Commitment) -> None:
    hidden = Commitment.objects.filter(area=demo, published_in__isnull=True).first()
    for what, target in [("commitment", str(hidden.pk) if hidden else "x"),
                         ("commitment", "not-a-uuid"), ("theme", "no-such-theme"),
                         ("publication", "no-such-publication")]:
        assert ask(client, what, target).status_code == 404
    assert not Subscription.objects.exists()
    assert client.get(reverse("public:follow", args=["westmere"])).status_code == 200


@override_settings(SAIDANDDONE_RATE_LIMIT=2, SAIDANDDONE_RATE_WINDOW=3600)
def test_asking_too_often_is_refused_for_a_while(client: Any, promise: Commitment) -> None:
    for n in range(2):
        assert ask(client, "commitment", str(promise.pk), email=f"p{n}@example.org"
                   ).status_code == 302
    page = ask(client, "commitment", str(promise.pk), email="p9@example.org")
    assert page.status_code == 429
    assert "Try again in" in text_of(page.content)
    assert Subscription.objects.count() == 2


def test_a_bot_filling_the_hidden_field_stores_nothing(client: Any, promise: Commitment) -> None:
    response = client.post(reverse("public:follow", args=["westmere"]),
                           {"commitment": str(promise.pk), "email": PARENT, "website": "x"})
    assert response.status_code == 302
    assert not Subscription.objects.exists()


def test_unconfirmed_addresses_are_deleted_after_seven_days(
        client: Any, promise: Commitment) -> None:
    ask(client, "commitment", str(promise.pk))
    follow_sweep()
    assert Subscription.objects.count() == 1
    follow_sweep(now=timezone.now() + dt.timedelta(days=8))
    assert not Subscription.objects.exists()
    assert not OutgoingEmail.objects.filter(key__startswith="follow-").exists()


def test_a_publication_and_a_theme_are_told_of_a_correction(
        client: Any, demo: Any, smtp_sink: tuple[Sink, int]) -> None:
    from saidanddone.publishing.models import PublicationVersion

    sink, port = smtp_sink
    version = PublicationVersion.objects.filter(
        publication__area=demo, publication__state="published").first()
    publication = version.publication
    theme = next(t for r in version.content["responses"] for t in r["themes"])
    ask(client, "publication", publication.slug)
    ask(client, "theme", theme["slug"], email="other.parent@example.org")
    deliver(port)
    for body in sink.bodies():
        client.post(link(body, "confirm"))
    # A corrected version (as publication_correct stores it).
    PublicationVersion.objects.create(publication=publication, number=version.number + 100,
                                      content=version.content, change_note="A date was wrong.")
    deliver(port)
    deliver(port)
    told = {tuple(to): m for to, m in sink.messages[2:]}
    assert set(told) == {(PARENT,), ("other.parent@example.org",)}
    assert "Corrected" in told[(PARENT,)]["Subject"]
    subject = " ".join(str(told[("other.parent@example.org",)]["Subject"]).split())
    assert theme["name"] in subject


def test_subject_access_finds_and_erasure_deletes_only_this_areas(
        client: Any, demo: Any, other_area: Any, promise: Commitment, admin_user: Any) -> None:
    ask(client, "commitment", str(promise.pk))
    Subscription.objects.create(area=other_area, email=PARENT, what="theme", target="x",
                                token_hash="e" * 64)
    sign_in(client, admin_user)
    url = reverse("workspace:data_protection", args=["westmere"])
    page = client.post(url, {"terms": PARENT.upper()})
    check_page(page.content)
    text = text_of(page.content)
    assert "E-mail subscriptions" in text and PARENT in text
    assert "1 found" in text
    mine = Subscription.objects.get(area=demo)
    client.post(url, {"terms": PARENT, "erase_subscriptions": [
        str(mine.pk), str(Subscription.objects.get(area=other_area).pk)]})
    assert not Subscription.objects.filter(area=demo).exists()
    assert Subscription.objects.filter(area=other_area).exists()  # never another area's
    entries = AuditEntry.objects.filter(action__startswith="following.")
    assert {e.action for e in entries} == {"following.subject_access_search", "following.erase"}
    assert not any(PARENT in str(e.before) + str(e.after) for e in entries)


def test_a_mail_server_that_is_down_is_retried_and_delivers_once(
        client: Any, promise: Commitment, officer: Any, admin_user: Any) -> None:
    port = free_port()  # nothing listens
    ask(client, "commitment", str(promise.pk))
    assert deliver(port) == 0
    email = OutgoingEmail.objects.get(key__startswith="follow-confirm:")
    assert email.attempts == 1 and email.last_error
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        OutgoingEmail.objects.filter(pk=email.pk).update(next_try_at=timezone.now())
        assert deliver(port) == 1
        OutgoingEmail.objects.filter(pk=email.pk).update(next_try_at=timezone.now())
        assert deliver(port) == 0
    finally:
        controller.stop()
    assert len(sink.messages) == 1


def test_the_email_is_sent_when_the_request_commits(
        client: Any, promise: Commitment, smtp_sink: tuple[Sink, int],
        django_capture_on_commit_callbacks: Any) -> None:
    sink, port = smtp_sink
    with override_settings(**smtp_settings(port)), \
            django_capture_on_commit_callbacks(execute=True):
        ask(client, "commitment", str(promise.pk))
    assert [to for to, _ in sink.messages] == [[PARENT]]
