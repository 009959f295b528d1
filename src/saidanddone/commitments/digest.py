"""The weekly e-mail that keeps promises fresh (issue 14): each owner team is told which of its
open commitments are due within two weeks, late, or have had no update for a long time, with a
link to each. A promise whose date passes with nobody told is the seed page's worst failure.

One e-mail per team per ISO week, through the outbox (areas.mail): the worker's sweep and the
`saidanddone digest` command may both run it as often as they like; the key
``digest:<area>:<team>:<year>-W<week>`` makes the second and later calls in a week send nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from saidanddone.areas.mail import email_queue
from saidanddone.areas.models import Area, OutgoingEmail
from saidanddone.commitments.models import OPEN_STATUSES, Commitment
from saidanddone.commitments.rules import is_late

DUE_SOON_DAYS = 14


@dataclass
class Digest:
    team: str
    due_soon: list[Commitment] = field(default_factory=list)
    late: list[Commitment] = field(default_factory=list)
    stale: list[Commitment] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.due_soon or self.late or self.stale)


def owner_digest(*, area: Area, team: str, today: dt.date) -> Digest:
    """What one team should look at this week. A commitment appears once, under its most
    pressing heading: late, then due soon, then not updated."""
    digest = Digest(team=team)
    stale_before = today - dt.timedelta(days=settings.SAIDANDDONE_STALE_DAYS)
    commitments = Commitment.objects.filter(
        area=area, owner_team__iexact=team, status__in=OPEN_STATUSES).order_by("due_date")
    for commitment in commitments:
        if is_late(commitment, today):
            digest.late.append(commitment)
        elif commitment.due_date and commitment.due_date <= today + dt.timedelta(
                days=DUE_SOON_DAYS):
            digest.due_soon.append(commitment)
        elif commitment.last_update_on < stale_before:
            digest.stale.append(commitment)
    return digest


def _line(area: Area, commitment: Commitment) -> str:
    link = settings.SAIDANDDONE_BASE_URL.rstrip("/") + reverse(
        "workspace:commitment_detail", args=[area.slug, commitment.pk])
    due = f"due {commitment.due_date:%-d %B %Y}" if commitment.due_date else "no due date"
    updated = f"last update {commitment.last_update_on:%-d %B %Y}"
    return f"- {commitment.text}\n  {due}; {updated}\n  {link}"


def digest_body(area: Area, digest: Digest) -> str:
    parts = [f"This week's commitments for {digest.team} in {area.name}."]
    for heading, items in (
            ("Late: the due date has passed", digest.late),
            (f"Due within {DUE_SOON_DAYS} days", digest.due_soon),
            (f"No update for {settings.SAIDANDDONE_STALE_DAYS} days or more", digest.stale)):
        if items:
            parts.append(f"{heading} ({len(items)}):\n" + "\n".join(
                _line(area, c) for c in items))
    parts.append("Families see each commitment's status and date on the public page. Record "
                 "progress, a new date with its reason, or that it is done, from the links "
                 "above.")
    return "\n\n".join(parts)


def owner_digests_queue(*, today: dt.date | None = None) -> int:
    """Queue this week's digest for every team of every area that has told us its addresses
    and has something to look at; returns how many were new this call."""
    today = today or timezone.localdate()
    year, week, _ = today.isocalendar()
    queued = 0
    for area in Area.objects.exclude(owner_contacts=""):
        for key, (team, addresses) in area.owner_addresses.items():
            email_key = f"digest:{area.pk}:{key}:{year}-W{week:02d}"
            if OutgoingEmail.objects.filter(key=email_key).exists():
                continue  # this week's is sent (or on its way): the sweep's usual case
            digest = owner_digest(area=area, team=team, today=today)
            if not digest:
                continue
            count = len(digest.late) + len(digest.due_soon) + len(digest.stale)
            email_queue(
                key=email_key, to=addresses, area=area,
                subject=(f"{area.name}: {count} commitment{'s' if count != 1 else ''} for "
                         f"{team} to look at this week"),
                body=digest_body(area, digest))
            queued += 1
    return queued
