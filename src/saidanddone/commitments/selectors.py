"""Reads of responses, commitments and indicators, and the area's loop health."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.http import FileResponse
from django.utils import timezone

from saidanddone import analysis
from saidanddone.areas.models import Area
from saidanddone.commitments.evidence_files import KINDS
from saidanddone.commitments.models import (
    OPEN_STATUSES,
    Commitment,
    EvidenceFile,
    Indicator,
    Response,
    Status,
)
from saidanddone.commitments.rules import is_late
from saidanddone.feedback.models import FeedbackItem, RespondentRole, SafeguardingState
from saidanddone.feedback.selectors import countable_feedback, feedback_for, is_quotable
from saidanddone.themes.models import Theme


def rag(commitment: Commitment, today: dt.date | None = None) -> str | None:
    """Red (late: ``rules.is_late``), amber (due soon, stale or undated) or green; None once
    closed."""
    if commitment.status not in OPEN_STATUSES:
        return None
    today = today or timezone.localdate()
    if is_late(commitment, today):
        return "red"
    stale_before = today - dt.timedelta(days=settings.SAIDANDDONE_STALE_DAYS)
    amber_until = today + dt.timedelta(days=settings.SAIDANDDONE_AMBER_DAYS)
    if (commitment.due_date is None or commitment.due_date <= amber_until
            or commitment.last_update_on < stale_before):
        return "amber"
    return "green"


def rag_reason(commitment: Commitment, today: dt.date | None = None) -> str:
    today = today or timezone.localdate()
    colour = rag(commitment, today)
    if colour is None:
        return ""
    if colour == "red":
        assert commitment.due_date is not None
        return f"Overdue by {(today - commitment.due_date).days} days"
    reasons = []
    if commitment.due_date is None:
        reasons.append("No due date")
    elif commitment.due_date <= today + dt.timedelta(days=settings.SAIDANDDONE_AMBER_DAYS):
        reasons.append(f"Due in {(commitment.due_date - today).days} days")
    if commitment.last_update_on < today - dt.timedelta(days=settings.SAIDANDDONE_STALE_DAYS):
        reasons.append(f"No update for {(today - commitment.last_update_on).days} days")
    return "; ".join(reasons) or "On track"


def commitment_list(
    *, area: Area, status: str | None = None, owner: str | None = None,
    theme: str | None = None, timeliness: str | None = None,
) -> list[Commitment]:
    qs = (Commitment.objects.filter(area=area).select_related("response")
          .annotate(evidence_count=Count("evidence")))
    if status:
        qs = qs.filter(status=status)
    if owner:
        qs = qs.filter(owner_team=owner)
    if theme:
        qs = qs.filter(response__themes__slug=theme).distinct()
    today = timezone.localdate()
    items: list[Commitment] = list(qs.order_by("due_date", "created_at"))
    # Each commitment's timeliness, for the list page: set on the instance, not a model field.
    for c in items:
        c.rag = rag(c, today)  # type: ignore[attr-defined]  # for the page (above)
        c.rag_reason = rag_reason(c, today)  # type: ignore[attr-defined]  # for the page
    if timeliness:
        items = [c for c in items if c.rag == timeliness]  # type: ignore[attr-defined]  # set here
    return items


def owner_teams(*, area: Area) -> list[str]:
    return sorted(set(Commitment.objects.filter(area=area).values_list("owner_team", flat=True)))


def commitment_get(*, area: Area, pk: Any) -> Commitment:
    return Commitment.objects.select_related("response", "area").get(area=area, pk=pk)


def response_list(*, area: Area) -> QuerySet[Response]:
    return (Response.objects.filter(area=area).prefetch_related("themes")
            .annotate(commitment_count=Count("commitments", distinct=True),
                      feedback_count=Count("feedback", distinct=True)))


def response_get(*, area: Area, pk: Any) -> Response:
    return Response.objects.get(area=area, pk=pk)


def indicator_list(*, area: Area) -> QuerySet[Indicator]:
    return Indicator.objects.filter(area=area).prefetch_related("points")


def indicator_get(*, area: Area, pk: Any) -> Indicator:
    return Indicator.objects.prefetch_related("points").get(area=area, pk=pk)


@dataclass
class LoopHealth:
    period_start: dt.date
    period_end: dt.date
    feedback_total: int = 0
    awaiting_triage: int = 0
    unconfirmed: int = 0
    by_theme: list[tuple[str, str, int]] = field(default_factory=list)
    by_role: list[tuple[str, int]] = field(default_factory=list)
    themes_heard: int = 0
    themes_with_response: int = 0
    # Done counts only what the public has been shown: published commitments. Drafts (new ones
    # and historic ones imported from an earlier document) are counted apart, never as done.
    commitments_total: int = 0
    commitments_done: int = 0
    commitments_draft: int = 0
    overdue: list[Commitment] = field(default_factory=list)
    stale: list[Commitment] = field(default_factory=list)
    no_evidence: list[Commitment] = field(default_factory=list)
    median_days_to_response: float | None = None
    forum_decision: str | None = None

    @property
    def share_themes_with_response(self) -> int | None:
        if not self.themes_heard:
            return None
        return round(100 * self.themes_with_response / self.themes_heard)

    @property
    def share_done(self) -> int | None:
        if not self.commitments_total:
            return None
        return round(100 * self.commitments_done / self.commitments_total)


def default_period(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The last twelve months, ending today."""
    today = today or timezone.localdate()
    return today - dt.timedelta(days=365), today


