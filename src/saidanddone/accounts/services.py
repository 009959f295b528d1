"""Every change to a member of staff's second factor: set up, code checks, removal. Audited."""

from __future__ import annotations

import base64
import logging
import time
from dataclasses import dataclass
from typing import Any

import django_otp
from django.db import transaction
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from saidanddone.accounts.rules import confirmed_device
from saidanddone.areas.actors import Actor, SystemActor
from saidanddone.core.audit import AuditAction, audit

logger = logging.getLogger(__name__)

RECOVERY_CODE_COUNT = 10
DEVICE_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"
# How many 30-second steps either side of now a code is accepted: phones' clocks drift.
TOLERANCE = 1

# After this many wrong codes in a row the wait is long enough (4 s, 8 s, … doubling) to say so.
NOTICE_AFTER = 3

WRONG_CODE = "The code is not right or has expired"
WRONG_RECOVERY_CODE = "The recovery code is not right or has already been used"
WRONG_PASSWORD = "The password is not right"  # noqa: S105  (a message, not a secret)


class Throttled(ValueError):
    """Too many wrong codes: the device refuses every code, right or wrong, until ``until``."""

    def __init__(self, until: Any) -> None:
        self.until = until
        seconds = max(1, int((until - timezone.now()).total_seconds() + 0.999))
        super().__init__(f"You have entered a wrong code too many times. Wait {_wait(seconds)}, "
                         "then try again")


def _wait(seconds: int) -> str:
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= 2 * size:
            count = -(-seconds // size)  # rounded up: never tell someone to come back too soon
            return f"{count} {unit}s"
    return f"{seconds} second{'s' if seconds != 1 else ''}"


def new_secret() -> str:
    """A new TOTP secret, hex as django-otp stores it (20 random bytes, as RFC 4226 advises)."""
    return str(random_hex(20))


def secret_for_typing(key_hex: str) -> str:
    """The secret as an authenticator app asks for it by hand: base32, in groups of four."""
    text = base64.b32encode(bytes.fromhex(key_hex)).decode("ascii").rstrip("=")
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


def setup_url(*, user: Any, key_hex: str) -> str:
    """The otpauth:// address the QR code carries (issuer and account name, as apps show)."""
    return str(TOTPDevice(user=user, key=key_hex, name=DEVICE_NAME).config_url)


def _clean_code(code: str) -> str:
    return "".join(code.split()).replace("-", "")


def _matching_step(key_hex: str, code: str) -> int | None:
    """The time step a code belongs to, within the tolerance, or None."""
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = TOTP(bytes.fromhex(key_hex), step=30, t0=0, digits=6)
    totp.time = time.time()
    return totp.t() if totp.verify(int(code), tolerance=TOLERANCE) else None


def _new_recovery_codes(user: Any) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


@dataclass(frozen=True)
class Enrolled:
    device: TOTPDevice
    recovery_codes: list[str]


@transaction.atomic
def second_factor_enrol(*, user: Any, key_hex: str, code: str, by: Actor) -> Enrolled:
    """Save the authenticator app once a code from it proves it was set up with this secret,
    and make a fresh set of single-use recovery codes. Nothing is saved if the code is wrong."""
    if by != user:
        raise ValueError("Only the member of staff themself can set up their second factor")
    if confirmed_device(user) is not None:
        raise ValueError("You already have a second factor. Remove it first to set up another")
    step = _matching_step(key_hex, _clean_code(code))
    if step is None:
        raise ValueError(WRONG_CODE)
    TOTPDevice.objects.filter(user=user).delete()  # any half-made one from an older attempt
    device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, key=key_hex, confirmed=True,
                                       tolerance=TOLERANCE, last_t=step)
    codes = _new_recovery_codes(user)
    audit(action=AuditAction.SECOND_FACTOR_ENROL, obj=device, by=by,
          after={"user": user.get_username(), "recovery_codes": len(codes)})
    return Enrolled(device=device, recovery_codes=codes)


def _check(user: Any, device: Any, code: str, wrong: str) -> Any:
    """One attempt at a code, through django-otp (locks the device row, throttles)."""
    allowed, why = device.verify_is_allowed()
    if not allowed:
        raise Throttled(why["locked_until"])
    verified = django_otp.verify_token(user, device.persistent_id, code)
    if verified is None:
        # For the council's monitoring: who, never the code itself.
        logger.warning("Wrong second-factor code for %s (%s)", user.get_username(),
                       type(device).__name__)
        device.refresh_from_db()
        allowed, why = device.verify_is_allowed()
        # The attempt that tips the count over says so at once, not on the next try.
        if not allowed and why["failure_count"] >= NOTICE_AFTER:
            raise Throttled(why["locked_until"])
        raise ValueError(wrong)
    return verified


def second_factor_check_code(*, user: Any, code: str) -> TOTPDevice:
    """The device if the code from the authenticator app is right; ValueError if not.

    django-otp throttles each device: after n wrong codes in a row it refuses every code for
    2^(n-1) seconds, so guessing a million codes is out of reach; a right code resets it."""
    device = confirmed_device(user)
    if device is None:
        raise ValueError("You have no authenticator app set up")
    return _check(user, device, _clean_code(code), WRONG_CODE)


def second_factor_use_recovery_code(*, user: Any, code: str) -> StaticDevice:
    """A recovery code signs in once: django-otp deletes it as it matches. Audited, so the
    council can see that someone signed in without their phone. Not one transaction: a wrong
    code's throttling count must stay counted."""
    device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        raise ValueError(WRONG_RECOVERY_CODE)
    verified = _check(user, device, _clean_code(code).lower(), WRONG_RECOVERY_CODE)
    left = StaticToken.objects.filter(device=device).count()
    audit(action=AuditAction.SECOND_FACTOR_RECOVERY_CODE_USED, obj=device, by=user,
          after={"user": user.get_username(), "codes_left": left})
    return verified


@transaction.atomic
def second_factor_remove(*, user: Any, password: str, by: Actor) -> None:
    """Remove the authenticator app and the recovery codes. The password is asked again, so
    someone who finds a signed-in screen cannot turn the second factor off."""
    if by != user:
        raise ValueError("Only the member of staff themself can remove their second factor")
    if not password or not user.check_password(password):
        raise ValueError(WRONG_PASSWORD)
    device = confirmed_device(user)
    if device is None:
        raise ValueError("You have no second factor to remove")
    audit(action=AuditAction.SECOND_FACTOR_REMOVE, obj=device, by=by,
          before={"user": user.get_username(), "name": device.name})
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


@transaction.atomic
def second_factor_reset(*, user: Any, by: Actor) -> bool:
    """For a lost phone and lost recovery codes: the server's operator (the system, through
    `saidanddone resetsecondfactor`) removes the app without the password. The person sets up
    a new one at their next sign-in. Audited; False if there was nothing to remove."""
    if not isinstance(by, SystemActor) and not getattr(by, "is_superuser", False):
        raise ValueError("Only a superuser or the server's operator can reset a second factor")
    device = confirmed_device(user)
    if device is None:
        return False
    audit(action=AuditAction.SECOND_FACTOR_RESET, obj=device, by=by,
          before={"user": user.get_username(), "name": device.name})
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    return True


def password_reset_audited(*, user: Any) -> None:
    """A forgotten password was replaced through an e-mailed link (by the person themself)."""
    audit(action=AuditAction.ACCOUNT_PASSWORD_RESET, obj=user, by=user,
          after={"user": user.get_username()})
