"""Plain English checks for text about to be published: acronyms, long sentences, reading age.

Reading age is the Flesch-Kincaid grade plus five (the usual UK conversion); GOV.UK aims for a
reading age of about 9, and sentences of 25 words or fewer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from saidanddone.analysis.acronyms import find_acronyms

__all__ = ["PlainEnglishReport", "plain_english"]

LONG_SENTENCE_WORDS = 25
TARGET_READING_AGE = 12.0
# Short capitalised words that are ordinary words, not acronyms needing expansion.
_NOT_ACRONYMS = frozenset({"I", "A", "OK", "UK", "TV", "AM", "PM", "II", "III", "IV", "NB", "PS"})
_SENTENCE_RE = re.compile(r"[^.!?\n]+[.!?]*")
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'\-]*")
_VOWELS_RE = re.compile(r"[aeiouy]+")


@dataclass(frozen=True)
class PlainEnglishReport:
    unexpanded_acronyms: tuple[str, ...]
    long_sentences: tuple[str, ...]
    reading_age: float
    grade: float
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _syllables(word: str) -> int:
    w = word.lower().strip("'-")
    if len(w) <= 3:
        return 1
    if w.endswith("e") and not w.endswith(("le", "ee")):
        w = w[:-1]
    return max(1, len(_VOWELS_RE.findall(w)))


def _acronyms(text: str, known: Mapping[str, str]) -> tuple[str, ...]:
    """Acronyms never expanded in ``text`` (nor in ``known``), in order of first use."""
    expanded: set[str] = set()
    seen: list[str] = []
    for acronym in find_acronyms(text):
        if acronym.expansion is not None:
            expanded.add(acronym.short)
        if acronym.short not in seen:
            seen.append(acronym.short)
    return tuple(a for a in seen if a not in expanded and a not in known and a not in _NOT_ACRONYMS)


def plain_english(text: str, *, known_acronyms: Mapping[str, str] = {}) -> PlainEnglishReport:
    """Check ``text`` for unexpanded acronyms, long sentences and a high reading age."""
    sentences = [s.strip() for s in _SENTENCE_RE.findall(text) if _WORD_RE.search(s)]
    words = _WORD_RE.findall(text)
    n_words = max(len(words), 1)
    n_sentences = max(len(sentences), 1)
    syllables = sum(_syllables(w) for w in words)
    grade = 0.39 * n_words / n_sentences + 11.8 * syllables / n_words - 15.59 if words else 0.0
    grade = round(max(grade, 0.0), 1)
    reading_age = round(grade + 5, 1)
    long_sentences = tuple(
        s for s in sentences if len(_WORD_RE.findall(s)) > LONG_SENTENCE_WORDS
    )
    acronyms = _acronyms(text, known_acronyms)
    problems: list[str] = []
    if acronyms:
        problems.append(
            "Explain these abbreviations the first time you use them: " + ", ".join(acronyms)
        )
    for s in long_sentences:
        problems.append(
            f"This sentence has {len(_WORD_RE.findall(s))} words; try to keep sentences under "
            f"{LONG_SENTENCE_WORDS + 1}: \u201c{s[:80]}{'...' if len(s) > 80 else ''}\u201d"
        )
    if words and reading_age > TARGET_READING_AGE:
        problems.append(
            f"Reading age is about {reading_age:g}; aim for {TARGET_READING_AGE:g} or lower "
            "with shorter words and sentences."
        )
    return PlainEnglishReport(acronyms, long_sentences, reading_age, grade, problems)