def loop_health(
    *, area: Area, period_start: dt.date | None = None, period_end: dt.date | None = None,
) -> LoopHealth:
    start, end = default_period()
    start, end = period_start or start, period_end or end
    health = LoopHealth(period_start=start, period_end=end)
    in_period = FeedbackItem.objects.filter(area=area, received_on__range=(start, end))
    countable = countable_feedback(in_period)
    health.feedback_total = countable.aggregate(n=Sum("represents"))["n"] or 0
    health.awaiting_triage = in_period.filter(
        safeguarding_state=SafeguardingState.FLAGGED).count()
    health.unconfirmed = countable.filter(theme_assignments__isnull=True).count()

    themes = (Theme.objects.filter(area=area)
              .annotate(heard=Sum("assignments__feedback__represents",
                                  filter=Q(assignments__feedback__in=countable)))
              .filter(heard__gt=0).order_by("-heard", "position"))
    health.by_theme = [(t.slug, t.name, t.heard) for t in themes]
    health.themes_heard = len(health.by_theme)
    heard_ids = [t.pk for t in themes]
    health.themes_with_response = (
        Theme.objects.filter(pk__in=heard_ids, responses__isnull=False).distinct().count()
    )
    role_labels = dict(RespondentRole.choices)
    health.by_role = [
        (str(role_labels.get(row["respondent_role"], row["respondent_role"])), row["n"])
        for row in countable.values("respondent_role").annotate(n=Sum("represents"))
        .order_by("-n")
    ]

    today = timezone.localdate()
    commitments = list(Commitment.objects.filter(area=area)
                       .annotate(evidence_count=Count("evidence", distinct=True),
                                 versions=Count("published_in", distinct=True))
                       .select_related("response"))
    published = [c for c in commitments if c.versions]
    health.commitments_total = sum(1 for c in published if c.status != Status.NOT_POSSIBLE)
    health.commitments_done = sum(1 for c in published if c.status == Status.DONE)
    health.commitments_draft = len(commitments) - len(published)
    stale_before = today - dt.timedelta(days=settings.SAIDANDDONE_STALE_DAYS)
    health.overdue = [c for c in commitments if rag(c, today) == "red"]
    health.stale = [c for c in commitments
                    if c.status in OPEN_STATUSES and c.last_update_on < stale_before]
    health.no_evidence = [c for c in commitments if c.status != Status.NOT_POSSIBLE
                          and c.evidence_count == 0]

    waits = [
        (r.created_at.date() - f.received_on).days
        for r in Response.objects.filter(area=area).prefetch_related("feedback")
        for f in r.feedback.all() if start <= f.received_on <= end
    ]
    health.median_days_to_response = statistics.median(waits) if waits else None
    # Through the area's relation: publishing sits above commitments (docs/architecture.md).
    latest = area.publications.filter(sign_offs__isnull=False).first()
    if latest is not None:
        sign_off = latest.sign_offs.first()
        health.forum_decision = sign_off.get_decision_display() if sign_off else None
    return health


# "You said" drafts ---------------------------------------------------------------------------

# Periods an officer drafts for, in months back from today (None: every comment so far).
DRAFT_PERIODS: dict[str, tuple[str, int | None]] = {
    "3": ("The last 3 months", 3),
    "6": ("The last 6 months", 6),
    "12": ("The last 12 months", 12),
    "all": ("Every comment so far", None),
}
DRAFT_MAX_COMMENTS = 2000  # the most recent; enough to summarise, bounded in time and memory
DRAFT_SUGGESTION_SCORE = 0.5  # an unconfirmed comment counts when the machine is this sure


