"""The second factor (issue 11): optional for staff, required for area administrators.

Signed in with the password alone, an area administrator reaches no staff page until they have
set up an authenticator app and entered its code; anyone with an app must enter its code at
every sign-in; wrong codes are refused by name and throttled; recovery codes work once; removing
the app needs the password again and is audited."""

from __future__ import annotations

import base64
import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import hotp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from saidanddone.accounts import services
from saidanddone.accounts.middleware import BEFORE_SECOND_FACTOR
from saidanddone.accounts.rules import confirmed_device, second_factor_required
from saidanddone.core.demo_accounts import PASSWORD
from saidanddone.core.models import AuditEntry
from tests.conftest import user_with_role
from tests.core.test_url_access import WORKSPACE, kwargs_for
from tests.helpers import authenticator_for, check_page, code_from, sign_in, text_of

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
GUARDED = [(n, r) for n, r in WORKSPACE if n not in BEFORE_SECOND_FACTOR]


def _password(client: Any, user: Any, next_url: str = "") -> Any:
    data = {"username": user.get_username(), "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("login"), data)


def _code(client: Any, code: str, next_url: str = "") -> Any:
    return client.post(reverse("account:verify"), {"code": code, "next": next_url})


def _path(response: Any) -> str:
    return urlsplit(response["Location"]).path


def _next_of(response: Any) -> str:
    return parse_qs(urlsplit(response["Location"]).query).get("next", [""])[0]


def _summary(response: Any) -> str:
    soup = check_page(response.content)
    summary = soup.select_one(".govuk-error-summary")
    assert summary is not None
    return " ".join(summary.get_text().split())


# Who must have one ---------------------------------------------------------------------------

def test_area_administrators_and_superusers_must_have_one_other_staff_may(
        demo: Any, admin_user: Any, officer: Any, analyst: Any, forum: Any) -> None:
    assert second_factor_required(admin_user)
    assert not any(second_factor_required(u) for u in (officer, analyst, forum))
    analyst.is_superuser = True
    analyst.save()
    assert second_factor_required(analyst)


@pytest.mark.parametrize(("name", "route"), GUARDED)
def test_area_admin_without_an_app_is_sent_to_set_one_up_from_every_staff_page(
        client: Any, demo: Any, admin_user: Any, name: str, route: str) -> None:
    client.force_login(admin_user)  # the password only
    url = reverse(name, kwargs=kwargs_for(name, route, demo))
    entries = AuditEntry.objects.count()
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 302, name
        assert _path(response) == reverse("account:set_up"), name
    assert _next_of(client.get(url)) == url
    assert AuditEntry.objects.count() == entries  # the POST did nothing


@pytest.mark.parametrize(("name", "route"), GUARDED)
def test_area_admin_with_an_app_reaches_no_staff_page_before_the_code(
        client: Any, demo: Any, admin_user: Any, name: str, route: str) -> None:
    authenticator_for(admin_user)
    client.force_login(admin_user)
    response = client.get(reverse(name, kwargs=kwargs_for(name, route, demo)))
    assert response.status_code == 302, name
    assert _path(response) == reverse("account:verify"), name


def test_the_admin_site_is_guarded_too(client: Any, admin_user: Any) -> None:
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    for path in ("/admin/", "/admin/auth/user/", "/admin/otp_totp/totpdevice/"):
        response = client.get(path)
        assert response.status_code == 302 and _path(response) == reverse("account:set_up")


def test_public_pages_stay_open_before_the_code(client: Any, demo: Any, admin_user: Any) -> None:
    client.force_login(admin_user)
    assert client.get(reverse("public:area", args=[demo.slug])).status_code == 200


# Signing in ----------------------------------------------------------------------------------

def test_optional_staff_without_an_app_sign_in_with_the_password_alone(
        client: Any, demo: Any, officer: Any) -> None:
    response = _password(client, officer)
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:home")
    assert client.get(reverse("workspace:dashboard", args=[demo.slug])).status_code == 200


def test_staff_with_an_app_must_enter_its_code(client: Any, demo: Any, officer: Any) -> None:
    device = authenticator_for(officer)
    wanted = reverse("workspace:feedback_list", args=[demo.slug])
    response = _password(client, officer, wanted)
    assert _path(response) == reverse("account:verify") and _next_of(response) == wanted
    page = client.get(response["Location"])
    soup = check_page(page.content)
    assert soup.h1.get_text(strip=True) == "Enter the 6-digit code from your authenticator app"
    assert soup.select_one("#id_code")["autocomplete"] == "one-time-code"
    # Not yet: every staff page sends them back to the code.
    assert _path(client.get(wanted)) == reverse("account:verify")

    done = _code(client, code_from(device), wanted)
    assert done.status_code == 302 and done["Location"] == wanted
    assert client.get(wanted).status_code == 200


def test_area_admin_with_an_app_goes_from_password_to_code(client: Any, admin_user: Any) -> None:
    authenticator_for(admin_user)
    assert _path(_password(client, admin_user)) == reverse("account:verify")


def test_area_admin_without_an_app_goes_from_password_to_set_up(client: Any,
                                                               admin_user: Any) -> None:
    assert _path(_password(client, admin_user)) == reverse("account:set_up")


@pytest.mark.parametrize(("code", "message"), [
    ("", "Enter the 6-digit code"),
    ("12ab56", "Enter the 6-digit code, like 123456"),
    ("1234567", "Enter the 6-digit code, like 123456"),
])
def test_a_missing_or_malformed_code_names_the_field(client: Any, officer: Any, code: str,
                                                     message: str) -> None:
    authenticator_for(officer)
    _password(client, officer)
    response = _code(client, code)
    assert response.status_code == 200
    assert _summary(response) == f"There is a problem {message}"
    soup = BeautifulSoup(response.content, "lxml")
    assert soup.select_one(".govuk-error-summary a")["href"] == "#id_code"
    assert message in soup.select_one("#id_code-error").get_text()


def test_a_wrong_code_is_refused_with_the_named_field_message(client: Any, demo: Any,
                                                              officer: Any) -> None:
    device = authenticator_for(officer)
    _password(client, officer)
    right = code_from(device)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = _code(client, wrong)
    assert response.status_code == 200
    assert "The code is not right or has expired" in _summary(response)
    assert "The code is not right" in BeautifulSoup(response.content, "lxml").select_one(
        "#id_code-error").get_text()
    dashboard = reverse("workspace:dashboard", args=[demo.slug])
    assert _path(client.get(dashboard)) == reverse("account:verify")


def test_a_code_works_once(client: Any, officer: Any) -> None:
    device = authenticator_for(officer)
    code = code_from(device)
    _password(client, officer)
    assert _code(client, code).status_code == 302
    client.logout()
    _password(client, officer)
    replay = _code(client, code)
    assert replay.status_code == 200
    assert "The code is not right or has expired" in text_of(replay.content)


def test_the_code_that_set_it_up_cannot_sign_in_again(client: Any, officer: Any) -> None:
    key = services.new_secret()
    code = f"{hotp(bytes.fromhex(key), int(timezone.now().timestamp()) // 30):06d}"
    services.second_factor_enrol(user=officer, key_hex=key, code=code, by=officer)
    _password(client, officer)
    assert "The code is not right or has expired" in text_of(_code(client, code).content)


def test_an_old_code_has_expired(client: Any, officer: Any) -> None:
    device = authenticator_for(officer)
    now = int(timezone.now().timestamp()) // 30
    old = f"{hotp(device.bin_key, now - 3):06d}"  # 90 seconds ago
    _password(client, officer)
    assert "The code is not right or has expired" in text_of(_code(client, old).content)


def test_guessing_codes_is_throttled(client: Any, demo: Any, officer: Any) -> None:
    device = authenticator_for(officer)
    _password(client, officer)
    right = code_from(device)
    guesses = [f"{n:06d}" for n in range(30) if f"{n:06d}" != right][:20]
    for guess in guesses:
        _code(client, guess)
    device.refresh_from_db()
    # Only the first guess (and those made after a wait) are even checked: the rest are refused
    # unread, and the wait doubles with each wrong one.
    assert 1 <= device.throttling_failure_count <= 3
    refused = _code(client, right)
    assert refused.status_code == 200
    assert "You have entered a wrong code too many times. Wait" in _summary(refused)
    assert _path(client.get(reverse("workspace:home"))) == reverse("account:verify")

    # A million guesses at 2^(n-1) seconds each is out of reach: 20 in a row lock for ~6 days.
    device.throttling_failure_count = 20
    device.throttling_failure_timestamp = timezone.now()
    device.save()
    assert "Wait" in _summary(_code(client, code_from(device)))

    # Once the wait is over, the right code works and the count starts again.
    device.throttling_failure_timestamp = timezone.now() - dt.timedelta(days=7)
    device.save()
    assert _code(client, code_from(device)).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_each_wrong_code_counts_when_the_person_waits_between_guesses(client: Any,
                                                                     officer: Any) -> None:
    device = authenticator_for(officer)
    _password(client, officer)
    for attempt in range(1, 5):
        TOTPDevice.objects.filter(pk=device.pk).update(
            throttling_failure_timestamp=timezone.now() - dt.timedelta(hours=1))
        _code(client, "000000" if code_from(device) != "000000" else "111111")
        device.refresh_from_db()
        assert device.throttling_failure_count == attempt


def test_the_next_address_must_be_on_this_site(client: Any, officer: Any) -> None:
    device = authenticator_for(officer)
    _password(client, officer)
    response = _code(client, code_from(device), "https://evil.example/")
    assert response["Location"] == reverse("workspace:home")


# Recovery codes ------------------------------------------------------------------------------

def _enrolled(user: Any) -> services.Enrolled:
    key = services.new_secret()
    code = f"{hotp(bytes.fromhex(key), int(timezone.now().timestamp()) // 30):06d}"
    return services.second_factor_enrol(user=user, key_hex=key, code=code, by=user)


def test_a_recovery_code_works_once(client: Any, demo: Any, admin_user: Any) -> None:
    codes = _enrolled(admin_user).recovery_codes
    assert len(codes) == 10 and len(set(codes)) == 10
    _password(client, admin_user)
    page = client.get(reverse("account:recovery"))
    check_page(page.content)
    used = client.post(reverse("account:recovery"), {"code": codes[0].upper()})
    assert used.status_code == 302
    assert client.get(reverse("workspace:dashboard", args=[demo.slug])).status_code == 200
    assert StaticToken.objects.filter(device__user=admin_user).count() == 9
    assert AuditEntry.objects.filter(action="second_factor.recovery_code_used",
                                     actor=admin_user).count() == 1

    client.logout()
    _password(client, admin_user)
    again = client.post(reverse("account:recovery"), {"code": codes[0]})
    assert again.status_code == 200
    assert "The recovery code is not right or has already been used" in _summary(again)
    # After the one-second wait a wrong code costs, another unused code works.
    StaticDevice.objects.filter(user=admin_user).update(
        throttling_failure_timestamp=timezone.now() - dt.timedelta(seconds=2))
    assert client.post(reverse("account:recovery"), {"code": codes[1]}).status_code == 302


def test_recovery_codes_are_throttled_too(client: Any, admin_user: Any) -> None:
    codes = _enrolled(admin_user).recovery_codes
    _password(client, admin_user)
    for n in range(10):
        client.post(reverse("account:recovery"), {"code": f"guess{n:03d}"})
    refused = client.post(reverse("account:recovery"), {"code": codes[0]})
    assert "wrong code too many times" in _summary(refused)


# Setting up ----------------------------------------------------------------------------------

def _secret_on(page: Any) -> bytes:
    soup = BeautifulSoup(page.content, "lxml")
    typed = "".join(soup.select_one("#secret").get_text().split())
    return base64.b32decode(typed + "=" * (-len(typed) % 8))


def test_setting_up_shows_a_qr_code_and_the_secret_then_recovery_codes_once(
        client: Any, demo: Any, analyst: Any) -> None:
    sign_in(client, analyst)  # optional for analysts: they choose to set one up
    account = client.get(reverse("account:second_factor"))
    assert "Set up a second factor" in text_of(account.content)
    page = client.get(reverse("account:set_up"))
    soup = check_page(page.content)
    svg = soup.select_one("svg[role=img]")
    assert svg is not None and "authenticator app" in svg.title.get_text()
    secret = _secret_on(page)
    assert re.fullmatch(r"([A-Z2-7]{4} ){7}[A-Z2-7]{4}", soup.select_one("#secret").get_text())
    assert _secret_on(client.get(reverse("account:set_up"))) == secret  # a reload keeps it
    assert not TOTPDevice.objects.filter(user=analyst).exists()  # nothing saved yet

    wrong = client.post(reverse("account:set_up"), {"code": "000000"}
                        if f"{hotp(secret, int(timezone.now().timestamp()) // 30):06d}"
                        != "000000" else {"code": "111111"})
    assert "The code is not right or has expired" in _summary(wrong)
    assert not TOTPDevice.objects.filter(user=analyst).exists()

    code = f"{hotp(secret, int(timezone.now().timestamp()) // 30):06d}"
    done = client.post(reverse("account:set_up"), {"code": code[:3] + " " + code[3:]})
    assert done.status_code == 200
    shown = check_page(done.content)
    codes = [c.get_text() for c in shown.select("#recovery-codes code")]
    assert len(codes) == 10
    assert set(codes) == set(StaticToken.objects.filter(device__user=analyst)
                             .values_list("token", flat=True))
    device = confirmed_device(analyst)
    assert device is not None and device.bin_key == secret
    assert AuditEntry.objects.filter(action="second_factor.enrol", actor=analyst).exists()
    # Set up means verified for this session; the codes are never shown again.
    assert client.get(reverse("workspace:dashboard", args=[demo.slug])).status_code == 200
    again = client.get(reverse("account:set_up"))
    assert again.status_code == 302 and _path(again) == reverse("account:second_factor")
    assert codes[0] not in client.get(reverse("account:second_factor")).content.decode()


def test_the_set_up_page_has_no_inline_script_or_style(client: Any, officer: Any) -> None:
    from tests.core.test_sign_in_security import _check_no_inline_code

    sign_in(client, officer)
    _check_no_inline_code(client.get(reverse("account:set_up")), "set up")


def test_an_area_admin_who_sets_up_is_let_into_the_workspace(client: Any, demo: Any,
                                                             admin_user: Any) -> None:
    wanted = reverse("workspace:triage", args=[demo.slug])
    set_up = _password(client, admin_user, wanted)
    page = client.get(set_up["Location"])
    assert "As an area administrator you must set up a second factor" in text_of(page.content)
    secret = _secret_on(page)
    code = f"{hotp(secret, int(timezone.now().timestamp()) // 30):06d}"
    done = client.post(set_up["Location"], {"code": code, "next": wanted})
    link = BeautifulSoup(done.content, "lxml").select_one("a.govuk-button")
    assert link["href"] == wanted
    assert client.get(wanted).status_code == 200


# Removing ------------------------------------------------------------------------------------

def test_removing_the_app_needs_the_password_and_is_audited(client: Any, demo: Any,
                                                           admin_user: Any) -> None:
    _enrolled(admin_user)
    sign_in(client, admin_user)
    page = client.get(reverse("account:remove"))
    check_page(page.content)

    for password in ("", "not-my-password"):
        refused = client.post(reverse("account:remove"), {"password": password})
        assert refused.status_code == 200
        expected = "Enter your password" if not password else "The password is not right"
        assert expected in _summary(refused)
        assert confirmed_device(admin_user) is not None
    assert not AuditEntry.objects.filter(action="second_factor.remove").exists()

    removed = client.post(reverse("account:remove"), {"password": PASSWORD})
    assert _path(removed) == reverse("account:second_factor")
    assert not TOTPDevice.objects.filter(user=admin_user).exists()
    assert not StaticDevice.objects.filter(user=admin_user).exists()
    entry = AuditEntry.objects.get(action="second_factor.remove")
    assert entry.actor == admin_user
    # An area administrator must set up a new one before the workspace opens again.
    dashboard = client.get(reverse("workspace:dashboard", args=[demo.slug]))
    assert _path(dashboard) == reverse("account:set_up")


def test_optional_staff_who_remove_theirs_sign_in_with_the_password_again(
        client: Any, demo: Any, officer: Any) -> None:
    _enrolled(officer)
    sign_in(client, officer)
    client.post(reverse("account:remove"), {"password": PASSWORD})
    client.logout()
    assert _password(client, officer)["Location"] == reverse("workspace:home")


def test_only_the_person_themself_can_enrol_or_remove(admin_user: Any, officer: Any) -> None:
    _enrolled(officer)
    with pytest.raises(ValueError, match="themself"):
        services.second_factor_remove(user=officer, password=PASSWORD, by=admin_user)
    with pytest.raises(ValueError, match="themself"):
        services.second_factor_enrol(user=admin_user, key_hex=services.new_secret(),
                                     code="123456", by=officer)
    assert confirmed_device(officer) is not None


# The demo ------------------------------------------------------------------------------------

@override_settings(SAIDANDDONE_SECOND_FACTOR_DEMO_WAIVER=True, SAIDANDDONE_DEMO=True)
def test_the_local_demo_waives_it_for_the_demos_own_admin_only(client: Any, demo: Any,
                                                               admin_user: Any) -> None:
    client.force_login(admin_user)
    assert client.get(reverse("workspace:dashboard", args=[demo.slug])).status_code == 200
    council_admin = user_with_role(demo, "council-admin", "area_admin")
    assert second_factor_required(council_admin)
    # A demo user who chooses to set one up is asked for it, like anyone else.
    authenticator_for(admin_user)
    client.logout()
    assert _path(_password(client, admin_user)) == reverse("account:verify")


@override_settings(SAIDANDDONE_SECOND_FACTOR_DEMO_WAIVER=True, SAIDANDDONE_DEMO=False)
def test_the_waiver_does_nothing_and_fails_the_checks_outside_a_demo_site(admin_user: Any) -> None:
    from django.core.management.base import SystemCheckError

    assert second_factor_required(admin_user)
    with pytest.raises(SystemCheckError, match="E201"):
        call_command("check")


def test_only_local_settings_waive_it() -> None:
    code = ("from django.conf import settings; "
            "print(settings.SAIDANDDONE_SECOND_FACTOR_DEMO_WAIVER)")
    for module, expected in (("local", "True"), ("production", "False"), ("test", "False")):
        out = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {code}"],
            env={**os.environ, "DJANGO_SETTINGS_MODULE": f"saidanddone.settings.{module}",
                 "SECRET_KEY": "x" * 60, "PYTHONPATH": str(ROOT / "src"),
                 "SAIDANDDONE_DEMO": "1", "SAIDANDDONE_SECOND_FACTOR_DEMO_WAIVER": "1"},
            capture_output=True, text=True, check=True, cwd=ROOT)
        assert out.stdout.strip() == expected, module


