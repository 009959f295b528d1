"""The forum's sign-off is bound to what it saw: a change afterwards needs a new decision before
it is published as agreed (issue 11, decision 0207)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from saidanddone.commitments import services as commitments
from saidanddone.commitments.models import Commitment
from saidanddone.publishing import services
from saidanddone.publishing.models import Publication

pytestmark = pytest.mark.django_db

CHANGED = "Something changed after the forum signed off: send it to the forum again"


@pytest.fixture
def signed_off(demo: Any, officer: Any, forum: Any) -> Publication:
    response = commitments.response_create(area=demo, title="Shorter waits",
                                           you_said="Assessments take too long.", by=officer)
    commitments.commitment_create(response=response, text="Add two assessment clinics.",
                                  owner_team="SEND Service", by=officer,
                                  due_date=dt.date.today() + dt.timedelta(days=60))
    publication = services.publication_create(
        area=demo, title="Summer update", period_label="Summer 2026",
        period_start=dt.date(2026, 4, 1), period_end=dt.date(2026, 6, 30),
        responses=[response], by=officer)
    services.publication_send_to_forum(publication=publication, by=officer)
    services.publication_sign_off(publication=publication, decision="agreed", by=forum,
                                  statement="We agree with this plan.")
    return publication


def promise(publication: Publication) -> Commitment:
    return Commitment.objects.get(response__in=publication.responses.all())


def test_the_sign_off_stores_the_digest_of_what_the_forum_saw(signed_off: Publication) -> None:
    decision = signed_off.sign_offs.get()
    assert len(decision.content_digest) == 64
    assert decision.content_digest == services.content_digest(signed_off, 1)


def test_unchanged_content_publishes(signed_off: Publication, officer: Any) -> None:
    version = services.publication_publish(publication=signed_off, by=officer)
    assert version.content["forum"]["decision"] == "agreed"


@pytest.mark.parametrize("change", ["text", "owner", "status", "due_date"])
def test_a_change_after_sign_off_refuses_publishing_until_the_forum_decides_again(
        signed_off: Publication, officer: Any, forum: Any, change: str) -> None:
    c = promise(signed_off)
    if change in ("text", "owner"):
        commitments.commitment_update(
            commitment=c, by=officer,
            text="Add one assessment clinic." if change == "text" else c.text,
            owner_team="Health partners" if change == "owner" else c.owner_team)
    elif change == "status":
        commitments.commitment_set_status(commitment=c, status="in_progress", by=officer,
                                          reason="The first clinic has opened.")
    else:
        commitments.commitment_revise_due_date(
            commitment=c, new_due_date=dt.date.today() + dt.timedelta(days=90),
            reason="The rooms are not ready.", by=officer)
    with pytest.raises(ValueError, match=CHANGED):
        services.publication_publish(publication=signed_off, by=officer)
    assert not signed_off.versions.exists()
    services.publication_sign_off(publication=signed_off, decision="reservations", by=forum,
                                  statement="We agree, but one clinic is not enough.")
    version = services.publication_publish(publication=signed_off, by=officer)
    assert version.content["forum"]["decision"] == "reservations"


def test_a_correction_is_published_only_with_a_decision_on_the_corrected_text(
        signed_off: Publication, officer: Any, forum: Any) -> None:
    services.publication_publish(publication=signed_off, by=officer)
    services.publication_correction_request(publication=signed_off, by=officer,
                                            change_note="The clinic count was wrong.")
    services.publication_sign_off(publication=signed_off, decision="agreed", by=forum,
                                  statement="We agree with the correction.")
    c = promise(signed_off)
    commitments.commitment_update(commitment=c, by=officer, text="Add three clinics.",
                                  owner_team=c.owner_team)
    with pytest.raises(ValueError, match=CHANGED):
        services.publication_correct(publication=signed_off, by=officer)
    assert signed_off.versions.count() == 1
    services.publication_sign_off(publication=signed_off, decision="agreed", by=forum,
                                  statement="We agree with three clinics.")
    version = services.publication_correct(publication=signed_off, by=officer)
    assert version.number == 2
    assert version.content["forum"]["statement"] == "We agree with three clinics."
