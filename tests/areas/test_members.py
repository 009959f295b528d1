"""An area's administrator runs its membership without a shell (issue 14): invite by e-mail
with a one-time link that expires (sent by real SMTP), change roles, remove people; the area is
never left without an administrator, and every change is audited."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from saidanddone.areas.models import Invitation, Membership, Role
from saidanddone.core.models import AuditEntry
from tests.conftest import Sink, free_port, smtp_settings
from tests.helpers import check_page, sign_in, text_of

pytestmark = pytest.mark.django_db
PASSWORD = "kettle orchard lantern 42"


def members_url(area: Any) -> str:
    return reverse("workspace:members", args=[area.slug])


def invite(client: Any, area: Any, port: int, email: str, role: str = "send_officer") -> Any:
    with override_settings(**smtp_settings(port)):
        return client.post(members_url(area), {"action": "invite", "email": email,
                                               "role": role}, follow=True)


def link_in(sink: Sink) -> str:
    (body,) = sink.bodies()[-1:]
    match = re.search(r"https?://\S+/invitations/(\S+)/", body)
    assert match, body
    return reverse("invitation", args=[match.group(1)])


def test_an_invited_officer_makes_an_account_and_signs_in(
        client: Any, demo: Any, admin_user: Any, smtp_sink: tuple[Sink, int]) -> None:
    sink, port = smtp_sink
    sign_in(client, admin_user)
    sent = invite(client, demo, port, "New.Officer@Westmere.example")
    assert "An invitation was sent to new.officer@westmere.example" in text_of(sent.content)
    (recipients, message), = sink.messages
    assert recipients == ["new.officer@westmere.example"]
    assert "Westmere" in message["Subject"]
    invitation = Invitation.objects.get(email="new.officer@westmere.example")
    link = link_in(sink)
    assert invitation.token_hash not in link  # only the hash is stored, never the link
    client.logout()

    page = client.get(link)
    assert "Join Westmere" in text_of(page.content)
    check_page(page.content, "invitation")
    joined = client.post(link, {"first_name": "Nia", "last_name": "Okafor",
                                "username": "nia.okafor", "password": PASSWORD,
                                "password_again": PASSWORD}, follow=True)
    assert joined.redirect_chain[-1][0] == reverse("workspace:dashboard", args=[demo.slug])
    user = get_user_model().objects.get(username="nia.okafor")
    assert user.email == "new.officer@westmere.example" and user.check_password(PASSWORD)
    assert Membership.objects.get(area=demo, user=user).role == Role.SEND_OFFICER
    # The link works once.
    client.logout()
    again = client.get(link)
    assert "This invitation link does not work" in text_of(again.content)
    assert client.post(link, {"username": "someone.else", "password": PASSWORD,
                              "password_again": PASSWORD, "first_name": "A",
                              "last_name": "B"}).status_code == 200
    assert not get_user_model().objects.filter(username="someone.else").exists()
    actions = set(AuditEntry.objects.filter(area=demo).values_list("action", flat=True))
    assert {"membership.invite", "membership.invite_accept", "membership.set"} <= actions


def test_an_expired_or_withdrawn_link_does_not_work(
        client: Any, demo: Any, admin_user: Any, smtp_sink: tuple[Sink, int]) -> None:
    sink, port = smtp_sink
    sign_in(client, admin_user)
    invite(client, demo, port, "late@westmere.example", "analyst")
    late = link_in(sink)
    Invitation.objects.filter(email="late@westmere.example").update(
        expires_at=timezone.now() - dt.timedelta(minutes=1))
    invite(client, demo, port, "withdrawn@westmere.example", "analyst")
    withdrawn = link_in(sink)
    invitation = Invitation.objects.get(email="withdrawn@westmere.example")
    client.post(members_url(demo), {"action": "withdraw", "invitation": str(invitation.pk)})
    client.logout()
    for link in (late, withdrawn, reverse("invitation", args=["made-up"])):
        page = client.get(link)
        assert "This invitation link does not work" in text_of(page.content)


def test_a_mail_server_that_is_down_saves_nothing(client: Any, demo: Any,
                                                  admin_user: Any) -> None:
    sign_in(client, admin_user)
    page = invite(client, demo, free_port(), "nobody@westmere.example")  # nothing listens
    assert "could not be sent" in text_of(page.content)
    assert not Invitation.objects.filter(email="nobody@westmere.example").exists()
    assert not AuditEntry.objects.filter(action="membership.invite").exists()


@pytest.mark.parametrize(("data", "message"), [
    ({"email": "", "role": "analyst"}, "Enter the e-mail address"),
    ({"email": "not an address", "role": "analyst"}, "as an e-mail address"),
    ({"email": "a@westmere.example"}, "Select the role"),
    ({"email": "officer@westmere.example", "role": "analyst"}, "is already a member"),
])
def test_a_wrong_invitation_is_named_and_nothing_sent(
        client: Any, demo: Any, admin_user: Any, smtp_sink: tuple[Sink, int],
        data: dict[str, str], message: str) -> None:
    sink, port = smtp_sink
    sign_in(client, admin_user)
    with override_settings(**smtp_settings(port)):
        page = client.post(members_url(demo), {"action": "invite", **data})
    soup = check_page(page.content, "invite with a mistake")
    assert message in text_of(str(soup.select_one(".govuk-error-summary")))
    assert sink.messages == [] and not Invitation.objects.exists()


def test_a_weak_or_mismatched_password_is_named(
        client: Any, demo: Any, admin_user: Any, smtp_sink: tuple[Sink, int]) -> None:
    sink, port = smtp_sink
    sign_in(client, admin_user)
    invite(client, demo, port, "weak@westmere.example")
    link = link_in(sink)
    client.logout()
    base = {"first_name": "Sam", "last_name": "Lee", "username": "sam.lee"}
    short = client.post(link, {**base, "password": "abc", "password_again": "abc"})
    assert "too short" in text_of(short.content)
    different = client.post(link, {**base, "password": PASSWORD, "password_again": "other"})
    assert "The passwords do not match" in text_of(different.content)
    taken = client.post(link, {**base, "username": "officer", "password": PASSWORD,
                               "password_again": PASSWORD})
    assert "That username is taken" in text_of(taken.content)
    assert not get_user_model().objects.filter(email="weak@westmere.example").exists()
    assert Invitation.objects.get(email="weak@westmere.example").accepted_at is None


def test_a_signed_in_person_joins_with_one_button(
        client: Any, demo: Any, admin_user: Any, other_area: Any, other_officer: Any,
        smtp_sink: tuple[Sink, int]) -> None:
    sink, port = smtp_sink
    other_officer.email = "eastbrook.officer@eastbrook.example"
    other_officer.save()
    sign_in(client, admin_user)
    invite(client, demo, port, other_officer.email, "analyst")
    link = link_in(sink)
    client.logout()
    sign_in(client, other_officer)
    assert "Join Westmere" in text_of(client.get(link).content)
    client.post(link)
    assert Membership.objects.get(area=demo, user=other_officer).role == Role.ANALYST
    assert Membership.objects.get(area=other_area, user=other_officer).role == Role.SEND_OFFICER


def test_roles_change_and_people_leave_but_an_administrator_always_stays(
        client: Any, demo: Any, admin_user: Any, analyst: Any) -> None:
    sign_in(client, admin_user)
    mine = Membership.objects.get(area=demo, user=admin_user)
    theirs = Membership.objects.get(area=demo, user=analyst)
    edit = reverse("workspace:member_edit", args=[demo.slug, theirs.pk])
    assert client.post(edit, {"role": "send_officer"}).status_code == 302
    theirs.refresh_from_db()
    assert theirs.role == Role.SEND_OFFICER
    # The only administrator cannot step down or leave.
    Membership.objects.filter(area=demo, role=Role.AREA_ADMIN).exclude(pk=mine.pk).delete()
    refused = client.post(reverse("workspace:member_edit", args=[demo.slug, mine.pk]),
                          {"role": "analyst"})
    assert "needs at least one administrator" in text_of(refused.content)
    left = client.post(reverse("workspace:member_remove", args=[demo.slug, mine.pk]))
    assert "needs at least one administrator" in text_of(left.content)
    mine.refresh_from_db()
    assert mine.role == Role.AREA_ADMIN
    # Anyone else can be removed; their account stays.
    client.post(reverse("workspace:member_remove", args=[demo.slug, theirs.pk]))
    assert not Membership.objects.filter(pk=theirs.pk).exists()
    assert get_user_model().objects.filter(pk=analyst.pk).exists()
    entry = AuditEntry.objects.filter(action="membership.remove").latest("at")
    assert entry.before == {"user": "analyst", "role": "send_officer"}


@pytest.mark.parametrize("username", ["officer", "analyst", "forum"])
def test_only_an_administrator_manages_members(client: Any, demo: Any, username: str,
                                               admin_user: Any) -> None:
    sign_in(client, get_user_model().objects.get(username=username))
    admin = Membership.objects.get(area=demo, user=admin_user)
    assert client.get(members_url(demo)).status_code == 403
    assert client.post(members_url(demo), {"action": "invite", "email": "x@y.example",
                                           "role": "area_admin"}).status_code == 403
    assert client.post(reverse("workspace:member_remove",
                               args=[demo.slug, admin.pk])).status_code == 403
    assert Membership.objects.filter(pk=admin.pk).exists()
    assert not Invitation.objects.exists()


def test_the_service_itself_refuses_a_used_or_expired_link(
        client: Any, demo: Any, admin_user: Any, smtp_sink: tuple[Sink, int]) -> None:
    from saidanddone.areas.services import invitation_accept

    sink, port = smtp_sink
    sign_in(client, admin_user)
    invite(client, demo, port, "twice@westmere.example", "analyst")
    token = link_in(sink).rstrip("/").rsplit("/", 1)[-1]
    invitation_accept(token=token, username="twice", password=PASSWORD)
    with pytest.raises(ValueError, match="not valid"):
        invitation_accept(token=token, username="twice.again", password=PASSWORD)
    Invitation.objects.update(accepted_at=None, expires_at=timezone.now())
    with pytest.raises(ValueError, match="not valid"):
        invitation_accept(token=token, username="twice.later", password=PASSWORD)
