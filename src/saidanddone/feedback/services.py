"""Writes to feedback: intake, analysis results, exclusions and safeguarding decisions."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from django.conf import settings
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
    DuplicateKey,
    Exclusion,
    FeedbackItem,
    RespondentRole,
    SafeguardingState,
    SurveyImport,
    SurveyUpload,
)

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
    _mark_duplicate(item, analysis_adapter.duplicate_keys(item.text_redacted))
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
    from saidanddone.feedback.topics import BY_KEY, reg56_for_page_comment

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
    *, area: Area, rows: list[Any], channel_name: str, by: Any, source: str = "",
    file_sha256: str = "",
) -> SurveyImport:
    """Store the good rows of a survey as feedback, in one transaction.

    A row imported before (the same fingerprint in this area, see ``surveys.row_fingerprint``)
    or repeated within the file is skipped, so importing the same survey twice never doubles
    its comments. Answers to several questions in one row share the row number and import.
    """
    permissions.require(role_of(user=by, area=area), permissions.ENTER_FEEDBACK,
                        "import surveys")
    if not rows:
        raise ValueError("There are no comments to import.")
    channel, _ = Channel.objects.get_or_create(
        area=area, name=(channel_name.strip() or "Survey import")[:120],
        defaults={"kind": Channel.Kind.SURVEY})
    seen = set(FeedbackItem.objects.filter(
        area=area, import_fingerprint__in=[r.fingerprint for r in rows if r.fingerprint],
    ).values_list("import_fingerprint", flat=True))
    record = SurveyImport.objects.create(area=area, channel=channel, source=source[:255],
                                         file_sha256=file_sha256, by=by)
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
    audit(action="feedback.survey_import", obj=record, by=by, area=area,
          after={"comments": stored, "skipped_as_imported_before": skipped,
                 "channel": channel.name, "source": source})
    return record


# How long an uploaded survey waits for its import before it is deleted unread. Long enough
# to map the columns and correct a few rows after lunch; short enough that an abandoned
# export (unredacted) does not linger.
SURVEY_UPLOAD_HOURS = 6


@transaction.atomic
def survey_upload_create(*, area: Area, name: str, content: bytes, by: Any) -> SurveyUpload:
    """Read an uploaded export into rows held in the database (never a file on disk), ready
    for the officer to map. The officer's earlier unfinished upload goes."""
    from saidanddone.feedback.surveys import survey_parse

    permissions.require(role_of(user=by, area=area), permissions.ENTER_FEEDBACK,
                        "import surveys")
    parsed = survey_parse(name, content)  # InputError (a ValueError) says what is wrong
    SurveyUpload.objects.filter(area=area, by=by).delete()
    return SurveyUpload.objects.create(area=area, by=by, name=name[:255],
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
