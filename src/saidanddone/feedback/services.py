"""Writes to feedback: intake, analysis results, exclusions and safeguarding decisions."""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import socket
import uuid as uuid_module
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from saidanddone import analysis
from saidanddone.analysis.themes import AREA_TRAINING
from saidanddone.areas import permissions
from saidanddone.areas.actors import SYSTEM, Actor, person
from saidanddone.areas.models import Area
from saidanddone.areas.selectors import role_of
from saidanddone.core.audit import AuditAction, audit
from saidanddone.feedback import analysis_adapter
from saidanddone.feedback.models import (
    Channel,
    Consent,
    DuplicateKey,
    Exclusion,
    FeedbackItem,
    RespondentRole,
    SafeguardingAlert,
    SafeguardingState,
    SurveyImport,
    SurveyUpload,
    WorkerHeartbeat,
)
from saidanddone.feedback.selectors import feedback_due_for_purge
from saidanddone.feedback.surveys import survey_parse
from saidanddone.feedback.tasks import (
    analyse_feedback,
    notify_safeguarding_contacts,
    retrain_area_model,
)
from saidanddone.feedback.topics import BY_KEY, reg56_for_page_comment
from saidanddone.themes.models import AreaModel
from saidanddone.themes.services import theme_suggestions_replace

MAX_FEEDBACK_CHARS = 5000
# The most people one item may speak for. A forum report speaks for the families at its
# meetings or in its own survey: even a large English area has a few thousand children with
# an EHC plan, and a forum survey answered by 5,000 families would be exceptional. A bigger
# figure is a typing slip (an extra nought) or an attempt to outweigh everyone else, and it
# would swamp every count it joins, so it is refused, with a message saying so.
MAX_REPRESENTS = 5000
# Control characters other than tab and newline never belong in a comment.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_comment(text: str) -> str:
    return _CONTROL.sub("", text).replace("\r\n", "\n").strip()


def page_address(value: str, *, local_offer_url: str = "") -> str:
    """The address of the page a widget comment was left on, kept only if it is safe to store
    and show as a link: an http(s) address, or a path on the area's Local Offer site made
    whole. Anything else (``javascript:``, a bare word, an address too long) is dropped; the
    comment is kept either way."""
    from urllib.parse import urlsplit

    value = _CONTROL.sub("", value or "").strip()
    if not value or len(value) > 500 or any(c.isspace() for c in value):
        return ""
    if value.startswith("/") and not value.startswith("//"):
        site = urlsplit(local_offer_url)
        if site.scheme in ("http", "https") and site.netloc:
            value = f"{site.scheme}://{site.netloc}{value}"
        else:
            return ""
    try:
        parts = urlsplit(value)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return ""
    return value if len(value) <= 500 else ""


def represents_error() -> str:
    return (f"Enter how many families this speaks for, from 1 to {MAX_REPRESENTS:,}. A "
            "report speaks for the families who took part in it, not for everyone in the area.")


def channel_get_or_create(*, area: Area, kind: Channel.Kind | str, name: str = "") -> Channel:
    kind = Channel.Kind(kind)
    channel, _ = Channel.objects.get_or_create(
        area=area, name=name or kind.label, defaults={"kind": kind}
    )
    return channel