def test_the_operator_can_reset_a_lost_phone_and_it_is_audited(client: Any, admin_user: Any,
                                                              officer: Any) -> None:
    import io

    from django.core.management import CommandError

    _enrolled(admin_user)
    out = io.StringIO()
    call_command("resetsecondfactor", "admin", stdout=out)
    assert "Removed the second factor of 'admin'" in out.getvalue()
    assert confirmed_device(admin_user) is None
    assert not StaticDevice.objects.filter(user=admin_user).exists()
    assert AuditEntry.objects.filter(action="second_factor.reset").count() == 1
    call_command("resetsecondfactor", "admin", stdout=out)
    assert "nothing changed" in out.getvalue()
    with pytest.raises(CommandError, match="no account"):
        call_command("resetsecondfactor", "nobody", stdout=out)
    # A colleague cannot do it for someone else; the person signs in and sets up again.
    _enrolled(admin_user)
    with pytest.raises(ValueError, match="superuser"):
        services.second_factor_reset(user=admin_user, by=officer)
    assert confirmed_device(admin_user) is not None


def test_the_admin_lists_devices_but_never_shows_a_secret(client: Any, admin_user: Any,
                                                         officer: Any) -> None:
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    device = _enrolled(officer).device
    sign_in(client, admin_user)
    listing = client.get("/admin/otp_totp/totpdevice/")
    assert listing.status_code == 200 and officer.get_username() in text_of(listing.content)
    page = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/")
    assert page.status_code == 200
    body = page.content.decode()
    assert device.key not in body and services.secret_for_typing(device.key) not in body
    for view in ("config", "qrcode"):
        assert client.get(f"/admin/otp_totp/totpdevice/{device.pk}/{view}/").status_code == 403
