"""Exact outputs of the disclosure rule (decision 0208), without the database.

Written to kill mutants that the property tests let live (docs/mutation.md): each test pins one
precise output (the words for a total, a boundary, a reader's range), so a changed operator or
constant in publishing/disclosure.py fails here in milliseconds."""

from __future__ import annotations

import pytest

from saidanddone.publishing.disclosure import (
    HIDDEN,
    SMALL,
    SMALL_NUMBER,
    UNBOUNDED,
    Breakdown,
    _bounds,
    _rounded,
    coarsest,
    protect,
    recoverable,
    suppress,
)


@pytest.mark.parametrize(("count", "words"), [
    (0, "0"), (1, SMALL), (4, SMALL), (5, "5"), (1234, "1,234"),
])
def test_one_count_on_its_own(count: int, words: str) -> None:
    assert suppress(count) == words


def test_a_reader_learns_these_bounds_from_the_words() -> None:
    assert _bounds(False) == (1, 4)
    assert _bounds(True) == (5, UNBOUNDED)


@pytest.mark.parametrize(("total", "expected"), [
    (1, ("about 5", 3, 7)),
    (7, ("about 5", 3, 7)),
    (8, ("about 10", 8, 12)),
    (22, ("about 20", 18, 22)),
    (23, ("about 25", 23, 27)),
    (1234, ("about 1,235", 1233, 1237)),
])
def test_a_rounded_total_and_the_range_it_gives_away(total: int,
                                                     expected: tuple[str, int, int]) -> None:
    assert _rounded(total) == expected


def test_one_hidden_cell_beside_an_exact_total_is_recoverable() -> None:
    assert recoverable({"a": (1, 4)}, 3, 3, exact_total=True)
    assert not recoverable({}, 3, 3, exact_total=True)


def test_hidden_cells_adding_up_to_a_small_number_are_recoverable() -> None:
    # Two hidden cells that add up to at most 4 against an exact total: both are small.
    assert recoverable({"a": (1, 4), "b": (5, UNBOUNDED)}, 4, 4, exact_total=True)
    # ... and at exactly 5 they are not (one of them may be 5 or more).
    assert not recoverable({"a": (1, 4), "b": (1, 4)}, 2, 8, exact_total=False)


def test_a_cell_pinned_by_the_others_bounds_is_recoverable() -> None:
    # Two small cells adding to exactly 8 when neither can exceed 4: both are 4.
    assert recoverable({"a": (1, 4), "b": (1, 4)}, 8, 8, exact_total=False)
    # Adding to 7 leaves 3 or 4 for each: not pinned.
    assert not recoverable({"a": (1, 4), "b": (1, 4)}, 7, 7, exact_total=False)
    # Adding to 2: both are 1.
    assert recoverable({"a": (1, 4), "b": (1, 4)}, 2, 2, exact_total=False)


def test_exact_breakdowns() -> None:
    assert protect(0, {"a": 0}) == Breakdown("0", {"a": "0"})
    assert protect(5, {"a": 5, "b": 0}) == Breakdown("5", {"a": "5", "b": "0"})
    assert protect(20, {"a": 10, "b": 10}) == Breakdown("20", {"a": "10", "b": "10"})
    # One small cell: the next smallest shown cell is hidden too, the total stays exact.
    assert protect(22, {"a": 12, "b": 2, "c": 8}) == Breakdown(
        "22", {"a": "12", "b": SMALL, "c": HIDDEN})
    # Ties go to the order given.
    assert protect(23, {"a": 9, "b": 2, "c": 9, "d": 3}) == Breakdown(
        "23", {"a": "9", "b": SMALL, "c": "9", "d": SMALL})
    # Both hidden beside an exact total: 1,000 (5 or more) and 1 (1 to 4) can be 997 to 1,000.
    assert protect(1001, {"a": 1000, "b": 1}) == Breakdown(
        "1,001", {"a": HIDDEN, "b": SMALL})
    # 11 = 1 + 5 + 5: an exact 11 pins the 1 (the two hidden 5+ cells leave at most 1).
    assert protect(11, {"a": 1, "b": 5, "c": 5}) == Breakdown(
        "about 10", {"a": SMALL, "b": HIDDEN, "c": HIDDEN})


def test_four_ones_are_about_five_and_three_ones_fewer_than_five() -> None:
    assert protect(4, {"a": 1, "b": 1, "c": 1, "d": 1}) == Breakdown(
        "about 5", {k: SMALL for k in "abcd"})
    assert protect(3, {"a": 1, "b": 1, "c": 1, "d": 0}) == Breakdown(
        SMALL, {"a": SMALL, "b": SMALL, "c": SMALL, "d": "0"})
    assert protect(4, {"a": 4}) == Breakdown(SMALL, {"a": SMALL})


def test_when_even_the_rounded_total_pins_a_cell_it_says_five_or_more() -> None:
    # 7 = 1 + 1 + 5: "about 5" (3 to 7) still pins both ones beside a hidden 5+.
    shown = protect(7, {"a": 1, "b": 1, "c": 5})
    assert shown.cells == {"a": SMALL, "b": SMALL, "c": HIDDEN}
    assert shown.total == f"{SMALL_NUMBER} or more"
    # Two small cells that make 5: the reader cannot tell 1 + 4 from 2 + 3.
    assert protect(5, {"a": 1, "b": 4}) == Breakdown("5", {"a": SMALL, "b": SMALL})


def test_cells_that_do_not_add_up_are_refused_in_plain_words() -> None:
    with pytest.raises(ValueError) as refused:
        protect(10, {"a": 3, "b": 6})
    assert str(refused.value) == "The cells of a breakdown must add up to its total."


def test_the_coarsest_total_wins() -> None:
    assert coarsest("14", "about 15") == "about 15"
    assert coarsest("about 15", "14") == "about 15"
    assert coarsest("14", "5 or more", "about 15") == "5 or more"
    assert coarsest("14", "14") == "14"
