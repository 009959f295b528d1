"""Whether a comment reads as English: themes are only suggested for comments that do.

A comment in another language would otherwise get the theme its few shared words point to,
which is wrong and looks right. The test is the share of its words found in the British
English dictionary the name finder already ships (SCOWL, ``data/english_words.txt``), ignoring
acronyms (EHCP, SENCo, CAMHS) and words of one or two letters. English with typos and
text-speak stays well above the line; Polish, Urdu in Latin letters, Spanish or Welsh fall
well below it. Text in another script has no dictionary words at all.
"""

from __future__ import annotations

import re

from saidanddone.analysis.names import name_lists

__all__ = ["looks_english"]

_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?")
MIN_WORDS = 4  # fewer words than this cannot be judged: treated as English
ENGLISH_SHARE = 0.5


def looks_english(text: str) -> bool:
    """False only when a comment has enough words to judge and most are not English."""
    words = []
    for match in _WORD.finditer(text):
        word = match.group()
        if len(word) <= 2 or (word.isupper() and len(word) <= 6) or _mixed_case(word):
            continue  # short words and acronyms (EHCP, SENCo) say nothing about the language
        words.append(word.lower().replace("\u2019", "'"))
    if len(words) < MIN_WORDS:
        return True
    dictionary = name_lists().words
    known = sum(_known(word, dictionary) for word in words)
    return known / len(words) >= ENGLISH_SHARE


def _mixed_case(word: str) -> bool:
    return any(c.isupper() for c in word[1:])


def _known(word: str, dictionary: frozenset[str]) -> bool:
    if word in dictionary:
        return True
    stem = word.split("'")[0]  # don't, child's, we've
    return stem in dictionary or stem + "t" in dictionary or stem.rstrip("n") in dictionary