@dataclass
class DraftResult:
    theme: Theme
    period: str
    draft: Any  # analysis.YouSaidDraft
    items: list[FeedbackItem]
    confirmed: int


def you_said_draft(*, area: Area, user: Any, theme: Theme, months: int | None,
                   today: dt.date | None = None) -> DraftResult:
    """A "You said" draft for ``theme`` over the last ``months``, from the comments this
    person may see that count (analysed, not excluded, not waiting for a safeguarding
    decision, duplicates once). A comment belongs to the theme when a person confirmed it, or,
    while nobody has confirmed any theme for it, when the machine suggested it with some
    confidence; the draft says how many of each."""
    today = today or timezone.localdate()
    items = countable_feedback(feedback_for(area=area, user=user))
    since = None
    if months is not None:
        since = _months_before(today, months)
        items = items.filter(received_on__gte=since)
    confirmed_q = Q(theme_assignments__theme=theme)
    suggested_q = Q(theme_assignments__isnull=True, theme_suggestions__theme=theme,
                    theme_suggestions__score__gte=DRAFT_SUGGESTION_SCORE)
    in_theme = list(items.filter(confirmed_q | suggested_q).distinct()
                    .order_by("-received_on", "-created_at")[:DRAFT_MAX_COMMENTS])
    confirmed_ids = set(items.filter(confirmed_q).values_list("pk", flat=True))
    background = list(items.exclude(pk__in=[i.pk for i in in_theme])
                      .order_by("-received_on").values_list("text_redacted", flat=True)
                      [:DRAFT_MAX_COMMENTS])
    roles: dict[str, str] = {
        RespondentRole.YOUNG_PERSON: "child_young_person",
        RespondentRole.PARENT: "parent_carer", RespondentRole.PROFESSIONAL: "professional"}
    comments = [
        analysis.DraftComment(
            text=item.text_redacted, sentiment=item.sentiment or None,
            respondent=roles.get(item.respondent_role, ""),
            quotable=is_quotable(item),
        )
        for item in in_theme
    ]
    vectors = analysis.get_encoder().encode([c.text for c in comments]) if comments else None
    period = "so far" if since is None else f"between {_day(since)} and {_day(today)}"
    draft = analysis.draft_you_said(comments, vectors, theme=theme.name, period=period,
                                    background=background)
    return DraftResult(theme, period, draft, in_theme,
                       sum(1 for i in in_theme if i.pk in confirmed_ids))


def _months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    last = [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28, 31, 30, 31,
            30, 31, 31, 30, 31, 30, 31][month - 1]
    return dt.date(year, month, min(day.day, last))


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def held_records(commitment: Commitment) -> list[Any]:
    """The live changes to this commitment held for a person to check before the public sees
    them (they may name a family; decision 0206), oldest first."""
    records: list[Any] = [*commitment.status_changes.filter(held=True),
                          *commitment.due_date_revisions.filter(held=True),
                          *commitment.progress_updates.filter(held=True),
                          *commitment.evidence.filter(held=True)]
    return sorted(records, key=lambda r: r.created_at)


# Evidence files (decision 0220) -----------------------------------------------------------

def evidence_file_get(*, area: Area, pk: Any) -> EvidenceFile:
    """A file of this area's evidence, public or staff-only, for the area's members."""
    return EvidenceFile.objects.select_related("evidence").get(area=area, pk=pk)


def public_evidence_file_get(*, area: Area, pk: Any) -> EvidenceFile:
    """A file families may open: marked public, its commitment published, its words not held
    for a check. Anything else does not exist, as far as the public can tell."""
    record = (EvidenceFile.objects.select_related("evidence")
              .filter(area=area, pk=pk, public=True, evidence__held=False,
                      evidence__commitment__published_in__isnull=False)
              .distinct().first())
    if record is None:
        raise EvidenceFile.DoesNotExist("No such public evidence file")
    return record


def evidence_file_response(record: EvidenceFile, *, staff: bool) -> FileResponse:
    """The file as stored, with the type read from its content (never sniffed again by the
    browser), a Word document as a download, and no copy kept of a staff-only one."""
    path = record.path
    if not path.is_file():
        raise EvidenceFile.DoesNotExist("The file is missing from disk")
    kind = KINDS.get(record.extension)
    inline = bool(kind and kind.inline)
    response = FileResponse(path.open("rb"), content_type=record.content_type,
                            as_attachment=not inline, filename=record.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    if staff or not record.public:
        response["Cache-Control"] = "private, no-store"
    else:
        response["Cache-Control"] = "public, max-age=300"
    return response
