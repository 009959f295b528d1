"""Helpers shared by the web tests: page checks that every rendered page must pass, and
signing in the way a member of staff does (password, then the second factor where they have
one or must have one)."""

from __future__ import annotations

import time
from typing import Any

from bs4 import BeautifulSoup


def check_page(html: str | bytes, where: str = "") -> BeautifulSoup:
    """One h1; a <title> that starts with it; every form field labelled; errors summarised."""
    soup = BeautifulSoup(html, "lxml")
    h1s = soup.find_all("h1")
    assert len(h1s) == 1, f"{where}: expected one h1, found {len(h1s)}"
    h1 = " ".join(h1s[0].get_text().split())
    title = " ".join((soup.title.get_text() if soup.title else "").split())
    assert title.startswith(h1), f"{where}: title {title!r} does not start with h1 {h1!r}"
    assert soup.html and soup.html.get("lang") == "en-GB", f"{where}: no lang on <html>"
    for field in soup.select("input, select, textarea"):
        if field.get("type") in {"hidden", "submit", "button"}:
            continue
        field_id = field.get("id")
        labelled = (field_id and soup.find("label", attrs={"for": field_id})) or field.get(
            "aria-label") or field.find_parent("label")
        assert labelled, f"{where}: field {field.get('name')!r} has no label"
    if soup.select(".govuk-error-message"):
        assert soup.select_one(".govuk-error-summary"), f"{where}: errors without a summary"
    order = {id(element): i for i, element in enumerate(soup.find_all(True))}
    for summary in soup.select(".govuk-error-summary"):
        # At the top of the page (GOV.UK): not down inside one of the forms, and before the
        # first message beside a field.
        assert summary.find_parent("form") is None, f"{where}: error summary inside a form"
        first = soup.select_one(".govuk-error-message")
        if first is not None:
            assert order[id(summary)] < order[id(first)], f"{where}: summary below an error"
    for link in soup.select(".govuk-error-summary a[href^='#']"):
        target = link["href"][1:]
        assert target and soup.find(id=target), f"{where}: error link to missing #{target}"
    return soup


def text_of(html: str | bytes) -> str:
    return " ".join(BeautifulSoup(html, "lxml").get_text(" ").split())


def authenticator_for(user: Any) -> Any:
    """The user's authenticator app, set up as the test's phone if they have none."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from saidanddone.accounts.rules import confirmed_device

    return confirmed_device(user) or TOTPDevice.objects.create(
        user=user, name="Test phone", confirmed=True, tolerance=1)


def code_from(device: Any) -> str:
    """The code the phone would show: for the newest time step the device has not used yet
    (a code works once, and one step ahead is accepted), waiting for the clock if need be."""
    from django_otp.oath import hotp

    device.refresh_from_db()
    now = int(time.time() - device.t0) // device.step + device.drift
    step = max(now, device.last_t + 1)
    if step > now + device.tolerance:
        time.sleep((step - device.tolerance) * device.step + device.t0 - time.time() + 0.1)
    return f"{hotp(device.bin_key, step, digits=device.digits):0{device.digits}d}"


def sign_in(client: Any, user: Any) -> Any:
    """Signed in as this user, with the second factor passed where they have one or must have
    one (area administrators, superusers): as after typing the password and the code."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from saidanddone.accounts.rules import confirmed_device, second_factor_required

    client.force_login(user)
    if second_factor_required(user) or confirmed_device(user) is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = authenticator_for(user).persistent_id
        session.save()
    return client
