"""The streaming pipeline: every stage over an iterable of comments, in chunks, in order.

``Analyser.analyse`` yields one ``CommentResult`` per input text, in input order, holding
only a chunk (a few thousand comments) in memory at a time. ``Summariser`` folds results into
the summary: theme counts with quotes (a campaign counted once), emerging themes and campaigns.
Comments with a safeguarding signal are never quoted (SEND.md: kept out of analysis and
publication until a person has decided).
"""

from __future__ import annotations

import dataclasses
import heapq
import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from saidanddone.analysis.duplicates import DuplicateIndex
from saidanddone.analysis.emerging import find_emerging_themes
from saidanddone.analysis.language import looks_english
from saidanddone.analysis.normalise import is_no_content, is_non_answer, normalise
from saidanddone.analysis.redaction import Redactor, apply_spans
from saidanddone.analysis.safeguarding import (
    SafeguardingModel,
    SafeguardingSignal,
    combine_signals,
    default_safeguarding_model,
    detect_safeguarding,
)
from saidanddone.analysis.themes import ThemeModel

__all__ = [
    "Analyser",
    "CommentResult",
    "Duplicates",
    "Summariser",
    "find_duplicates",
    "summarise",
    "with_duplicates",
]

CHUNK_SIZE = 4000
# Themes and sentiment read the first 100,000 characters of a very long comment (about 40
# pages); redaction and safeguarding always read all of it.
MAX_MODEL_CHARS = 100_000
EMERGING_SCORE = 0.5  # comments whose best theme scores below this feed emerging themes
EMERGING_SAMPLE = 5000


@dataclass(frozen=True, slots=True)
class CommentResult:
    row: int
    redacted: str
    redactions: tuple[tuple[str, int, int], ...]
    safeguarding: tuple[SafeguardingSignal, ...]  # evidence redacted; positions in the original
    themes: tuple[tuple[str, float], ...]
    sentiment: str | None
    no_content: bool
    duplicate_of: int | None = None
    campaign: int | None = None
    not_english: bool = False  # not themed: it does not read as English

    def to_json(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "redacted": self.redacted,
            "redactions": [{"type": t, "start": s, "end": e} for t, s, e in self.redactions],
            "safeguarding": [
                {"category": s.category, "evidence": s.evidence, "start": s.start, "end": s.end,
                 "score": s.score, "source": s.source}
                for s in self.safeguarding
            ],
            "themes": [{"label": lb, "score": sc} for lb, sc in self.themes],
            "sentiment": self.sentiment,
            "no_content": self.no_content,
            "not_english": self.not_english,
            "duplicate_of": self.duplicate_of,
            "campaign": self.campaign,
        }


