"""Safeguarding signals: comments that may show a child (or a carer) at risk.

Triage only (SEND.md "Privacy and safeguarding"): a signal routes the comment to a person, it
never dismisses one. Two readers, and a comment is flagged when either flags it:

- **the rules** (``detect_safeguarding``): explicit warning phrases ("self-harming", "county
  lines", "was restrained"), set aside when plainly negated ("he has never been bullied"), a
  figure of speech ("career suicide", "dog grooming") or a topic ("self-harm training");
- **the model** (``SafeguardingModel``): a fine-tuned sentence encoder with a linear head that
  reads what a comment means, for the indirect concerns no phrase list catches ("she gave her
  games away and said she won't need them").

See docs/decisions/0101-analysis-safeguarding.md and 0107-safeguarding-model.md.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from saidanddone.analysis.encoder import ModelFileError, get_encoder
from saidanddone.analysis.prefilter import literal_prefixes, word_starts

__all__ = [
    "SAFEGUARDING_CATEGORIES",
    "SafeguardingModel",
    "SafeguardingSignal",
    "combine_signals",
    "default_safeguarding_model",
    "detect_safeguarding",
]

SAFEGUARDING_CATEGORIES: tuple[str, ...] = (
    "abuse",
    "neglect",
    "self_harm",
    "suicide",
    "bullying",
    "exploitation",
    "domestic_abuse",
    "missing",
    "radicalisation",
    "unsafe_practice",
    "carer_breaking_point",
)


@dataclass(frozen=True, slots=True)
class SafeguardingSignal:
    """Why a comment goes to a person: the category, how sure, the words, and who saw it.

    ``source`` is "rules" (an explicit warning phrase) or "model" (the learned classifier);
    ``score`` is the model's probability of a concern (1.0 for an explicit phrase).
    """

    category: str
    evidence: str
    start: int
    end: int
    score: float = 1.0
    source: str = "rules"


_SELF = r"(?:him|her|them|my|your|our|one|it)sel(?:f|ves)"
_POSS = r"(?:his|her|their|my|our|your)"
_CHILD = r"(?:him|her|them|me|my (?:son|daughter|child|boy|girl)|the (?:child|children|kids?))"

# Explicit warning phrases only: the learned model reads everything else (decision 0107).
_PATTERNS: dict[str, tuple[str, ...]] = {
    "self_harm": (
        r"self[- ]?harm\w*",
        r"(?:harm|harms|harming|harmed|hurt|hurts|hurting|injur\w*|cut|cuts|cutting|burn\w*|"
        rf"scratch\w*|starv\w*|strangl\w*) {_SELF}",
        rf"(?:cut|cuts|cutting|scratch\w*) (?:on )?{_POSS} (?:arms?|legs?|wrists?|thighs?)",
        rf"(?:bang|bangs|banging) {_POSS} head (?:against|on|off) ",
        r"ligatures?",
    ),
    "suicide": (
        r"suicid\w*",
        rf"(?:take|took|taking|end|ended|ending) {_POSS} (?:own )?life",
        r"(?:want|wants|wanted|wanting|wish|wishes|wished|going|try|tries|tried) to "
        r"(?:die|be dead|kill (?:myself|himself|herself|themselves))",
        r"(?:kill|killing|kills) (?:myself|himself|herself|themselves)",
        r"(?:wish|wishes|wished) (?:he|she|they|i) (?:was|were|had never been) (?:dead|born)",
        r"(?:doesn'?t|does not|don'?t|do not|didn'?t) want to (?:live|be alive|exist|wake up)",
        r"(?:not|isn'?t) worth living",
        r"better off (?:dead|without (?:me|him|her|us))",
        r"overdos(?:e|ed|ing) on",
    ),
    "abuse": (
        r"(?:physical(?:ly)?|sexual(?:ly)?|emotional(?:ly)?) abus\w*",
        r"abus(?:ed|ing|es) (?:him|her|them|me|my|the child|children)",
        r"(?:being|been|was|were|is|are|gets|got) abused",
        r"(?:hit|hits|hitting|beat|beats|beaten|beating|punch\w*|slap\w*|strangl\w*|"
        rf"chok(?:ed|es|ing)|shook|throttl\w*) {_CHILD}",
        r"sexual(?:ly)? (?:assault\w*|touch\w*|harass\w*)",
        r"touch(?:ed|es|ing)? (?:him|her|them) inappropriately|inappropriate(?:ly)? touch\w*",
        r"(?:fgm|female genital mutilation)",
        r"forced marriage",
    ),
    "neglect": (
        r"(?<!website )(?<!site )(?<!been )neglect(?:ed|ing|ful)? (?:him|her|them|the child|"
        r"my (?:son|daughter))",
        r"(?:no|not enough) food (?:in|at) (?:the|our|his|her) (?:house|home)",
        r"(?:going|goes|went) hungry|(?:not|never) (?:being |been )?fed\b",
        r"left (?:alone|on (?:his|her|their) own) (?:at home|in the house|all day|overnight)",
    ),
    "exploitation": (
        r"(?<!dog )(?<!pet )(?<!dog-)(?:being |been |was |were )?groomed(?! dog)",
        r"(?:sexual|criminal|child) exploitation",
        r"(?:sexually|criminally) exploited",
        r"county lines",
        r"cuckoo(?:ed|ing)",
        r"sextort\w*",
    ),
    "domestic_abuse": (
        r"domestic (?:violence|abuse)",
        r"coercive(?:ly)? control\w*",
        r"child[- ]to[- ]parent violence",
    ),
    "missing": (
        r"(?:run|runs|ran|running) away from (?:home|care|school|the unit)",
        r"missing from (?:home|care|school|education)",
        r"(?:reported|been|was|went|goes|is|are) missing (?:again|overnight|for)",
        r"off[- ]?roll(?:ed|ing)",
    ),
    "radicalisation": (
        r"radicali[sz]\w*",
        r"extremis[mt]\w*",
        r"prevent referral",
    ),
    "unsafe_practice": (
        r"(?<!enthusiasm )(?:physically |were |was |been |being |is |are |gets |got )"
        r"restrain(?:ed|ing)\b(?! (?:my|our|myself|ourselves|their|his|her) "
        r"(?:enthusiasm|excitement|language|response|comments|temper))",
        r"restrain(?:ed|s|ing)? (?:him|her|them|my (?:son|daughter|child)|the child)",
        r"(?:prone|face[- ]down) (?:restraint|position)",
        r"(?:pinned|held) (?:him|her|them) (?:down|to the (?:floor|ground))",
        r"seclu(?:sion|ded) (?:room|him|her|them)|(?:in|into) seclusion",
        r"isolation (?:booth|room|cupboard)s?",
        r"locked (?:him|her|them) in (?:a|the|an) (?:room|cupboard|office|classroom)",
        r"(?:dragged|manhandled|frog[- ]?marched) (?:him|her|them)",
    ),
    "bullying": (
        r"(?<!tactics )(?:being |been |was |were |is |are |gets |got )bullied",
        r"bull(?:y|ies|ying) (?:him|her|them|me)",
        r"cyber[- ]?bull\w*",
    ),
    "carer_breaking_point": (
        r"breaking point",
        r"end of (?:my|our) tether",
        r"(?:can'?t|cannot|can not) cope any ?more",
        r"(?:can'?t|cannot) (?:go on|carry on) (?:like this|any ?more)",
        r"(?:put|putting|place|placing) (?:him|her|them) (?:in|into) care",
        r"relinquish\w*",
    ),
}

# Figures of speech that contain a trigger but are not a concern.
_FIGURATIVE_RE = re.compile(
    r"(?:killing me|kill for|dying to|to die for|bored to death|scared to death|"
    r"restrain(?:ed|ing)? (?:my|our|myself|ourselves) from|restrained (?:in|with) (?:my|our) "
    r"(?:language|response)|police check|dbs|knife and fork|kitchen knives?|no police|"
    r"went missing (?:from|in) the (?:post|system)|paperwork went missing|forms? went missing|"
    r"reports? went missing|letters? went missing|emails? went missing|file went missing|"
    r"crisis team|crisis line|crisis care|crisis service|crisis support|mental health crisis team|"
    r"career suicide|political suicide|social suicide|against a brick wall|against the wall|"
    r"dog groom\w*|groomers?)",
    re.IGNORECASE,
)

# A trigger that names a topic rather than something happening to someone: "county lines
# awareness evening", "self-harm training", "the seclusion policy", "domestic abuse service".
_TOPIC_AFTER_RE = re.compile(
    r"^\W*(?:\w+\W+){0,2}?(?:awareness|training|sessions?|talks?|polic(?:y|ies)|guidance|"
    r"figures|data|statistics|stats|rates?|reports?|services?|teams?|courses?|evenings?|"
    r"workshops?|leads?|strategy|procedures?|protocols?|charity|charities|campaign|"
    r"prevention|reduction|lessons?|curriculum|leaflets?|posters?)\b",
    re.IGNORECASE,
)
_NEGATION_RE = re.compile(
    r"(?:\b(?:no|not|never|nor|without|none|zero)\b|n't|\bno longer\b|\bfree from\b|\bfree of\b)"
    r"(?:\s+\w+){0,2}\s*$",
    re.IGNORECASE,
)
# A negation only counts when the trigger describes that negated thing; "not" in these
# triggers is part of the concern itself.
_NEGATION_EXEMPT = frozenset({"carer_breaking_point"})

# One compiled pattern per trigger, with the word starts it needs (see prefilter.py).
_COMPILED: list[tuple[str, re.Pattern[str], frozenset[str] | None]] = [
    (category, re.compile(rf"\b(?:{pattern})", re.IGNORECASE),
     literal_prefixes(rf"\b(?:{pattern})", re.IGNORECASE))
    for category, patterns in _PATTERNS.items()
    for pattern in patterns
]
_SENTENCE_END_RE = re.compile(r"[.!?\n;]")


def _evidence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around a trigger: at most about 120 characters, cut at sentence ends."""
    left = max(0, start - 80)
    cut = None
    for m in _SENTENCE_END_RE.finditer(text, left, start):
        cut = m.end()
    if cut is not None:
        left = cut
    right_limit = min(len(text), end + 80)
    stop = _SENTENCE_END_RE.search(text, end, right_limit)
    right = stop.end() if stop else right_limit
    while left < start and text[left].isspace():
        left += 1
    while right > end and text[right - 1].isspace():
        right -= 1
    return left, right


