"""Find acronyms in text, with their expansion where the text gives one.

Pure Python, no Django. Used by the importers (acronyms on old "You said, we did" pages) and by
the plain-English checks (every acronym should be expanded once).

Recognised expansions:

* ``Long Form (LF)``: the words before the brackets whose initials spell the acronym;
* ``LF (long form)`` and ``LF - Long Form`` (any dash) / ``LF: Long Form`` / ``LF Long Form)``;
* mixed-case acronyms such as ``SENCo`` and ``DfE``; plurals and possessives (``EHCPs``,
  ``SENCo's``) count as the acronym itself.

Ordinary capitalised words, shouted words (``YOU SAID``) and roman numerals are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Acronym", "find_acronyms"]


@dataclass(frozen=True)
class Acronym:
    """An acronym and, when the text expands it somewhere, its expansion."""

    short: str
    expansion: str | None


# A word-like token: letters, with inner apostrophes or ampersands (A&E, SENCo's).
_TOKEN = re.compile(r"[A-Za-z][A-Za-z&]*(?:['\u2019][A-Za-z]+)?")
_ROMAN = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "or",
        "of",
        "for",
        "the",
        "to",
        "in",
        "on",
        "with",
        "at",
        "by",
        "from",
        "into",
        "its",
        "our",
        "your",
        "their",
        "de",
        "la",
    ]
)
# Capitalised English words that are not acronyms when written in capitals.
_COMMON = frozenset(
    [
        "I",
        "A",
        "AN",
        "AND",
        "OR",
        "OF",
        "FOR",
        "THE",
        "TO",
        "IN",
        "ON",
        "WITH",
        "AT",
        "BY",
        "FROM",
        "IS",
        "ARE",
        "WAS",
        "WERE",
        "BE",
        "BEEN",
        "WE",
        "YOU",
        "YOUR",
        "OUR",
        "SAID",
        "DID",
        "WILL",
        "DO",
        "DONE",
        "TOLD",
        "US",
        "ASKED",
        "WHAT",
        "WHO",
        "HOW",
        "WHY",
        "WHEN",
        "NOT",
        "NO",
        "YES",
        "ALL",
        "NEW",
        "NOW",
        "IT",
        "IF",
        "SO",
        "AS",
        "MY",
        "ME",
        "HE",
        "SHE",
        "THEY",
        "THEM",
        "THIS",
        "THAT",
        "HAVE",
        "HAS",
        "HAD",
        "CAN",
        "MAY",
        "NEXT",
        "STEPS",
        "OUTCOME",
        "ACTION",
        "ACTIONS",
        "UPDATE",
        "NOTE",
        "NB",
        "OK",
        "PM",
        "AM",
        "TV",
        "ID",
    ]
)
_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2015"


def _letters(short: str) -> str:
    return "".join(ch for ch in short if ch.isalpha()).upper()


def _canonical(token: str) -> str | None:
    """The acronym a token stands for (``EHCPs`` -> ``EHCP``), or None if it is not one."""
    tok = re.sub(r"['\u2019]s$", "", token)
    if "&" in tok and not re.fullmatch(r"[A-Z]+&[A-Z]+", tok):
        return None
    letters = [ch for ch in tok if ch.isalpha()]
    if len(letters) < 2 or len(letters) > 10 or not tok[0].isupper():
        return None
    upper = sum(1 for ch in letters if ch.isupper())
    lower = len(letters) - upper
    if upper < 2:
        return None
    if lower:
        # plural of an all-capitals acronym: EHCPs, YEWs
        if lower == 1 and tok.endswith("s") and upper >= 2 and tok[:-1].isupper():
            tok = tok[:-1]
        elif lower > 1 or upper < 2:
            return None
    if tok.upper() in _COMMON and tok.isupper():
        return None
    if _ROMAN.fullmatch(tok):
        return None
    return tok


def _words(text: str) -> list[str]:
    """Words of a candidate expansion, hyphenated parts split (Neuro-development)."""
    parts = re.split(rf"[\s{_DASHES}/,]+", text)
    return [p for p in (re.sub(r"[^A-Za-z&']", "", w) for w in parts) if p]


def _match(letters: str, words: list[str], *, exact: bool) -> bool:
    """Can ``letters`` be spelled by ``words``, each word in turn?

    A word that is not a stop-word must give at least its first letter and may give further
    letters from inside it (``Coordinator`` gives "CO"); a stop-word may give its first letter or
    nothing. With ``exact`` every word must be used in order and the first must give a letter.
    """
    memo: dict[tuple[int, int], bool] = {}

    def go(i: int, j: int) -> bool:
        key = (i, j)
        if key in memo:
            return memo[key]
        if j == len(words):
            result = i == len(letters)
        elif i == len(letters):
            result = all(w.lower() in _STOP for w in words[j:])
        else:
            word = words[j]
            upper = word.upper()
            stop = word.lower() in _STOP
            result = stop and go(i, j + 1)
            if not result and upper[0] == letters[i]:
                # take the first letter, then optionally more letters from later in the word
                k = i + 1
                result = go(k, j + 1)
                pos = 1
                while not result and k < len(letters):
                    found = upper.find(letters[k], pos)
                    if found < 0:
                        break
                    k += 1
                    pos = found + 1
                    result = go(k, j + 1)
        memo[key] = result
        return result

    if not words or words[0].lower() in _STOP or words[0][0].upper() != letters[0]:
        return False
    del exact
    return go(0, 0)


def _before(text: str, end: int, letters: str) -> str | None:
    """Expansion in the words just before position ``end`` (``Long Form (LF)``)."""
    chunk = text[max(0, end - 200) : end]
    chunk = re.split(r"[.;:!?()\[\]\"\u201c\u201d]", chunk)[-1]
    raw = chunk.split()
    limit = min(len(raw), len(letters) + 6)
    for n in range(1, limit + 1):
        candidate = raw[-n:]
        words = _words(" ".join(candidate))
        if words and words[0][0].isupper() and _match(letters, words, exact=True):
            return " ".join(candidate).strip(" ,\u2013\u2014-")
    return None


def _after(text: str, start: int, letters: str, *, bracketed: bool) -> str | None:
    """Expansion in the words just after position ``start`` (``LF (long form)``)."""
    chunk = text[start : start + 200]
    stop = r"[)\]]" if bracketed else r"[.;:!?()\[\]\n]"
    chunk = re.split(stop, chunk)[0]
    raw = chunk.split()
    limit = min(len(raw), len(letters) + 6)
    for n in range(limit, 0, -1) if bracketed else range(1, limit + 1):
        candidate = raw[:n]
        words = _words(" ".join(candidate))
        if not words:
            continue
        if not bracketed and not all(w[0].isupper() or w.lower() in _STOP for w in words):
            continue
        if _match(letters, words, exact=True):
            # bracketed: the whole bracket must be the expansion
            if bracketed and n != len(raw):
                continue
            return " ".join(candidate).strip(" ,\u2013\u2014-")
    return None


def _expansion_at(text: str, start: int, end: int, short: str) -> str | None:
    letters = _letters(short)
    if len(letters) < 2:
        return None
    # Long Form (SHORT)
    if text[start - 1 : start] == "(" and text[end : end + 1] in {")", "s", "'"}:
        found = _before(text, start - 1, letters)
        if found:
            return found
    rest = text[end:]
    lead = re.match(rf"(?:['\u2019]?s)?\s*([(\[]|[{_DASHES}:]|\s)\s*", rest)
    if lead:
        opener = lead.group(1)
        pos = end + lead.end()
        if opener in "([":
            return _after(text, pos, letters, bracketed=True)
        if opener in _DASHES.replace("\\", "") + ":":
            return _after(text, pos, letters, bracketed=False)
        # SHORT Long Form) -- a bracket opened before the long form was forgotten,
        # or SHORT Long Form in running text: only accept capitalised words
        found = _after(text, pos, letters, bracketed=False)
        if found and all(w[0].isupper() or w.lower() in _STOP for w in found.split()):
            return found
    return None


def _shouting(text: str, start: int, end: int) -> bool:
    """Is the token part of a run of capitalised words (a shouted heading)?"""
    before = re.findall(r"[A-Za-z]+", text[max(0, start - 40) : start])[-1:]
    after = re.findall(r"[A-Za-z]+", text[end : end + 40])[:1]
    neighbours = [w for w in before + after if len(w) > 1]
    return sum(1 for w in neighbours if w.isupper() and w.upper() in _COMMON) >= 1


def find_acronyms(text: str) -> list[Acronym]:
    """Every acronym in ``text``, in order of first use, with the first expansion found."""
    found: dict[str, str | None] = {}
    order: list[str] = []
    for match in _TOKEN.finditer(text):
        short = _canonical(match.group(0))
        if short is None:
            continue
        start, end = match.start(), match.start() + len(short)
        if short.isupper() and _shouting(text, start, end):
            continue
        if short not in found:
            found[short] = None
            order.append(short)
        if found[short] is None:
            found[short] = _expansion_at(text, start, end, short)
    # an acronym is expanded too when its long form is written out with the acronym
    # in brackets after a plural or possessive (EHC Plans (EHCPs)) -- handled above;
    # drop tokens that are only part of another acronym's expansion written in capitals
    return [Acronym(short, found[short]) for short in order]
