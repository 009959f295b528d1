"""A cheap test that lets most comments skip most regular expressions.

Python's ``re`` tries every branch of a large alternation at every word start. Each keyword
pattern here starts at a word boundary, so a match can only begin where the text has one of
the pattern's possible first three letters at a word start. ``literal_prefixes`` works those
out from the compiled pattern (via the standard parser), and ``WordStarts`` collects a text's
1-3 letter word starts once, so one set intersection decides whether a pattern can match.
Patterns whose start cannot be worked out are always run: the filter never loses a match.
"""

from __future__ import annotations

import re
from typing import Any

try:  # Python 3.11+
    import re._constants as _c
    import re._parser as _p
except ImportError:  # pragma: no cover
    import sre_constants as _c
    import sre_parse as _p

__all__ = ["PREFIX_LEN", "literal_prefixes", "word_starts"]

PREFIX_LEN = 3
_MAX_PREFIXES = 4000
_WORD_START_RE = re.compile(r"\b\w")


_State = set[tuple[str, bool]]  # (prefix so far, can it still grow?)


def _grow(current: _State, chars: set[str]) -> _State:
    out: _State = set()
    for prefix, open_ in current:
        if not open_ or len(prefix) >= PREFIX_LEN:
            out.add((prefix, False))
        else:
            out.update((prefix + ch, True) for ch in chars)
    return out


def _close(current: _State) -> _State:
    return {(prefix, False) for prefix, _ in current}


def _expand(items: list[Any], current: _State) -> _State | None:
    """Follow the parsed ``items`` from each open prefix; None when it grows too large."""
    for op, av in items:
        if not any(open_ and len(p) < PREFIX_LEN for p, open_ in current):
            return current
        if op is _c.AT:
            continue
        if op is _c.LITERAL:
            current = _grow(current, {chr(av).lower()})
        elif op is _c.IN:
            chars: set[str] = set()
            for kind, value in av:
                if kind is _c.LITERAL:
                    chars.add(chr(value).lower())
                elif kind is _c.RANGE and value[1] - value[0] < 30:
                    chars.update(chr(x).lower() for x in range(value[0], value[1] + 1))
                else:
                    return _close(current)  # a class not worth expanding: stop here
            current = _grow(current, chars)
        elif op is _c.BRANCH:
            union: _State = set()
            for branch in av[1]:
                result = _expand(list(branch), set(current))
                if result is None:
                    return None
                union |= result
            current = union
        elif op is _c.SUBPATTERN:
            result = _expand(list(av[3]), current)
            if result is None:
                return None
            current = result
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[0] >= 1:
            result = _expand(list(av[2]), current)  # the first repetition, then stop
            if result is None:
                return None
            return _close(result)
        else:  # optional parts, look-arounds, anything else: the prefix stops here
            return _close(current)
        if len(current) > _MAX_PREFIXES:
            return None
    return current


def literal_prefixes(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """The lower-cased prefixes (at most 3 letters) any match of ``pattern`` must start with,
    or None when they cannot be told (then the pattern must always run)."""
    try:
        parsed = _p.parse(pattern, flags)
    except re.error:
        return None
    result = _expand(list(parsed), {("", True)})
    if result is None or not result or any(p == "" for p, _ in result):
        return None
    return frozenset(p for p, _ in result)


def word_starts(text: str) -> set[str]:
    """Every 1-, 2- and 3-character lower-cased string beginning at a word start of ``text``."""
    lower = text.lower()
    starts: set[str] = set()
    for m in _WORD_START_RE.finditer(lower):
        i = m.start()
        chunk = lower[i : i + PREFIX_LEN]
        starts.add(chunk)
        starts.add(chunk[:2])
        starts.add(chunk[:1])
    return starts
