"""The safeguarding rules' exact evidence and boundaries (docs/mutation.md).

A reviewer decides on the words the signal shows; these tests pin the category, the exact
evidence clause and its offsets for small invented comments, and the helpers that cut it."""

from __future__ import annotations

import json

import numpy as np
import pytest

from saidanddone.analysis.safeguarding import (
    SafeguardingModel,
    SafeguardingSignal,
    _evidence_bounds,
    _trim,
    combine_signals,
    detect_safeguarding,
)


@pytest.mark.parametrize(("text", "found"), [
    ("The school is fine. He said he wants to kill himself. We are scared.",
     [("suicide", "He said he wants to kill himself.", 20, 53)]),
    ("I am at breaking point and cannot cope any more.",
     [("carer_breaking_point", "I am at breaking point and cannot cope any more.", 0, 48)]),
    ("He hits me when he is angry.", [("abuse", "He hits me when he is angry.", 0, 28)]),
    ("He does not want to kill himself.", []),  # a plain negation just before
    ("The queue was killing me, honestly.", []),  # a figure of speech
    ("", []),
])
def test_exact_signals(text: str, found: list[tuple[str, str, int, int]]) -> None:
    assert [(s.category, s.evidence, s.start, s.end) for s in detect_safeguarding(text)] == found
    for s in detect_safeguarding(text):
        assert text[s.start:s.end] == s.evidence
        assert (s.score, s.source) == (1.0, "rules")


def test_the_evidence_is_the_clause_cut_at_sentence_ends() -> None:
    text = "a" * 100 + ". Trigger here, more words"
    assert _evidence_bounds(text, 102, 109) == (102, 126)
    # No sentence end: at most 80 characters either side.
    long = "b" * 200 + "TRIGGER" + "c" * 200
    assert _evidence_bounds(long, 200, 207) == (120, 287)
    # Spaces at either edge are left out.
    assert _evidence_bounds("x.   TRIG   ", 5, 9) == (5, 9)


def test_trimmed_evidence_has_no_edge_spaces_and_at_most_300_characters() -> None:
    assert _trim("  abc  ", 0, 7) == (2, 5)
    assert _trim("x" * 400, 0, 400) == (0, 300)
    assert _trim("   ", 0, 3) == (3, 3)


def test_the_model_adds_its_score_to_a_category_the_rules_raised() -> None:
    rule = SafeguardingSignal("suicide", "kill himself", 0, 12)
    model_same = SafeguardingSignal("suicide", "other", 3, 9, score=0.7, source="model")
    model_new = SafeguardingSignal("abuse", "hits", 20, 24, score=0.9, source="model")
    combined = combine_signals([rule], [model_same, model_new])
    # In the order of SAFEGUARDING_CATEGORIES: abuse first.
    assert combined == [model_new, rule]
    assert combine_signals([], [model_same]) == [model_same]
    higher = SafeguardingSignal("suicide", "x", 0, 1, score=0.5)
    assert combine_signals([higher], [model_same])[0].score == 0.7


def test_a_freshly_loaded_model_reads_its_head_exactly() -> None:
    # Not the cached default model: this one is built here, so every line of the loader runs.
    model = SafeguardingModel()
    head = json.loads((model.encoder.directory / "safeguarding_head.json").read_text("utf-8"))
    assert model.classes == tuple(head["classes"])
    assert model.weight.dtype == np.float32
    assert model.weight.shape == (len(head["weight"][0]), len(head["weight"]))
    assert model.bias.dtype == np.float32
    assert model.bias.tolist() == pytest.approx(head["bias"])
    assert model.threshold == float(head["threshold"])
    probabilities = model.probabilities(np.zeros((2, model.weight.shape[0]), dtype=np.float32))
    assert probabilities.shape == (2, len(head["classes"]))
    assert probabilities.sum(axis=1).tolist() == pytest.approx([1.0, 1.0])


def test_edge_cases_of_the_cuts() -> None:
    # One trailing space exactly: trimmed by one, not two.
    assert _trim("abc ", 0, 4) == (0, 3)
    # A sentence end further than 80 characters after the trigger is not reached.
    far = "TRIGGER" + "c" * 100 + ". more"
    assert _evidence_bounds(far, 0, 7) == (0, 87)


def test_the_model_shows_the_sentence_it_finds_most_concerning() -> None:
    model = SafeguardingModel()
    assert model._evidence("Hurt.") == (0, 5)
    text = "The bus was late today. He said he wants to kill himself."
    start, end = model._evidence(text)
    assert text[start:end] == "He said he wants to kill himself."