@transaction.atomic
def feedback_create(
    *,
    area: Area,
    text: str,
    channel: Channel,
    respondent_role: RespondentRole | str,
    received_on: dt.date | None = None,
    reg56_category: str = "",
    areas_of_need: list[str] | None = None,
    consent: Consent | str = Consent.PARAPHRASE,
    represents: int = 1,
    page_url: str = "",
    respondent_topic: str = "",
    idempotency_key: Any = None,
    by: Actor,
) -> FeedbackItem:
    """Store what someone said, then analyse it in the background (once the row is committed).

    Until the analysis has run, the item has no redacted text and shows to nobody but permitted
    staff; it is counted nowhere until it has been redacted and checked for safeguarding.
    """
    allowed = (permissions.FORUM_REPORT if channel.kind == Channel.Kind.FORUM_REPORT
               else permissions.TAKE_IN_FEEDBACK)
    permissions.require(role_of(user=by, area=area), allowed, "enter feedback")
    if channel.area_id != area.pk:
        raise ValueError("That channel belongs to another area.")
    if received_on is not None and received_on > timezone.localdate():
        raise ValueError("The date it was received must be today or in the past.")
    text = clean_comment(text)
    if not text:
        raise ValueError("Enter the feedback.")
    if len(text) > MAX_FEEDBACK_CHARS:
        raise ValueError(f"Feedback must be {MAX_FEEDBACK_CHARS:,} characters or fewer.")
    if not 1 <= represents <= MAX_REPRESENTS:
        raise ValueError(represents_error())
    item = FeedbackItem.objects.create(
        area=area, channel=channel, text_original=text,
        respondent_role=RespondentRole(respondent_role),
        received_on=received_on or timezone.localdate(), reg56_category=reg56_category,
        areas_of_need=areas_of_need or [], consent=Consent(consent),
        represents=represents, page_url=page_url[:500],
        respondent_topic=respondent_topic, idempotency_key=idempotency_key,
    )
    audit(action=AuditAction.FEEDBACK_CREATE, obj=item, by=by, area=area,
          after={"channel": channel.name, "respondent_role": item.respondent_role})
    item_id = str(item.pk)
    transaction.on_commit(lambda: analyse_feedback.enqueue(item_id))
    return item


@transaction.atomic
def feedback_apply_analysis(*, item: FeedbackItem) -> FeedbackItem:
    """Redact, check for safeguarding signals, suggest themes and sentiment for one item."""
    result = analysis_adapter.analyse_item(item)
    item.text_redacted = result.redacted
    item.redactions = result.redactions
    item.no_content = result.no_content
    item.not_english = result.not_english
    item.sentiment = result.sentiment or ""
    newly_flagged = bool(result.safeguarding) and \
        item.safeguarding_state == SafeguardingState.NONE
    if newly_flagged:
        # Automated detection only ever routes to a person: it never dismisses.
        item.safeguarding_state = SafeguardingState.FLAGGED
        item.safeguarding_signals = result.safeguarding
    item.analysed_at = timezone.now()
    _mark_duplicate(item, analysis_adapter.duplicate_keys(item.text_redacted))
    item.save()
    theme_suggestions_replace(feedback=item, scores=result.themes,
                              model_version=result.model_version)
    if newly_flagged:
        audit(action=AuditAction.FEEDBACK_SAFEGUARDING_FLAG, obj=item, area=item.area,
              after={"categories": sorted({s["category"] for s in result.safeguarding})})
        safeguarding_alert_create(item=item)
    return item


def _mark_duplicate(item: FeedbackItem, keys: list[int]) -> None:
    """Point a copy of an earlier comment (a template letter, exactly or nearly) at the first
    one, through the engine's duplicate keys (see ``analysis.text_keys``).

    A campaign counts once: one voice with as many signatories as copies
    (``FeedbackItem.campaign_size``), never one comment per copy. ``countable_feedback``
    leaves the copies out of every count, chart, publication and regulation 56 report. Short
    answers ("Very good") have no keys: a hundred of them are a hundred voices.
    """
    DuplicateKey.objects.filter(item=item).delete()
    item.duplicate_of = None
    if not keys:
        return
    earlier = (DuplicateKey.objects.filter(area_id=item.area_id, key__in=keys)
               .exclude(item=item).select_related("item").order_by("item__created_at").first())
    if earlier is not None:
        first = earlier.item
        item.duplicate_of_id = first.duplicate_of_id or first.pk
    DuplicateKey.objects.bulk_create(
        [DuplicateKey(area_id=item.area_id, item=item, key=k) for k in keys])


