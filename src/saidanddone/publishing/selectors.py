"""Public reads: published data only. Every public page goes through these functions."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from saidanddone.areas.models import Area
from saidanddone.commitments.models import Commitment
from saidanddone.publishing.models import Publication, PublicationVersion


def public_areas() -> QuerySet[Area]:
    return Area.objects.filter(publications__state=Publication.State.PUBLISHED).distinct()


def public_area_get(*, slug: str) -> Area:
    area = public_areas().filter(slug=slug).first()
    if area is None:
        raise Http404("No published area")
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
    versions = list(publication.versions.order_by("-number"))
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


def public_timeline(commitment: Commitment) -> list[dict[str, Any]]:
    """Status changes, date revisions, public progress and evidence, oldest first."""
    events: list[dict[str, Any]] = []
    for change in commitment.status_changes.all():
        events.append({"date": change.changed_on, "kind": "status", "status": change.to_status,
                       "label": change.get_to_status_display(), "text": change.reason})
    for rev in commitment.due_date_revisions.all():
        events.append({"date": rev.created_at.date(), "kind": "due_date",
                       "label": "New date", "old": rev.old_due_date, "new": rev.new_due_date,
                       "text": rev.reason})
    for update in commitment.progress_updates.filter(public=True):
        events.append({"date": update.written_on, "kind": "progress", "label": "Progress",
                       "text": update.text})
    for ev in commitment.evidence.all():
        events.append({"date": ev.added_on, "kind": "evidence", "label": "Evidence",
                       "text": ev.title, "evidence": ev})
    return sorted(events, key=lambda e: e["date"])


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
