"""The safeguarding triage queue reads in plain words: what the concern is, how long it has
waited (from when it reached us), and a redacted extract that never brings back a name."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from saidanddone.feedback import services
from saidanddone.feedback.analysis_adapter import signal_record
from saidanddone.feedback.models import FeedbackItem, SafeguardingState
from saidanddone.feedback.safeguarding import (
    CATEGORY_LABELS,
    _map_span,
    category_label,
    describe_signals,
    source_words,
    waiting_words,
)
from tests.helpers import check_page, sign_in, text_of

pytestmark = pytest.mark.django_db

ORIGINAL = "My son Oliver said he wants to kill himself when he has to go to school."
REDACTED = "My son [child's name] said he wants to kill himself when he has to go to school."


def flagged_item(area: Any, by: Any, *, original: str = ORIGINAL, redacted: str = REDACTED,
                 signals: list[dict[str, Any]] | None = None, age: dt.timedelta | None = None,
                 received_days_ago: int | None = None) -> FeedbackItem:
    """A flagged item with its redaction set by hand, so the test does not depend on the engine.
    It was stored ``age`` ago and received that day, unless ``received_days_ago`` says."""
    created = timezone.now() - (age or dt.timedelta(0))
    received = (timezone.localdate(created) if received_days_ago is None
                else timezone.localdate() - dt.timedelta(days=received_days_ago))
    item = services.feedback_create(
        area=area, text=original, respondent_role="parent", by=by, received_on=received,
        channel=services.channel_get_or_create(area=area, kind="web_form"))
    start = original.index("said")
    FeedbackItem.objects.filter(pk=item.pk).update(
        text_redacted=redacted, analysed_at=timezone.now(),
        safeguarding_state=SafeguardingState.FLAGGED,
        safeguarding_signals=signals if signals is not None else [
            {"category": "self_harm", "evidence": original[:start + 30], "start": 0,
             "end": start + 30}],
        created_at=created)
    return FeedbackItem.objects.get(pk=item.pk)


def queue(client: Any, user: Any) -> BeautifulSoup:
    sign_in(client, user)
    page = client.get(reverse("workspace:triage", args=["westmere"]))
    assert page.status_code == 200
    return check_page(page.content, "triage queue")


def row_for(soup: BeautifulSoup, item: FeedbackItem) -> str:
    for row in soup.select("tbody tr"):
        if f"Feedback {item.reference}" in row.get_text():
            return " ".join(row.get_text(" ").split())
    raise AssertionError(f"Feedback {item.reference} is not in the queue")


@pytest.mark.parametrize(("hours", "words"), [
    (0.2, "less than an hour"), (1, "1 hour"), (3.5, "3 hours"), (23.9, "23 hours"),
    (24, "1 day"), (48, "2 days"), (24 * 59, "59 days"), (24 * 90, "3 months"),
    (24 * 125, "4 months"), (24 * 800, "2 years"),
])
def test_waiting_time_reads_in_plain_words(hours: float, words: str) -> None:
    assert waiting_words(hours) == words


def test_item_waiting_90_days_says_months_not_hours(client: Any, demo: Any,
                                                    officer: Any) -> None:
    item = flagged_item(demo, officer, age=dt.timedelta(days=90))
    row = row_for(queue(client, officer), item)
    assert "3 months" in row
    assert "0 hours" not in row


def test_waiting_counts_from_when_the_family_told_us(client: Any, demo: Any,
                                                    officer: Any) -> None:
    # Typed in today from a paper survey filled in during the spring: the concern has been
    # waiting since the spring, not since it was typed.
    late = flagged_item(demo, officer, received_days_ago=120)
    recent = flagged_item(demo, officer, age=dt.timedelta(hours=3, minutes=5))
    soup = queue(client, officer)
    assert "4 months" in row_for(soup, late)
    assert "3 hours" in row_for(soup, recent)
    assert recent.arrived_at == recent.created_at


def test_items_waiting_over_24_hours_stand_out_and_come_first(client: Any, demo: Any,
                                                              officer: Any) -> None:
    fresh = flagged_item(demo, officer, age=dt.timedelta(hours=2))
    old = flagged_item(demo, officer, age=dt.timedelta(days=2))
    soup = queue(client, officer)
    assert "Over 24 hours" in row_for(soup, old)
    assert "Over 24 hours" not in row_for(soup, fresh)
    tag = next(r for r in soup.select("tbody tr") if old.reference in r.get_text()).select_one(
        ".govuk-tag--red")
    assert tag is not None and tag.get_text(strip=True) == "Over 24 hours"
    order = [r.get_text() for r in soup.select("tbody tr")]
    assert (next(i for i, r in enumerate(order) if old.reference in r)
            < next(i for i, r in enumerate(order) if fresh.reference in r))


def test_extract_never_shows_a_name_redaction_removed(client: Any, demo: Any,
                                                      officer: Any) -> None:
    # The stored evidence and its span come from the original text and include the name.
    item = flagged_item(demo, officer)
    assert "Oliver" in item.safeguarding_signals[0]["evidence"]
    soup = queue(client, officer)
    row = row_for(soup, item)
    assert "Oliver" not in row
    assert "Oliver" not in str(soup)
    assert "wants to kill himself" in row
    assert "[child's name]" in row


def test_extract_without_a_span_is_the_start_of_the_redacted_text(client: Any, demo: Any,
                                                                   officer: Any) -> None:
    long_original = ORIGINAL + " " + "We have asked for help many times. " * 20
    long_redacted = REDACTED + " " + "We have asked for help many times. " * 20
    item = flagged_item(demo, officer, original=long_original, redacted=long_redacted,
                        signals=[{"category": "self_harm",
                                  "evidence": "[evidence contains personal details]"}])
    row = row_for(queue(client, officer), item)
    assert "Oliver" not in row
    assert "My son [child's name] said" in row
    assert "[evidence contains personal details]" not in row
    _, excerpt = describe_signals(item)
    assert excerpt is not None and len(str(excerpt)) <= 310


def test_evidence_found_in_the_redacted_text_is_shown_and_highlighted(
        client: Any, demo: Any, officer: Any) -> None:
    item = flagged_item(demo, officer, signals=[
        {"category": "self_harm", "evidence": "he wants to kill himself"}])
    soup = queue(client, officer)
    row = next(r for r in soup.select("tbody tr") if item.reference in r.get_text())
    mark = row.select_one("mark")
    assert mark is not None and mark.get_text() == "he wants to kill himself"


def test_category_labels_are_plain_words(client: Any, demo: Any, officer: Any) -> None:
    item = flagged_item(demo, officer, signals=[
        {"category": "self_harm", "evidence": "he wants to kill himself"},
        {"category": "carer_breaking_point", "evidence": ""},
        {"category": "unsafe_practice", "evidence": ""},
        {"category": "abuse_neglect", "evidence": ""},
        {"category": "county_lines_risk", "evidence": ""},
    ])
    row = row_for(queue(client, officer), item)
    for label in ("Self-harm", "Carer at breaking point",
                  "Unsafe practice (restraint, seclusion, transport)", "Abuse or neglect",
                  "County lines risk"):
        assert label in row
    for slug in ("Selfharm", "self_harm", "carer_breaking_point", "Abuseneglect"):
        assert slug not in row


@pytest.mark.parametrize("slug", [
    "abuse", "neglect", "self_harm", "suicide", "bullying", "exploitation", "domestic_abuse",
    "missing", "radicalisation", "unsafe_practice", "carer_breaking_point",
    "abuse_neglect", "restraint_seclusion", "missing_education", "unsafe_at_home",
])
def test_every_known_category_has_a_written_label(slug: str) -> None:
    assert slug in CATEGORY_LABELS
    label = category_label(slug)
    assert "_" not in label and label[0].isupper()


def test_how_the_computer_came_to_it_is_said_only_when_known(client: Any, demo: Any,
                                                             officer: Any) -> None:
    assert source_words({"source": "rules"}) == "Matched a warning phrase"
    assert source_words({"source": "model", "score": 0.8234}) == (
        "The model read it as a likely concern (score 0.82)")
    assert source_words({"category": "abuse"}) == ""
    item = flagged_item(demo, officer, signals=[
        {"category": "suicide", "evidence": "he wants to kill himself", "source": "model",
         "score": 0.82}])
    row = row_for(queue(client, officer), item)
    assert "The model read it as a likely concern (score 0.82)" in row
    assert "Suicide" in row


def test_detail_page_names_the_concern_in_plain_words(client: Any, demo: Any,
                                                      officer: Any) -> None:
    item = flagged_item(demo, officer)
    sign_in(client, officer)
    page = text_of(client.get(reverse("workspace:feedback_detail",
                                      args=["westmere", item.pk])).content)
    assert "Self-harm" in page and "self_harm" not in page


def test_a_span_of_the_original_maps_onto_the_redacted_text() -> None:
    start = ORIGINAL.index("Oliver")
    left, right = _map_span(ORIGINAL, REDACTED, start, ORIGINAL.index("kill") + 4)
    assert REDACTED[left:right] == "[child's name] said he wants to kill"
    left, right = _map_span(ORIGINAL, REDACTED, ORIGINAL.index("wants"),
                            ORIGINAL.index("himself") + 7)
    assert REDACTED[left:right] == "wants to kill himself"
    assert _map_span(ORIGINAL, REDACTED, 5, 5) is None


def test_stored_signal_keeps_offsets_score_and_source_when_the_engine_gives_them() -> None:
    @dataclass
    class Signal:
        category: str
        evidence: str
        start: int
        end: int
        score: float
        source: str

    record = signal_record(Signal("self_harm", "Oliver wants to die", 7, 26, 0.9, "model"),
                           "My son [child's name] wants to die")
    assert record == {"category": "self_harm",
                      "evidence": "[evidence contains personal details]",
                      "start": 7, "end": 26, "score": 0.9, "source": "model"}
