"""Sign-in with the council's identity provider (issue 14, part 7; decision 0224), against a
fake provider that is a real HTTP server on 127.0.0.1: the whole code flow through Django's test
client (to the provider's authorize endpoint and back to the callback), with the ID token signed
by a key made for the test."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.core.checks import run_checks
from django.urls import reverse

from saidanddone.areas.models import Invitation, Membership, Role
from saidanddone.areas.services import invitation_create
from saidanddone.core.audit import AuditAction
from saidanddone.core.demo_accounts import PASSWORD
from saidanddone.core.models import AuditEntry
from tests.accounts.fake_idp import FakeIdP, Person, Running
from tests.helpers import authenticator_for, check_page, text_of

pytestmark = pytest.mark.django_db

OFFICER_EMAIL = "Sam.Officer@Westmere.example"  # stored mixed-case: the match ignores case


@pytest.fixture
def idp(settings: Any) -> Iterator[FakeIdP]:
    with Running(FakeIdP(person=Person(email=OFFICER_EMAIL.lower()))) as fake:
        settings.SAIDANDDONE_OIDC = fake.settings()
        settings.ROOT_URLCONF = "tests.accounts.oidc_urlconf"
        yield fake


@pytest.fixture
def officer_with_email(officer: Any) -> Any:
    officer.email = OFFICER_EMAIL
    officer.save(update_fields=["email"])
    return officer


def _to_provider(client: Any, next_url: str = "") -> requests.Response:
    start = client.get(reverse("account:oidc_start")
                       + (f"?{urlencode({'next': next_url})}" if next_url else ""))
    assert start.status_code == 302
    assert start["Location"].startswith("http://127.0.0.1:")
    answer = requests.get(start["Location"], allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    return answer


def _back(client: Any, location: str, **change: str) -> Any:
    url = urlsplit(location)
    assert url.path == reverse("account:oidc_callback")
    query = dict(part.split("=", 1) for part in url.query.split("&"))
    query.update(change)
    return client.get(url.path, query)


def flow(client: Any, next_url: str = "") -> Any:
    """Sign-in page -> the provider -> back to the callback; the callback's answer."""
    return _back(client, _to_provider(client, next_url).headers["Location"])


def signed_in_as(client: Any) -> Any:
    response = client.get(reverse("workspace:home"))
    return response.wsgi_request.user if response.wsgi_request.user.is_authenticated else None


def refusals() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=AuditAction.ACCOUNT_OIDC_REFUSED))


# Off unless configured ---------------------------------------------------------------------

def test_without_settings_nothing_appears_and_the_addresses_are_not_found(client: Any,
                                                                            settings: Any) -> None:
    settings.SAIDANDDONE_OIDC = {}
    page = client.get(reverse("login"))
    assert "Sign in with" not in text_of(page.content)
    assert client.get("/accounts/login/provider/").status_code == 404
    assert client.get("/accounts/login/provider/callback/?code=x&state=y").status_code == 404
    # Even where the addresses exist, they answer 404 once the settings are gone.
    settings.ROOT_URLCONF = "tests.accounts.oidc_urlconf"
    assert client.get("/accounts/login/provider/").status_code == 404
    assert client.get("/accounts/login/provider/callback/?code=x&state=y").status_code == 404


def test_malformed_settings_stop_the_start_with_a_clear_error(settings: Any) -> None:
    settings.SAIDANDDONE_OIDC = {}
    assert not [e for e in run_checks() if e.id == "saidanddone.E202"]
    settings.SAIDANDDONE_OIDC = {"OIDC_CLIENT_ID": "x", "OIDC_ISSUER": "http://idp.example.org",
                                 "OIDC_SIGNING_ALGORITHM": "HS256"}
    errors = [e.msg for e in run_checks() if e.id == "saidanddone.E202"]
    assert any("OIDC_CLIENT_SECRET is not set" in m for m in errors)
    assert any("OIDC_ISSUER must use https" in m for m in errors)
    assert any("OIDC_SIGNING_ALGORITHM must be RS256" in m for m in errors)


def test_whole_settings_pass_the_check(idp: FakeIdP) -> None:
    assert not [e for e in run_checks() if e.id == "saidanddone.E202"]


