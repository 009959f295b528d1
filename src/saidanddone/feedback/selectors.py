"""Reads of feedback, always scoped to one area, with original text only for permitted roles."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, Q, QuerySet

from saidanddone.analysis.emerging import find_emerging_themes
from saidanddone.areas import permissions
from saidanddone.areas.models import Area
from saidanddone.areas.selectors import role_of
from saidanddone.feedback.models import (
    Consent,
    FeedbackItem,
    SafeguardingAlert,
    SafeguardingState,
    SurveyImport,
)
from saidanddone.feedback.safeguarding import (
    ALERT_PERSISTENT_FAILURE,
    TriageEntry,
    triage_entry,
    waiting_words,
)
from saidanddone.themes.models import EmergingDismissal
from saidanddone.themes.services import emerging_signature


def countable_feedback(qs: QuerySet[FeedbackItem]) -> QuerySet[FeedbackItem]:
    """Items that may appear in counts, charts and publications.

    Not before analysis (not yet redacted), not while a safeguarding flag waits for a person,
    not when excluded, not when there was nothing to say, and a duplicate counts once.
    """
    return qs.filter(
        analysed_at__isnull=False, exclusion="", no_content=False, duplicate_of__isnull=True,
    ).exclude(safeguarding_state=SafeguardingState.FLAGGED)


# A comment may be quoted word for word (a draft "You said", the inspection evidence pack) only
# when the person agreed to it and no safeguarding question is open or was answered otherwise.
QUOTABLE_SAFEGUARDING = (SafeguardingState.NONE, SafeguardingState.NOT_A_CONCERN)


def is_quotable(item: FeedbackItem) -> bool:
    return item.consent == Consent.VERBATIM and item.safeguarding_state in QUOTABLE_SAFEGUARDING


def quotable_feedback(qs: QuerySet[FeedbackItem]) -> QuerySet[FeedbackItem]:
    """The same rule as ``is_quotable``, as a filter."""
    return qs.filter(consent=Consent.VERBATIM, safeguarding_state__in=QUOTABLE_SAFEGUARDING)


def feedback_visible(qs: QuerySet[FeedbackItem], *, role: str | None) -> QuerySet[FeedbackItem]:
    """Need to know: the one place that decides which feedback a role may see at all.

    A comment flagged as a possible safeguarding concern is seen only by the roles that triage
    it (``permissions.TRIAGE_SAFEGUARDING``) until one of them has decided. Every page, picker,
    search and export that shows feedback to a person goes through here.
    """
    if role in permissions.TRIAGE_SAFEGUARDING:
        return qs
    return qs.exclude(safeguarding_state=SafeguardingState.FLAGGED)


def feedback_for(*, area: Area, user: Any) -> QuerySet[FeedbackItem]:
    """All of the area's feedback that this person may see."""
    return feedback_visible(FeedbackItem.objects.filter(area=area),
                            role=role_of(user=user, area=area))


def feedback_list(
    *, area: Area, user: Any, theme: str | None = None, role: str | None = None,
    channel: str | None = None, status: str | None = None, q: str | None = None,
    received_from: dt.date | None = None, received_to: dt.date | None = None,
) -> QuerySet[FeedbackItem]:
    """The area's feedback as this user may see it; ``role`` filters on who said it."""
    qs = feedback_for(area=area, user=user).select_related("channel")
    if theme:
        qs = qs.filter(
            Q(theme_assignments__theme__slug=theme)
            | Q(theme_assignments__isnull=True, theme_suggestions__theme__slug=theme)
        ).distinct()
    if role:
        qs = qs.filter(respondent_role=role)
    if channel:
        qs = qs.filter(channel__kind=channel)
    if status == "unconfirmed":
        qs = qs.filter(theme_assignments__isnull=True)
    elif status == "confirmed":
        qs = qs.filter(theme_assignments__isnull=False).distinct()
    elif status == "flagged":
        qs = qs.filter(safeguarding_state=SafeguardingState.FLAGGED)
    elif status == "excluded":
        qs = qs.exclude(exclusion="")
    if q:
        # Search the redacted text only: a search must never reveal what redaction removed.
        qs = qs.filter(text_redacted__icontains=q)
    if received_from:
        qs = qs.filter(received_on__gte=received_from)
    if received_to:
        qs = qs.filter(received_on__lte=received_to)
    return qs


