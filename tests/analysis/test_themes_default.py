from __future__ import annotations

import pytest

from saidanddone.analysis import DEFAULT_TAXONOMY, Analyser, ThemeModel, classify_sentiment


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


def _themes(text: str) -> list[str]:
    [result] = Analyser().analyse([text])
    return [label for label, _ in result.themes]


@pytest.mark.parametrize(("text", "theme"), [
    ("Since the spring his speech therapy sessions happen in school every week",
     "health-therapies"),
    ("The youth club now opens on Saturdays as well as Wednesdays", "short-breaks"),
])
def test_a_plain_positive_comment_gets_its_service_theme_not_praise(text: str,
                                                                     theme: str) -> None:
    # Praise is for compliments and thanks (decision 0114); the tone is the sentiment's job.
    labels = _themes(text)
    assert theme in labels
    assert "praise" not in labels
    assert classify_sentiment(text) == "positive"


def test_a_compliment_or_thanks_is_praise_beside_its_service() -> None:
    labels = _themes("Thank you so much to the transport team, our driver is a star")
    assert "praise" in labels and "transport" in labels


@pytest.mark.parametrize(("text", "theme"), [
    ("Make the council website easier to search", "local-offer"),
    ("Ask young people what they think before changing their support", "co-production"),
    ("Plan for life after college earlier", "transitions"),
    ("Put more teaching assistants into mainstream classrooms", "sen-support"),
])
def test_a_neutral_request_gets_its_service_theme(text: str, theme: str) -> None:
    assert theme in _themes(text)
    assert classify_sentiment(text) == "neutral"


def test_clear_praise_and_clear_criticism_together_are_mixed() -> None:
    assert classify_sentiment(
        "The speech therapist was lovely but we waited a year and a half to see her") == "mixed"


def test_the_praise_rule_wants_a_compliment_not_just_a_good_word() -> None:
    rules = ThemeModel.rules_only().rules
    assert "praise" not in rules.scores("Good that the new timetable is online")
    assert "praise" in rules.scores("The escort has been a lifeline, thank you")
