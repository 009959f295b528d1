"""Every topic a family can choose is a theme of the default taxonomy; the themes added in 2026
can be chosen too."""

from __future__ import annotations

from saidanddone.analysis import DEFAULT_TAXONOMY
from saidanddone.feedback.topics import BY_KEY, TOPICS


def test_topics_map_to_default_themes_and_keys_are_unique() -> None:
    slugs = {t.slug for t in DEFAULT_TAXONOMY}
    assert {t.theme for t in TOPICS} <= slugs
    assert len(BY_KEY) == len(TOPICS)


def test_the_new_themes_can_be_chosen_by_families() -> None:
    chosen = {t.theme for t in TOPICS}
    for slug in ("bullying", "out-of-school", "early-years", "diagnosis", "disagreements",
                 "parent-wellbeing"):
        assert slug in chosen
