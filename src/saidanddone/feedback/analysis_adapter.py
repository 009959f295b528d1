"""The thin adapter between feedback rows and the pure ``saidanddone.analysis`` engine."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from saidanddone import analysis
from saidanddone.feedback.models import FeedbackItem

# Suggestions below this score are noise to a person reading the list.
MIN_SUGGESTION_SCORE = 0.2
MAX_SUGGESTIONS = 4


@dataclass(frozen=True)
class ItemAnalysis:
    redacted: str
    redactions: list[dict[str, Any]]
    safeguarding: list[dict[str, Any]]
    themes: list[tuple[str, float, tuple[str, ...]]]
    sentiment: str | None
    no_content: bool
    model_version: str


@lru_cache(maxsize=1)
def _default_model() -> Any:
    return analysis.ThemeModel.default()


def analyse_item(item: FeedbackItem) -> ItemAnalysis:
    text = item.text_original
    # The area's own staff and school names are redacted too (SEND.md "Privacy").
    names = list(item.area.memberships.values_list("user__first_name", flat=True))
    names = [n for n in names if n]
    redaction = analysis.redact(text, names=names)
    no_content = analysis.is_no_content(text)
    signals = analysis.detect_safeguarding(text)
    model = _default_model()
    suggestions = [] if no_content else [
        (s.label, s.score, tuple(s.words)) for s in model.suggest(redaction.text)
        if s.score >= MIN_SUGGESTION_SCORE
    ][:MAX_SUGGESTIONS]
    return ItemAnalysis(
        redacted=redaction.text,
        redactions=[{"type": s.type, "start": s.start, "end": s.end} for s in redaction.spans],
        safeguarding=[
            {"category": s.category, "evidence": redacted_evidence(redaction.text, s.evidence)}
            for s in signals
        ],
        themes=suggestions,
        sentiment=None if no_content else analysis.classify_sentiment(text),
        no_content=no_content,
        model_version=str(getattr(model, "version", "rules")),
    )


def redacted_evidence(redacted_text: str, evidence: str) -> str:
    """Keep the evidence only if it survives redaction unchanged (it holds no personal detail)."""
    return evidence if evidence in redacted_text else "[evidence contains personal details]"
