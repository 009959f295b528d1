from __future__ import annotations

import pytest

from saidanddone.analysis import is_no_content, normalise


def test_normalise_collapses_whitespace_and_keeps_paragraphs() -> None:
    text = "  The  wait\t was\u00a0long.\r\n\r\n\r\nThanks "
    assert normalise(text) == "The wait was long.\n\nThanks"


def test_normalise_repairs_smart_quotes_and_mojibake() -> None:
    assert normalise("It\u2019s \u201cfine\u201d") == 'It\'s "fine"'
    assert normalise("It\u00e2\u20ac\u2122s \u00c2\u00a310") == "It's \u00a310"


def test_normalise_removes_zero_width_and_control_characters() -> None:
    assert normalise("a\u200bb\x00c") == "ab c"


@pytest.mark.parametrize(
    "answer",
    ["", "   ", "N/A", "n/a", "none", "Nothing.", "Nothing to add", "no comment", "-", "...",
     "Did not answer", "Nothing else to say, thanks", "Not applicable", "no comments at this time",
     "Nohting", "ntohing."],
)
def test_is_no_content_recognises_empty_answers(answer: str) -> None:
    assert is_no_content(answer)


@pytest.mark.parametrize(
    "answer",
    ["Nothing, the staff were great", "No one ever calls back", "Fine", "The wait was too long",
     "Nothing has changed in two years"],
)
def test_is_no_content_keeps_answers_that_say_something(answer: str) -> None:
    assert not is_no_content(answer)
