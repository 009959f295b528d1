"""GOV.UK Notify as the mail backend (issue 14; decision 0223; docs/notify.md).

Chosen by ``SAIDANDDONE_MAIL=notify``. Every e-mail the product sends (the outbox, invitations,
password resets, safeguarding alerts) goes through Django's mail API, so this backend is the
only place that knows about Notify. Notify sends by template: one generic template whose
subject is ``((subject))`` and whose message is ``((body))``; the product writes both, so the
wording stays in the code and its tests, and Notify needs one template whatever the product
sends.

Notify takes one address per request. ``one_address_per_message`` tells the outbox
(areas.mail) to hand it one address at a time and to record each delivered address, so a retry
after a failure part-way through a list never e-mails the first people twice.
"""

from __future__ import annotations

import ipaddress
import uuid
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

NOTIFY_SEND_PATH = "/v2/notifications/email"
LOOPBACK_NAMES = {"localhost"}


class NotifyError(Exception):
    """Notify did not accept an e-mail; the message says what it answered."""


def _is_uuid(value: str) -> bool:
    try:
        return str(uuid.UUID(value)) == value.lower()
    except ValueError:
        return False


def _loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def api_key_problem(key: str) -> str | None:
    """What is wrong with a Notify API key, without ever repeating the key (it is a secret).
    A key is "<its name>-<service id>-<secret>", the last two being UUIDs; the client reads
    them from the end of the key."""
    if not key:
        return "NOTIFY_API_KEY is not set."
    if key != key.strip() or any(c.isspace() for c in key[-73:]):
        return "NOTIFY_API_KEY has spaces or line breaks in it: paste the key exactly."
    service_id, secret = key[-73:-37], key[-36:]
    if len(key) < 73 or key[-37] != "-" or not (_is_uuid(service_id) and _is_uuid(secret)):
        return ("NOTIFY_API_KEY is not a GOV.UK Notify API key: it should end with the service "
                "id and the secret, two ids like 8b3aa916-ec82-434e-b0c5-d5d9b371d6a3, "
                "joined by a hyphen.")
    if len(key) > 73 and key[-74] != "-":
        return "NOTIFY_API_KEY is not a GOV.UK Notify API key: its name must end with a hyphen."
    return None


def notify_settings_problems() -> list[str]:
    """Every problem with the Notify settings, in words an operator can act on."""
    problems: list[str] = []
    key_problem = api_key_problem(getattr(settings, "NOTIFY_API_KEY", ""))
    if key_problem:
        problems.append(key_problem)
    base_url = getattr(settings, "NOTIFY_BASE_URL", "")
    parts = urlsplit(base_url)
    host = parts.hostname or ""
    if not base_url:
        problems.append("NOTIFY_BASE_URL is empty: leave it unset for GOV.UK Notify itself.")
    elif parts.scheme not in {"https", "http"} or not host or parts.path not in {"", "/"} \
            or parts.query or parts.fragment:
        problems.append(f"NOTIFY_BASE_URL {base_url!r} is not an address like "
                        "https://api.notifications.service.gov.uk (a scheme and a host only).")
    elif parts.scheme == "http" and not _loopback(host):
        problems.append(f"NOTIFY_BASE_URL {base_url!r} must use https: the API key would "
                        "otherwise cross the network readable (http is allowed on this machine "
                        "only, for a local proxy or a test server).")
    template = getattr(settings, "NOTIFY_TEMPLATE_ID", "")
    if not template:
        problems.append("NOTIFY_TEMPLATE_ID is not set: make the generic template described "
                        "in docs/notify.md and set its id.")
    elif not _is_uuid(template):
        problems.append(f"NOTIFY_TEMPLATE_ID {template!r} is not a template id (an id like "
                        "8b3aa916-ec82-434e-b0c5-d5d9b371d6a3, shown under the template).")
    reply_to = getattr(settings, "NOTIFY_REPLY_TO_ID", "")
    if reply_to and not _is_uuid(reply_to):
        problems.append(f"NOTIFY_REPLY_TO_ID {reply_to!r} is not a reply-to address id (leave it "
                        "empty for the service's default).")
    return problems


def _unsubscribe_url(message: EmailMessage) -> str | None:
    """The https address in a List-Unsubscribe header (the families' follow e-mails): Notify
    adds the one-click header itself when given it."""
    header = next((value for name, value in message.extra_headers.items()
                   if name.lower() == "list-unsubscribe"), "")
    for part in str(header).split(","):
        address = part.strip().strip("<>").strip()
        if address.startswith(("https://", "http://")):
            return address
    return None


class NotifyEmailBackend(BaseEmailBackend):
    """Sends each message through GOV.UK Notify's generic template, one request per address."""

    one_address_per_message = True

    def __init__(self, fail_silently: bool = False, **kwargs: Any) -> None:
        super().__init__(fail_silently=fail_silently, **kwargs)
        self.client: Any = None

    def open(self) -> bool:
        if self.client is not None:
            return False
        problems = notify_settings_problems()
        if problems:
            raise ImproperlyConfigured(" ".join(problems))
        from notifications_python_client.notifications import NotificationsAPIClient

        self.client = NotificationsAPIClient(  # type: ignore[no-untyped-call]
            settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL,
            timeout=getattr(settings, "EMAIL_TIMEOUT", None) or 30)
        return True

    def close(self) -> None:
        if self.client is not None:
            self.client.request_session.close()
            self.client = None

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        if not email_messages:
            return 0
        opened = self.open()
        sent = 0
        try:
            for message in email_messages:
                try:
                    self._send(message)
                except Exception:
                    if not self.fail_silently:
                        raise
                else:
                    sent += 1
        finally:
            if opened:
                self.close()
        return sent

    def _send(self, message: EmailMessage) -> None:
        from notifications_python_client.errors import APIError

        if message.attachments:
            raise NotifyError("GOV.UK Notify's template cannot carry attachments; this e-mail "
                              "has some.")
        personalisation = {"subject": " ".join(str(message.subject).split()),
                           "body": str(message.body)}
        for address in message.recipients():
            try:
                self.client.send_email_notification(
                    email_address=address, template_id=settings.NOTIFY_TEMPLATE_ID,
                    personalisation=personalisation,
                    reference=getattr(message, "notify_reference", None),
                    email_reply_to_id=settings.NOTIFY_REPLY_TO_ID or None,
                    one_click_unsubscribe_url=_unsubscribe_url(message))
            except APIError as error:
                raise NotifyError(f"GOV.UK Notify answered {error.status_code}: "
                                  f"{_plain(error.message)}") from error


def _plain(message: object) -> str:
    """Notify's error answer in one line: its errors' messages, joined."""
    if isinstance(message, list):
        return "; ".join(str(item.get("message", item)) if isinstance(item, dict) else str(item)
                         for item in message)
    return str(message)
