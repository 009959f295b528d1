"""Sentiment: positive / neutral-or-mixed / negative.

Out of the box a small lexicon with negation handling (``rules.lexicon_sentiment``); with a
model trained on labelled sentiment (``train_themes(..., sentiments=...)``) a classifier.
"""

from __future__ import annotations

from saidanddone.analysis.normalise import is_no_content, normalise
from saidanddone.analysis.themes import ThemeModel

__all__ = ["classify_sentiment"]


def classify_sentiment(text: str, model: ThemeModel | None = None) -> str | None:
    """"positive", "neutral" (neutral or mixed) or "negative"; None when there is no content."""
    text = normalise(text)
    if is_no_content(text):
        return None
    if model is None:
        model = _DEFAULT
    return model.sentiment_batch([text])[0]


_DEFAULT = ThemeModel.default()
