"""Disclosure control for every published breakdown of counts (decision 0208).

One rule in one place: ``protect`` takes a total and the cells that add up to it (counts by
respondent role, by channel, by Local Offer category, ...) and says what may be shown for each.

- Primary suppression: a count from 1 to SMALL_NUMBER - 1 is shown as "fewer than 5".
- Secondary (complementary) suppression: while a reader could still work a hidden count out
  from the total and the shown cells (only one cell hidden, hidden cells adding up to a small
  number, or every hidden cell pinned to one value by the bounds its words give), the next
  smallest shown cell is hidden too, as "not shown".
- If no cell is left to hide and a count could still be worked out, the total is rounded to the
  nearest 5 ("about 15"); if even that pins a hidden cell, the total says only "5 or more".
- A total under 5 is "fewer than 5", unless its cells would then be pinned (four cells of 1),
  when it is "about 5".

Pure: no database, no Django, so the property tests can try every subtraction a reader could.
"""

from __future__ import annotations

from dataclasses import dataclass

# Counts below this are never published (SEND.md: suppress small counts).
SMALL_NUMBER = 5
# Words for a count hidden because it is small, and for one hidden only so that a small one
# cannot be worked out by subtraction. The second says nothing about its size on purpose.
SMALL = f"fewer than {SMALL_NUMBER}"
HIDDEN = "not shown"
ROUND_TO = 5
UNBOUNDED = 10**12  # stands for "no upper bound" in the reader's sums


@dataclass(frozen=True)
class Breakdown:
    """What to publish: the total's words and each cell's words, in the cells' order."""

    total: str
    cells: dict[str, str]


def suppress(count: int) -> str:
    """One count on its own (no breakdown beside it): primary suppression only."""
    if count == 0:
        return "0"
    return SMALL if count < SMALL_NUMBER else f"{count:,}"


def _bounds(secondary: bool) -> tuple[int, int]:
    """What a reader learns about a hidden cell from its words."""
    return (SMALL_NUMBER, UNBOUNDED) if secondary else (1, SMALL_NUMBER - 1)


def _rounded(total: int) -> tuple[str, int, int]:
    nearest = max(ROUND_TO, ROUND_TO * round(total / ROUND_TO))
    half = ROUND_TO // 2
    return f"about {nearest:,}", nearest - half, nearest + half


def recoverable(hidden: dict[str, tuple[int, int]], low: int, high: int,
                exact_total: bool) -> bool:
    """Could a reader work out a hidden count? ``hidden`` maps each hidden cell to the bounds
    its words give; the hidden cells add up to between ``low`` and ``high`` (the total's range
    less the shown cells)."""
    if not hidden:
        return False
    if exact_total and (len(hidden) == 1 or high < SMALL_NUMBER):
        return True
    for key, (own_min, own_max) in hidden.items():
        others_min = sum(b[0] for k, b in hidden.items() if k != key)
        others_max = sum(b[1] for k, b in hidden.items() if k != key)
        if max(own_min, low - others_max) >= min(own_max, high - others_min):
            return True
    return False


def protect(total: int, cells: dict[str, int]) -> Breakdown:
    """What to show for a total and its breakdown, so that no count under SMALL_NUMBER can be
    read or worked out by subtraction. ``cells`` must add up to ``total``."""
    if sum(cells.values()) != total:
        raise ValueError("The cells of a breakdown must add up to its total.")
    if 0 < total < SMALL_NUMBER:
        # Every cell is small. "Fewer than 5" in total still pins them when there are four
        # non-zero cells (four counts of at least 1 under 5 are all 1): say "about 5" then.
        words = {k: (SMALL if n else "0") for k, n in cells.items()}
        hidden = {k: _bounds(False) for k, n in cells.items() if n}
        if recoverable(hidden, 1, SMALL_NUMBER - 1, exact_total=False):
            return Breakdown(_rounded(total)[0], words)
        return Breakdown(SMALL, words)
    small = {k for k, n in cells.items() if 0 < n < SMALL_NUMBER}
    secondary: set[str] = set()
    shown_total, low, high = f"{total:,}", total, total
    exact = True

    def exposed() -> bool:
        hidden = {k: _bounds(k in secondary) for k in small | secondary}
        shown = sum(n for k, n in cells.items() if k not in hidden)
        return recoverable(hidden, low - shown, high - shown, exact)

    # Hide the next smallest shown cell (ties: the order given) until nothing is derivable.
    while small and exposed():
        candidates = [k for k, n in cells.items() if n and k not in small | secondary]
        if not candidates:
            break
        secondary.add(min(candidates, key=lambda k: cells[k]))
    if small and exposed():
        shown_total, low, high = _rounded(total)
        exact = False
        if exposed():
            shown_total, low, high = f"{SMALL_NUMBER} or more", SMALL_NUMBER, UNBOUNDED
    words = {k: SMALL if k in small else HIDDEN if k in secondary else f"{n:,}"
             for k, n in cells.items()}
    return Breakdown(shown_total, words)


def coarsest(*totals: str) -> str:
    """One total published beside several breakdowns of it: the words that say least, so each
    breakdown stays protected (each was protected against a total at least this exact)."""
    return max(totals, key=lambda words: (words.endswith("or more"), words.startswith("about")))
