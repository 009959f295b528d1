"""Writes to responses, commitments, progress, evidence and indicators."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from saidanddone.areas import permissions
from saidanddone.areas.models import Area
from saidanddone.areas.selectors import role_of
from saidanddone.commitments.models import (
    TRANSITIONS,
    Commitment,
    DataPoint,
    DueDateRevision,
    Evidence,
    Indicator,
    ProgressUpdate,
    Response,
    Status,
    StatusChange,
)
from saidanddone.core.audit import audit, snapshot


class TransitionError(ValueError):
    """A status change the lifecycle does not allow, or one missing its reason."""


def _require_editor(area: Area, by: Any, action: str) -> None:
    permissions.require(role_of(user=by, area=area), permissions.EDIT_RESPONSES, action)


def _same_area(area: Area, objects: Iterable[Any]) -> list[Any]:
    items = list(objects)
    if any(o.area_id != area.pk for o in items):
        raise ValueError("Everything linked must belong to the same area.")
    return items


RESPONSE_FIELDS = ["title", "you_said", "easy_read"]


@transaction.atomic
def response_create(
    *, area: Area, title: str, you_said: str, by: Any, easy_read: str = "",
    themes: Iterable[Any] = (), feedback: Iterable[Any] = (),
) -> Response:
    _require_editor(area, by, "write responses")
    response = Response.objects.create(area=area, title=title.strip(),
                                       you_said=you_said.strip(), easy_read=easy_read.strip())
    response.themes.set(_same_area(area, themes))
    response.feedback.set(_same_area(area, feedback))
    audit(action="response.create", obj=response, by=by, area=area,
          after=snapshot(response, RESPONSE_FIELDS)
          | {"themes": sorted(t.slug for t in response.themes.all()),
             "feedback": response.feedback.count()})
    return response


@transaction.atomic
def response_update(
    *, response: Response, by: Any, title: str, you_said: str, easy_read: str = "",
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
    audit(action="response.update", obj=response, by=by, area=area, before=before, after=after)
    return response


COMMITMENT_FIELDS = ["text", "owner_team", "accountable_role", "partners", "start_date",
                     "due_date", "status"]


@transaction.atomic
def commitment_create(
    *, response: Response, text: str, owner_team: str, by: Any, due_date: dt.date | None = None,
    start_date: dt.date | None = None, accountable_role: str = "", partners: str = "",
    on: dt.date | None = None,
) -> Commitment:
    """Record a promise. ``on`` is the day it was made (earlier than today for an import)."""
    area = response.area
    _require_editor(area, by, "add commitments")
    if not text.strip():
        raise ValueError("Enter what will be done.")
    if not owner_team.strip():
        raise ValueError("Enter the team that owns this commitment.")
    if start_date and due_date and due_date < start_date:
        raise ValueError("The due date must be on or after the start date.")
    today = on or timezone.localdate()
    commitment = Commitment.objects.create(
        area=area, response=response, text=text.strip(), owner_team=owner_team.strip(),
        accountable_role=accountable_role.strip(), partners=partners.strip(),
        start_date=start_date, due_date=due_date, status=Status.PLANNED,
        status_changed_on=today, last_update_on=today,
    )
    StatusChange.objects.create(commitment=commitment, from_status="", to_status=Status.PLANNED,
                                reason="Commitment made.", changed_on=today, by=by)
    audit(action="commitment.create", obj=commitment, by=by, area=area,
          after=snapshot(commitment, COMMITMENT_FIELDS))
    return commitment


@transaction.atomic
def commitment_update(
    *, commitment: Commitment, by: Any, text: str, owner_team: str,
    accountable_role: str = "", partners: str = "", start_date: dt.date | None = None,
) -> Commitment:
    """Edit the wording and owner. Dates change only through ``commitment_revise_due_date``."""
    _require_editor(commitment.area, by, "edit commitments")
    if not text.strip() or not owner_team.strip():
        raise ValueError("A commitment needs its text and an owner team.")
    before = snapshot(commitment, COMMITMENT_FIELDS)
    commitment.text, commitment.owner_team = text.strip(), owner_team.strip()
    commitment.accountable_role, commitment.partners = accountable_role.strip(), partners.strip()
    commitment.start_date = start_date
    commitment.save()
    audit(action="commitment.update", obj=commitment, by=by, area=commitment.area,
          before=before, after=snapshot(commitment, COMMITMENT_FIELDS))
    return commitment


@transaction.atomic
def commitment_set_status(
    *, commitment: Commitment, status: Status | str, reason: str, by: Any,
    rationale: str = "", on: dt.date | None = None,
) -> Commitment:
    """Move a commitment through its lifecycle (see ``TRANSITIONS``), keeping every change."""
    _require_editor(commitment.area, by, "change a commitment's status")
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
    before = snapshot(commitment, ["status", "not_possible_rationale", "done_on"])
    commitment.status = status
    commitment.status_changed_on = on
    commitment.last_update_on = on
    commitment.not_possible_rationale = rationale.strip() if status == Status.NOT_POSSIBLE else ""
    commitment.done_on = on if status == Status.DONE else None
    commitment.save()
    StatusChange.objects.create(commitment=commitment, from_status=current, to_status=status,
                                reason=reason.strip(), changed_on=on, by=by)
    audit(action="commitment.status", obj=commitment, by=by, area=commitment.area,
          before=before,
          after=snapshot(commitment, ["status", "not_possible_rationale", "done_on"])
          | {"reason": reason.strip()})
    return commitment


@transaction.atomic
def commitment_revise_due_date(
    *, commitment: Commitment, new_due_date: dt.date, reason: str, by: Any
) -> Commitment:
    _require_editor(commitment.area, by, "revise due dates")
    if not reason.strip():
        raise ValueError("Enter the reason the date has changed. Families will read this.")
    if new_due_date == commitment.due_date:
        raise ValueError("The new date is the same as the current one.")
    old = commitment.due_date
    DueDateRevision.objects.create(commitment=commitment, old_due_date=old,
                                   new_due_date=new_due_date, reason=reason.strip(), by=by)
    commitment.due_date = new_due_date
    commitment.last_update_on = timezone.localdate()
    commitment.save()
    audit(action="commitment.revise_due_date", obj=commitment, by=by, area=commitment.area,
          before={"due_date": old}, after={"due_date": new_due_date, "reason": reason.strip()})
    return commitment


@transaction.atomic
def commitment_add_progress(
    *, commitment: Commitment, text: str, by: Any, public: bool = True,
    on: dt.date | None = None,
) -> ProgressUpdate:
    _require_editor(commitment.area, by, "add progress updates")
    if not text.strip():
        raise ValueError("Enter the progress update.")
    on = on or timezone.localdate()
    update = ProgressUpdate.objects.create(commitment=commitment, text=text.strip(),
                                           public=public, written_on=on, by=by)
    commitment.last_update_on = max(commitment.last_update_on, on)
    commitment.save(update_fields=["last_update_on", "updated_at"])
    audit(action="commitment.progress", obj=commitment, by=by, area=commitment.area,
          after={"update": str(update.pk), "public": public})
    return update


@transaction.atomic
def evidence_add(
    *, commitment: Commitment, kind: Evidence.Kind | str, title: str, by: Any, url: str = "",
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
        description=description.strip(), indicator=indicator, added_on=on, by=by,
    )
    commitment.last_update_on = max(commitment.last_update_on, on)
    commitment.save(update_fields=["last_update_on", "updated_at"])
    audit(action="commitment.evidence", obj=commitment, by=by, area=commitment.area,
          after={"evidence": str(evidence.pk), "kind": kind, "title": evidence.title})
    return evidence


INDICATOR_FIELDS = ["name", "unit", "direction", "description", "baseline", "target",
                    "target_date", "suppress_below"]


@transaction.atomic
def indicator_create(
    *, area: Area, name: str, direction: Indicator.Direction | str, by: Any, unit: str = "",
    description: str = "", baseline: Decimal | None = None, target: Decimal | None = None,
    target_date: dt.date | None = None, suppress_below: int = 0,
) -> Indicator:
    permissions.require(role_of(user=by, area=area), permissions.MANAGE_INDICATORS,
                        "manage indicators")
    indicator = Indicator.objects.create(
        area=area, name=name.strip(), direction=Indicator.Direction(direction), unit=unit,
        description=description, baseline=baseline, target=target, target_date=target_date,
        suppress_below=suppress_below,
    )
    audit(action="indicator.create", obj=indicator, by=by, area=area,
          after=snapshot(indicator, INDICATOR_FIELDS))
    return indicator


@transaction.atomic
def datapoint_add(
    *, indicator: Indicator, date: dt.date, value: Decimal, by: Any, source: str = "",
    note: str = "",
) -> DataPoint:
    """Record a figure for a date (replacing the figure already recorded for that date)."""
    permissions.require(role_of(user=by, area=indicator.area), permissions.MANAGE_INDICATORS,
                        "add figures")
    existing = DataPoint.objects.filter(indicator=indicator, date=date).first()
    before = {"value": existing.value} if existing else {}
    point, _ = DataPoint.objects.update_or_create(
        indicator=indicator, date=date,
        defaults={"value": value, "source": source, "note": note},
    )
    audit(action="indicator.datapoint", obj=indicator, by=by, area=indicator.area,
          before=before, after={"date": date, "value": value, "source": source})
    return point
