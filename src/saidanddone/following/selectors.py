"""What can be followed (only what the public pages show), and subscriptions for data
protection."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse

from saidanddone.areas.models import Area, OutgoingEmail
from saidanddone.following.models import Subscription
from saidanddone.publishing import selectors as public
from saidanddone.publishing.models import PublicationVersion


@dataclass(frozen=True)
class Followable:
    what: str
    target: str
    title: str
    url: str


def _absolute(path: str) -> str:
    return settings.SAIDANDDONE_BASE_URL.rstrip("/") + path


def version_theme_slugs(version: PublicationVersion) -> set[str]:
    return {t["slug"] for r in version.content.get("responses", []) for t in r.get("themes", [])}


def public_themes(*, area: Area) -> dict[str, str]:
    """The themes of the area's latest published versions: slug → name."""
    themes: dict[str, str] = {}
    for version in public.public_latest_versions(area=area):
        for response in version.content.get("responses", []):
            for theme in response.get("themes", []):
                themes.setdefault(theme["slug"], theme["name"])
    return dict(sorted(themes.items(), key=lambda item: item[1]))


def follow_target(*, area: Area, what: str, target: str) -> Followable | None:
    """The public thing named, or None when there is no such public thing in this area."""
    target = (target or "").strip()
    if not target or len(target) > 80:
        return None
    if what == Subscription.What.COMMITMENT:
        try:
            commitment = public.public_commitment_get(area=area, pk=uuid.UUID(target))
            published, _, _ = public.public_commitment_published(commitment=commitment)
        except (ValueError, Http404):
            return None
        return Followable(what, str(commitment.pk), published["text"], _absolute(
            reverse("public:commitment", args=[area.slug, commitment.pk])))
    if what == Subscription.What.PUBLICATION:
        publication = public.public_publications(area=area).filter(slug=target).first()
        if publication is None:
            return None
        return Followable(what, publication.slug, publication.title, _absolute(
            reverse("public:publication", args=[area.slug, publication.slug])))
    if what == Subscription.What.THEME:
        name = public_themes(area=area).get(target)
        if name is None:
            return None
        return Followable(what, target, name, _absolute(
            reverse("public:search", args=[area.slug]) + f"?theme={target}"))
    return None


def _subscriptions_of(*, area: Area, terms: list[str]) -> QuerySet[Subscription]:
    """The area's subscriptions whose address is one of the terms (whole address, any case):
    the one search both subject-access answers make. Another area's are never found."""
    addresses = {t.strip().lower() for t in terms if "@" in t}
    return Subscription.objects.filter(area=area, email__in=addresses).order_by("created_at")


def subscriptions_matching(*, area: Area, terms: list[str]) -> list[dict[str, Any]]:
    """Subject access: the area's subscriptions whose address is one of the terms (whole
    address, any case). Another area's are never found."""
    rows = []
    for s in _subscriptions_of(area=area, terms=terms):
        found = follow_target(area=area, what=s.what, target=s.target)
        rows.append({"id": str(s.pk), "email": s.email, "what": s.get_what_display(),
                     "title": found.title if found else s.target,
                     "asked_on": s.created_at.date().isoformat(),
                     "confirmed": s.confirmed_at is not None})
    return rows


def subscriptions_export(*, area: Area, terms: list[str]) -> list[dict[str, Any]]:
    """Subject access, the download: each subscription of the address with what it follows,
    when it was asked for and confirmed, and the e-mails kept for it (how many, the last)."""
    rows = []
    for s in _subscriptions_of(area=area, terms=terms):
        found = follow_target(area=area, what=s.what, target=s.target)
        sent = OutgoingEmail.objects.filter(
            key__startswith="follow-", key__contains=f":{s.pk}", delivered_at__isnull=False)
        last = sent.order_by("-delivered_at").values_list("delivered_at", flat=True).first()
        rows.append({
            "email": s.email, "follows": s.get_what_display(),
            "title": found.title if found else s.target,
            "address": found.url if found else "",
            "asked_on": s.created_at.date().isoformat(),
            "confirmed_on": s.confirmed_at.date().isoformat() if s.confirmed_at else "",
            "emails_sent": sent.count(),
            "last_email_on": last.date().isoformat() if last else ""})
    return rows
