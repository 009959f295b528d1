"""Sentiment: positive, neutral, negative or mixed.

Out of the box the default model's classifier over the encoder's vector (with the lexicon of
``rules.lexicon_sentiment`` as three extra features); an area's model trained on labelled
sentiment (``train_themes(..., sentiments=...)``) uses its own.
"""

from __future__ import annotations

from saidanddone.analysis.normalise import is_no_content, normalise
from saidanddone.analysis.themes import ThemeModel

__all__ = ["classify_sentiment"]


def classify_sentiment(text: str, model: ThemeModel | None = None) -> str | None:
    """"positive", "neutral", "negative" or "mixed"; None when there is no content."""
    text = normalise(text)
    if is_no_content(text):
        return None
    if model is None:
        model = ThemeModel.default()
    return model.sentiment_batch([text])[0]
