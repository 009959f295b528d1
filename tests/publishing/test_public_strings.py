"""Every string the public reads passes the personal-details check (issue 11): at publication
for every field a published page or the feed shows, and for a live change to a published
promise, which is held for a person to check instead of appearing at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from saidanddone.commitments import services as commitments
from saidanddone.commitments.models import Commitment
from saidanddone.publishing import services
from saidanddone.publishing.checks import publication_checks
from saidanddone.publishing.models import Correction, ForumSignOff, Publication
from tests.helpers import sign_in, text_of

pytestmark = pytest.mark.django_db

PERSONAL = "Her son Jamie rang 07700 900123 about it."
FUTURE = dt.date.today() + dt.timedelta(days=200)


def draft(demo: Any, officer: Any) -> tuple[Publication, Commitment]:
    response = commitments.response_create(area=demo, title="Better signposting",
                                           you_said="Families could not find advice.",
                                           by=officer)
    commitment = commitments.commitment_create(response=response, text="Add an advice page.",
                                               owner_team="Local Offer Team", due_date=FUTURE,
                                               by=officer)
    publication = services.publication_create(
        area=demo, title="Spring update", period_label="Spring 2026",
        period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 3, 31),
        responses=[response], by=officer)
    return publication, commitment


def status_reason(p: Publication, c: Commitment, officer: Any) -> None:
    commitments.commitment_set_status(commitment=c, status="in_progress", reason=PERSONAL,
                                      by=officer)


def revision_reason(p: Publication, c: Commitment, officer: Any) -> None:
    commitments.commitment_revise_due_date(commitment=c, reason=PERSONAL, by=officer,
                                           new_due_date=FUTURE + dt.timedelta(days=30))


def progress(p: Publication, c: Commitment, officer: Any) -> None:
    commitments.commitment_add_progress(commitment=c, text=PERSONAL, by=officer)


def evidence_title(p: Publication, c: Commitment, officer: Any) -> None:
    commitments.evidence_add(commitment=c, kind="link", title=PERSONAL, by=officer,
                             url="https://example.org/advice")


def evidence_note(p: Publication, c: Commitment, officer: Any) -> None:
    commitments.evidence_add(commitment=c, kind="note", title="What changed", by=officer,
                             description=PERSONAL)


def forum_statement(p: Publication, c: Commitment, officer: Any) -> None:
    ForumSignOff.objects.create(publication=p, decision="agreed", statement=PERSONAL)


def change_note(p: Publication, c: Commitment, officer: Any) -> None:
    Correction.objects.create(publication=p, number=2, change_note=PERSONAL)


def glossary_expansion(p: Publication, c: Commitment, officer: Any) -> None:
    services.glossary_term_set(area=p.area, short="JRT", expansion=PERSONAL, by=officer)


def glossary_explanation(p: Publication, c: Commitment, officer: Any) -> None:
    services.glossary_term_set(area=p.area, short="JRT", expansion="Joint review team",
                               explanation=PERSONAL, by=officer)


def introduction(p: Publication, c: Commitment, officer: Any) -> None:
    Publication.objects.filter(pk=p.pk).update(introduction=PERSONAL)
    p.refresh_from_db()


@pytest.mark.parametrize(("plant", "label"), [
    (status_reason, "reason for a change of status"),
    (revision_reason, "reason for a new date"),
    (progress, "progress update"),
    (evidence_title, "evidence"),
    (evidence_note, "evidence"),
    (forum_statement, "forum's statement"),
    (change_note, "note of what changed"),
    (glossary_expansion, "glossary entry for JRT"),
    (glossary_explanation, "glossary entry for JRT"),
    (introduction, "introduction"),
])
def test_a_name_and_a_phone_number_in_each_public_field_are_caught_before_publication(
        demo: Any, officer: Any, plant: Callable[..., None], label: str) -> None:
    publication, commitment = draft(demo, officer)
    assert not [p for p in publication_checks(publication).blocking if p.code == "personal"]
    plant(publication, commitment, officer)
    messages = [p.message for p in publication_checks(publication).blocking
                if p.code == "personal"]
    assert any(label in m and "name" in m for m in messages), messages
    assert any(label in m and "a phone number" in m for m in messages), messages


# Live changes to a published promise ---------------------------------------------------------

def published_commitment(demo: Any) -> Commitment:
    return Commitment.objects.filter(area=demo, published_in__isnull=False,
                                     status="planned").distinct().first()


def public_page(client: Any, c: Commitment) -> str:
    return text_of(client.get(reverse("public:commitment", args=["westmere", c.pk])).content)


def feed_text(client: Any) -> str:
    body = client.get(reverse("public:feed", args=["westmere"])).content
    return BeautifulSoup(body, "xml").get_text()


def test_a_live_progress_update_with_a_phone_number_waits_for_a_person(
        client: Any, demo: Any, officer: Any) -> None:
    c = published_commitment(demo)
    update = commitments.commitment_add_progress(
        commitment=c, text="Ring Jamie's mum on 07700 900123 to book.", by=officer)
    assert update.held
    assert "07700 900123" not in public_page(client, c)
    assert "07700 900123" not in feed_text(client)
    sign_in(client, officer)
    staff = text_of(client.get(reverse("workspace:commitment_detail",
                                       args=["westmere", c.pk])).content)
    assert "Waiting for a person to check" in staff
    # The officer takes the number out and lets it be shown.
    client.post(reverse("workspace:commitment_detail", args=["westmere", c.pk]),
                {"action": "release", "record": str(update.pk),
                 "text": "Families can book through the SEND team."})
    update.refresh_from_db()
    assert not update.held
    client.logout()
    page = public_page(client, c)
    assert "Families can book through the SEND team." in page and "07700" not in page


def test_a_status_reason_with_a_childs_name_stays_off_the_page_and_the_feed(
        client: Any, demo: Any, officer: Any) -> None:
    c = published_commitment(demo)
    reason = "Jamie Okafor's family asked for this; ring 07700 900123."
    commitments.commitment_set_status(commitment=c, status="in_progress", reason=reason,
                                      by=officer)
    assert c.status_changes.get(reason=reason).held
    assert "Okafor" not in public_page(client, c) and "Okafor" not in feed_text(client)
    # The status itself is public at once: only the words wait.
    assert Commitment.objects.get(pk=c.pk).status == "in_progress"


def test_a_date_reason_that_names_someone_is_held_and_a_plain_one_is_not(
        client: Any, demo: Any, officer: Any) -> None:
    c = published_commitment(demo)
    commitments.commitment_revise_due_date(
        commitment=c, new_due_date=FUTURE, by=officer,
        reason="Waiting for Mrs Okafor to ring back on 07700 900123.")
    commitments.commitment_add_progress(commitment=c, text="The new page is being written.",
                                        by=officer)
    held = c.due_date_revisions.get()
    assert held.held
    page = public_page(client, c)
    assert "Okafor" not in page
    assert "The new page is being written." in page


def test_staff_only_progress_is_never_held(demo: Any, officer: Any) -> None:
    c = published_commitment(demo)
    update = commitments.commitment_add_progress(commitment=c, public=False, by=officer,
                                                 text="Call Jamie's mum on 07700 900123.")
    assert not update.held


def test_only_an_editor_releases_held_words(demo: Any, officer: Any, analyst: Any) -> None:
    c = published_commitment(demo)
    update = commitments.commitment_add_progress(commitment=c, by=officer,
                                                 text="Call Jamie's mum on 07700 900123.")
    with pytest.raises(PermissionDenied):
        commitments.live_text_release(record=update, by=analyst)
    update.refresh_from_db()
    assert update.held


def test_a_not_possible_rationale_that_names_someone_waits_too(client: Any, demo: Any,
                                                                officer: Any) -> None:
    c = published_commitment(demo)
    commitments.commitment_set_status(
        commitment=c, status="not_possible", by=officer, reason="The money went elsewhere.",
        rationale="Jamie Okafor's school (ring 07700 900123) would not take part.")
    assert "Okafor" not in public_page(client, c)
    assert "We will add the reason here soon." in public_page(client, c)
    publication = c.published_in.first().publication
    body = client.get(reverse("public:publication_csv",
                              args=["westmere", publication.slug])).content.decode()
    assert "Okafor" not in body and "07700" not in body