def feedback_submit_public(
    *, area: Area, text: str, respondent_role: str, consent: str, idempotency_key: Any,
    kind: Channel.Kind | str = Channel.Kind.WEB_FORM, topic: str = "", page_url: str = "",
) -> tuple[FeedbackItem, bool]:
    """A family's comment from a public form. Returns (item, created).

    The same idempotency key (a double click, or a retry after a lost connection) stores the
    comment once and answers as if it had just been stored.
    """
    chosen = BY_KEY.get(topic)
    if chosen:
        reg56 = chosen.reg56
    elif Channel.Kind(kind) == Channel.Kind.PAGE_FEEDBACK:
        # Written on a Local Offer page about that page: a Local Offer comment (regulation 56).
        reg56 = reg56_for_page_comment(text)
    else:
        reg56 = ""
    try:
        # feedback_create is its own transaction: a duplicate key rolls all of it back.
        item = feedback_create(
            area=area, text=text, respondent_role=respondent_role, consent=consent,
            channel=channel_get_or_create(area=area, kind=kind),
            reg56_category=reg56,
            respondent_topic=topic if chosen else "",
            page_url=page_address(page_url, local_offer_url=area.local_offer_url),
            idempotency_key=idempotency_key, by=SYSTEM,
        )
    except IntegrityError:
        # Stored already: a double submit, a retry, or two copies racing each other.
        existing = FeedbackItem.objects.filter(idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return existing, False
    return item, True


@transaction.atomic
def feedback_erase(*, item: FeedbackItem, reason: str, by: Actor) -> str:
    """Erase one item everywhere (its text, suggestions, confirmations and links). Audited,
    without the text: the audit entry says that it was erased, by whom and why."""
    permissions.require(role_of(user=by, area=item.area), permissions.DATA_PROTECTION,
                        "erase feedback")
    if not reason.strip():
        raise ValueError("Enter the reason for erasing it (for example: subject access request).")
    audit(action=AuditAction.FEEDBACK_ERASE, obj=item, by=by, area=item.area,
          before={"received_on": item.received_on, "channel": item.channel.name},
          after={"reason": reason.strip()})
    reference = item.reference
    item.delete()
    return reference


@transaction.atomic
def feedback_purge_originals(*, area: Area, today: dt.date | None = None) -> int:
    """Delete original texts past the area's retention: ``retention_days`` after the first
    publication covering the day they were received. The redacted text stays."""
    today = today or timezone.localdate()
    due = feedback_due_for_purge(area=area, today=today)
    ids = list(due.values_list("pk", flat=True))
    if ids:
        FeedbackItem.objects.filter(pk__in=ids).update(
            text_original="", original_deleted_at=timezone.now())
        audit(action=AuditAction.FEEDBACK_RETENTION_PURGE, obj=area, area=area,
              after={"items": len(ids), "on": today})
    return len(ids)


@transaction.atomic
def feedback_set_exclusion(
    *, item: FeedbackItem, exclusion: Exclusion | str, by: Actor
) -> FeedbackItem:
    """Leave an item out of 'You said, we did' (vexatious, or about one child's case)."""
    permissions.require(role_of(user=by, area=item.area), permissions.EDIT_RESPONSES,
                        "exclude feedback")
    before = {"exclusion": item.exclusion}
    item.exclusion = Exclusion(exclusion)
    item.save(update_fields=["exclusion", "updated_at"])
    audit(action=AuditAction.FEEDBACK_EXCLUSION, obj=item, by=by, area=item.area, before=before,
          after={"exclusion": item.exclusion})
    return item


@transaction.atomic
def feedback_triage_decide(
    *, item: FeedbackItem, decision: SafeguardingState | str, reason: str, by: Actor
) -> FeedbackItem:
    """A person's safeguarding decision on a flagged item: recorded with reason, who and when."""
    permissions.require(role_of(user=by, area=item.area), permissions.TRIAGE_SAFEGUARDING,
                        "make safeguarding decisions")
    decision = SafeguardingState(decision)
    if decision in (SafeguardingState.NONE, SafeguardingState.FLAGGED):
        raise ValueError("Choose referred, not a concern, or other action.")
    if not reason.strip():
        raise ValueError("Enter the reason for the decision.")
    before = {"safeguarding_state": item.safeguarding_state}
    item.safeguarding_state = decision
    item.save(update_fields=["safeguarding_state", "updated_at"])
    audit(action=AuditAction.FEEDBACK_SAFEGUARDING_DECISION, obj=item, by=by, area=item.area,
          before=before, after={"safeguarding_state": decision, "reason": reason.strip()})
    return item


SURVEY_ALREADY_SAVED = ("This import was already saved. Nothing was stored twice: check the "
                        "feedback list.")


@transaction.atomic
def survey_import(
    *, area: Area, rows: list[Any], channel_name: str, by: Actor, source: str = "",
    file_sha256: str = "", upload: SurveyUpload | None = None,
) -> SurveyImport:
    """Store the good rows of a survey as feedback, in one transaction.

    A row imported before (the same fingerprint in this area, see ``surveys.row_fingerprint``)
    or repeated within the file is skipped, so importing the same survey twice never doubles
    its comments. Answers to several questions in one row share the row number and import.

    ``upload`` is the one-time token of the preview being saved: it is deleted in this
    transaction, so a second save of the same preview (a double click, two tabs) finds it gone
    and stores nothing. Of two saves at once, the second waits on the row's lock, then finds
    nothing to delete.
    """
    permissions.require(role_of(user=by, area=area), permissions.ENTER_FEEDBACK,
                        "import surveys")
    if upload is not None:
        consumed, _ = SurveyUpload.objects.filter(pk=upload.pk, area=area).delete()
        if not consumed:
            raise ValueError(SURVEY_ALREADY_SAVED)
    if not rows:
        raise ValueError("There are no comments to import.")
    channel, _ = Channel.objects.get_or_create(
        area=area, name=(channel_name.strip() or "Survey import")[:120],
        defaults={"kind": Channel.Kind.SURVEY})
    seen = set(FeedbackItem.objects.filter(
        area=area, import_fingerprint__in=[r.fingerprint for r in rows if r.fingerprint],
    ).values_list("import_fingerprint", flat=True))
    record = SurveyImport.objects.create(area=area, channel=channel, source=source[:255],
                                         file_sha256=file_sha256, by=person(by))
    stored = skipped = 0
    for row in rows:
        if row.fingerprint and row.fingerprint in seen:
            skipped += 1
            continue
        seen.add(row.fingerprint)
        item = feedback_create(area=area, text=row.text, channel=channel,
                               respondent_role=row.respondent_role, received_on=row.received_on,
                               consent=row.consent, by=by)
        item.survey_import, item.survey_row = record, row.line
        item.survey_question, item.import_fingerprint = row.question[:300], row.fingerprint
        item.save(update_fields=["survey_import", "survey_row", "survey_question",
                                 "import_fingerprint", "updated_at"])
        stored += 1
    if not stored:
        raise ValueError("Every one of these comments was imported before: nothing to import.")
    record.comments, record.skipped_duplicates = stored, skipped
    record.save(update_fields=["comments", "skipped_duplicates", "updated_at"])
    audit(action=AuditAction.FEEDBACK_SURVEY_IMPORT, obj=record, by=by, area=area,
          after={"comments": stored, "skipped_as_imported_before": skipped,
                 "channel": channel.name, "source": source})
    return record


# How long an uploaded survey waits for its import before it is deleted unread. Long enough
# to map the columns and correct a few rows after lunch; short enough that an abandoned
# export (unredacted) does not linger.
SURVEY_UPLOAD_HOURS = 6


@transaction.atomic
def survey_upload_create(*, area: Area, name: str, content: bytes, by: Actor,
                         parsed: Any = None) -> SurveyUpload:
    """Read an uploaded export into rows held in the database (never a file on disk), ready
    for the officer to map. The officer's earlier unfinished upload goes. ``parsed`` is an
    export already read in the background (``surveys.parsed_from_read``)."""
    permissions.require(role_of(user=by, area=area), permissions.ENTER_FEEDBACK,
                        "import surveys")
    if parsed is None:
        parsed = survey_parse(name, content)  # InputError (a ValueError) says what is wrong
    SurveyUpload.objects.filter(area=area, by=person(by)).delete()
    return SurveyUpload.objects.create(area=area, by=person(by), name=name[:255],
                                       file_sha256=parsed.sha256, header=parsed.header,
                                       rows=parsed.rows)


def survey_upload_discard(*, upload: SurveyUpload) -> None:
    """Cancelled or imported: the rows go at once."""
    SurveyUpload.objects.filter(pk=upload.pk).delete()


# Where releases before decision 0210 kept uploaded exports as files. Nothing is written
# there now; whatever an earlier release left behind is unredacted, so the purge removes it.
LEGACY_UPLOAD_FOLDER = "survey-uploads"


def survey_uploads_purge(*, now: dt.datetime | None = None) -> int:
    """Delete every upload left waiting longer than SURVEY_UPLOAD_HOURS (run periodically and
    whenever someone opens the import page), and any export an earlier release left on disk."""
    cutoff = (now or timezone.now()) - dt.timedelta(hours=SURVEY_UPLOAD_HOURS)
    count, _ = SurveyUpload.objects.filter(created_at__lt=cutoff).delete()
    legacy = Path(settings.MEDIA_ROOT) / LEGACY_UPLOAD_FOLDER
    if legacy.is_dir():
        for path in legacy.iterdir():
            if path.is_file():
                path.unlink(missing_ok=True)
                count += 1
    return count


# --- Every comment analysed, eventually, exactly once (issue 11) -------------------------------
# The queue is django-tasks' database backend. A worker process beats from a thread of its own
# (WorkerHeartbeat); a task left RUNNING by a worker that stopped beating goes back in the
# queue; a sweep queues analysis for any comment that has none; the analysis claims its
# comment, so running it twice does no harm. See docs/decisions/0205-every-comment-analysed.md.

logger = logging.getLogger("saidanddone.worker")

ANALYSE_TASK_PATH = "saidanddone.feedback.tasks.analyse_feedback"
# A task claimed this many times by workers that all died is failed, not tried again: it is
# probably what kills them (a comment that exhausts memory, say). The sweep leaves its comment
# to a person (the dashboard counts it as not analysed).
MAX_TASK_CLAIMS = 5
# Safeguarding e-mails: wait 1, 2, 4 … minutes between tries, never more than an hour; after
# ALERT_PERSISTENT_FAILURE failed attempts (feedback.safeguarding) it shows on the triage page.
ALERT_MAX_WAIT = dt.timedelta(hours=1)
# While one sender is trying an alert, others leave it alone for this long (an SMTP
# conversation is bounded by EMAIL_TIMEOUT, far shorter).
ALERT_CLAIM = dt.timedelta(minutes=5)


@transaction.atomic
def feedback_analyse_once(*, item_id: Any) -> bool:
    """Analyse one comment unless it has been analysed already; True when it was analysed now.

    The first statement claims the row (a write: PostgreSQL locks the row, SQLite takes its
    write lock), so two workers given the same comment analyse it once: the second waits, then
    finds ``analysed_at`` set and does nothing, and no safeguarding contact is told twice.
    """
    claimed = FeedbackItem.objects.filter(pk=item_id, analysed_at__isnull=True) \
        .update(updated_at=timezone.now())
    if not claimed:  # erased, or analysed already
        return False
    item = FeedbackItem.objects.select_related("area").get(pk=item_id)
    feedback_apply_analysis(item=item)
    return True


def _pending_analysis_ids() -> set[str]:
    """Comments with an analysis task waiting or running in the database queue."""
    pending = DBTaskResult.objects.filter(
        task_path=ANALYSE_TASK_PATH,
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
    ).values_list("args_kwargs", flat=True)
    ids = set()
    for args_kwargs in pending:
        args = (args_kwargs or {}).get("args") or []
        item_id = args[0] if args else (args_kwargs or {}).get("kwargs", {}).get("item_id")
        if item_id:
            ids.add(str(item_id))
    return ids


def feedback_queue_unanalysed(*, older_than: dt.timedelta = dt.timedelta(minutes=1),
                              now: dt.datetime | None = None) -> int:
    """Queue analysis for every comment stored over a minute ago that has none and no task
    waiting for it (the insert of its task failed, or its task failed). Returns how many.

    A comment whose task is waiting or running is left alone, so the sweep never queues a
    second task for it; and should two sweeps race, the analysis itself runs once
    (``feedback_analyse_once``).
    """
    cutoff = (now or timezone.now()) - older_than
    waiting = _pending_analysis_ids()
    queued = 0
    for item_id in FeedbackItem.objects.filter(analysed_at__isnull=True, created_at__lt=cutoff) \
            .order_by("created_at").values_list("pk", flat=True).iterator():
        if str(item_id) in waiting:
            continue
        analyse_feedback.enqueue(str(item_id))
        queued += 1
    if queued:
        logger.info("Queued analysis for %d comment(s) that had none.", queued)
    return queued


def worker_beat(*, worker_id: str, started_at: dt.datetime) -> None:
    """Record that this worker process is alive now."""
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"hostname": socket.gethostname(), "pid": os.getpid(),
                  "started_at": started_at, "beat_at": timezone.now()})


