"""A "You said" draft for one theme and period: a plain summary, its count and three quotes.

Nothing here writes or publishes: the draft goes into the response editor, where an officer
edits it before it can be saved, and the publication checks and the forum's sign-off still
follow. Offline and extractive, so it never says what nobody said:

- **the summary** is built from facts about the comments: how many, who from, how they felt
  (the sentiment counts) and the phrases they used most often, weighted by how distinctive
  each phrase is of this theme against the period's other comments (class-based TF-IDF);
- **the quotes** are whole comments, only from those whose writers allowed quoting word for
  word, already redacted, and never one waiting for a safeguarding decision (the caller
  passes only quotable comments as quotable). They are chosen to cover the theme: greedily,
  each next quote is the one that most raises the comments' mean similarity to their nearest
  quote (facility location over the encoder's vectors), so three quotes speak for three
  different groups of comments rather than three versions of the loudest one.

``coverage`` is that mean similarity (cosine of the encoder's vectors, 0 to 1 in practice);
``random_coverage`` is the same for quotes drawn at random from the quotable comments, the
baseline the choice has to beat (benchmarks/analysis_drafts.py measures both).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from saidanddone.analysis.emerging import STOP_WORDS

__all__ = ["DraftComment", "YouSaidDraft", "choose_quotes", "draft_you_said", "key_phrases"]

MAX_QUOTES = 3
QUOTE_CHARS = (25, 400)  # a quote reads on its own and fits a public page
RANDOM_DRAWS = 50

Vectors = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class DraftComment:
    text: str  # redacted
    sentiment: str | None = None
    respondent: str = ""  # "parent_carer", "child_young_person", ...
    quotable: bool = False  # the writer allowed word-for-word quotes, and no flag is waiting


@dataclass(frozen=True, slots=True)
class YouSaidDraft:
    count: int
    summary: str
    quotes: tuple[str, ...]
    phrases: tuple[str, ...]
    coverage: float | None
    random_coverage: float | None

    def as_text(self) -> str:
        """The draft as the "You said" field's text: the summary, then the quotes."""
        parts = [self.summary]
        if self.quotes:
            parts.append("In their own words:")
            parts.extend(f"“{q}”" for q in self.quotes)
        return "\n\n".join(parts)


def draft_you_said(
    comments: Sequence[DraftComment],
    vectors: Vectors | None,
    *,
    theme: str,
    period: str,
    background: Sequence[str] = (),
) -> YouSaidDraft:
    """The draft for ``comments`` (one theme, one period; ``vectors`` row for row).

    ``theme`` is the theme's name and ``period`` how the period reads in a sentence ("from
    April to June 2026"); ``background`` holds the period's other comments, which make the
    phrases distinctive of this theme rather than of SEND in general.
    """
    n = len(comments)
    if n == 0:
        return YouSaidDraft(0, f"No comments about {theme.lower()} {period}.", (), (), None, None)
    phrases = key_phrases([c.text for c in comments], background)
    summary = _summary(comments, theme=theme, period=period, phrases=phrases)
    quotes: tuple[str, ...] = ()
    coverage = random_coverage = None
    candidates = [i for i, c in enumerate(comments)
                  if c.quotable and QUOTE_CHARS[0] <= len(c.text.strip()) <= QUOTE_CHARS[1]]
    if candidates and vectors is not None:
        chosen, coverage = choose_quotes(vectors, candidates)
        quotes = tuple(" ".join(comments[i].text.split()) for i in chosen)
        random_coverage = _random_coverage(vectors, candidates, len(chosen))
    return YouSaidDraft(n, summary, quotes, tuple(phrases), coverage, random_coverage)


def choose_quotes(
    vectors: Vectors, candidates: Sequence[int], k: int = MAX_QUOTES
) -> tuple[list[int], float]:
    """Greedy facility location: up to ``k`` of ``candidates`` that best cover every row.

    Returns the chosen rows and the coverage: the mean, over all rows, of the cosine
    similarity to the nearest chosen quote.
    """
    similarity = vectors @ vectors[list(candidates)].T  # (comments, candidates)
    best = np.full(len(vectors), -1.0, dtype=np.float64)
    chosen: list[int] = []
    for _ in range(min(k, len(candidates))):
        gains = np.maximum(similarity, best[:, None]).mean(axis=0)
        for j, row in enumerate(candidates):
            if row in chosen:
                gains[j] = -np.inf
        pick = int(np.argmax(gains))
        chosen.append(candidates[pick])
        best = np.maximum(best, similarity[:, pick])
    return chosen, round(float(best.mean()), 4)


