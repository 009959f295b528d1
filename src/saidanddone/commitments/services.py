"""Writes to responses, commitments, progress, evidence and indicators."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
import uuid
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from saidanddone.areas import permissions
from saidanddone.areas.actors import Actor, person
from saidanddone.areas.models import Area
from saidanddone.areas.selectors import role_of
from saidanddone.commitments import evidence_files
from saidanddone.commitments.models import (
    PERCENT_UNITS,
    TRANSITIONS,
    Commitment,
    DataPoint,
    DataPointCorrection,
    DueDateRevision,
    Evidence,
    EvidenceFile,
    Indicator,
    ProgressUpdate,
    Response,
    Status,
    StatusChange,
)
from saidanddone.commitments.public_text import live_text_problems
from saidanddone.commitments.rules import new_due_date_problem
from saidanddone.core.audit import AuditAction, audit, snapshot


class TransitionError(ValueError):
    """A status change the lifecycle does not allow, or one missing its reason."""


STALE_MESSAGE = ("Someone else changed this commitment while you were editing. "
                 "Check its status and try again.")


class StaleCommitmentError(ValueError):
    """The commitment changed after the form was drawn (another officer got there first)."""


def commitment_version(commitment: Commitment) -> str:
    """The version a form carries: the moment the row was last saved, in microseconds."""
    return str(int(commitment.updated_at.timestamp() * 1_000_000))


def _lock(commitment: Commitment, version: str) -> None:
    """Lock the commitment's row for the rest of the transaction and load what is stored now,
    so a change is checked against the row as it is, never against a copy read earlier. Two
    officers changing one commitment at once: the second waits, then sees the first's change
    (PostgreSQL; SQLite takes the write lock at BEGIN IMMEDIATE). ``version``, when a form
    carried one, refuses a change drawn from an earlier state."""
    locked = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if version and commitment_version(locked) != version:
        raise StaleCommitmentError(STALE_MESSAGE)
    for field in Commitment._meta.concrete_fields:
        setattr(commitment, field.attname, getattr(locked, field.attname))


def _require_editor(area: Area, by: Actor, action: str) -> None:
    permissions.require(role_of(user=by, area=area), permissions.EDIT_RESPONSES, action)


def _may_name_someone(commitment: Commitment, *texts: str) -> bool:
    """True when live text for the public page (and the feed) may contain personal details:
    it is then held for a person to check (decision 0206)."""
    return bool(live_text_problems(commitment.area, *texts))


# What a person checks in each kind of held record.
HELD_TEXT_FIELD = {StatusChange: "reason", DueDateRevision: "reason", ProgressUpdate: "text",
                   Evidence: "title"}


@transaction.atomic
def live_text_release(
    *, record: StatusChange | DueDateRevision | ProgressUpdate | Evidence, by: Actor,
    text: str = "",
) -> StatusChange | DueDateRevision | ProgressUpdate | Evidence:
    """A person has checked a held change and lets it be shown, with their corrected words if
    they give any. The words held are kept in the audit log."""
    commitment = record.commitment
    _require_editor(commitment.area, by, "release an update for the public page")
    if not record.held:
        raise ValueError("This is not waiting for a person to check.")
    field = HELD_TEXT_FIELD[type(record)]
    before = {field: getattr(record, field), "held": True}
    if text.strip():
        setattr(record, field, text.strip())
    record.held = False
    record.save(update_fields=[field, "held", "updated_at"])
    audit(action=AuditAction.COMMITMENT_RELEASE_HELD, obj=commitment, by=by, area=commitment.area,
          before=before | {"record": str(record.pk)},
          after={field: getattr(record, field), "held": False, "record": str(record.pk)})
    return record


def _same_area(area: Area, objects: Iterable[Any]) -> list[Any]:
    items = list(objects)
    if any(o.area_id != area.pk for o in items):
        raise ValueError("Everything linked must belong to the same area.")
    return items


RESPONSE_FIELDS = ["title", "you_said", "easy_read"]


@transaction.atomic
def response_create(
    *, area: Area, title: str, you_said: str, by: Actor, easy_read: str = "",
    themes: Iterable[Any] = (), feedback: Iterable[Any] = (),
) -> Response:
    _require_editor(area, by, "write responses")
    response = Response.objects.create(area=area, title=title.strip(),
                                       you_said=you_said.strip(), easy_read=easy_read.strip())
    response.themes.set(_same_area(area, themes))
    response.feedback.set(_same_area(area, feedback))
    audit(action=AuditAction.RESPONSE_CREATE, obj=response, by=by, area=area,
          after=snapshot(response, RESPONSE_FIELDS)
          | {"themes": sorted(t.slug for t in response.themes.all()),
             "feedback": response.feedback.count()})
    return response


@transaction.atomic
def response_update(
    *, response: Response, by: Actor, title: str, you_said: str, easy_read: str = "",
    themes: Iterable[Any] = (), feedback: Iterable[Any] = (),
) -> Response:
    area = response.area
    _require_editor(area, by, "edit responses")
    before = snapshot(response, RESPONSE_FIELDS) | {
        "themes": sorted(t.slug for t in response.themes.all()),
        "feedback": sorted(str(f.pk) for f in response.feedback.all()),
    }
    response.title, response.you_said = title.strip(), you_said.strip()
    response.easy_read = easy_read.strip()
    response.save()
    response.themes.set(_same_area(area, themes))
    response.feedback.set(_same_area(area, feedback))
    after = snapshot(response, RESPONSE_FIELDS) | {
        "themes": sorted(t.slug for t in response.themes.all()),
        "feedback": sorted(str(f.pk) for f in response.feedback.all()),
    }
    audit(action=AuditAction.RESPONSE_UPDATE,
          obj=response, by=by, area=area, before=before, after=after)
    return response


COMMITMENT_FIELDS = ["text", "owner_team", "accountable_role", "partners", "start_date",
                     "due_date", "status"]


@transaction.atomic
def commitment_create(
    *, response: Response, text: str, owner_team: str, by: Actor, due_date: dt.date | None = None,
    start_date: dt.date | None = None, accountable_role: str = "", partners: str = "",
    on: dt.date | None = None, historic: bool = False,
) -> Commitment:
    """Record a promise. ``on`` is the day it was made (earlier than today for an import).

    ``historic`` is for importing an earlier document: its due dates may already have passed.
    Such a date is kept as the document said it, and the publication checks flag it until
    someone revises it (``rules.due_date_problem``)."""
    area = response.area
    _require_editor(area, by, "add commitments")
    if not text.strip():
        raise ValueError("Enter what will be done.")
    if not owner_team.strip():
        raise ValueError("Enter the team that owns this commitment.")
    if start_date and due_date and due_date < start_date:
        raise ValueError("The due date must be on or after the start date.")
    today = on or timezone.localdate()
    if not historic and (problem := new_due_date_problem(due_date, on=today)):
        raise ValueError(problem)
    commitment = Commitment.objects.create(
        area=area, response=response, text=text.strip(), owner_team=owner_team.strip(),
        accountable_role=accountable_role.strip(), partners=partners.strip(),
        start_date=start_date, due_date=due_date, status=Status.PLANNED,
        status_changed_on=today, last_update_on=today,
    )
    StatusChange.objects.create(commitment=commitment, from_status="", to_status=Status.PLANNED,
                                reason="Commitment made.", changed_on=today, by=person(by))
    audit(action=AuditAction.COMMITMENT_CREATE, obj=commitment, by=by, area=area,
          after=snapshot(commitment, COMMITMENT_FIELDS))
    return commitment


@transaction.atomic
def commitment_update(
    *, commitment: Commitment, by: Actor, text: str, owner_team: str,
    accountable_role: str = "", partners: str = "", start_date: dt.date | None = None,
    version: str = "",
) -> Commitment:
    """Edit the wording and owner. Dates change only through ``commitment_revise_due_date``."""
    _require_editor(commitment.area, by, "edit commitments")
    _lock(commitment, version)
    if not text.strip() or not owner_team.strip():
        raise ValueError("A commitment needs its text and an owner team.")
    if start_date and commitment.due_date and commitment.due_date < start_date:
        raise ValueError("The start date must be on or before the due date "
                         f"({commitment.due_date.day} {commitment.due_date:%B %Y}).")
    if start_date and commitment.done_on and commitment.done_on < start_date:
        raise ValueError("The start date must be on or before the day it was done.")
    before = snapshot(commitment, COMMITMENT_FIELDS)
    commitment.text, commitment.owner_team = text.strip(), owner_team.strip()
    commitment.accountable_role, commitment.partners = accountable_role.strip(), partners.strip()
    commitment.start_date = start_date
    commitment.save()
    audit(action=AuditAction.COMMITMENT_UPDATE, obj=commitment, by=by, area=commitment.area,
          before=before, after=snapshot(commitment, COMMITMENT_FIELDS))
    return commitment


@transaction.atomic
def commitment_set_status(
    *, commitment: Commitment, status: Status | str, reason: str, by: Actor,
    rationale: str = "", on: dt.date | None = None, version: str = "",
) -> Commitment:
    """Move a commitment through its lifecycle (see ``TRANSITIONS``), keeping every change.

    The transition is checked against the locked row (``_lock``), so of two officers changing
    one commitment at once only one is accepted; the other is told what happened."""
    _require_editor(commitment.area, by, "change a commitment's status")
    _lock(commitment, version)
    status = Status(status)
    current = Status(commitment.status)
    if status not in TRANSITIONS[current]:
        raise TransitionError(
            f"A commitment that is '{current.label}' cannot become '{status.label}'."
        )
    if not reason.strip():
        raise TransitionError("Enter the reason for the change.")
    if status == Status.NOT_POSSIBLE and not rationale.strip():
        raise TransitionError(
            "Explain publicly why this is not possible. Families will read this."
        )
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise TransitionError("The date of a status change cannot be in the future.")
    if status == Status.DONE and commitment.start_date and on < commitment.start_date:
        raise TransitionError(
            "It cannot be done before it started: the start date is "
            f"{commitment.start_date.day} {commitment.start_date:%B %Y}. Check the start date.")
    before = snapshot(commitment, ["status", "not_possible_rationale", "done_on"])
    commitment.status = status
    commitment.status_changed_on = on
    commitment.last_update_on = on
    commitment.not_possible_rationale = rationale.strip() if status == Status.NOT_POSSIBLE else ""
    commitment.done_on = on if status == Status.DONE else None
    commitment.save()
    StatusChange.objects.create(commitment=commitment, from_status=current, to_status=status,
                                reason=reason.strip(), changed_on=on, by=person(by),
                                held=_may_name_someone(commitment, reason, rationale))
    audit(action=AuditAction.COMMITMENT_STATUS, obj=commitment, by=by, area=commitment.area,
          before=before,
          after=snapshot(commitment, ["status", "not_possible_rationale", "done_on"])
          | {"reason": reason.strip()})
    return commitment


@transaction.atomic
def commitment_revise_due_date(
    *, commitment: Commitment, new_due_date: dt.date, reason: str, by: Actor, version: str = "",
) -> Commitment:
    _require_editor(commitment.area, by, "revise due dates")
    _lock(commitment, version)
    if not reason.strip():
        raise ValueError("Enter the reason the date has changed. Families will read this.")
    if new_due_date == commitment.due_date:
        raise ValueError("The new date is the same as the current one.")
    problem = new_due_date_problem(new_due_date, on=timezone.localdate(),
                                   start=commitment.start_date)
    if problem:
        raise ValueError(problem)
    old = commitment.due_date
    DueDateRevision.objects.create(commitment=commitment, old_due_date=old,
                                   new_due_date=new_due_date, reason=reason.strip(), by=person(by),
                                   held=_may_name_someone(commitment, reason))
    commitment.due_date = new_due_date
    commitment.last_update_on = timezone.localdate()
    commitment.save()
    audit(action=AuditAction.COMMITMENT_REVISE_DUE_DATE,
          obj=commitment, by=by, area=commitment.area,
          before={"due_date": old}, after={"due_date": new_due_date, "reason": reason.strip()})
    return commitment


@transaction.atomic
def due_date_revision_correct_reason(
    *, revision: DueDateRevision, reason: str, by: Actor
) -> DueDateRevision:
    """Correct the wording of a published reason (a typo). The dates stay; the earlier wording
    is kept in the audit log, so the record of what families were told is never lost."""
    commitment = revision.commitment
    _require_editor(commitment.area, by, "correct the reason for a new date")
    reason = reason.strip()
    if not reason:
        raise ValueError("Enter the corrected reason the date has changed.")
    if reason == revision.reason:
        raise ValueError("The corrected reason is the same as the current one.")
    before = {"reason": revision.reason}
    revision.reason = reason
    revision.held = revision.held and _may_name_someone(commitment, reason)
    revision.save(update_fields=["reason", "held", "updated_at"])
    audit(action=AuditAction.COMMITMENT_CORRECT_REVISION_REASON, obj=commitment, by=by,
          area=commitment.area, before=before | {"revision": str(revision.pk)},
          after={"reason": reason, "revision": str(revision.pk)})
    return revision


@transaction.atomic
def commitment_add_progress(
    *, commitment: Commitment, text: str, by: Actor, public: bool = True,
    on: dt.date | None = None,
) -> ProgressUpdate:
    _require_editor(commitment.area, by, "add progress updates")
    if not text.strip():
        raise ValueError("Enter the progress update.")
    on = on or timezone.localdate()
    update = ProgressUpdate.objects.create(
        commitment=commitment, text=text.strip(), public=public, written_on=on, by=person(by),
        held=public and _may_name_someone(commitment, text))
    commitment.last_update_on = max(commitment.last_update_on, on)
    commitment.save(update_fields=["last_update_on", "updated_at"])
    audit(action=AuditAction.COMMITMENT_PROGRESS, obj=commitment, by=by, area=commitment.area,
          after={"update": str(update.pk), "public": public})
    return update


@transaction.atomic
def evidence_add(
    *, commitment: Commitment, kind: Evidence.Kind | str, title: str, by: Actor, url: str = "",
    description: str = "", indicator: Indicator | None = None, on: dt.date | None = None,
) -> Evidence:
    _require_editor(commitment.area, by, "add evidence")
    kind = Evidence.Kind(kind)
    if not title.strip():
        raise ValueError("Give the evidence a title.")
    if kind == Evidence.Kind.LINK and not url:
        raise ValueError("Enter the address of the page or document.")
    if kind == Evidence.Kind.INDICATOR:
        if indicator is None:
            raise ValueError("Choose the indicator.")
        if indicator.area_id != commitment.area_id:
            raise ValueError("That indicator belongs to another area.")
    if kind == Evidence.Kind.NOTE and not description.strip():
        raise ValueError("Describe what changed.")
    on = on or timezone.localdate()
    evidence = Evidence.objects.create(
        commitment=commitment, kind=kind, title=title.strip(), url=url,
        description=description.strip(), indicator=indicator, added_on=on, by=person(by),
        held=_may_name_someone(commitment, title, description),
    )
    commitment.last_update_on = max(commitment.last_update_on, on)
    commitment.save(update_fields=["last_update_on", "updated_at"])
    audit(action=AuditAction.COMMITMENT_EVIDENCE, obj=commitment, by=by, area=commitment.area,
          after={"evidence": str(evidence.pk), "kind": kind, "title": evidence.title})
    return evidence


INDICATOR_FIELDS = ["name", "unit", "direction", "description", "baseline", "target",
                    "target_date", "suppress_below"]
# Figures before this are typing slips (a year of 200 for 2000), not the area's history.
EARLIEST_FIGURE = dt.date(2000, 1, 1)


def _require_indicators(area: Area, by: Actor, action: str) -> None:
    permissions.require(role_of(user=by, area=area), permissions.MANAGE_INDICATORS, action)


def figure_problem(*, value: Decimal | None, what: str, percentage: bool) -> str:
    """Why a figure (a value, baseline or target) cannot be right, or "".

    Indicators measure percentages, counts and times, none of which can be below zero; a
    percentage is between 0 and 100."""
    if value is None:
        return ""
    if value < 0:
        return f"The {what} must be 0 or more."
    if percentage and value > 100:
        return f"The {what} is a percentage: it must be between 0 and 100."
    return ""


def _check_indicator(*, name: str, unit: str, baseline: Decimal | None,
                     target: Decimal | None, target_date: dt.date | None,
                     suppress_below: int) -> None:
    if not name.strip():
        raise ValueError("Enter the name of the indicator.")
    percentage = unit.strip().lower() in PERCENT_UNITS
    for value, what in ((baseline, "baseline"), (target, "target")):
        if problem := figure_problem(value=value, what=what, percentage=percentage):
            raise ValueError(problem)
    if target_date is not None and target_date < EARLIEST_FIGURE:
        raise ValueError("The target date must be in 2000 or later.")
    if suppress_below < 0:
        raise ValueError("The smallest number shown must be 0 or more.")


def _check_point(indicator: Indicator, date: dt.date, value: Decimal) -> None:
    if date > timezone.localdate():
        raise ValueError("The date of a figure must be today or in the past.")
    if date < EARLIEST_FIGURE:
        raise ValueError("The date of a figure must be in 2000 or later.")
    if problem := figure_problem(value=value, what="value", percentage=indicator.is_percentage):
        raise ValueError(problem)


@transaction.atomic
def indicator_create(
    *, area: Area, name: str, direction: Indicator.Direction | str, by: Actor, unit: str = "",
    description: str = "", baseline: Decimal | None = None, target: Decimal | None = None,
    target_date: dt.date | None = None, suppress_below: int | None = 0,
) -> Indicator:
    _require_indicators(area, by, "manage indicators")
    suppress_below = suppress_below or 0
    _check_indicator(name=name, unit=unit, baseline=baseline, target=target,
                     target_date=target_date, suppress_below=suppress_below)
    indicator = Indicator.objects.create(
        area=area, name=name.strip(), direction=Indicator.Direction(direction), unit=unit.strip(),
        description=description, baseline=baseline, target=target, target_date=target_date,
        suppress_below=suppress_below,
    )
    audit(action=AuditAction.INDICATOR_CREATE, obj=indicator, by=by, area=area,
          after=snapshot(indicator, INDICATOR_FIELDS))
    return indicator


@transaction.atomic
def indicator_update(
    *, indicator: Indicator, by: Actor, name: str, direction: Indicator.Direction | str,
    unit: str = "", description: str = "", baseline: Decimal | None = None,
    target: Decimal | None = None, target_date: dt.date | None = None,
    suppress_below: int | None = 0,
) -> Indicator:
    _require_indicators(indicator.area, by, "change indicators")
    suppress_below = suppress_below or 0
    _check_indicator(name=name, unit=unit, baseline=baseline, target=target,
                     target_date=target_date, suppress_below=suppress_below)
    percentage = unit.strip().lower() in PERCENT_UNITS
    for point in indicator.points.all():
        if figure_problem(value=point.value, what="value", percentage=percentage):
            raise ValueError(f"The figure for {point.date.day} {point.date:%B %Y} is "
                             f"{point.value}, which does not fit the unit {unit.strip()!r}. "
                             "Change that figure first.")
    before = snapshot(indicator, INDICATOR_FIELDS)
    indicator.name, indicator.unit = name.strip(), unit.strip()
    indicator.direction = Indicator.Direction(direction)
    indicator.description = description
    indicator.baseline, indicator.target, indicator.target_date = baseline, target, target_date
    indicator.suppress_below = suppress_below
    indicator.save()
    audit(action=AuditAction.INDICATOR_UPDATE,
          obj=indicator, by=by, area=indicator.area, before=before,
          after=snapshot(indicator, INDICATOR_FIELDS))
    return indicator


@transaction.atomic
def indicator_delete(*, indicator: Indicator, by: Actor) -> None:
    """Delete an indicator and its figures. Evidence that pointed to it stays, without it."""
    area = indicator.area
    _require_indicators(area, by, "delete indicators")
    audit(action=AuditAction.INDICATOR_DELETE, obj=indicator, by=by, area=area,
          before=snapshot(indicator, INDICATOR_FIELDS) | {
              "figures": [{"date": p.date, "value": p.value, "public": p.public}
                          for p in indicator.points.all()]})
    indicator.delete()


@transaction.atomic
def datapoint_add(
    *, indicator: Indicator, date: dt.date, value: Decimal, by: Actor, source: str = "",
    note: str = "", public: bool = False,
) -> DataPoint:
    """Record a figure for a date. A date that already has a figure is refused: changing a
    figure is a correction, with a reason (``datapoint_correct``). New figures are not public
    until someone makes them so (``datapoint_set_public``), unless ``public`` says so."""
    _require_indicators(indicator.area, by, "add figures")
    _check_point(indicator, date, value)
    existing = DataPoint.objects.filter(indicator=indicator, date=date).first()
    if existing is not None:
        raise ValueError(
            f"There is already a figure for {date.day} {date:%B %Y} "
            f"({existing.value.normalize():f}). To change it, choose “Change” "
            "beside that figure and give the reason.")
    point = DataPoint.objects.create(indicator=indicator, date=date, value=value,
                                     source=source.strip(), note=note.strip(), public=public)
    audit(action=AuditAction.INDICATOR_DATAPOINT, obj=indicator, by=by, area=indicator.area,
          after={"date": date, "value": value, "source": point.source, "public": public})
    return point


@transaction.atomic
def datapoint_correct(
    *, point: DataPoint, date: dt.date, value: Decimal, reason: str, by: Actor,
    source: str = "", note: str = "",
) -> DataPoint:
    """Change a recorded figure (its date or value), keeping the old one and the reason."""
    indicator = point.indicator
    _require_indicators(indicator.area, by, "change figures")
    if not reason.strip():
        raise ValueError("Enter why the figure has changed.")
    _check_point(indicator, date, value)
    if DataPoint.objects.filter(indicator=indicator, date=date).exclude(pk=point.pk).exists():
        raise ValueError(f"There is already another figure for {date.day} {date:%B %Y}. "
                         "Change or delete that one instead.")
    before = {"date": point.date, "value": point.value, "source": point.source,
              "note": point.note}
    if point.date != date or point.value != value:
        DataPointCorrection.objects.create(point=point, old_date=point.date, new_date=date,
                                           old_value=point.value, new_value=value,
                                           reason=reason.strip(), by=person(by))
    point.date, point.value = date, value
    point.source, point.note = source.strip(), note.strip()
    point.save()
    audit(action=AuditAction.INDICATOR_DATAPOINT_CORRECT, obj=indicator, by=by, area=indicator.area,
          before=before, after={"date": date, "value": value, "source": point.source,
                                "note": point.note, "reason": reason.strip()})
    return point


@transaction.atomic
def datapoint_set_public(*, point: DataPoint, public: bool, by: Actor) -> DataPoint:
    """Show a checked figure on public pages (or take it off them)."""
    indicator = point.indicator
    _require_indicators(indicator.area, by, "publish figures")
    before = {"public": point.public}
    point.public = public
    point.save(update_fields=["public", "updated_at"])
    audit(action=AuditAction.INDICATOR_DATAPOINT_PUBLIC, obj=indicator, by=by, area=indicator.area,
          before=before, after={"public": public, "date": point.date})
    return point


@transaction.atomic
def datapoint_delete(*, point: DataPoint, by: Actor) -> None:
    indicator = point.indicator
    _require_indicators(indicator.area, by, "delete figures")
    audit(action=AuditAction.INDICATOR_DATAPOINT_DELETE, obj=indicator, by=by, area=indicator.area,
          before={"date": point.date, "value": point.value, "source": point.source,
                  "public": point.public})
    point.delete()


# Evidence files (issue 14, item 5; decision 0220) ---------------------------------------------

def _write_file(path: Path, content: bytes) -> None:
    """Write the bytes under their final name only once complete (a reader never sees half)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(content)
    os.replace(partial, path)


