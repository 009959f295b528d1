"""'You said' drafts: quotes that speak for different groups, only where quoting is allowed."""

from __future__ import annotations

import numpy as np

from saidanddone.analysis import DraftComment, draft_you_said, get_encoder
from saidanddone.analysis.drafts import choose_quotes, key_phrases


def _unit(rows: list[list[float]]) -> np.ndarray:
    a = np.asarray(rows, dtype=np.float32)
    return a / np.linalg.norm(a, axis=1, keepdims=True)


def test_quotes_cover_different_groups_rather_than_the_largest_one_twice() -> None:
    # Five comments in one group, three in another, one alone.
    vectors = _unit([[1, 0.05 * i, 0] for i in range(5)] + [[0, 1, 0.05 * i] for i in range(3)]
                    + [[0, 0, 1]])
    chosen, coverage = choose_quotes(vectors, list(range(9)), k=2)
    groups = {0 if i < 5 else 1 if i < 8 else 2 for i in chosen}
    assert groups == {0, 1}
    _, one = choose_quotes(vectors, list(range(9)), k=1)
    assert coverage > one


def test_only_quotable_comments_are_quoted() -> None:
    texts = ["The taxi to school is late every morning and he misses registration.",
             "Our transport escort changed three times this term, he was so upset.",
             "The bus pass form is far too complicated for families to fill in."]
    comments = [DraftComment(texts[0], "negative", "parent_carer", quotable=False),
                DraftComment(texts[1], "negative", "parent_carer", quotable=True),
                DraftComment(texts[2], "negative", "parent_carer", quotable=False)]
    draft = draft_you_said(comments, get_encoder().encode(texts), theme="Home-to-school transport",
                           period="between 1 April and 30 June 2026")
    assert draft.quotes == (texts[1],)
    assert draft.count == 3


def test_no_quotes_when_nobody_allowed_them_and_the_summary_still_counts() -> None:
    texts = ["Waiting two years for an autism assessment is not acceptable.",
             "The ADHD waiting list is too long, we have given up.",
             "Thank you to the paediatrician who saw us quickly."]
    comments = [DraftComment(t, s, "parent_carer") for t, s in
                zip(texts, ["negative", "negative", "positive"], strict=True)]
    draft = draft_you_said(comments, get_encoder().encode(texts), theme="Waiting times",
                           period="so far")
    assert draft.quotes == ()
    assert draft.coverage is None
    assert draft.summary.startswith("We received 3 comments about waiting times so far.")
    assert "2 of the 3 described problems" in draft.summary
    assert "In their own words" not in draft.as_text()


def test_phrases_are_distinctive_of_the_theme() -> None:
    theme = ["the taxi was late", "late taxi again", "taxi driver changed", "the escort left"]
    others = ["the school was late with the plan", "the plan was late", "late again"]
    phrases = key_phrases(theme, others)
    assert phrases[0] == "taxi"
    assert "late" not in phrases[:1]


def test_an_empty_theme_says_so() -> None:
    draft = draft_you_said([], None, theme="Bullying", period="so far")
    assert draft.count == 0 and draft.quotes == ()
    assert draft.summary == "No comments about bullying so far."
