"""Bulk-confirming themes costs the same few queries for 2 comments or 20."""

from __future__ import annotations

from typing import Any

import pytest

from saidanddone.areas.actors import SYSTEM
from saidanddone.core.models import AuditEntry
from saidanddone.feedback import services as feedback
from saidanddone.feedback.models import FeedbackItem
from saidanddone.themes.models import Theme, ThemeAssignment, ThemeSuggestion
from saidanddone.themes.services import feedback_bulk_confirm, feedback_confirm_themes

pytestmark = pytest.mark.django_db


def _comments(area: Any, n: int, label: str) -> list[FeedbackItem]:
    """Comments each with two machine suggestions and one earlier, different decision."""
    themes = list(Theme.objects.filter(area=area).order_by("position")[:3])
    channel = feedback.channel_get_or_create(area=area, kind="web_form")
    items = [feedback.feedback_create(area=area, text=f"{label} comment number {i}",
                                      channel=channel, respondent_role="parent", by=SYSTEM)
             for i in range(n)]
    ThemeSuggestion.objects.bulk_create(
        ThemeSuggestion(feedback=item, theme=t, score=0.6, words=[], model_version="test")
        for item in items for t in themes[:2])
    ThemeAssignment.objects.bulk_create(ThemeAssignment(feedback=item, theme=themes[2])
                                        for item in items)
    return list(FeedbackItem.objects.filter(pk__in=[i.pk for i in items]))


def _queries(area: Any, analyst: Any, n: int, label: str,
             django_assert_max_num_queries: Any) -> int:
    items = _comments(area, n, label)
    with django_assert_max_num_queries(12) as captured:
        assert feedback_bulk_confirm(items=items, theme=None, by=analyst) == n
    return len(captured.captured_queries)


def test_bulk_confirm_runs_a_fixed_number_of_queries(demo: Any, analyst: Any,
                                                     django_assert_max_num_queries: Any) -> None:
    few = _queries(demo, analyst, 2, "few", django_assert_max_num_queries)
    many = _queries(demo, analyst, 20, "many", django_assert_max_num_queries)
    assert many == few


def test_bulk_confirm_stores_the_same_decision_as_one_by_one(demo: Any, analyst: Any) -> None:
    bulk = _comments(demo, 3, "bulk")
    single = _comments(demo, 1, "single")[0]
    feedback_bulk_confirm(items=bulk, theme=None, by=analyst)
    feedback_confirm_themes(feedback=single, themes=[s.theme for s in
                                                     single.theme_suggestions.all()], by=analyst)

    def decided(item: FeedbackItem) -> list[tuple[str, bool, Any]]:
        return sorted(item.theme_assignments.values_list(
            "theme__slug", "from_suggestion", "confirmed_by"))

    assert all(decided(item) == decided(single) for item in bulk)
    assert len(decided(single)) == 2  # the earlier, different theme was replaced
    audited = AuditEntry.objects.filter(action="feedback.confirm_themes",
                                        object_id__in=[str(i.pk) for i in bulk])
    assert audited.count() == 3
    assert all(len(e.before["themes"]) == 1 and len(e.after["themes"]) == 2 for e in audited)


def test_bulk_confirm_with_one_theme_sets_only_that_theme(demo: Any, analyst: Any) -> None:
    items = _comments(demo, 4, "one theme")
    transport = Theme.objects.get(area=demo, slug="transport")
    assert feedback_bulk_confirm(items=items, theme=transport, by=analyst) == 4
    for item in items:
        assert list(item.theme_assignments.values_list("theme__slug", flat=True)) == [
            "transport"]
