"""Following by e-mail (issue 14): ask, confirm (double opt-in), be told, stop.

Every e-mail goes through the area's outbox (areas.mail) with a key that names the subscription
and the change, so nothing is sent twice and a failure is retried and shown to administrators.
The sweep (``follow_sweep``, in SAIDANDDONE_SWEEP_JOBS) finds what changed; it only ever reads
what the public pages show, so text held for a personal-details check is never sent
(decision 0221)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from saidanddone.areas.actors import Actor
from saidanddone.areas.mail import email_queue
from saidanddone.areas.models import Area, OutgoingEmail
from saidanddone.commitments.models import ProgressUpdate, StatusChange
from saidanddone.core.audit import AuditAction, audit
from saidanddone.following.models import Subscription
from saidanddone.following.selectors import (
    follow_target,
    subscriptions_export,
    subscriptions_matching,
    version_theme_slugs,
)
from saidanddone.publishing.models import PublicationVersion

# An address that was never confirmed is deleted after this long.
UNCONFIRMED_KEPT = dt.timedelta(days=7)
# The sweep looks back this far before where it stopped last time, so a change committed while
# it ran is still seen; the outbox's keys stop a second e-mail.
LOOK_BACK = dt.timedelta(minutes=30)


def token_for(subscription: Subscription) -> str:
    """The secret in the confirm and unsubscribe links. Derived with the site's secret key, so
    every later e-mail can carry it while the database holds only its hash (a copy of the
    database alone cannot unsubscribe anyone)."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"follow:{subscription.pk}".encode(),
                      hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _link(name: str, subscription: Subscription) -> str:
    path = reverse(name, args=[subscription.area.slug, token_for(subscription)])
    return settings.SAIDANDDONE_BASE_URL.rstrip("/") + path


def unsubscribe_link(subscription: Subscription) -> str:
    return _link("public:follow_stop", subscription)


def _subscription_from_key(key: str) -> Subscription | None:
    parts = key.split(":")
    if len(parts) < 2:
        return None
    return Subscription.objects.select_related("area").filter(pk=parts[1]).first()


def unsubscribe_headers(email: OutgoingEmail) -> dict[str, str]:
    """List-Unsubscribe (RFC 2369) and one-click (RFC 8058) for the outbox."""
    subscription = _subscription_from_key(email.key)
    if subscription is None:
        return {}
    return {"List-Unsubscribe": f"<{unsubscribe_link(subscription)}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def _footer(subscription: Subscription) -> str:
    return ("\n\nYou get this e-mail because you asked to follow this on the "
            f"{subscription.area.name} \"You said, we did\" pages. We use your address only for "
            "this.\n\nTo stop these e-mails and delete your address, open this link:\n"
            f"{unsubscribe_link(subscription)}\n")


def follow_request(*, area: Area, email: str, what: str, target: str) -> None:
    """Someone asks to follow something public. A confirmation e-mail is owed the first time;
    asking again sends nothing more, and the answer is the same either way (no one can learn
    from the page whether an address already follows something)."""
    found = follow_target(area=area, what=what, target=target)
    if found is None:
        raise ValueError("There is nothing public to follow here.")
    email = email.strip().lower()
    with transaction.atomic():
        subscription, created = Subscription.objects.get_or_create(
            area=area, email=email, what=what, target=found.target,
            defaults={"token_hash": ""})
        if created:
            subscription.token_hash = token_hash(token_for(subscription))
            subscription.save(update_fields=["token_hash"])
        if subscription.confirmed_at is not None:
            return
        email_queue(
            key=f"follow-confirm:{subscription.pk}", to=[email], area=area,
            subject=f"Confirm: follow {found.title}",
            body=(f"Someone, we hope you, asked to get e-mails when this changes:\n\n"
                  f"{found.title}\n\nTo confirm, open this link:\n"
                  f"{_link('public:follow_confirm', subscription)}\n\n"
                  "If it was not you, do nothing: we send nothing more and delete your address "
                  "in 7 days." + _footer(subscription)))


def _by_token(token: str) -> Subscription | None:
    if not token or len(token) > 100:
        return None
    return Subscription.objects.select_related("area").filter(
        token_hash=token_hash(token)).first()


def follow_confirm(*, token: str) -> Subscription | None:
    subscription = _by_token(token)
    if subscription is None:
        return None
    if subscription.confirmed_at is None:
        now = timezone.now()
        Subscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True).update(
            confirmed_at=now, checked_until=now)
        subscription.refresh_from_db()
    return subscription


def _forget(subscriptions: Iterable[Subscription]) -> int:
    """Delete subscriptions and every e-mail kept for them: the address is gone."""
    ids = [str(s.pk) for s in subscriptions]
    if not ids:
        return 0
    owed = Q()
    for pk in ids:
        owed |= Q(key__startswith="follow-", key__contains=f":{pk}")
    OutgoingEmail.objects.filter(owed).delete()
    return Subscription.objects.filter(pk__in=ids).delete()[0]


@transaction.atomic
def follow_stop(*, token: str) -> bool:
    """Unsubscribe: the row (and so the address) is deleted. False if the link is not known
    (already used, or never valid): the page says the same thing either way."""
    subscription = _by_token(token)
    return bool(subscription and _forget([subscription]))