def feedback_get(*, area: Area, user: Any, pk: Any) -> FeedbackItem:
    """One item this user may see; ``FeedbackItem.DoesNotExist`` otherwise (a 404 to them)."""
    return feedback_for(area=area, user=user).select_related("channel", "area").get(pk=pk)


def feedback_text_for(*, item: FeedbackItem, role: str | None) -> str:
    """The text this role may read: the original for permitted staff, otherwise redacted."""
    if role in permissions.SEE_ORIGINAL_TEXT and item.text_original:
        return item.text_original
    if item.analysed_at is None:
        return "This feedback is being checked for personal details. Try again in a minute."
    return item.text_redacted


def triage_queue(*, area: Area, user: Any, now: dt.datetime | None = None) -> list[TriageEntry]:
    """Flagged items waiting for a person, longest waiting first, in plain words (empty for a
    role that may not triage)."""
    from django.utils import timezone

    now = now or timezone.now()
    items = feedback_for(area=area, user=user).filter(
        safeguarding_state=SafeguardingState.FLAGGED).select_related("channel")
    entries = [triage_entry(i, now=now, limit_hours=area.triage_hours) for i in items]
    return sorted(entries, key=lambda e: (e.arrived_at, e.item.reference))


def feedback_due_for_purge(*, area: Area, today: dt.date) -> QuerySet[FeedbackItem]:
    """Items whose original text has passed the retention schedule.

    The publications are read through the area's relation, not imported: publishing sits above
    feedback (docs/architecture.md)."""
    cutoff = today - dt.timedelta(days=area.retention_days)
    covered_until = area.publications.filter(
        versions__number=1, versions__published_at__date__lte=cutoff,
    ).aggregate(until=Max("period_end"))["until"]
    if covered_until is None:
        return FeedbackItem.objects.none()
    return FeedbackItem.objects.filter(
        area=area, received_on__lte=covered_until, original_deleted_at__isnull=True,
    ).exclude(text_original="").exclude(safeguarding_state=SafeguardingState.FLAGGED)


def feedback_matching(*, area: Area, user: Any, terms: list[str]) -> QuerySet[FeedbackItem]:
    """Items whose original or redacted text contains any of the terms (subject access)."""
    query = Q()
    for term in terms:
        query |= Q(text_original__icontains=term) | Q(text_redacted__icontains=term)
    if not terms:
        return FeedbackItem.objects.none()
    return feedback_for(area=area, user=user).filter(query).select_related("channel")


def survey_imported_before(*, area: Area, file_sha256: str, rows: list[Any]
                           ) -> dict[str, Any]:
    """What of an upload was imported before: the last import of the very same file, and the
    rows whose answers are already stored, grouped by the day they were imported (newest
    first), as ``[(date, rows), …]``. Those rows will be skipped."""
    from django.utils import timezone

    same_file = (SurveyImport.objects.filter(area=area, file_sha256=file_sha256)
                 .select_related("channel").first()) if file_sha256 else None
    fingerprints = {r.fingerprint for r in rows if r.fingerprint}
    when: dict[str, dt.date] = {}
    for fingerprint, created in (FeedbackItem.objects.filter(
            area=area, import_fingerprint__in=fingerprints)
            .values_list("import_fingerprint", "created_at")):
        when[fingerprint] = timezone.localdate(created)
    lines: dict[int, dt.date] = {}
    for row in rows:
        if row.fingerprint in when:
            lines.setdefault(row.line, when[row.fingerprint])
    by_day: dict[dt.date, int] = {}
    for day in lines.values():
        by_day[day] = by_day.get(day, 0) + 1
    seen: set[str] = set()
    repeated = 0  # the same answer twice in this file: stored once
    for row in rows:
        if row.fingerprint in when:
            continue
        repeated += row.fingerprint in seen
        seen.add(row.fingerprint)
    return {"same_file": same_file, "rows": sorted(by_day.items(), reverse=True),
            "row_count": len(lines),
            "comment_count": sum(1 for r in rows if r.fingerprint in when),
            "repeated": repeated}


