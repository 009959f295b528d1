from __future__ import annotations

from saidanddone.analysis import DEFAULT_TAXONOMY, ThemeModel, classify_sentiment


def test_default_model_labels_are_the_taxonomy_slugs() -> None:
    assert set(ThemeModel.default().labels) == {t.slug for t in DEFAULT_TAXONOMY}


def test_default_model_suggests_themes_with_words_best_first() -> None:
    scores = ThemeModel.default().suggest(
        "We waited 18 months for the EHCP and nobody returned my calls."
    )
    labels = [s.label for s in scores]
    assert labels[0] == "ehc-plans"
    assert {"waiting-times", "contact"} <= set(labels)
    assert scores == sorted(scores, key=lambda s: -s.score)
    assert "ehcp" in scores[0].words


def test_default_model_finds_transport_and_praise() -> None:
    model = ThemeModel.default()
    assert model.suggest("The taxi to school was late every day")[0].label == "transport"
    assert "praise" in [s.label for s in model.suggest("Thank you, the SENCo was brilliant")]


def test_default_model_suggests_nothing_for_no_content() -> None:
    assert ThemeModel.default().suggest("Nothing to add") == []


def test_classify_sentiment_by_lexicon() -> None:
    assert classify_sentiment("The staff were brilliant and so kind, thank you") == "positive"
    assert classify_sentiment("Awful. Nobody replied and we were ignored for months") == "negative"
    assert classify_sentiment("Great school but the transport is terrible and always late") in {
        "neutral",
        "negative",
    }
    assert classify_sentiment("The meeting is on Tuesday") == "neutral"
    assert classify_sentiment("n/a") is None


def test_classify_sentiment_handles_negation() -> None:
    assert classify_sentiment("The staff were not helpful") == "negative"