@transaction.atomic
def evidence_file_add(
    *, commitment: Commitment, title: str, by: Actor, name: str, content: bytes,
    public: bool, description: str = "", on: dt.date | None = None,
) -> Evidence:
    """Add evidence with a file. The type is read from the content (evidence_files.kind_of);
    anything else is refused with nothing saved. The file is written once the row is committed,
    so a refusal or a rollback leaves nothing on disk."""
    _require_editor(commitment.area, by, "add evidence")
    max_mb = settings.SAIDANDDONE_EVIDENCE_MAX_MB
    kind = evidence_files.kind_of(content, max_bytes=max_mb * 1024 * 1024, max_mb=max_mb,
                                  name=evidence_files.clean_name(name))
    if not title.strip():
        raise ValueError("Give the evidence a title.")
    on = on or timezone.localdate()
    evidence = Evidence.objects.create(
        commitment=commitment, kind=Evidence.Kind.FILE, title=title.strip(),
        description=description.strip(), added_on=on, by=person(by),
        # Only a public file's words reach the public page, so only they are held for a check.
        held=public and _may_name_someone(commitment, title, description),
    )
    record = EvidenceFile.objects.create(
        evidence=evidence, area=commitment.area, extension=kind.extension,
        original_name=evidence_files.clean_name(name), size=len(content),
        content_type=kind.content_type, sha256=hashlib.sha256(content).hexdigest(),
        public=public,
    )
    path = record.path
    transaction.on_commit(lambda: _write_file(path, content))
    commitment.last_update_on = max(commitment.last_update_on, on)
    commitment.save(update_fields=["last_update_on", "updated_at"])
    audit(action=AuditAction.EVIDENCE_FILE_UPLOAD, obj=commitment, by=by, area=commitment.area,
          after={"evidence": str(evidence.pk), "file": str(record.pk), "title": evidence.title,
                 "name": record.original_name, "type": record.content_type,
                 "size": record.size, "sha256": record.sha256, "public": public})
    return evidence


