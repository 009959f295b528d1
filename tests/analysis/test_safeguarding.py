from __future__ import annotations

import pytest

from saidanddone.analysis import SAFEGUARDING_CATEGORIES, detect_safeguarding


def _categories(text: str) -> list[str]:
    return [s.category for s in detect_safeguarding(text)]


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("My son has started self-harming.", "self_harm"),
        ("She told me she wants to die.", "self_harm"),
        ("My daughter said her stepdad hits her.", "abuse_neglect"),
        ("He was restrained by two staff and put in an isolation room on his own.",
         "restraint_seclusion"),
        ("She hasn't been in school for six months.", "missing_education"),
        ("He is bullied every single day.", "bullying"),
        ("He is violent towards me and his sister and we are scared of him.", "unsafe_at_home"),
        ("I am at breaking point and can't cope any more.", "carer_breaking_point"),
    ],
)
def test_detect_safeguarding_raises_each_category(text: str, category: str) -> None:
    assert category in _categories(text)


def test_detect_safeguarding_gives_the_evidence_span() -> None:
    text = "The plan was late. Last week he said he wants to kill himself. Please help."
    [signal] = detect_safeguarding(text)
    assert signal.category == "self_harm"
    assert signal.evidence == "Last week he said he wants to kill himself."
    assert text[signal.start : signal.end] == signal.evidence


@pytest.mark.parametrize(
    "text",
    [
        "He has never been bullied at this school.",
        "No concerns about restraint at all.",
        "The wait is killing me.",
        "Staff were lovely and kind.",
    ],
)
def test_detect_safeguarding_sets_aside_negation_and_figures_of_speech(text: str) -> None:
    assert _categories(text) == []


def test_detect_safeguarding_keeps_a_concern_after_but() -> None:
    assert "bullying" in _categories("Not much to say, but he is bullied at lunch")


def test_detect_safeguarding_categories_are_the_documented_ones() -> None:
    text = "self harm, abuse, restrained, out of school, bullied, not safe at home, breaking point"
    assert _categories(text) == list(SAFEGUARDING_CATEGORIES)