class Analyser:
    """All stages together: the one analysis engine for intake, imports, checks and the CLI.

    Reuse one Analyser for many comments (regexes compiled and models loaded once). ``names``
    and ``schools`` are the area's own lists to redact, ``keep`` its allow-list of services and
    helplines, and ``safeguarding_threshold`` its choice of how readily the model flags
    (None: the model's default, chosen on data to favour recall).
    """

    def __init__(
        self,
        model: ThemeModel | None = None,
        *,
        names: Iterable[str] = (),
        schools: Iterable[str] = (),
        keep: Iterable[str] = (),
        safeguarding_threshold: float | None = None,
        safeguarding_model: SafeguardingModel | None = None,
        chunk_size: int = CHUNK_SIZE,
    ) -> None:
        self.model = model if model is not None else ThemeModel.default()
        self.redactor = Redactor(names=names, schools=schools, keep=keep)
        self.safeguarding = safeguarding_model or default_safeguarding_model()
        self.safeguarding_threshold = safeguarding_threshold
        self.chunk_size = chunk_size

    def analyse_chunk(self, texts: Sequence[str], first_row: int = 0) -> list[CommentResult]:
        """Every stage but duplicates for one chunk (used by the workers of the command line).

        Redactions are positions in the original text. The encoder reads each comment once;
        safeguarding, themes and sentiment read its vector, and an area's own word features
        read the redacted text, so no model learns a name. Sentiment is None for an empty
        comment or a non-answer ("Did not answer", "N/A"), for a "nothing to add" answer
        unless the area's model learnt sentiment from its own survey, and for a comment that
        does not read as English (which gets no theme either).
        """
        clean = [normalise(t) for t in texts]
        empty = [is_no_content(t) for t in clean]
        redacted: list[str] = []
        spans_all = []
        for text in texts:
            spans = self.redactor.find(text) if text else []
            spans_all.append(spans)
            redacted.append(apply_spans(text, spans) if spans else text)
        model_texts = [normalise(r[:MAX_MODEL_CHARS]) for r in redacted]
        english = [not t or looks_english(t) for t in model_texts]
        todo = [i for i, t in enumerate(clean) if t]
        # One encoder pass per comment: safeguarding and themes read the same vector. It is
        # the vector of the comment as written (safeguarding must read every word). A theme
        # model stores weights over the vector's 384 numbers, never words, and an area's own
        # vocabulary (TF-IDF) is read from the redacted text: no model file holds a name.
        vectors = self.safeguarding.encoder.encode([clean[i] for i in todo]) if todo else None
        themes: list[list[tuple[str, float]]] = [[] for _ in texts]
        sentiments: list[str | None] = [None for _ in texts]
        if todo:
            assert vectors is not None
            batch = [model_texts[i] for i in todo]
            features = self.model.features(batch, vectors)
            for i, scored in zip(todo, self.model.score_batch(batch, features=features),
                                 strict=True):
                # A comment in another language gets no theme rather than a wrong one.
                themes[i] = scored if english[i] else []
            # A trained sentiment model has learnt what a survey's "nothing" answers mean
            # (in the FFT data, "Nothing." to "what could we do better?" is mostly positive),
            # so it rates them too; the lexicon leaves them without a sentiment.
            trained = self.model.rates_non_answers
            content = [
                k for k, i in enumerate(todo) if english[i]
                and (not empty[i] or (trained and not is_non_answer(batch[k])))
            ]
            if content:
                sub = features[content] if features is not None else None
                predicted = self.model.sentiment_batch([batch[k] for k in content], features=sub)
                for k, label in zip(content, predicted, strict=True):
                    sentiments[todo[k]] = label
        model_signals: list[list[SafeguardingSignal]] = [[] for _ in texts]
        readable = [k for k, i in enumerate(todo) if clean[i] and not empty[i]]
        if readable:
            assert vectors is not None
            read = [clean[todo[k]] for k in readable]
            for k, found in zip(readable, self.safeguarding.signals(
                    read, vectors[readable], self.safeguarding_threshold), strict=True):
                model_signals[todo[k]] = found
        results = []
        for i in range(len(texts)):
            rules = detect_safeguarding(clean[i]) if not empty[i] else []
            signals = combine_signals(rules, model_signals[i])
            results.append(
                CommentResult(
                    row=first_row + i,
                    redacted=redacted[i],
                    redactions=tuple((s.type, s.start, s.end) for s in spans_all[i]),
                    safeguarding=tuple(signals),
                    themes=tuple(themes[i]),
                    sentiment=sentiments[i],
                    no_content=empty[i],
                    not_english=not english[i],
                )
            )
        # Evidence is shown to a safeguarding lead, but redacted like everything else.
        return [_redact_evidence(r, self.redactor) for r in results]

    def analyse(
        self,
        texts: Iterable[str],
        *,
        start: int = 1,
        duplicates: Duplicates | None = None,
    ) -> Iterator[CommentResult]:
        """Stream results in input order, rows numbered from ``start`` (1: the first comment).

        ``duplicates`` may come from a first pass (``find_duplicates``) so that the first
        member of a campaign is marked too; without it duplicates are found on the fly and
        the first member of each campaign is only known to the summary.
        """
        index = DuplicateIndex() if duplicates is None else None
        iterator = iter(texts)
        row = start
        while chunk := list(islice(iterator, self.chunk_size)):
            for result in self.analyse_chunk(chunk, row):
                if index is not None:
                    dup = index.add(result.row, normalise(chunk[result.row - row]))
                    campaigns = index.campaigns
                else:
                    assert duplicates is not None
                    dup = duplicates.duplicate_of[result.row - start]
                    campaigns = duplicates.campaigns
                yield with_duplicates(result, dup, campaigns)
            row += len(chunk)


@dataclass(frozen=True)
class Duplicates:
    duplicate_of: list[int | None]  # by position: the earlier row each text repeats
    campaigns: set[int]  # first rows of the groups that are campaigns


def find_duplicates(texts: Iterable[str], *, start: int = 1) -> Duplicates:
    """First pass: for each text, the earlier row it duplicates (or None), and campaigns."""
    index = DuplicateIndex()
    found = [index.add(i, normalise(t)) for i, t in enumerate(texts, start)]
    return Duplicates(found, index.campaigns)


def with_duplicates(result: CommentResult, dup: int | None, campaigns: set[int]) -> CommentResult:
    """``result`` with its duplicate and campaign fields set."""
    root = dup if dup is not None else result.row
    campaign = root if root in campaigns else None
    if dup is None and campaign is None:
        return result
    return _replace(result, duplicate_of=dup, campaign=campaign)