@transaction.atomic
def evidence_delete(*, evidence: Evidence, by: Actor) -> None:
    """Remove a piece of evidence; its file goes from disk once the deletion is committed."""
    commitment = evidence.commitment
    _require_editor(commitment.area, by, "remove evidence")
    record = EvidenceFile.objects.filter(evidence=evidence).first()
    before: dict[str, Any] = {"evidence": str(evidence.pk), "kind": evidence.kind,
                              "title": evidence.title}
    if record is not None:
        before |= {"file": str(record.pk), "name": record.original_name,
                   "sha256": record.sha256, "public": record.public}
    evidence.delete()  # the file row with it; its bytes once committed (signals.py)
    audit(action=AuditAction.EVIDENCE_DELETE,
          obj=commitment, by=by, area=commitment.area, before=before)


def evidence_files_sweep(*, root: Path | None = None) -> int:
    """Delete files under ``MEDIA_ROOT/<area>/evidence/`` that no row points at (retention runs
    it daily), and half-written ones; each deletion is audited. Returns how many went."""
    root = Path(root or settings.MEDIA_ROOT)
    if not root.is_dir():
        return 0
    known = {f"{area_id}/evidence/{pk}.{extension}" for area_id, pk, extension in
             EvidenceFile.objects.values_list("area_id", "pk", "extension").iterator()}
    removed = 0
    for path in sorted(root.glob("*/evidence/*")):
        relative = path.relative_to(root).as_posix()
        if not path.is_file() or relative in known:
            continue
        if path.name.startswith(".") and time.time() - path.stat().st_mtime < 3600:
            continue  # a write under way
        area = Area.objects.filter(pk=path.parent.parent.name).first() if _is_uuid(
            path.parent.parent.name) else None
        path.unlink(missing_ok=True)
        removed += 1
        audit(action=AuditAction.EVIDENCE_FILE_SWEEP, obj=area or EvidenceFile(), area=area,
              before={"path": relative})
    return removed


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True