def test_the_sign_in_page_offers_the_provider_beside_the_password(client: Any,
                                                                 idp: FakeIdP) -> None:
    page = client.get(reverse("login") + "?next=/workspace/")
    soup = check_page(page.content, "login")
    link = soup.select_one("main a.govuk-button")
    assert link is not None and link.get_text(strip=True) == "Sign in with Westmere Council"
    assert link["href"] == reverse("account:oidc_start") + "?next=/workspace/"
    assert soup.select_one("#id_username") is not None  # local accounts remain


# Who may come in ---------------------------------------------------------------------------

def test_a_known_member_of_staff_signs_in_by_their_verified_address(
        client: Any, idp: FakeIdP, officer_with_email: Any) -> None:
    response = flow(client, next_url=reverse("workspace:dashboard", args=["westmere"]))
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:dashboard", args=["westmere"])
    assert signed_in_as(client) == officer_with_email
    # PKCE: the verifier went with the code, and the provider checked it.
    assert idp.token_requests[-1]["code_verifier"]
    entry = AuditEntry.objects.get(action=AuditAction.ACCOUNT_OIDC_SIGN_IN)
    assert entry.actor == officer_with_email
    assert entry.after["provider"] == "Westmere Council"
    assert get_user_model().objects.filter(email__iexact=OFFICER_EMAIL).count() == 1


def test_an_unknown_address_is_refused_and_nothing_is_made(client: Any, idp: FakeIdP) -> None:
    idp.person = Person(email="stranger@elsewhere.example")
    users, members = get_user_model().objects.count(), Membership.objects.count()
    response = flow(client)
    assert response.status_code == 403
    text = text_of(check_page(response.content, "refused").encode())
    assert "There is no account here for stranger@elsewhere.example" in text
    assert "Ask your area administrator" in text
    assert signed_in_as(client) is None
    assert (get_user_model().objects.count(), Membership.objects.count()) == (users, members)
    [entry] = refusals()
    assert entry.after["reason"] == "unknown"
    assert entry.after["email"] == "stranger@elsewhere.example"


def test_an_invited_address_gets_its_account_and_role(client: Any, idp: FakeIdP, demo: Any,
                                                      admin_user: Any) -> None:
    invitation_create(area=demo, email="New.Analyst@Westmere.example", role=Role.ANALYST,
                      by=admin_user)
    idp.person = Person(email="new.analyst@westmere.example", given_name="Nia",
                        family_name="Analyst", sub="nia")
    response = flow(client)
    assert response.status_code == 302
    user = get_user_model().objects.get(email__iexact="new.analyst@westmere.example")
    assert signed_in_as(client) == user
    assert not user.has_usable_password()  # they sign in through the provider
    assert (user.first_name, user.last_name) == ("Nia", "Analyst")
    assert Membership.objects.get(user=user, area=demo).role == Role.ANALYST
    invitation = Invitation.objects.get(email__iexact="new.analyst@westmere.example")
    assert invitation.accepted_by == user
    assert AuditEntry.objects.filter(action=AuditAction.MEMBERSHIP_INVITE_ACCEPT,
                                     object_id=str(invitation.pk)).exists()


def test_a_withdrawn_invitation_lets_nobody_in(client: Any, idp: FakeIdP, demo: Any,
                                               admin_user: Any) -> None:
    from saidanddone.areas.services import invitation_withdraw

    invitation = invitation_create(area=demo, email="gone@westmere.example", role=Role.ANALYST,
                                   by=admin_user)
    invitation_withdraw(invitation=invitation, by=admin_user)
    idp.person = Person(email="gone@westmere.example")
    assert flow(client).status_code == 403
    assert not get_user_model().objects.filter(email__iexact="gone@westmere.example").exists()


@pytest.mark.parametrize(("change", "reason"), [
    ("inactive", "is switched off"), ("no_role", "has no role in any area")])
def test_an_account_that_may_not_work_here_is_refused(client: Any, idp: FakeIdP,
                                                      officer_with_email: Any, change: str,
                                                      reason: str) -> None:
    if change == "inactive":
        officer_with_email.is_active = False
        officer_with_email.save(update_fields=["is_active"])
    else:
        Membership.objects.filter(user=officer_with_email).delete()
    response = flow(client)
    assert response.status_code == 403
    assert reason in text_of(response.content)
    assert signed_in_as(client) is None
    assert refusals()[0].object_id == str(officer_with_email.pk)