@transaction.atomic
def subscriptions_erase(*, area: Area, ids: Iterable[str], by: Actor) -> int:
    """Erasure (data protection): delete the area's subscriptions named. The audit entry says
    how many, never the address."""
    doomed = list(Subscription.objects.filter(area=area, pk__in=list(ids)))
    count = _forget(doomed)
    if count:
        audit(action=AuditAction.FOLLOWING_ERASE, obj=area, by=by, area=area,
              after={"subscriptions": count, "ids": [str(s.pk) for s in doomed]})
    return count


# The sweep ---------------------------------------------------------------------------------

def _notify(subscription: Subscription, kind: str, change: Any, subject: str,
            text: str) -> None:
    """One e-mail per subscription and change: the key says which, so it is owed once."""
    email_queue(key=f"follow-{kind}:{subscription.pk}:{change.pk}", to=[subscription.email],
                area=subscription.area, subject=subject, body=text + _footer(subscription))


def _commitment_news(subscription: Subscription, since: dt.datetime) -> None:
    found = follow_target(area=subscription.area, what=subscription.what,
                          target=subscription.target)
    if found is None:  # no longer public: nothing to tell
        return
    changes = StatusChange.objects.filter(commitment_id=subscription.target, held=False,
                                          updated_at__gt=since,
                                          created_at__gt=subscription.confirmed_at)
    for change in changes.order_by("created_at"):
        _notify(subscription, "status", change,
                f"Now {change.get_to_status_display().lower()}: {found.title}",
                f"This commitment is now: {change.get_to_status_display()}.\n\n"
                f"{found.title}\n\n" + (f"Why: {change.reason}\n\n" if change.reason else "")
                + f"See it here: {found.url}")
    updates = ProgressUpdate.objects.filter(commitment_id=subscription.target, public=True,
                                            held=False, updated_at__gt=since,
                                            created_at__gt=subscription.confirmed_at)
    for update in updates.order_by("created_at"):
        _notify(subscription, "progress", update, f"Progress: {found.title}",
                f"There is news on this commitment.\n\n{found.title}\n\n{update.text}\n\n"
                f"See it here: {found.url}")


def _version_news(subscription: Subscription, since: dt.datetime) -> None:
    found = follow_target(area=subscription.area, what=subscription.what,
                          target=subscription.target)
    if found is None:
        return
    versions = PublicationVersion.objects.filter(
        publication__area=subscription.area, publication__state="published",
        published_at__gt=max(since, subscription.confirmed_at or since)).select_related(
        "publication").defer("rendered_html")
    if subscription.what == Subscription.What.PUBLICATION:
        versions = versions.filter(publication__slug=subscription.target)
    for version in versions.order_by("published_at"):
        if subscription.what == Subscription.What.THEME:
            if subscription.target not in version_theme_slugs(version):
                continue
            subject = f"New: {version.publication.title} ({found.title})"
            lead = f"The theme you follow, {found.title}, is in a new \"You said, we did\"."
        elif version.number == 1:
            subject, lead = f"Published: {found.title}", "It is published."
        else:
            subject = f"Corrected: {found.title}"
            lead = f"It has been corrected (version {version.number})." + (
                f"\n\nWhat changed: {version.change_note}" if version.change_note else "")
        url = settings.SAIDANDDONE_BASE_URL.rstrip("/") + reverse(
            "public:publication", args=[subscription.area.slug, version.publication.slug])
        _notify(subscription, "version", version, subject,
                f"{lead}\n\n{version.publication.title}\n\nRead it here: {url}")


def follow_sweep(*, now: dt.datetime | None = None) -> int:
    """The worker's periodic job: delete addresses never confirmed, and owe each confirmed
    follower one e-mail per public change. Safe to run again and again. Returns the number of
    subscriptions looked at."""
    now = now or timezone.now()
    _forget(Subscription.objects.filter(confirmed_at__isnull=True,
                                        created_at__lt=now - UNCONFIRMED_KEPT))
    seen = 0
    for subscription in (Subscription.objects.filter(confirmed_at__isnull=False)
                         .select_related("area").order_by("created_at").iterator()):
        since = (subscription.checked_until or subscription.confirmed_at or now) - LOOK_BACK
        with transaction.atomic():
            if subscription.what == Subscription.What.COMMITMENT:
                _commitment_news(subscription, since)
            else:
                _version_news(subscription, since)
            Subscription.objects.filter(pk=subscription.pk).update(checked_until=now)
        seen += 1
    return seen


class _SubjectAccess:
    """What the data protection page uses (registered by this app's ready())."""

    title = "E-mail subscriptions"
    search_action = "following.subject_access_search"

    def find(self, *, area: Area, terms: list[str]) -> list[dict[str, Any]]:
        return subscriptions_matching(area=area, terms=terms)

    def export(self, *, area: Area, terms: list[str]) -> list[dict[str, Any]]:
        return subscriptions_export(area=area, terms=terms)

    def erase(self, *, area: Area, ids: list[str], by: Actor) -> int:
        return subscriptions_erase(area=area, ids=ids, by=by)


SUBJECT_ACCESS = _SubjectAccess()