def _set_aside(text: str, category: str, start: int, end: int) -> bool:
    """A figure of speech over the trigger, or a plain negation just before it."""
    window_start = max(0, start - 30)
    window = text[window_start : min(len(text), end + 30)]
    for figurative in _FIGURATIVE_RE.finditer(window):
        f_start = window_start + figurative.start()
        f_end = window_start + figurative.end()
        if f_start < end and f_end > start:
            return True
    if _TOPIC_AFTER_RE.match(text[end : end + 40]):
        return True
    if category in _NEGATION_EXEMPT:
        return False
    before = text[max(0, start - 40) : start]
    tail = _SENTENCE_END_RE.split(before)[-1]
    return bool(_NEGATION_RE.search(tail)) and not _CONTRAST_RE.search(tail)


_CONTRAST_RE = re.compile(r"\b(?:but|however|although|though)\b", re.IGNORECASE)


def detect_safeguarding(text: str) -> list[SafeguardingSignal]:
    """Possible safeguarding concerns in ``text``, one per category, with the evidence span.

    Each signal's ``start``/``end`` give the evidence span in ``text`` (the clause around the
    trigger), so a reviewer sees why it was raised. Recall first: when in doubt, it is raised.
    """
    if not text:
        return []
    signals: dict[str, SafeguardingSignal] = {}
    starts = word_starts(text)
    for category, pattern, prefixes in _COMPILED:
        if prefixes is not None and prefixes.isdisjoint(starts):
            continue
        for m in pattern.finditer(text):
            start, end = m.span()
            known = signals.get(category)
            if known is not None and known.start <= start:
                break
            if _set_aside(text, category, start, end):
                continue
            left, right = _evidence_bounds(text, start, end)
            signals[category] = SafeguardingSignal(category, text[left:right], left, right)
            break
    return [signals[c] for c in SAFEGUARDING_CATEGORIES if c in signals]


