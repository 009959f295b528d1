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


@lru_cache(maxsize=16)
def _load_model(path: str) -> Any:
    return analysis.ThemeModel.load(path)


def model_for_area(area: Any) -> Any:
    """The area's newest trained model (from its own confirmed themes), else the rules."""
    from saidanddone.themes.models import AreaModel

    latest = AreaModel.objects.filter(area=area).first()
    if latest is not None:
        try:
            return _load_model(latest.path)
        except (analysis.ModelError, OSError):
            pass  # a missing or broken model directory: fall back to the transparent rules
    return _default_model()


def analyse_item(item: FeedbackItem) -> ItemAnalysis:
    text = item.text_original
    area = item.area
    # The area's own staff and school names are redacted too (SEND.md "Privacy").
    names = [n for n in area.memberships.values_list("user__first_name", flat=True) if n]
    redaction = analysis.redact(text, names=[*names, *area.staff_name_list],
                                schools=area.school_name_list)
    no_content = analysis.is_no_content(text)
    signals = analysis.detect_safeguarding(text)
    model = model_for_area(area)
    suggestions = [] if no_content else [
        (s.label, s.score, tuple(s.words)) for s in model.suggest(redaction.text)
        if s.score >= MIN_SUGGESTION_SCORE
    ][:MAX_SUGGESTIONS]
    if item.respondent_topic and not no_content:
        from saidanddone.feedback.topics import BY_KEY

        topic = BY_KEY.get(item.respondent_topic)
        if topic and topic.theme not in {slug for slug, _, _ in suggestions}:
            suggestions.append((topic.theme, 1.0, ("chosen by the person who wrote it",)))
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
        model_version="trained" if model.is_trained else "rules",
    )


def redacted_evidence(redacted_text: str, evidence: str) -> str:
    """Keep the evidence only if it survives redaction unchanged (it holds no personal detail)."""
    return evidence if evidence in redacted_text else "[evidence contains personal details]"
