"""Public reads: published data only. Every public page goes through these functions."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils import timezone

from saidanddone.areas.models import Area
from saidanddone.commitments.models import Commitment, Evidence, Indicator, Status, StatusChange
from saidanddone.commitments.rules import is_late
from saidanddone.publishing import search
from saidanddone.publishing.models import Correction, Publication, PublicationVersion


def public_areas() -> QuerySet[Area]:
    """Every area, with whether it has published anything yet: an area's public pages and its
    form work from the day it is created (issue 14), so families can be heard before the first
    "You said, we did"."""
    published = Publication.objects.filter(area=OuterRef("pk"),
                                           state=Publication.State.PUBLISHED)
    return Area.objects.annotate(has_published=Exists(published)).order_by("name")


def public_area_get(*, slug: str) -> Area:
    area = public_areas().filter(slug=slug).first()
    if area is None:
        raise Http404("No such area")
    return area


def public_publications(*, area: Area) -> QuerySet[Publication]:
    return Publication.objects.filter(area=area, state=Publication.State.PUBLISHED).order_by(
        "-period_end"
    )


def public_version_get(
    *, area: Area, slug: str, number: int | None = None
) -> tuple[Publication, PublicationVersion, list[PublicationVersion]]:
    publication = public_publications(area=area).filter(slug=slug).first()
    if publication is None:
        raise Http404("No such publication")
    versions = list(publication.versions.defer("rendered_html").order_by("-number"))
    if not versions:
        raise Http404("Not published")
    version = versions[0] if number is None else next(
        (v for v in versions if v.number == number), None)
    if version is None:
        raise Http404("No such version")
    return publication, version, versions


def public_commitment_get(*, area: Area, pk: Any) -> Commitment:
    """A commitment is public once any published version of its area has included it."""
    commitment = (
        Commitment.objects.filter(area=area, pk=pk, published_in__isnull=False)
        .select_related("response").distinct().first()
    )
    if commitment is None:
        raise Http404("No such published commitment")
    return commitment


def public_commitment_statuses(*, area: Area, ids: list[str]) -> dict[str, Commitment]:
    """The live state of published commitments, so a published promise never goes stale."""
    return {
        str(c.pk): c for c in
        Commitment.objects.filter(area=area, pk__in=ids, published_in__isnull=False).distinct()
    }


def preview_commitment_statuses(*, area: Area, ids: list[str]) -> dict[str, Commitment]:
    """The state of the commitments a preview shows: all of them, published or not yet, since
    publishing the version makes each one public. Staff-only (the forum's preview)."""
    return {str(c.pk): c for c in Commitment.objects.filter(area=area, pk__in=ids)}


def public_timeline(commitment: Commitment) -> list[dict[str, Any]]:
    """Status changes, date revisions, public progress and evidence, oldest first; nothing
    held for a person to check (it may name a family, decision 0206)."""
    events: list[dict[str, Any]] = []
    for change in commitment.status_changes.filter(held=False):
        events.append({"date": change.changed_on, "kind": "status", "status": change.to_status,
                       "label": change.get_to_status_display(), "text": change.reason})
    for rev in commitment.due_date_revisions.filter(held=False):
        events.append({"date": rev.created_at.date(), "kind": "due_date",
                       "label": "New date", "old": rev.old_due_date, "new": rev.new_due_date,
                       "text": rev.reason})
    for update in commitment.progress_updates.filter(public=True, held=False):
        events.append({"date": update.written_on, "kind": "progress", "label": "Progress",
                       "text": update.text})
    # A staff-only file's evidence stays in the workspace, its title too (decision 0220).
    for ev in (commitment.evidence.filter(held=False)
               .exclude(kind="file", file__public=False).select_related("file")):
        events.append({"date": ev.added_on, "kind": "evidence", "label": "Evidence",
                       "text": ev.title, "evidence": ev})
    return sorted(events, key=lambda e: e["date"])


def public_rationale(commitment: Commitment) -> str:
    """The live "not possible" reason, unless the change that gave it is held for a person to
    check (it may name a family, decision 0206)."""
    last = commitment.status_changes.order_by("created_at").last()
    return "" if last is not None and last.held else commitment.not_possible_rationale


def public_commitment_published(*, commitment: Commitment) -> tuple[dict[str, Any], Any, Any]:
    """The commitment as last published (text, owner), with its response and publication.

    Wording is shown as published, not as since edited; status, dates, progress and evidence
    are the live record (published updates to a published promise).
    """
    version = (PublicationVersion.objects.filter(commitments=commitment)
               .select_related("publication").order_by("-published_at").first())
    if version is None:
        raise Http404("Not published")
    for response in version.content["responses"]:
        for item in response["commitments"]:
            if item["id"] == str(commitment.pk):
                return item, response, version
    raise Http404("Not published")


# Summaries, search, open data and the feed ---------------------------------------------------

def status_summary(commitments: Iterable[Commitment],
                   today: dt.date | None = None) -> dict[str, int]:
    """Loop health in numbers families understand: done, late, not possible, still to do."""
    today = today or timezone.localdate()
    items = list(commitments)
    promised = [c for c in items if c.status != Status.NOT_POSSIBLE]
    return {
        "promised": len(promised),
        "done": sum(1 for c in promised if c.status == Status.DONE),
        "late": sum(1 for c in promised if is_late(c, today)),
        "in_progress": sum(1 for c in promised if c.status == Status.IN_PROGRESS),
        "not_possible": len(items) - len(promised),
    }


def public_commitments(*, area: Area) -> QuerySet[Commitment]:
    return Commitment.objects.filter(area=area, published_in__isnull=False).distinct()


def public_loop_health(*, area: Area) -> dict[str, int]:
    return status_summary(public_commitments(area=area))


def public_latest_versions(*, area: Area) -> list[PublicationVersion]:
    """The latest version of each published publication, newest period first."""
    latest: dict[Any, PublicationVersion] = {}
    for version in (PublicationVersion.objects
                    .filter(publication__area=area,
                            publication__state=Publication.State.PUBLISHED)
                    .select_related("publication").defer("rendered_html")
                    .order_by("-publication__period_end", "publication_id", "-number")):
        latest.setdefault(version.publication_id, version)
    return list(latest.values())


def public_main_version(*, area: Area) -> PublicationVersion | None:
    """The report families are shown first: the latest annual report's current version.

    An update (a winter update) never replaces the annual report; only while no annual report
    is published is the newest update shown first.
    """
    versions = public_latest_versions(area=area)
    return next((v for v in versions if v.publication.kind == Publication.Kind.ANNUAL),
                versions[0] if versions else None)


# Micro-cache of the lookup below, per process, for a second or two (decision 0200): on a busy
# day most requests then cost no query at all. Cleared in this process when a page is marked
# stale or re-rendered; other processes catch up within STORED_PAGE_SECONDS.
STORED_PAGE_SECONDS = 2.0
_stored_pages: dict[tuple[str, str, int | None], tuple[float, Mapping[str, Any] | None]] = {}


def forget_stored_pages() -> None:
    _stored_pages.clear()


def public_stored_page(*, slug: str, pub: str, number: int | None) -> Mapping[str, Any] | None:
    """The stored rendering's headers in one small query (the page itself is fetched only when
    this process has not cached it: see ``views.publication_page``)."""
    key = (slug, pub, number)
    now = time.monotonic()
    hit = _stored_pages.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    found = _public_stored_page(slug=slug, pub=pub, number=number)
    if len(_stored_pages) > 256:
        _stored_pages.clear()
    _stored_pages[key] = (now + STORED_PAGE_SECONDS, found)
    return found


def public_stored_page_cached(*, slug: str, pub: str,
                              number: int | None) -> Mapping[str, Any] | None:
    """The micro-cached answer of ``public_stored_page`` while it is fresh, never a query: None
    when this process holds no fresh answer, or its answer is that there is no such page. The
    WSGI fast path (publishing/fastpath.py) serves only from this."""
    hit = _stored_pages.get((slug, pub, number))
    if hit is not None and hit[0] > time.monotonic():
        return hit[1]
    return None


def _public_stored_page(*, slug: str, pub: str, number: int | None) -> Mapping[str, Any] | None:
    qs = PublicationVersion.objects.filter(
        publication__area__slug=slug, publication__slug=pub,
        publication__state=Publication.State.PUBLISHED)
    qs = qs.filter(number=number) if number is not None else qs.order_by("-number")
    return qs.values("id", "rendered_etag", "rendered_at", "rendered_stale").first()


def public_stored_html(*, version_id: Any) -> str:
    return str(PublicationVersion.objects.filter(pk=version_id)
               .values_list("rendered_html", flat=True).first() or "")


# The search's status filter takes the statuses and this: open and past its due date.
LATE = "late"


def public_search(*, area: Area, q: str = "", period: str = "", theme: str = "",
                  status: str = "") -> list[dict[str, Any]]:
    """Responses of the latest published versions, filtered by period, theme, live status and
    words. Returns responses with their publication and (live) commitments."""
    versions = public_latest_versions(area=area)
    if period:
        versions = [v for v in versions if v.publication.slug == period]
    ids = [c["id"] for v in versions for r in v.content["responses"] for c in r["commitments"]]
    live = public_commitment_statuses(area=area, ids=ids)
    terms = search.query_terms(q)
    found = []
    for v in versions:
        for r in v.content["responses"]:
            if theme and theme not in {t["slug"] for t in r["themes"]}:
                continue
            commitments = [dict(c, live=live.get(c["id"]), late=is_late(live.get(c["id"])))
                           for c in r["commitments"]]
            if status == LATE:
                commitments = [c for c in commitments if c["late"]]
            elif status:
                commitments = [c for c in commitments
                               if (c["live"].status if c["live"] else c["status"]) == status]
            if status and not commitments:
                continue
            haystack = " ".join([r["title"], r["you_said"]] + [
                f"{c['text']} {c['owner_team']} {c['partners']}" for c in r["commitments"]]
                + [t["name"] for t in r["themes"]]).lower()
            if not search.matches(terms, haystack):
                continue
            found.append(dict(r, commitments=commitments, version=v))
    return found


def public_feed_items(*, area: Area, limit: int = 50) -> list[dict[str, Any]]:
    """New publications, corrections and status changes of published commitments, newest first."""
    items: list[dict[str, Any]] = []
    first_published: dict[Any, Any] = {}
    for version in (PublicationVersion.objects
                    .filter(publication__area=area,
                            publication__state=Publication.State.PUBLISHED)
                    .select_related("publication").defer("rendered_html")
                    .prefetch_related("commitments").order_by("published_at")):
        for c in version.commitments.all():
            first_published.setdefault(c.pk, version.published_at)
        items.append({"kind": "version", "version": version, "at": version.published_at})
    changes = (StatusChange.objects.filter(commitment__in=list(first_published), held=False)
               .select_related("commitment").order_by("-created_at")[:limit * 2])
    for change in changes:
        if change.created_at > first_published[change.commitment_id]:
            items.append({"kind": "status", "change": change, "at": change.created_at})
    return sorted(items, key=lambda i: i["at"], reverse=True)[:limit]


# Indicator figures ------------------------------------------------------------------------------

@dataclass(frozen=True)
class PublicFigure:
    """A figure as the public may see it: ``value`` is None when it is below the indicator's
    smallest number shown, and ``shown`` then says "fewer than N" (decision 0203)."""

    date: dt.date
    value: Decimal | None
    shown: str
    source: str
    note: str


def suppressed(value: Decimal | None, suppress_below: int) -> tuple[Decimal | None, str]:
    """(value to draw, words to show) for one number under small-number suppression."""
    if value is None:
        return None, ""
    if suppress_below and value < suppress_below:
        return None, f"fewer than {suppress_below}"
    return value, _number(value)


def public_figures(indicator: Indicator) -> list[PublicFigure]:
    """The figures staff made public, oldest first, with small numbers suppressed. Every public
    page, the open data and the feed show figures through this function only."""
    figures = []
    for point in indicator.points.all():
        if not point.public:
            continue
        value, shown = suppressed(point.value, indicator.suppress_below)
        figures.append(PublicFigure(point.date, value, shown, point.source, point.note))
    return figures


def public_indicators(*, commitment: Commitment | None = None,
                      commitments: Iterable[Any] = ()) -> list[dict[str, Any]]:
    """The indicators published commitments cite as evidence, with their public figures."""
    wanted = [commitment] if commitment is not None else list(commitments)
    found: dict[Any, Indicator] = {}
    for evidence in (Evidence.objects.filter(commitment__in=wanted, indicator__isnull=False)
                     .select_related("indicator").prefetch_related("indicator__points")):
        if evidence.indicator is not None:
            found.setdefault(evidence.indicator.pk, evidence.indicator)
    out = []
    for indicator in sorted(found.values(), key=lambda i: i.name):
        baseline, baseline_shown = suppressed(indicator.baseline, indicator.suppress_below)
        target, target_shown = suppressed(indicator.target, indicator.suppress_below)
        out.append({"indicator": indicator, "figures": public_figures(indicator),
                    "baseline": baseline, "baseline_shown": baseline_shown,
                    "target": target, "target_shown": target_shown})
    return out


def _number(value: Decimal) -> str:
    return f"{value:,.0f}" if value == value.to_integral_value() else (
        f"{value:,.2f}".rstrip("0").rstrip("."))


def awaiting_forum(*, area: Area) -> list[tuple[Publication, str]]:
    """What the forum has been asked to decide and has not yet: publications sent to it, and
    corrections of published ones. (publication, what is asked) pairs, oldest first."""
    waiting = [(p, "Sign-off") for p in Publication.objects.filter(
        area=area, state=Publication.State.WITH_FORUM).order_by("updated_at")]
    waiting += [(c.publication, "A correction") for c in Correction.objects.filter(
        publication__area=area, state=Correction.State.WITH_FORUM).select_related(
        "publication").order_by("created_at")]
    return waiting