class SafeguardingModel:
    """The learned reader: class probabilities from the shared encoder's sentence vectors.

    The head (``data/encoder/safeguarding_head.json``, pinned in the encoder's manifest) maps a
    unit sentence vector to twelve classes: "none" and the eleven categories. The score of a
    concern is 1 - P(none); the category is the likeliest of the eleven.
    """

    def __init__(self, directory: Path | None = None) -> None:
        # Loading the encoder checks every file its manifest pins, the head included.
        self.encoder = get_encoder(directory)
        directory = self.encoder.directory
        if "safeguarding_head.json" not in self.encoder.manifest.get("sha256", {}):
            raise ModelFileError(f"{directory} has no safeguarding head in its manifest.")
        head = json.loads((directory / "safeguarding_head.json").read_text("utf-8"))
        self.classes: tuple[str, ...] = tuple(head["classes"])
        if self.classes[1:] != SAFEGUARDING_CATEGORIES:
            raise ModelFileError("The safeguarding head's categories do not match this release.")
        self.weight = np.asarray(head["weight"], dtype=np.float32).T
        self.bias = np.asarray(head["bias"], dtype=np.float32)
        self.threshold = float(head["threshold"])

    def probabilities(self, vectors: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        logits = vectors @ self.weight + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return np.asarray(exp / exp.sum(axis=1, keepdims=True), dtype=np.float32)

    def signals(self, texts: Sequence[str], vectors: npt.NDArray[np.float32],
                threshold: float | None = None) -> list[list[SafeguardingSignal]]:
        """A signal for each text the model reads as a concern, with its strongest sentence."""
        limit = self.threshold if threshold is None else threshold
        probs = self.probabilities(vectors)
        out: list[list[SafeguardingSignal]] = [[] for _ in texts]
        for i in np.flatnonzero(1.0 - probs[:, 0] >= limit):
            text = texts[int(i)]
            score = float(1.0 - probs[i, 0])
            category = self.classes[1 + int(np.argmax(probs[i, 1:]))]
            start, end = self._evidence(text)
            out[int(i)] = [SafeguardingSignal(category, text[start:end], start, end,
                                              round(score, 3), "model")]
        return out

    def _evidence(self, text: str) -> tuple[int, int]:
        """The sentence the model finds most concerning (only flagged comments pay for this)."""
        sentences = [(m.start(), m.end()) for m in _SENTENCE_RE.finditer(text)
                     if m.group(0).strip()]
        if len(sentences) <= 1:
            return _trim(text, 0, len(text))
        sentences = sentences[:64]
        vectors = self.encoder.encode([text[a:b] for a, b in sentences])
        scores = 1.0 - self.probabilities(vectors)[:, 0]
        start, end = sentences[int(np.argmax(scores))]
        return _trim(text, start, end)


@lru_cache(maxsize=1)
def default_safeguarding_model() -> SafeguardingModel:
    """The model shipped in the package, loaded and checked once per process."""
    return SafeguardingModel()


_SENTENCE_RE = re.compile(r"[^.!?\n]+(?:[.!?]+|\n|$)")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Evidence without surrounding space, at most about 300 characters."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, min(end, start + 300)


def combine_signals(rules: list[SafeguardingSignal], model: list[SafeguardingSignal]
                    ) -> list[SafeguardingSignal]:
    """Flag when either reader flags: the rules' signals, then the model's if it saw more.

    A model signal in a category the rules already raised adds only its score to that signal.
    """
    by_category = {s.category: s for s in rules}
    for signal in model:
        known = by_category.get(signal.category)
        if known is None:
            by_category[signal.category] = signal
        else:
            by_category[signal.category] = replace(known, score=max(known.score, signal.score))
    return [by_category[c] for c in SAFEGUARDING_CATEGORIES if c in by_category]
