"""Safeguarding signals in plain words, for the people who triage them.

The one place that turns a stored signal (``FeedbackItem.safeguarding_signals``: a list of dicts
with ``category`` and ``evidence``, and from newer engines ``start``/``end`` offsets into the
original text, a ``score`` and a ``source``) into what a triager reads: a category label, how the
computer came to it, the evidence phrase and an excerpt. Everything quoted here is a slice of the
*redacted* text, never of the original, so a name that redaction removed cannot come back
through an evidence span.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from saidanddone.feedback.models import FeedbackItem

# Category slugs, old and new, in the words a SEND team uses.
CATEGORY_LABELS: dict[str, str] = {
    # What the analysis engine emits now.
    "abuse": "Abuse",
    "neglect": "Neglect",
    "self_harm": "Self-harm",
    "suicide": "Suicide or wanting to die",
    "bullying": "Bullying",
    "exploitation": "Exploitation (criminal or sexual)",
    "domestic_abuse": "Domestic abuse",
    "missing": "Missing from home, care or education",
    "radicalisation": "Radicalisation",
    "unsafe_practice": "Unsafe practice (restraint, seclusion, transport)",
    "carer_breaking_point": "Carer at breaking point",
    # Older slugs, still stored on items flagged before the engine changed.
    "abuse_neglect": "Abuse or neglect",
    "restraint_seclusion": "Restraint or seclusion",
    "missing_education": "Missing education",
    "unsafe_at_home": "Unsafe at home",
}

EXCERPT_CHARS = 300
# Safeguarding e-mails that have failed this many times show on the triage page, so a person
# tells the contacts another way (the sender keeps retrying: feedback.services).
ALERT_PERSISTENT_FAILURE = 3


def category_label(slug: str) -> str:
    """A plain label for a category; an unknown slug reads as its words, never as 'Selfharm'."""
    slug = (slug or "").strip()
    if slug in CATEGORY_LABELS:
        return CATEGORY_LABELS[slug]
    words = slug.replace("_", " ").replace("-", " ").split()
    return " ".join(words).capitalize() if words else "Unnamed concern"


def source_words(signal: dict[str, Any]) -> str:
    """How the computer came to the signal, if the signal says; otherwise nothing."""
    source = signal.get("source")
    score = signal.get("score")
    if source == "rules":
        return "Matched a warning phrase"
    if source == "model":
        if isinstance(score, int | float) and not isinstance(score, bool):
            return f"The model read it as a likely concern (score {score:.2f})"
        return "The model read it as a likely concern"
    return ""


def waiting_words(hours: float) -> str:
    """'less than an hour', '3 hours', '2 days', '4 months', '2 years'."""
    if hours < 1:
        return "less than an hour"

    def plural(n: int, unit: str) -> str:
        return f"{n} {unit}{'' if n == 1 else 's'}"

    whole_hours = int(hours)
    if whole_hours < 24:
        return plural(whole_hours, "hour")
    days = whole_hours // 24
    if days < 60:
        return plural(days, "day")
    if days < 730:
        return plural(days // 30, "month")
    return plural(days // 365, "year")


@dataclass(frozen=True)
class Excerpt:
    """A piece of the redacted text, split around the evidence (empty when it was not found)."""

    before: str
    evidence: str
    after: str

    def __str__(self) -> str:
        return f"{self.before}{self.evidence}{self.after}"


@dataclass(frozen=True)
class Signal:
    category: str
    label: str
    source: str
    evidence: str  # from the redacted text, or "" when it cannot be shown


@dataclass
class TriageEntry:
    item: FeedbackItem
    arrived_at: dt.datetime
    waiting: str
    overdue: bool
    signals: list[Signal] = field(default_factory=list)
    excerpt: Excerpt | None = None


def _map_span(original: str, redacted: str, start: int, end: int) -> tuple[int, int] | None:
    """Map a span of the original text onto the redacted text.

    A span that starts or ends inside a redacted detail widens to take in the whole placeholder,
    so the result is always a slice of the redacted text and never part of a removed detail.
    """
    if not (0 <= start < end <= len(original)) or not redacted:
        return None
    blocks = SequenceMatcher(None, original, redacted, autojunk=False).get_matching_blocks()

    def map_start(pos: int) -> int:
        previous_end = 0
        for a, b, size in blocks:
            if pos < a:
                return previous_end
            if pos < a + size:
                return b + pos - a
            previous_end = b + size
        return len(redacted)

    def map_end(pos: int) -> int:
        for a, b, size in blocks:
            if pos <= a:
                return b
            if pos <= a + size:
                return b + pos - a
        return len(redacted)

    left, right = map_start(start), map_end(end)
    return (left, right) if left < right else None


def _locate(item: FeedbackItem, signal: dict[str, Any]) -> tuple[int, int] | None:
    """Where the signal's evidence sits in the redacted text, if it can be found."""
    redacted = item.text_redacted
    evidence = str(signal.get("evidence") or "").strip()
    if evidence and evidence in redacted:
        at = redacted.index(evidence)
        return at, at + len(evidence)
    start, end = signal.get("start"), signal.get("end")
    if isinstance(start, int) and isinstance(end, int) and item.text_original:
        return _map_span(item.text_original, redacted, start, end)
    return None


def _excerpt(redacted: str, span: tuple[int, int] | None) -> Excerpt:
    if span is None:
        if len(redacted) <= EXCERPT_CHARS:
            return Excerpt(redacted, "", "")
        cut = redacted.rfind(" ", 0, EXCERPT_CHARS)
        return Excerpt(redacted[: cut if cut > 0 else EXCERPT_CHARS].rstrip() + " …", "", "")
    a, b = span
    spare = max(0, EXCERPT_CHARS - (b - a))
    left = max(0, a - spare // 2)
    right = min(len(redacted), b + spare - (a - left))
    left = max(0, left - (spare - (a - left) - (right - b)))  # near the end: widen leftwards
    if left > 0:  # start and end on whole words
        space = redacted.find(" ", left, a)
        left = space + 1 if space != -1 else left
    if right < len(redacted):
        space = redacted.rfind(" ", b, right)
        right = space if space != -1 else right
    before = ("… " if left > 0 else "") + redacted[left:a]
    after = redacted[b:right] + (" …" if right < len(redacted) else "")
    return Excerpt(before, redacted[a:b], after)


def describe_signals(item: FeedbackItem) -> tuple[list[Signal], Excerpt | None]:
    """The item's signals in plain words and one redacted excerpt around the first evidence."""
    signals: list[Signal] = []
    first_span: tuple[int, int] | None = None
    for raw in item.safeguarding_signals or []:
        if not isinstance(raw, dict):
            continue
        span = _locate(item, raw)
        if span is not None and first_span is None:
            first_span = span
        evidence = " ".join(item.text_redacted[span[0]:span[1]].split()) if span else ""
        category = str(raw.get("category") or "")
        signals.append(Signal(category=category, label=category_label(category),
                              source=source_words(raw), evidence=evidence))
    if not item.text_redacted:
        return signals, None
    return signals, _excerpt(item.text_redacted, first_span)


def triage_entry(item: FeedbackItem, *, now: dt.datetime, limit_hours: int) -> TriageEntry:
    hours = item.waiting_hours_at(now)
    signals, excerpt = describe_signals(item)
    return TriageEntry(item=item, arrived_at=item.arrived_at, waiting=waiting_words(hours),
                       overdue=hours > limit_hours, signals=signals, excerpt=excerpt)
