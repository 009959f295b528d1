"""E-mail the product sends on its own account (not in answer to a click): stored first, sent
after the change that caused it is committed, retried until delivered, never sent twice.

``email_queue`` is called inside the service that causes the e-mail; the worker's sweep calls
``emails_send_due`` for the retries; the administrator's dashboard shows any e-mail that keeps
failing (``emails_failing``). The safeguarding alert (feedback.SafeguardingAlert) predates this
and works the same way.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable, Sequence

from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from saidanddone.areas.models import Area, OutgoingEmail

logger = logging.getLogger(__name__)

# While one sender tries an e-mail, others leave it alone for this long.
CLAIM = dt.timedelta(minutes=5)
MAX_WAIT = dt.timedelta(hours=1)
# After this many failed attempts an e-mail shows on the administrator's dashboard.
PERSISTENT_FAILURE = 3
# Extra headers for e-mails whose key starts with a prefix (for example List-Unsubscribe for the
# families' follow e-mails), registered by the app above that owns them; made at each try from
# the stored e-mail, so nothing more is stored.
HEADERS_FOR_KEY: dict[str, Callable[[OutgoingEmail], dict[str, str]]] = {}


def _headers(email: OutgoingEmail) -> dict[str, str]:
    return next((make(email) for prefix, make in HEADERS_FOR_KEY.items()
                 if email.key.startswith(prefix)), {})


def email_queue(*, key: str, to: Sequence[str], subject: str, body: str,
                area: Area | None = None) -> OutgoingEmail | None:
    """Owe someone an e-mail. The first call for a key stores it and sends it once the current
    transaction commits; later calls for the same key return the same e-mail and send nothing.
    None when there is nobody to send it to."""
    recipients = sorted({address.strip() for address in to if address and address.strip()})
    if not recipients:
        return None
    email, created = OutgoingEmail.objects.get_or_create(key=key, defaults={
        "area": area, "to": recipients, "subject": subject[:200], "body": body,
        "next_try_at": timezone.now()})
    if created:
        pk = email.pk
        transaction.on_commit(lambda: email_send(pk=pk))
    return email


def _wait(attempts: int) -> dt.timedelta:
    return min(dt.timedelta(minutes=2 ** max(0, attempts - 1)), MAX_WAIT)


def _message(email: OutgoingEmail, to: list[str],
             connection: BaseEmailBackend) -> EmailMessage:
    message = EmailMessage(subject=email.subject, body=email.body, to=to,
                           headers=_headers(email), connection=connection)
    # The outbox's key, for a backend that can keep it beside the e-mail (Notify's
    # "reference"); never a header, so it does not travel in the mail itself.
    message.notify_reference = email.key  # type: ignore[attr-defined]
    return message


def email_send(*, pk: uuid.UUID, now: dt.datetime | None = None) -> bool:
    """Try one e-mail if it is due; True when it was delivered now. Claimed first (its next
    try moved on, only if still due and undelivered), so two senders never send it at once."""
    now = now or timezone.now()
    claimed = OutgoingEmail.objects.filter(
        pk=pk, delivered_at__isnull=True, next_try_at__lte=now,
    ).update(next_try_at=now + CLAIM)
    if not claimed:
        return False
    email = OutgoingEmail.objects.get(pk=pk)
    try:
        remaining = [address for address in email.to if address not in email.delivered_to]
        with get_connection() as connection:
            if getattr(connection, "one_address_per_message", False):
                # One address a request (GOV.UK Notify): each delivered address is recorded
                # at once, so a failure part-way through is retried for the others only.
                delivered = list(email.delivered_to)
                for address in remaining:
                    _message(email, [address], connection).send(fail_silently=False)
                    delivered.append(address)
                    OutgoingEmail.objects.filter(pk=pk).update(delivered_to=delivered)
            elif remaining:
                _message(email, remaining, connection).send(fail_silently=False)
    except Exception as error:  # any failure to send is recorded and retried
        message = f"{type(error).__name__}: {error}"[:500]
        OutgoingEmail.objects.filter(pk=pk).update(
            attempts=F("attempts") + 1, last_error=message,
            next_try_at=now + _wait(email.attempts + 1))
        logger.warning("E-mail %s not delivered (attempt %d): %s", email.key,
                       email.attempts + 1, message)
        return False
    OutgoingEmail.objects.filter(pk=pk).update(
        attempts=F("attempts") + 1, delivered_at=timezone.now(), last_error="")
    return True


def emails_send_due(*, now: dt.datetime | None = None) -> int:
    """Try every undelivered e-mail that is due; returns how many were delivered."""
    now = now or timezone.now()
    due = OutgoingEmail.objects.filter(delivered_at__isnull=True, next_try_at__lte=now)
    return sum(email_send(pk=pk, now=now)
               for pk in due.order_by("next_try_at").values_list("pk", flat=True))


def emails_failing(*, area: Area) -> QuerySet[OutgoingEmail]:
    """The area's e-mails that have failed again and again: a person should look."""
    return OutgoingEmail.objects.filter(area=area, delivered_at__isnull=True,
                                        attempts__gte=PERSISTENT_FAILURE).order_by("created_at")