def safeguarding_alerts_failing(*, area: Area, user: Any) -> list[Any]:
    """Safeguarding e-mails for this area that have failed ``ALERT_PERSISTENT_FAILURE`` times or
    more and are still not delivered, oldest first: shown to those who triage, so a person
    tells the contacts another way (empty for any other role)."""
    if role_of(user=user, area=area) not in permissions.TRIAGE_SAFEGUARDING:
        return []
    return list(SafeguardingAlert.objects.filter(
        item__area=area, delivered_at__isnull=True, attempts__gte=ALERT_PERSISTENT_FAILURE,
    ).select_related("item").order_by("created_at"))


@dataclass(frozen=True)
class QueueHealth:
    """The background queue as an area admin needs to see it. The queue is shared by every
    area on the server, so its counts are of tasks, never of anyone's comments; the one count
    of comments is this area's."""

    waiting: int
    running: int
    failed_last_week: int
    oldest_waiting: dt.timedelta | None
    unanalysed_here: int
    # Waiting longer than this means no worker is taking tasks.
    STUCK_AFTER = dt.timedelta(minutes=5)

    @property
    def oldest_waiting_words(self) -> str:
        """'under a minute', '7 minutes', '3 hours', '2 days'."""
        if self.oldest_waiting is None:
            return ""
        seconds = self.oldest_waiting.total_seconds()
        if seconds < 60:
            return "under a minute"
        if seconds < 3600:
            minutes = int(seconds // 60)
            return f"{minutes} minute{'' if minutes == 1 else 's'}"
        return waiting_words(seconds / 3600)

    @property
    def stuck(self) -> bool:
        return self.oldest_waiting is not None and self.oldest_waiting > self.STUCK_AFTER


def queue_health(*, area: Area, now: dt.datetime | None = None) -> QueueHealth:
    from django.db.models import Count, Min
    from django.utils import timezone
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    by_status = dict(DBTaskResult.objects.values_list("status").annotate(n=Count("id"))
                     .values_list("status", "n"))
    # Waiting means due now (ready), not a task deliberately scheduled for later.
    oldest = DBTaskResult.objects.ready().aggregate(oldest=Min("enqueued_at"))["oldest"]
    return QueueHealth(
        waiting=by_status.get(TaskResultStatus.READY, 0),
        running=by_status.get(TaskResultStatus.RUNNING, 0),
        failed_last_week=DBTaskResult.objects.filter(
            status=TaskResultStatus.FAILED, finished_at__gte=now - dt.timedelta(days=7)).count(),
        oldest_waiting=(now - oldest) if oldest else None,
        unanalysed_here=FeedbackItem.objects.filter(area=area, analysed_at__isnull=True).count(),
    )


# A comment is "not well explained" when no theme was confirmed and no suggestion is this sure.
WELL_EXPLAINED = 0.5


def emerging_themes(*, area: Area, user: Any) -> list[Any]:
    """Groups among comments no theme explains well, minus those a person dismissed."""
    items = (countable_feedback(feedback_for(area=area, user=user))
             .filter(theme_assignments__isnull=True)
             .annotate(best=Max("theme_suggestions__score")))
    # Sorted, so the same comments always give the same groups (row order is not fixed).
    texts = sorted(i.text_redacted for i in items if i.best is None or i.best < WELL_EXPLAINED)
    dismissed = set(EmergingDismissal.objects.filter(area=area)
                    .values_list("signature", flat=True))
    groups = find_emerging_themes(texts, min_size=3)
    return [g for g in groups if emerging_signature(g.words) not in dismissed]