def test_an_unverified_address_is_refused_unless_it_is_the_councils_own(
        client: Any, idp: FakeIdP, settings: Any, officer_with_email: Any) -> None:
    idp.person = Person(email=OFFICER_EMAIL.lower(), email_verified=None)  # as Entra ID sends
    response = flow(client)
    assert response.status_code == 403
    assert "did not give a verified e-mail address" in text_of(response.content)
    idp.person = Person(email=OFFICER_EMAIL.lower(), email_verified=False)
    assert flow(client).status_code == 403
    # The council's own domain (its tenant's verified domain) is trusted without the claim.
    settings.SAIDANDDONE_OIDC = idp.settings(OIDC_EMAIL_DOMAINS="westmere.example")
    assert flow(client).status_code == 302
    assert signed_in_as(client) == officer_with_email


def test_two_accounts_with_one_address_are_refused(client: Any, idp: FakeIdP,
                                                   officer_with_email: Any,
                                                   analyst: Any) -> None:
    analyst.email = OFFICER_EMAIL.upper()
    analyst.save(update_fields=["email"])
    response = flow(client)
    assert response.status_code == 403
    assert "More than one account" in text_of(response.content)


# The provider's answer is checked --------------------------------------------------------

@pytest.mark.parametrize("misbehaviour", [
    {"tamper_signature": True}, {"sign_with_other_key": True}, {"expired": True},
    {"audience": "another-service"}, {"issuer_override": "https://login.example.org/other"},
    {"wrong_nonce": True}, {"userinfo_sub": "someone-else"},
])
def test_an_untrustworthy_answer_is_refused(client: Any, idp: FakeIdP, officer_with_email: Any,
                                            misbehaviour: dict[str, Any]) -> None:
    for name, value in misbehaviour.items():
        setattr(idp, name, value)
    response = flow(client)
    assert response.status_code == 403
    assert "could not be checked" in text_of(response.content)
    assert signed_in_as(client) is None
    [entry] = refusals()
    assert entry.after["reason"] == "token"


def test_a_state_that_does_not_match_is_refused(client: Any, idp: FakeIdP,
                                                officer_with_email: Any) -> None:
    location = _to_provider(client).headers["Location"]
    response = _back(client, location, state="forged-state")
    assert response.status_code == 403
    assert "did not match this browser" in text_of(response.content)
    assert signed_in_as(client) is None
    # The provider's answer for another browser (no state in this session) is refused too.
    other = client.__class__()
    assert _back(other, location).status_code == 403


def test_an_answer_is_used_once(client: Any, idp: FakeIdP, officer_with_email: Any) -> None:
    location = _to_provider(client).headers["Location"]
    assert _back(client, location).status_code == 302
    client.logout()
    assert _back(client, location).status_code == 403  # its state was spent


def test_a_code_the_provider_refuses_is_refused(client: Any, idp: FakeIdP,
                                                officer_with_email: Any) -> None:
    location = _to_provider(client).headers["Location"]
    idp.codes.clear()  # the provider no longer knows the code (used, expired or forged)
    response = _back(client, location)
    assert response.status_code == 403
    assert "could not be checked" in text_of(response.content)
    assert refusals()[0].after["reason"] == "token"


def test_a_provider_that_cannot_be_reached_is_not_held_against_anyone(
        client: Any, idp: FakeIdP, settings: Any, officer_with_email: Any) -> None:
    location = _to_provider(client).headers["Location"]
    settings.SAIDANDDONE_OIDC = idp.settings(OIDC_TOKEN_ENDPOINT="http://127.0.0.1:9/token")
    response = _back(client, location)
    assert response.status_code == 502
    assert "could not be reached" in text_of(response.content)
    assert refusals() == []


def test_a_cancelled_sign_in_says_so(client: Any, idp: FakeIdP) -> None:
    location = _to_provider(client).headers["Location"]
    url = urlsplit(location)
    response = client.get(url.path, {"error": "access_denied", "state": "whatever"})
    assert response.status_code == 403
    assert "did not sign you in" in text_of(response.content)


# Throttling ------------------------------------------------------------------------------