def _process_is_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, someone else's
        return False
    return False


def tasks_requeue_abandoned(*, stale_after: dt.timedelta | None = None,
                            own_worker_id: str = "", now: dt.datetime | None = None) -> int:
    """Put back in the queue every RUNNING task whose worker is dead. Returns how many.

    A worker is dead when it has not beaten for ``stale_after`` (default
    ``SAIDANDDONE_WORKER_STALE_SECONDS``), when it ran on this machine and its process is gone,
    or (``own_worker_id``) when it is the caller itself, which is between tasks: a task still
    marked as its own was cut short by a lost database connection. A task claimed
    ``MAX_TASK_CLAIMS`` times is marked failed instead.
    """
    now = now or timezone.now()
    stale_after = stale_after or dt.timedelta(seconds=settings.SAIDANDDONE_WORKER_STALE_SECONDS)
    # Each worker process has its own id, so old beats pile up: a day is plenty to keep them.
    WorkerHeartbeat.objects.filter(beat_at__lt=now - dt.timedelta(days=1)).delete()
    running = list(DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING))
    if not running:
        return 0
    last_ids = {t.worker_ids[-1] for t in running if t.worker_ids}
    beats = {b.worker_id: b for b in WorkerHeartbeat.objects.filter(worker_id__in=last_ids)}
    here = socket.gethostname()
    requeued = 0
    for task in running:
        worker_id = task.worker_ids[-1] if task.worker_ids else ""
        beat = beats.get(worker_id)
        if worker_id and worker_id == own_worker_id:
            dead = True
        elif beat is None:  # a worker that never beat (an older worker): judge by the start
            dead = task.started_at is None or task.started_at < now - stale_after
        else:
            dead = beat.beat_at < now - stale_after or (
                beat.hostname == here and _process_is_gone(beat.pid))
        if not dead:
            continue
        if len(task.worker_ids) >= MAX_TASK_CLAIMS:
            changed = DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.RUNNING) \
                .update(status=TaskResultStatus.FAILED, finished_at=now,
                        exception_class_path="saidanddone.worker.Abandoned",
                        traceback=f"Abandoned by {len(task.worker_ids)} workers that stopped "
                                  "while running it; not tried again.")
            if changed:
                logger.error("Task %s abandoned %d times: marked failed.", task.pk,
                             len(task.worker_ids))
            continue
        # Only if still RUNNING: a worker that was merely slow and finished meanwhile wins.
        changed = DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.RUNNING) \
            .update(status=TaskResultStatus.READY, started_at=None)
        if changed:
            requeued += 1
            logger.warning("Task %s (%s) was abandoned by worker %s: queued again.",
                           task.pk, task.task_path, worker_id or "unknown")
    return requeued


