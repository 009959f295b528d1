from __future__ import annotations

from saidanddone.analysis import DEFAULT_TAXONOMY, ThemeModel, classify_sentiment


def test_default_model_labels_are_the_taxonomy_slugs() -> None:
    assert set(ThemeModel.default().labels) == {t.slug for t in DEFAULT_TAXONOMY}


def test_default_model_suggests_themes_with_words_best_first() -> None:
    scores = ThemeModel.default().suggest(
        "We waited 18 months for the EHCP and nobody returned my calls."
    )
    labels = [s.label for s in scores]
    assert labels[0] == "ehc-plans"  # a wait for the plan is the plan's theme, not a waiting list
    assert "contact" in labels
    assert scores == sorted(scores, key=lambda s: -s.score)
    assert "ehcp" in scores[0].words


def test_default_model_finds_transport_and_praise() -> None:
    model = ThemeModel.default()
    assert model.suggest("The taxi to school was late every day")[0].label == "transport"
    assert "praise" in [s.label for s in model.suggest("Thank you, the SENCo was brilliant")]


def test_default_model_suggests_nothing_for_no_content() -> None:
    assert ThemeModel.default().suggest("Nothing to add") == []


def test_default_sentiment_has_four_classes_mixed_included() -> None:
    assert classify_sentiment("The staff were brilliant and so kind, thank you") == "positive"
    assert classify_sentiment("Awful. Nobody replied and we were ignored for months") == "negative"
    assert classify_sentiment("Our SENCo is lovely but the council ignores every e-mail") == \
        "mixed"
    # Requests and plain descriptions are neutral, however short.
    assert classify_sentiment("Please put the dates of the coffee mornings online") == "neutral"
    assert classify_sentiment("The meeting is on Tuesday") == "neutral"
    assert classify_sentiment("n/a") is None


def test_classify_sentiment_handles_negation() -> None:
    assert classify_sentiment("The staff were not helpful") == "negative"
