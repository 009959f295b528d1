"""Writes to feedback: intake, analysis results, exclusions and safeguarding decisions."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from saidanddone.areas import permissions
from saidanddone.areas.actors import SYSTEM
from saidanddone.areas.models import Area
from saidanddone.areas.selectors import role_of
from saidanddone.core.audit import audit
from saidanddone.feedback.models import (
    Channel,
    Consent,
    Exclusion,
    FeedbackItem,
    RespondentRole,
    SafeguardingState,
)

MAX_FEEDBACK_CHARS = 5000
# Control characters other than tab and newline never belong in a comment.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_comment(text: str) -> str:
    return _CONTROL.sub("", text).replace("\r\n", "\n").strip()


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
    by: Any,
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
    item = FeedbackItem.objects.create(
        area=area, channel=channel, text_original=text,
        respondent_role=RespondentRole(respondent_role),
        received_on=received_on or timezone.localdate(), reg56_category=reg56_category,
        areas_of_need=areas_of_need or [], consent=Consent(consent),
        represents=max(1, represents), page_url=page_url[:500],
        respondent_topic=respondent_topic, idempotency_key=idempotency_key,
    )
    audit(action="feedback.create", obj=item, by=by, area=area,
          after={"channel": channel.name, "respondent_role": item.respondent_role})
    from saidanddone.feedback.tasks import analyse_feedback

    item_id = str(item.pk)
    transaction.on_commit(lambda: analyse_feedback.enqueue(item_id))
    return item


@transaction.atomic
def feedback_apply_analysis(*, item: FeedbackItem) -> FeedbackItem:
    """Redact, check for safeguarding signals, suggest themes and sentiment for one item."""
    from saidanddone.feedback import analysis_adapter

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
    item.save()
    from saidanddone.themes.services import theme_suggestions_replace

    theme_suggestions_replace(feedback=item, scores=result.themes,
                              model_version=result.model_version)
    if newly_flagged:
        audit(action="feedback.safeguarding_flag", obj=item, area=item.area,
              after={"categories": sorted({s["category"] for s in result.safeguarding})})
        from saidanddone.feedback.tasks import notify_safeguarding_contacts

        item_id = str(item.pk)
        transaction.on_commit(lambda: notify_safeguarding_contacts.enqueue(item_id))
    return item


def feedback_submit_public(
    *, area: Area, text: str, respondent_role: str, consent: str, idempotency_key: Any,
    kind: Channel.Kind | str = Channel.Kind.WEB_FORM, topic: str = "", page_url: str = "",
) -> tuple[FeedbackItem, bool]:
    """A family's comment from a public form. Returns (item, created).

    The same idempotency key (a double click, or a retry after a lost connection) stores the
    comment once and answers as if it had just been stored.
    """
    from saidanddone.feedback.topics import BY_KEY

    chosen = BY_KEY.get(topic)
    try:
        # feedback_create is its own transaction: a duplicate key rolls all of it back.
        item = feedback_create(
            area=area, text=text, respondent_role=respondent_role, consent=consent,
            channel=channel_get_or_create(area=area, kind=kind),
            reg56_category=chosen.reg56 if chosen else "",
            respondent_topic=topic if chosen else "", page_url=page_url,
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
def feedback_erase(*, item: FeedbackItem, reason: str, by: Any) -> str:
    """Erase one item everywhere (its text, suggestions, confirmations and links). Audited,
    without the text: the audit entry says that it was erased, by whom and why."""
    permissions.require(role_of(user=by, area=item.area), permissions.DATA_PROTECTION,
                        "erase feedback")
    if not reason.strip():
        raise ValueError("Enter the reason for erasing it (for example: subject access request).")
    audit(action="feedback.erase", obj=item, by=by, area=item.area,
          before={"received_on": item.received_on, "channel": item.channel.name},
          after={"reason": reason.strip()})
    reference = item.reference
    item.delete()
    return reference


@transaction.atomic
def feedback_purge_originals(*, area: Area, today: dt.date | None = None) -> int:
    """Delete original texts past the area's retention: ``retention_days`` after the first
    publication covering the day they were received. The redacted text stays."""
    from saidanddone.feedback.selectors import feedback_due_for_purge

    today = today or timezone.localdate()
    due = feedback_due_for_purge(area=area, today=today)
    ids = list(due.values_list("pk", flat=True))
    if ids:
        FeedbackItem.objects.filter(pk__in=ids).update(
            text_original="", original_deleted_at=timezone.now())
        audit(action="feedback.retention_purge", obj=area, area=area,
              after={"items": len(ids), "on": today})
    return len(ids)


@transaction.atomic
def feedback_set_exclusion(
    *, item: FeedbackItem, exclusion: Exclusion | str, by: Any
) -> FeedbackItem:
    """Leave an item out of 'You said, we did' (vexatious, or about one child's case)."""
    permissions.require(role_of(user=by, area=item.area), permissions.EDIT_RESPONSES,
                        "exclude feedback")
    before = {"exclusion": item.exclusion}
    item.exclusion = Exclusion(exclusion)
    item.save(update_fields=["exclusion", "updated_at"])
    audit(action="feedback.exclusion", obj=item, by=by, area=item.area, before=before,
          after={"exclusion": item.exclusion})
    return item


@transaction.atomic
def feedback_triage_decide(
    *, item: FeedbackItem, decision: SafeguardingState | str, reason: str, by: Any
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
    audit(action="feedback.safeguarding_decision", obj=item, by=by, area=item.area,
          before=before, after={"safeguarding_state": decision, "reason": reason.strip()})
    return item


@transaction.atomic
def survey_import(
    *, area: Area, rows: list[Any], channel_name: str, by: Any, source: str = ""
) -> int:
    """Store every checked survey row as feedback, all or nothing."""
    permissions.require(role_of(user=by, area=area), permissions.ENTER_FEEDBACK,
                        "import surveys")
    if not rows:
        raise ValueError("There are no comments to import.")
    channel, _ = Channel.objects.get_or_create(
        area=area, name=(channel_name.strip() or "Survey import")[:120],
        defaults={"kind": Channel.Kind.SURVEY})
    for row in rows:
        feedback_create(area=area, text=row.text, channel=channel,
                        respondent_role=row.respondent_role, received_on=row.received_on,
                        by=by)
    audit(action="feedback.survey_import", obj=area, by=by, area=area,
          after={"rows": len(rows), "channel": channel.name, "source": source})
    return len(rows)