def safeguarding_alert_create(*, item: FeedbackItem) -> SafeguardingAlert | None:
    """The e-mail to the area's safeguarding contacts about a newly flagged comment: stored
    with the flag (one per comment), then sent once the flag is committed and retried until
    delivered. None when the area has no contacts to tell."""
    if not item.area.safeguarding_emails:
        return None
    alert, created = SafeguardingAlert.objects.get_or_create(
        item=item, defaults={"next_try_at": timezone.now()})
    if created:
        item_id = str(item.pk)
        transaction.on_commit(lambda: notify_safeguarding_contacts.enqueue(item_id))
    return alert


def _alert_wait(attempts: int) -> dt.timedelta:
    return min(dt.timedelta(minutes=2 ** max(0, attempts - 1)), ALERT_MAX_WAIT)


def safeguarding_alert_send(*, alert: SafeguardingAlert,
                            now: dt.datetime | None = None) -> bool:
    """Try to deliver one safeguarding e-mail if it is due; True when it was delivered now.

    The alert is claimed first (its next try moved on, only if it was still due and not
    delivered), so two senders never send it at once. A failure is recorded as an attempt with
    its error and a longer wait before the next.
    """
    now = now or timezone.now()
    claimed = SafeguardingAlert.objects.filter(
        pk=alert.pk, delivered_at__isnull=True, next_try_at__lte=now,
    ).update(next_try_at=now + ALERT_CLAIM)
    if not claimed:
        return False
    item = FeedbackItem.objects.select_related("area").get(pk=alert.item_id)
    link = settings.SAIDANDDONE_BASE_URL.rstrip("/") + reverse(
        "workspace:feedback_detail", args=[item.area.slug, item.pk])
    try:
        send_mail(
            subject=(f"Possible safeguarding concern in {item.area.name} feedback "
                     f"({item.reference})"),
            message=(
                f"A comment received on {item.received_on:%d %B %Y} may be a safeguarding "
                f"concern.\nIt must have a decision within {item.area.triage_hours} hours.\n\n"
                f"Sign in to read it and record a decision:\n{link}\n\n"
                "This e-mail does not contain the comment, on purpose."
            ),
            from_email=None, recipient_list=item.area.safeguarding_emails,
            fail_silently=False,
        )
    except Exception as error:  # any failure to send is recorded and retried
        attempts = alert.attempts + 1
        message = f"{type(error).__name__}: {error}"[:500]
        SafeguardingAlert.objects.filter(pk=alert.pk).update(
            attempts=F("attempts") + 1, last_error=message,
            next_try_at=now + _alert_wait(attempts))
        logger.warning("Safeguarding e-mail for %s not delivered (attempt %d): %s",
                       item.reference, attempts, message)
        return False
    SafeguardingAlert.objects.filter(pk=alert.pk).update(
        attempts=F("attempts") + 1, delivered_at=timezone.now(), last_error="")
    audit(action=AuditAction.FEEDBACK_SAFEGUARDING_ALERT_DELIVERED,
          obj=item, by=SYSTEM, area=item.area,
          after={"attempts": alert.attempts + 1})
    return True


