"""The rules about a commitment's dates, each in one place: what "late" means, and which dates
are believable. Staff pages, public pages, open data, search and the publication checks all
call these functions, so a family and an officer never see two different answers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from saidanddone.commitments.models import OPEN_STATUSES

# A due date further ahead than this is a typing slip (9999), not a promise families can hold
# anyone to.
MAX_YEARS_AHEAD = 10


def is_late(commitment: Any, today: dt.date | None = None) -> bool:
    """Late: still open (we will, in progress) and its current due date has passed.

    ``commitment`` is a ``Commitment`` or anything with ``status`` and ``due_date`` (a date or
    an ISO date string, as frozen in a publication version)."""
    if commitment is None or commitment.status not in OPEN_STATUSES:
        return False
    due = commitment.due_date
    if isinstance(due, str):
        due = dt.date.fromisoformat(due)
    return due is not None and due < (today or timezone.localdate())


def latest_allowed_due_date(on: dt.date) -> dt.date:
    try:
        return on.replace(year=on.year + MAX_YEARS_AHEAD)
    except ValueError:  # 29 February
        return on.replace(year=on.year + MAX_YEARS_AHEAD, day=28)


def new_due_date_problem(due: dt.date | None, *, on: dt.date,
                         start: dt.date | None = None) -> str:
    """Why a due date being set on day ``on`` is not believable, or "" when it is.

    Used by the services for every new or revised date: it may not already have passed, lie
    more than ten years ahead, or come before the work starts."""
    if due is None:
        return ""
    if due < on:
        return (f"The due date must be today or later: {_day(due)} has already passed. "
                "If the work is finished, change its status instead.")
    if due > latest_allowed_due_date(on):
        return (f"The due date must be within {MAX_YEARS_AHEAD} years. Check the year of "
                f"{_day(due)}.")
    if start is not None and due < start:
        return "The due date must be on or after the start date."
    return ""


def made_on(commitment: Any) -> dt.date:
    """The day the promise was recorded (its first status), for judging its first due date."""
    first = commitment.status_changes.order_by("changed_on", "created_at").first()
    day: dt.date = first.changed_on if first is not None else commitment.created_at.date()
    return day


def due_date_problem(commitment: Any) -> str:
    """Why an open commitment's due date should not be published, or "" (publication checks).

    A first due date that had already passed when the promise was recorded (an imported
    historic draft with 2020, or a slip) or one absurdly far ahead (9999) is not a date
    families can hold us to. A date revised later with a reason is judged on the day it was
    revised, so an honest new date is not flagged."""
    if commitment.status not in OPEN_STATUSES or commitment.due_date is None:
        return ""
    revision = commitment.due_date_revisions.order_by("-created_at").first()
    if revision is not None and revision.new_due_date == commitment.due_date:
        on = revision.created_at.date()
    else:
        on = made_on(commitment)
    return new_due_date_problem(commitment.due_date, on=on)


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"
