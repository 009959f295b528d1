"""Feedback intake and privacy: redaction on arrival, who sees what, safeguarding kept apart."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from saidanddone.areas.actors import SYSTEM
from saidanddone.commitments.selectors import loop_health
from saidanddone.feedback import services
from saidanddone.feedback.models import FeedbackItem, SafeguardingState
from saidanddone.feedback.selectors import countable_feedback
from saidanddone.themes.models import Theme
from saidanddone.themes.services import feedback_confirm_themes
from tests.helpers import sign_in, text_of

pytestmark = pytest.mark.django_db

PERSONAL = "Please ask Mrs Hollins to ring 07700 900456 about my son Oliver's plan."


def make(area: Any, text: str, by: Any = SYSTEM) -> FeedbackItem:
    item = services.feedback_create(
        area=area, text=text, respondent_role="parent", by=by,
        channel=services.channel_get_or_create(area=area, kind="web_form"))
    return FeedbackItem.objects.get(pk=item.pk)


@pytest.fixture
def personal(demo: Any, officer: Any, django_capture_on_commit_callbacks: Any) -> FeedbackItem:
    with django_capture_on_commit_callbacks(execute=True):
        item = make(demo, PERSONAL, officer)
    item.refresh_from_db()
    return item


def test_new_feedback_is_analysed_and_redacted(personal: FeedbackItem) -> None:
    assert personal.analysed_at is not None
    assert "07700" not in personal.text_redacted
    assert "Oliver" not in personal.text_redacted
    assert "Hollins" not in personal.text_redacted
    assert personal.text_original == PERSONAL
    assert {r["type"] for r in personal.redactions} >= {"phone", "child_name"}


def test_new_feedback_gets_suggested_themes_not_confirmed_ones(personal: FeedbackItem) -> None:
    assert personal.theme_suggestions.exists()
    assert not personal.theme_assignments.exists()


@pytest.mark.parametrize("username", ["analyst", "forum"])
def test_analyst_and_forum_reviewer_never_see_original_text(client: Any, personal: Any,
                                                            username: str) -> None:
    from django.contrib.auth import get_user_model

    sign_in(client, get_user_model().objects.get(username=username))
    detail = client.get(reverse("workspace:feedback_detail", args=["westmere", personal.pk]))
    listing = client.get(reverse("workspace:feedback_list", args=["westmere"]))
    for page in (detail, listing):
        assert "07700" not in page.content.decode()
        assert "Oliver" not in page.content.decode()


def test_officer_sees_original_text(client: Any, personal: Any, officer: Any) -> None:
    sign_in(client, officer)
    page = client.get(reverse("workspace:feedback_detail", args=["westmere", personal.pk]))
    assert "07700 900456" in page.content.decode()


def test_search_never_matches_redacted_details(client: Any, personal: Any, analyst: Any) -> None:
    sign_in(client, analyst)
    page = client.get(reverse("workspace:feedback_list", args=["westmere"]), {"q": "Oliver"})
    assert "0 items" in text_of(page.content)


def test_script_in_a_comment_is_shown_as_text(client: Any, demo: Any, officer: Any,
                                              django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        item = make(demo, '<script>alert("x")</script> the bus was late', officer)
    sign_in(client, officer)
    for url in (reverse("workspace:feedback_detail", args=["westmere", item.pk]),
                reverse("workspace:feedback_list", args=["westmere"])):
        html = client.get(url).content.decode()
        assert '<script>alert("x")</script>' not in html
        assert "&lt;script&gt;" in html


def test_control_characters_are_stripped(demo: Any, officer: Any) -> None:
    item = make(demo, "late\x00 bus\x07 again", officer)
    assert item.text_original == "late bus again"


@pytest.mark.parametrize("text", ["", "   ", "x" * 5001])
def test_empty_or_huge_feedback_is_refused_and_nothing_is_saved(demo: Any, officer: Any,
                                                               text: str) -> None:
    before = FeedbackItem.objects.count()
    with pytest.raises(ValueError):
        make(demo, text, officer)
    assert FeedbackItem.objects.count() == before


def test_huge_paste_in_the_form_gets_a_clear_message(client: Any, demo: Any,
                                                     officer: Any) -> None:
    sign_in(client, officer)
    before = FeedbackItem.objects.count()
    page = client.post(reverse("workspace:feedback_new", args=["westmere"]),
                       {"text": "y" * 200_000,
                        "channel": "web_form", "respondent_role": "parent",
                        "received_on": "2026-01-01", "consent": "paraphrase", "represents": 1})
    assert page.status_code == 200
    assert "There is a problem" in text_of(page.content)
    assert FeedbackItem.objects.count() == before


def test_flagged_item_is_in_no_count_until_a_person_decides(
        demo: Any, officer: Any, django_capture_on_commit_callbacks: Any) -> None:
    before = loop_health(area=demo).feedback_total
    with django_capture_on_commit_callbacks(execute=True):
        item = make(demo, "My son said he wants to kill himself because of the bullying.", officer)
    item.refresh_from_db()
    assert item.safeguarding_state == SafeguardingState.FLAGGED
    assert not countable_feedback(FeedbackItem.objects.filter(pk=item.pk)).exists()
    assert loop_health(area=demo).feedback_total == before
    services.feedback_triage_decide(item=item, decision="referred",
                                    reason="Referred to the children's services front door.",
                                    by=officer)
    assert loop_health(area=demo).feedback_total == before + 1


def test_safeguarding_decision_needs_a_reason(demo: Any, officer: Any) -> None:
    item = make(demo, "The school is fine.", officer)
    with pytest.raises(ValueError, match="reason"):
        services.feedback_triage_decide(item=item, decision="not_a_concern", reason="",
                                        by=officer)


def test_person_confirms_themes_and_it_is_recorded(demo: Any, analyst: Any,
                                                   personal: FeedbackItem) -> None:
    theme = Theme.objects.get(area=demo, slug="ehc-plans")
    feedback_confirm_themes(feedback=personal, themes=[theme], by=analyst)
    assignment = personal.theme_assignments.get()
    assert (assignment.theme, assignment.confirmed_by) == (theme, analyst)


def test_themes_of_another_area_cannot_be_confirmed(demo: Any, other_area: Any, analyst: Any,
                                                    personal: FeedbackItem) -> None:
    foreign = Theme.objects.filter(area=other_area).first()
    with pytest.raises(ValueError):
        feedback_confirm_themes(feedback=personal, themes=[foreign], by=analyst)


def test_new_area_starts_with_the_default_taxonomy(other_area: Any) -> None:
    from saidanddone.analysis import DEFAULT_TAXONOMY

    assert Theme.objects.filter(area=other_area).count() == len(DEFAULT_TAXONOMY)
    assert Theme.objects.filter(area=other_area, slug="transport").exists()
