"""The commitment lifecycle, its reasons and rationale, permissions, and the audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from saidanddone.areas.permissions import PermissionDenied
from saidanddone.commitments import services
from saidanddone.commitments.models import TRANSITIONS, Commitment, Response, Status
from saidanddone.commitments.selectors import commitment_list, loop_health, rag
from saidanddone.core.models import AuditEntry

pytestmark = pytest.mark.django_db




def audit_actions(obj: Any) -> list[str]:
    return list(AuditEntry.objects.filter(object_id=str(obj.pk)).order_by("at")
                .values_list("action", flat=True))


ALL_PAIRS = [(a, b) for a in Status for b in Status if a != b]


@pytest.mark.parametrize(("start", "target"), ALL_PAIRS)
def test_status_change_follows_the_lifecycle(commitment: Commitment, officer: Any,
                                             start: Status, target: Status) -> None:
    Commitment.objects.filter(pk=commitment.pk).update(status=start)
    commitment.refresh_from_db()
    call = lambda: services.commitment_set_status(  # noqa: E731
        commitment=commitment, status=target, reason="Because.", rationale="No budget.",
        by=officer)
    if target in TRANSITIONS[start]:
        assert call().status == target
    else:
        with pytest.raises(services.TransitionError):
            call()
        commitment.refresh_from_db()
        assert commitment.status == start


def test_status_change_without_reason_is_refused_and_changes_nothing(
        commitment: Commitment, officer: Any) -> None:
    with pytest.raises(services.TransitionError, match="reason"):
        services.commitment_set_status(commitment=commitment, status=Status.DONE, reason=" ",
                                       by=officer)
    commitment.refresh_from_db()
    assert commitment.status == Status.PLANNED
    assert commitment.status_changes.count() == 1


def test_not_possible_needs_a_public_rationale(commitment: Commitment, officer: Any) -> None:
    with pytest.raises(services.TransitionError, match="publicly"):
        services.commitment_set_status(commitment=commitment, status=Status.NOT_POSSIBLE,
                                       reason="Budget cut.", by=officer)
    services.commitment_set_status(commitment=commitment, status=Status.NOT_POSSIBLE,
                                   reason="Budget cut.", rationale="The grant ended.", by=officer)
    commitment.refresh_from_db()
    assert commitment.not_possible_rationale == "The grant ended."


def test_every_status_change_is_kept_with_date_and_reason(commitment: Commitment,
                                                          officer: Any) -> None:
    services.commitment_set_status(commitment=commitment, status=Status.IN_PROGRESS,
                                   reason="Drafting started.", by=officer)
    services.commitment_set_status(commitment=commitment, status=Status.DONE,
                                   reason="New letters in use.", by=officer)
    history = list(commitment.status_changes.values_list("from_status", "to_status", "reason"))
    assert history == [("", "planned", "Commitment made."),
                       ("planned", "in_progress", "Drafting started."),
                       ("in_progress", "done", "New letters in use.")]
    commitment.refresh_from_db()
    assert commitment.done_on == dt.date.today()


def test_revised_due_date_needs_a_reason_and_keeps_the_old_date(commitment: Commitment,
                                                                officer: Any) -> None:
    old = commitment.due_date
    new = old + dt.timedelta(days=30)
    with pytest.raises(ValueError, match="reason"):
        services.commitment_revise_due_date(commitment=commitment, new_due_date=new, reason="",
                                            by=officer)
    services.commitment_revise_due_date(commitment=commitment, new_due_date=new,
                                        reason="Waiting for the new system.", by=officer)
    revision = commitment.due_date_revisions.get()
    assert (revision.old_due_date, revision.new_due_date) == (old, new)


def test_each_state_change_writes_an_audit_entry_with_before_and_after(
        commitment: Commitment, officer: Any) -> None:
    services.commitment_set_status(commitment=commitment, status=Status.IN_PROGRESS,
                                   reason="Started.", by=officer)
    services.commitment_add_progress(commitment=commitment, text="Half done.", by=officer)
    services.evidence_add(commitment=commitment, kind="note", title="New letter",
                          description="The new letter is in use.", by=officer)
    services.commitment_revise_due_date(commitment=commitment, by=officer,
                                        new_due_date=dt.date.today() + dt.timedelta(days=200),
                                        reason="Printing delayed.")
    assert audit_actions(commitment) == [
        "commitment.create", "commitment.status", "commitment.progress",
        "commitment.evidence", "commitment.revise_due_date"]
    entry = AuditEntry.objects.get(object_id=str(commitment.pk), action="commitment.status")
    assert entry.before["status"] == "planned"
    assert entry.after["status"] == "in_progress"
    assert entry.actor == officer


@pytest.mark.parametrize("username", ["forum", "analyst"])
def test_only_editors_may_change_commitments(commitment: Commitment, username: str) -> None:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username=username)
    with pytest.raises(PermissionDenied):
        services.commitment_set_status(commitment=commitment, status=Status.DONE,
                                       reason="Done.", by=user)


def test_another_areas_officer_cannot_change_commitments(commitment: Commitment,
                                                         other_officer: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.commitment_add_progress(commitment=commitment, text="x", by=other_officer)


def test_commitment_needs_an_owner_team(response: Response, officer: Any) -> None:
    with pytest.raises(ValueError, match="team"):
        services.commitment_create(response=response, text="Do it.", owner_team="", by=officer)


def test_overdue_commitment_is_red_and_due_soon_is_amber(commitment: Commitment) -> None:
    today = dt.date.today()
    commitment.due_date = today - dt.timedelta(days=1)
    assert rag(commitment, today) == "red"
    commitment.due_date = today + dt.timedelta(days=10)
    assert rag(commitment, today) == "amber"
    commitment.due_date = today + dt.timedelta(days=100)
    assert rag(commitment, today) == "green"
    commitment.last_update_on = today - dt.timedelta(days=200)
    assert rag(commitment, today) == "amber"
    commitment.status = Status.DONE
    assert rag(commitment, today) is None


def test_commitment_list_filters_by_status_owner_theme_and_timeliness(demo: Any) -> None:
    done = commitment_list(area=demo, status="done")
    assert done and all(c.status == "done" for c in done)
    owned = commitment_list(area=demo, owner="Passenger Transport")
    assert owned and all(c.owner_team == "Passenger Transport" for c in owned)
    themed = commitment_list(area=demo, theme="transport")
    assert {c.pk for c in themed} == {c.pk for c in owned}
    red = commitment_list(area=demo, timeliness="red")
    assert red and all(c.due_date < dt.date.today() for c in red)


def test_demo_has_commitments_in_every_status_with_overdue_and_stale(demo: Any) -> None:
    statuses = set(Commitment.objects.filter(area=demo).values_list("status", flat=True))
    assert statuses == {s.value for s in Status}
    health = loop_health(area=demo)
    assert health.overdue and health.stale and health.no_evidence
    assert Commitment.objects.filter(area=demo).count() >= 20