def test_refused_sign_ins_are_throttled(client: Any, idp: FakeIdP, settings: Any) -> None:
    idp.person = Person(email="stranger@elsewhere.example")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert flow(client).status_code == 403
    tipped = flow(client)  # the attempt that reaches the limit says so at once
    assert tipped.status_code == 429
    assert "too many refused sign-ins" in text_of(tipped.content)
    assert flow(client).status_code == 429
    assert len(refusals()) == settings.AXES_FAILURE_LIMIT


def test_untrustworthy_answers_are_throttled(client: Any, idp: FakeIdP, settings: Any,
                                             officer_with_email: Any) -> None:
    idp.tamper_signature = True
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert flow(client).status_code == 403
    assert flow(client).status_code == 429
    idp.tamper_signature = False  # now a good answer, from the same connection: still paused
    assert flow(client).status_code == 429
    assert signed_in_as(client) is None


def test_an_account_locked_by_wrong_passwords_stays_locked_here(
        client: Any, idp: FakeIdP, settings: Any, officer_with_email: Any) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "officer", "password": "wrong-password"})
    response = flow(client)
    assert response.status_code == 429
    assert signed_in_as(client) is None


# The second factor -----------------------------------------------------------------------

def _admin_with_email(admin_user: Any) -> Any:
    admin_user.email = "ada.admin@westmere.example"
    admin_user.save(update_fields=["email"])
    authenticator_for(admin_user)
    return admin_user


def test_an_area_admin_still_owes_our_code_by_default(client: Any, idp: FakeIdP,
                                                      admin_user: Any) -> None:
    _admin_with_email(admin_user)
    idp.person = Person(email="ada.admin@westmere.example", amr=["pwd", "mfa"])
    assert flow(client).status_code == 302
    page = client.get(reverse("workspace:dashboard", args=["westmere"]))
    assert page.status_code == 302
    assert urlsplit(page["Location"]).path == reverse("account:verify")


def test_the_providers_mfa_is_accepted_only_where_trusted_and_shown(
        client: Any, idp: FakeIdP, settings: Any, admin_user: Any) -> None:
    _admin_with_email(admin_user)
    settings.SAIDANDDONE_OIDC = idp.settings(OIDC_TRUST_MFA="true")
    dashboard = reverse("workspace:dashboard", args=["westmere"])
    # Trusted, but the token shows a password only: our code is still asked for.
    idp.person = Person(email="ada.admin@westmere.example", amr=["pwd"])
    assert flow(client).status_code == 302
    assert client.get(dashboard).status_code == 302
    client.logout()
    # Trusted and shown: straight in.
    idp.person = Person(email="ada.admin@westmere.example", amr=["pwd", "mfa"])
    assert flow(client).status_code == 302
    assert client.get(dashboard).status_code == 200
    assert AuditEntry.objects.filter(action=AuditAction.ACCOUNT_OIDC_SIGN_IN).first().after[
        "provider_mfa"] is True
    # Turning the trust off takes effect at once for sessions already signed in.
    settings.SAIDANDDONE_OIDC = idp.settings(OIDC_TRUST_MFA="false")
    assert client.get(dashboard).status_code == 302


def test_only_the_signed_id_token_can_show_mfa(client: Any, idp: FakeIdP, settings: Any,
                                               admin_user: Any) -> None:
    _admin_with_email(admin_user)
    settings.SAIDANDDONE_OIDC = idp.settings(OIDC_TRUST_MFA="true")
    idp.person = Person(email="ada.admin@westmere.example", amr=None)
    idp.userinfo_amr = ["mfa"]
    assert flow(client).status_code == 302
    assert client.get(reverse("workspace:dashboard", args=["westmere"])).status_code == 302


def test_a_password_sign_in_does_not_inherit_the_providers_mfa(
        client: Any, idp: FakeIdP, settings: Any, admin_user: Any) -> None:
    _admin_with_email(admin_user)
    settings.SAIDANDDONE_OIDC = idp.settings(OIDC_TRUST_MFA="true")
    idp.person = Person(email="ada.admin@westmere.example", amr=["mfa"])
    assert flow(client).status_code == 302
    client.post(reverse("login"), {"username": "admin", "password": PASSWORD})
    dashboard = reverse("workspace:dashboard", args=["westmere"])
    assert client.get(dashboard).status_code == 302  # the code again