def _replace(result: CommentResult, **changes: Any) -> CommentResult:
    values = {name: getattr(result, name) for name in CommentResult.__slots__}
    values.update(changes)
    return CommentResult(**values)


def _redact_evidence(result: CommentResult, redactor: Redactor) -> CommentResult:
    if not result.safeguarding:
        return result
    evidence = []
    for signal in result.safeguarding:
        spans = redactor.find(signal.evidence)
        text = apply_spans(signal.evidence, spans) if spans else signal.evidence
        evidence.append(dataclasses.replace(signal, evidence=text))
    return _replace(result, safeguarding=tuple(evidence))


@dataclass
class Summariser:
    """Fold results into the summary with bounded memory."""

    quotes_per_theme: int = 3
    seed: int = 0
    rows: int = 0
    no_content: int = 0
    duplicates: int = 0
    flagged: int = 0
    theme_counts: dict[str, int] = field(default_factory=dict)
    sentiment_counts: dict[str, int] = field(default_factory=dict)
    safeguarding_counts: dict[str, int] = field(default_factory=dict)
    campaigns: dict[int, list[Any]] = field(default_factory=dict)
    _quotes: dict[str, list[tuple[float, int, str]]] = field(default_factory=dict)
    _unexplained: list[str] = field(default_factory=list)
    _unexplained_seen: int = 0

    def add(self, result: CommentResult) -> None:
        self.rows += 1
        if result.no_content:
            self.no_content += 1
        for signal in result.safeguarding:
            self.safeguarding_counts[signal.category] = (
                self.safeguarding_counts.get(signal.category, 0) + 1
            )
        if result.safeguarding:
            self.flagged += 1
        if result.campaign is not None:
            entry = self.campaigns.setdefault(result.campaign, [0, result.redacted[:300]])
            entry[0] += 1
        if result.duplicate_of is not None:
            self.duplicates += 1
            if result.campaign is not None:
                return  # a campaign counts once
        if result.sentiment is not None:
            self.sentiment_counts[result.sentiment] = (
                self.sentiment_counts.get(result.sentiment, 0) + 1
            )
        if result.no_content:
            return
        for label, score in result.themes:
            self.theme_counts[label] = self.theme_counts.get(label, 0) + 1
            if result.safeguarding or len(result.redacted) > 600:
                continue
            heap = self._quotes.setdefault(label, [])
            folded = " ".join(result.redacted.lower().split())
            if any(" ".join(q.lower().split()) == folded for _, _, q in heap):
                continue
            item = (score, -result.row, result.redacted)
            if len(heap) < self.quotes_per_theme:
                heapq.heappush(heap, item)
            elif item > heap[0]:
                heapq.heapreplace(heap, item)
        best = max((s for _, s in result.themes), default=0.0)
        if best < EMERGING_SCORE and not result.safeguarding:
            # Reservoir sample of the comments no theme explains well.
            self._unexplained_seen += 1
            if len(self._unexplained) < EMERGING_SAMPLE:
                self._unexplained.append(result.redacted)
            else:
                j = random.Random(self.seed * 1_000_003 + self._unexplained_seen).randrange(
                    self._unexplained_seen
                )
                if j < EMERGING_SAMPLE:
                    self._unexplained[j] = result.redacted

    def summary(self, *, min_campaign_size: int = 2) -> dict[str, Any]:
        themes = [
            {
                "label": label,
                "count": count,
                "quotes": [q for _, _, q in sorted(self._quotes.get(label, []), reverse=True)],
            }
            for label, count in sorted(self.theme_counts.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
        emerging = find_emerging_themes(self._unexplained, seed=self.seed)
        campaigns = [
            {"id": cid, "size": size, "example": example}
            for cid, (size, example) in sorted(self.campaigns.items(), key=lambda kv: -kv[1][0])
            if size >= min_campaign_size
        ]
        return {
            "rows": self.rows,
            "no_content": self.no_content,
            "duplicates": self.duplicates,
            "safeguarding_flagged": self.flagged,
            "safeguarding": dict(sorted(self.safeguarding_counts.items())),
            "sentiment": dict(sorted(self.sentiment_counts.items())),
            "themes": themes,
            "emerging_themes": [
                {"name": e.name, "words": list(e.words), "size": e.size, "quotes": list(e.quotes)}
                for e in emerging
            ],
            "emerging_sample": {"unexplained": self._unexplained_seen,
                                "clustered": len(self._unexplained)},
            "campaigns": campaigns,
        }


def summarise(results: Iterable[CommentResult], *, seed: int = 0) -> dict[str, Any]:
    """The summary of a run: theme counts with quotes, emerging themes and campaigns."""
    summariser = Summariser(seed=seed)
    for result in results:
        summariser.add(result)
    return summariser.summary()
