"""Status guesses and dates read from a response's sentences."""

from __future__ import annotations

from datetime import date

import pytest

from saidanddone.importers.dates import done_date, due_date, guess_status, is_period


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("We will publish the strategy.", "planned"),
        ("There will be a redesign of the service.", "planned"),
        ("We are currently reviewing the contracts.", "in_progress"),
        ("The review is underway.", "in_progress"),
        ("We have reviewed the policy.", "done"),
        ("The pathway went live in October 2022.", "done"),
        ("It is important that families are heard.", "unknown"),
    ],
)
def test_status_is_guessed_from_tense(sentence: str, status: str) -> None:
    assert guess_status(sentence) == status


@pytest.mark.parametrize(
    ("sentence", "due"),
    [
        ("By January 2020, there will be a new service.", date(2020, 1, 31)),
        ("A campaign will be run in May / June 2019.", date(2019, 6, 30)),
        ("We will finish by the end of 2024.", date(2024, 12, 31)),
        ("Training will start in the spring.", date(2023, 5, 31)),
        ("We will report by 14 March 2025.", date(2025, 3, 14)),
    ],
)
def test_due_date_is_read_from_dated_phrases(sentence: str, due: date) -> None:
    assert due_date(sentence, 2023) == due


@pytest.mark.parametrize(
    ("sentence", "done"),
    [
        ("The new pathway went live October 2019.", date(2019, 10, 31)),
        ("In September 2019, we launched the Local Offer.", date(2019, 9, 30)),
        ("A workshop was held in May 2019.", date(2019, 5, 31)),
    ],
)
def test_completion_date_is_read_from_past_phrases(sentence: str, done: date) -> None:
    assert done_date(sentence, None) == done


@pytest.mark.parametrize(
    "heading",
    [
        "2019",
        "2019 to 2021",
        "Quarter 1 (April 2021 \u2013 June 2021)",
        "January 2017",
        "Academic year 2020/21",
        "Spring term 2022",
    ],
)
def test_period_headings_are_recognised(heading: str) -> None:
    assert is_period(heading)


@pytest.mark.parametrize("heading", ["Transport", "Transport in 2019", "Speech and language"])
def test_theme_headings_are_not_periods(heading: str) -> None:
    assert not is_period(heading)
