"""Two officers changing one commitment at the same moment: exactly one change is accepted, and
the other is told why (issue 11, decision 0207)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections
from django.urls import reverse

from saidanddone.areas.models import Area
from saidanddone.commitments import services
from saidanddone.commitments.models import Commitment, Status, StatusChange

from .conftest import days

STALE = "Someone else changed this commitment while you were editing"


def test_a_change_drawn_from_an_earlier_version_is_refused(commitment: Commitment,
                                                           officer: Any) -> None:
    drawn = services.commitment_version(commitment)
    services.commitment_set_status(commitment=commitment, status=Status.IN_PROGRESS,
                                   reason="Work has begun.", by=officer, version=drawn)
    stale_copy = Commitment.objects.get(pk=commitment.pk)
    with pytest.raises(services.StaleCommitmentError, match=STALE):
        services.commitment_set_status(commitment=stale_copy, status=Status.DONE,
                                       reason="Finished.", by=officer, version=drawn)
    with pytest.raises(services.StaleCommitmentError, match=STALE):
        services.commitment_revise_due_date(commitment=stale_copy, new_due_date=days(200),
                                            reason="The printer is late.", by=officer,
                                            version=drawn)
    with pytest.raises(services.StaleCommitmentError, match=STALE):
        services.commitment_update(commitment=stale_copy, text="Something else.",
                                   owner_team="Another team", by=officer, version=drawn)
    commitment.refresh_from_db()
    assert commitment.status == Status.IN_PROGRESS
    assert commitment.due_date == days(120) and commitment.text == "Rewrite our standard letters."
    assert list(commitment.status_changes.values_list("to_status", flat=True)) == [
        Status.PLANNED, Status.IN_PROGRESS]


def test_the_current_version_is_accepted(commitment: Commitment, officer: Any) -> None:
    services.commitment_set_status(commitment=commitment, status=Status.IN_PROGRESS,
                                   reason="Work has begun.", by=officer,
                                   version=services.commitment_version(commitment))
    services.commitment_update(commitment=commitment, text="Rewrite every standard letter.",
                               owner_team="SEND Service", by=officer,
                               version=services.commitment_version(commitment))
    commitment.refresh_from_db()
    assert commitment.text == "Rewrite every standard letter."


def test_the_page_refuses_a_stale_form_with_a_clear_message(client: Any, commitment: Commitment,
                                                            officer: Any) -> None:
    client.force_login(officer)
    url = reverse("workspace:commitment_detail", args=[commitment.area.slug, commitment.pk])
    page = client.get(url).content.decode()
    drawn = services.commitment_version(commitment)
    assert f'name="version" value="{drawn}"' in page
    first = client.post(url, {"action": "status", "status": Status.IN_PROGRESS,
                              "reason": "Work has begun.", "version": drawn})
    assert first.status_code == 302
    second = client.post(url, {"action": "status", "status": Status.DONE,
                               "reason": "Finished.", "version": drawn})
    assert second.status_code == 200
    assert STALE in second.content.decode()
    commitment.refresh_from_db()
    assert commitment.status == Status.IN_PROGRESS
    assert commitment.status_changes.count() == 2


# Real threads on a real database server ------------------------------------------------------

PAIRS = 30


def _change(pk: Any, target: Status, version: str, officer: Any, barrier: threading.Barrier,
            results: list[str]) -> None:
    """One officer's request, on its own connection, released at the same moment as the
    other's."""
    try:
        mine = Commitment.objects.get(pk=pk)
        barrier.wait()
        services.commitment_set_status(commitment=mine, status=target, by=officer,
                                       reason=f"Now {target.label}.", version=version)
        results.append("accepted")
    except ValueError as exc:
        results.append(str(exc))
    finally:
        connections.close_all()


@pytest.mark.parametrize(("with_version", "targets"), [
    (True, (Status.IN_PROGRESS, Status.DONE)),  # the page: both drawn from "Planned"
    (False, (Status.IN_PROGRESS, Status.IN_PROGRESS)),  # no form: the row lock alone
])
def test_concurrent_status_changes_exactly_one_accepted(
        demo_restored: None, transactional_db: Any, with_version: bool,
        targets: tuple[Status, Status]) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("Row locks need a database server: run with DATABASE_URL=postgres://…")
    area = Area.objects.get(slug="westmere")
    officer = get_user_model().objects.get(username="officer")
    response = services.response_create(area=area, title="Races", you_said="Two at once.",
                                        by=officer)
    outcomes: list[list[str]] = []
    for pair in range(PAIRS):
        c = services.commitment_create(response=response, text=f"Promise {pair}.",
                                       owner_team="SEND Service", by=officer,
                                       due_date=days(100))
        drawn = services.commitment_version(c) if with_version else ""
        barrier = threading.Barrier(2)
        results: list[str] = []

        threads = [threading.Thread(target=_change, args=(c.pk, s, drawn, officer, barrier,
                                                          results))
                   for s in targets]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        outcomes.append(results)
        assert StatusChange.objects.filter(commitment=c).count() == 2  # made, and one change
    assert all(len(r) == 2 and r.count("accepted") == 1 for r in outcomes), outcomes
    refusal = STALE if with_version else "cannot become"
    assert all(any(refusal in x for x in r) for r in outcomes)