def _random_coverage(vectors: Vectors, candidates: Sequence[int], k: int) -> float:
    rng = np.random.default_rng(0)
    values = []
    for _ in range(RANDOM_DRAWS):
        picked = rng.choice(len(candidates), size=k, replace=False)
        rows = [candidates[int(i)] for i in picked]
        values.append(float((vectors @ vectors[rows].T).max(axis=1).mean()))
    return round(float(np.mean(values)), 4)


_TOKEN = re.compile(r"[a-z][a-z'\u2019-]*")


def _grams(text: str) -> set[str]:
    words = [w.strip("'\u2019-") for w in _TOKEN.findall(text.lower())]
    grams = {w for w in words if len(w) > 2 and w not in STOP_WORDS}
    grams.update(f"{a} {b}" for a, b in pairwise(words)
                 if a not in STOP_WORDS and b not in STOP_WORDS and len(a) > 1 and len(b) > 1)
    return grams


def key_phrases(texts: Sequence[str], background: Sequence[str] = (), k: int = 4) -> list[str]:
    """The phrases (one or two words) most used in ``texts`` and least in ``background``.

    A phrase must appear in at least two comments (or the only one); a word inside a chosen
    two-word phrase is not offered again on its own.
    """
    inside = Counter(g for t in texts for g in _grams(t))
    outside = Counter(g for t in background for g in _grams(t))
    least = 2 if len(texts) > 1 else 1
    total = len(texts) + len(background)
    scored = []
    for gram, df in inside.items():
        if df < least:
            continue
        idf = math.log(1 + total / (1 + df + outside[gram]))
        bonus = 1.3 if " " in gram else 1.0  # "speech therapy" says more than "speech"
        scored.append((df / len(texts) * idf * bonus, gram))
    chosen: list[str] = []
    for _, gram in sorted(scored, key=lambda item: (-item[0], item[1])):
        if any(gram in c.split() or c in gram.split() or gram == c for c in chosen):
            continue
        if any(" " in c and set(gram.split()) <= set(c.split()) for c in chosen):
            continue
        chosen.append(gram)
        if len(chosen) == k:
            break
    return chosen


def _summary(comments: Sequence[DraftComment], *, theme: str, period: str,
             phrases: Sequence[str]) -> str:
    n = len(comments)
    noun = "comment" if n == 1 else "comments"
    sentences = [f"We received {n} {noun} about {theme[:1].lower() + theme[1:]} {period}."]
    who = Counter(c.respondent for c in comments if c.respondent)
    young = who.get("child_young_person", 0)
    if young:
        sentences.append(f"{_count(young, n)} came from children and young people.")
    feelings = Counter(c.sentiment for c in comments if c.sentiment)
    if feelings:
        sentences.append(_feeling(feelings, n))
    if phrases:
        listed = ", ".join(f"“{p}”" for p in phrases[:-1])
        listed = f"{listed} and “{phrases[-1]}”" if len(phrases) > 1 else f"“{phrases[0]}”"
        sentences.append(f"The words used most often were {listed}.")
    return " ".join(sentences)


def _count(part: int, whole: int) -> str:
    return "All" if part == whole else f"{part} of the {whole}"


def _feeling(feelings: Counter[str], n: int) -> str:
    negative = feelings.get("negative", 0)
    positive = feelings.get("positive", 0)
    mixed = feelings.get("mixed", 0)
    if negative > n / 2:
        return f"{_count(negative, n)} described problems."
    if positive > n / 2:
        return f"{_count(positive, n)} described something that works well."
    parts = [f"{number} {label}" for number, label in (
        (negative, "described problems"), (positive, "were positive"),
        (mixed, "were mixed")) if number]
    if not parts:
        return "Most asked for something or described what happens, without praise or blame."
    return "Views differed: " + ", ".join(parts) + "."