def safeguarding_alerts_send_due(*, now: dt.datetime | None = None) -> int:
    """Try every undelivered safeguarding e-mail that is due; returns how many were delivered."""
    now = now or timezone.now()
    due = SafeguardingAlert.objects.filter(delivered_at__isnull=True, next_try_at__lte=now)
    return sum(safeguarding_alert_send(alert=alert, now=now) for alert in due.order_by(
        "next_try_at"))


def area_model_queue_retraining(area: Area) -> None:
    """Queue one retraining per area per transaction, however many confirmations it holds."""
    connection = transaction.get_connection()
    queued: set[Any] = connection.__dict__.setdefault("_saidanddone_retrain", set())
    if area.pk in queued:
        return
    queued.add(area.pk)
    area_id = str(area.pk)

    def enqueue() -> None:
        queued.discard(area.pk)
        retrain_area_model.enqueue(area_id)

    transaction.on_commit(enqueue)


# Retraining starts with a person's first few dozen decisions: below TUNE_FROM the area's
# model keeps the default's threshold, and themes with too few decisions keep its reading.
MIN_EXAMPLES_TO_TRAIN = 25


def area_model_train(*, area: Area) -> Any:
    """Train the area's own theme model from its confirmed themes (None while too few)."""
    # A comment waiting for a safeguarding decision is used for nothing until a person decides.
    items = (FeedbackItem.objects.filter(area=area, theme_assignments__isnull=False)
             .exclude(text_redacted="").exclude(safeguarding_state=SafeguardingState.FLAGGED)
             .distinct().prefetch_related("theme_assignments__theme"))
    texts, labels = [], []
    for item in items:
        texts.append(item.text_redacted)
        labels.append({a.theme.slug for a in item.theme_assignments.all()})
    if len(texts) < MIN_EXAMPLES_TO_TRAIN:
        return None
    try:
        model = analysis.train_themes(texts, labels, base=analysis.ThemeModel.default(),
                                      **AREA_TRAINING)
    except analysis.ModelError:
        return None
    path = settings.SAIDANDDONE_MODEL_DIR / str(area.pk) / uuid_module.uuid4().hex
    path.parent.mkdir(parents=True, exist_ok=True)
    model.save(path)
    record = AreaModel.objects.create(area=area, path=str(path), examples=len(texts),
                                      labels=list(model.labels),
                                      metrics=dict(model.info.get("heldout") or {}))
    audit(action=AuditAction.THEME_MODEL_TRAIN, obj=record, area=area,
          after={"examples": len(texts), "labels": len(model.labels)})
    return record
