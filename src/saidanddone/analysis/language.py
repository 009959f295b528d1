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


# The commonest English words. A sentence of several words without any of them is almost never
# English, while the dictionary alone can be fooled by languages that share many spellings
# with it (French "service est lent", "nos", "pour" are all in SCOWL).
_FUNCTION_WORDS = frozenset(
    "a an the and or but if so to of in on at by for from with without into about as is are "
    "was were be been being am do does did done have has had not no nor never it its it's this "
    "that these those there here he she they we you i me my mine our ours your his her hers "
    "their them him us who what when where why how which all any some more most very can can't "
    "cannot could would should will won't don't didn't doesn't isn't wasn't aren't weren't "
    "haven't hasn't need needs get got go going just only also than then too up out over "
    "after before because while".split()
)
FUNCTION_WORD_CHECK_FROM = 6  # words in a comment before a lack of them counts
ENGLISH_SHARE_WITHOUT_FUNCTION_WORDS = 0.75


def looks_english(text: str) -> bool:
    """False only when a comment has enough words to judge and most are not English."""
    tokens = [m.group().lower().replace("\u2019", "'") for m in _WORD.finditer(text)]
    # Terse English notes ("Caring team. Every step explained well.") have no function words
    # either, but nearly all their words are in the dictionary.
    needed = (ENGLISH_SHARE_WITHOUT_FUNCTION_WORDS
              if len(tokens) >= FUNCTION_WORD_CHECK_FROM
              and not any(token in _FUNCTION_WORDS for token in tokens) else ENGLISH_SHARE)
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
    return known / len(words) >= needed


def _mixed_case(word: str) -> bool:
    return any(c.isupper() for c in word[1:])


def _known(word: str, dictionary: frozenset[str]) -> bool:
    if word in dictionary:
        return True
    stem = word.split("'")[0]  # don't, child's, we've
    return stem in dictionary or stem + "t" in dictionary or stem.rstrip("n") in dictionary
