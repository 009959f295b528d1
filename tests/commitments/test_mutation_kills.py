"""The date rules of a commitment's lifecycle, pinned at their exact boundaries (docs/mutation.md).

commitments/rules.py decides what "late" means and which dates a family may be promised; an
off-by-one day or a changed word here misleads families on every page. These tests need no
database (those at the end do), so most mutants die in milliseconds."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest

from saidanddone.commitments.models import Status
from saidanddone.commitments.rules import (
    MAX_YEARS_AHEAD,
    _day,
    due_date_problem,
    is_late,
    latest_allowed_due_date,
    made_on,
    new_due_date_problem,
)

TODAY = dt.date(2026, 3, 10)


def promise(status: str, due: dt.date | str | None) -> SimpleNamespace:
    return SimpleNamespace(status=status, due_date=due)


@pytest.mark.parametrize(("status", "due", "late"), [
    (Status.PLANNED, dt.date(2026, 3, 9), True),
    (Status.IN_PROGRESS, dt.date(2026, 3, 9), True),
    (Status.PLANNED, TODAY, False),  # due today is not yet late
    (Status.PLANNED, dt.date(2026, 3, 11), False),
    (Status.DONE, dt.date(2020, 1, 1), False),
    (Status.NOT_POSSIBLE, dt.date(2020, 1, 1), False),
    (Status.PLANNED, None, False),
    (Status.PLANNED, "2026-03-09", True),  # as frozen in a publication version
    (Status.PLANNED, "2026-03-10", False),
])
def test_late_means_open_and_past_its_due_date(status: str, due: dt.date | str | None,
                                                late: bool) -> None:
    assert is_late(promise(status, due), today=TODAY) is late


def test_nothing_is_not_late() -> None:
    assert is_late(None, today=TODAY) is False


def test_late_is_judged_against_today_when_no_day_is_given() -> None:
    yesterday = dt.date.today() - dt.timedelta(days=1)
    assert is_late(promise(Status.PLANNED, yesterday)) is True
    assert is_late(promise(Status.PLANNED, dt.date.today() + dt.timedelta(days=1))) is False


def test_the_latest_believable_due_date_is_ten_years_on() -> None:
    assert MAX_YEARS_AHEAD == 10
    assert latest_allowed_due_date(TODAY) == dt.date(2036, 3, 10)
    assert latest_allowed_due_date(dt.date(2028, 2, 29)) == dt.date(2038, 2, 28)


def test_a_due_date_from_today_to_ten_years_on_is_believable() -> None:
    assert new_due_date_problem(None, on=TODAY) == ""
    assert new_due_date_problem(TODAY, on=TODAY) == ""
    assert new_due_date_problem(dt.date(2036, 3, 10), on=TODAY) == ""
    assert new_due_date_problem(TODAY, on=TODAY, start=TODAY) == ""


def test_each_unbelievable_due_date_is_told_exactly() -> None:
    assert new_due_date_problem(dt.date(2026, 3, 9), on=TODAY) == (
        "The due date must be today or later: 9 March 2026 has already passed. "
        "If the work is finished, change its status instead.")
    assert new_due_date_problem(dt.date(2036, 3, 11), on=TODAY) == (
        "The due date must be within 10 years. Check the year of 11 March 2036.")
    assert new_due_date_problem(TODAY, on=TODAY, start=dt.date(2026, 3, 11)) == (
        "The due date must be on or after the start date.")


def test_a_day_reads_as_families_write_it() -> None:
    assert _day(dt.date(2026, 3, 1)) == "1 March 2026"


# The day a promise was made, and the publication rule built on it (these need the database).

def _historic(response: Any, officer: Any, due: dt.date) -> Any:
    from saidanddone.commitments import services

    return services.commitment_create(response=response, text="Do it.", owner_team="SEND",
                                      due_date=due, by=officer, historic=True)


def test_the_promise_was_made_on_its_earliest_status_day_not_its_first_recorded(
        response: Any, officer: Any) -> None:
    from saidanddone.commitments.models import StatusChange

    c = _historic(response, officer, dt.date(2031, 1, 1))
    first = c.status_changes.get()
    # A change recorded later but dated earlier (a backdated record) is the day it was made.
    StatusChange.objects.create(commitment=c, from_status="", to_status=Status.PLANNED,
                                reason="Backdated", changed_on=first.changed_on
                                - dt.timedelta(days=40), by=officer)
    assert made_on(c) == first.changed_on - dt.timedelta(days=40)


def test_a_promise_with_no_status_record_was_made_when_it_was_created(
        response: Any, officer: Any) -> None:
    c = _historic(response, officer, dt.date(2031, 1, 1))
    c.status_changes.all().delete()
    assert made_on(c) == c.created_at.date()


def test_a_closed_commitment_has_no_due_date_problem_however_old_its_date(
        response: Any, officer: Any) -> None:
    c = _historic(response, officer, dt.date(2020, 3, 1))
    assert "already passed" in due_date_problem(c)
    c.status = Status.DONE
    assert due_date_problem(c) == ""
    c.status = Status.PLANNED
    c.due_date = None
    assert due_date_problem(c) == ""


def test_a_revised_due_date_is_judged_on_the_day_it_was_revised(
        response: Any, officer: Any) -> None:
    from saidanddone.commitments import services

    long_ago = dt.date.today() - dt.timedelta(days=200)
    c = services.commitment_create(response=response, text="Do it.", owner_team="SEND",
                                   due_date=long_ago + dt.timedelta(days=50), on=long_ago,
                                   by=officer)
    # Within ten years of today, but more than ten years after the promise was first made.
    new_due = dt.date.today() + dt.timedelta(days=3600)
    services.commitment_revise_due_date(commitment=c, new_due_date=new_due,
                                        reason="The building work moved.", by=officer)
    assert due_date_problem(c) == ""
    assert "within 10 years" in new_due_date_problem(new_due, on=long_ago)


def test_the_lifecycle_table_is_exactly_this() -> None:
    """Written out by hand, not read from the code, so a changed entry fails here."""
    from saidanddone.commitments.models import TRANSITIONS

    planned, doing, done, impossible = (Status.PLANNED, Status.IN_PROGRESS, Status.DONE,
                                        Status.NOT_POSSIBLE)
    assert dict(TRANSITIONS) == {
        planned: {doing, done, impossible},
        doing: {planned, done, impossible},
        done: {doing},
        impossible: {planned, doing},
    }
