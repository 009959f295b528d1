"""The thin adapter between feedback rows and the pure ``saidanddone.analysis`` engine."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from saidanddone import analysis
from saidanddone.analysis.normalise import normalise
from saidanddone.areas.selectors import redaction_lists
from saidanddone.feedback.models import FeedbackItem
from saidanddone.feedback.topics import BY_KEY
from saidanddone.themes.models import AreaModel

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
    not_english: bool
    model_version: str


@lru_cache(maxsize=1)
def _default_model() -> Any:
    return analysis.ThemeModel.default()


@lru_cache(maxsize=16)
def _load_model(path: str) -> Any:
    return analysis.ThemeModel.load(path)


def model_for_area(area: Any) -> Any:
    """The area's newest trained model (from its own confirmed themes), else the rules."""
    latest = AreaModel.objects.filter(area=area).first()
    if latest is not None:
        try:
            return _load_model(latest.path)
        except (analysis.ModelError, OSError):
            pass  # a missing or broken model directory: fall back to the transparent rules
    return _default_model()


def analyser_for(area: Any) -> analysis.Analyser:
    """The one analysis engine, set up for ``area``: its staff and school names to redact, its
    allow-list of services to keep, its safeguarding threshold and its theme model."""
    lists = redaction_lists(area=area)
    model = model_for_area(area)
    key = (lists.names, lists.schools, lists.keep, area.safeguarding_threshold, id(model))
    analyser = _ANALYSERS.get(key)
    if analyser is None or analyser.model is not model:
        if len(_ANALYSERS) >= 32:
            _ANALYSERS.clear()
        analyser = analysis.Analyser(model, names=key[0], schools=key[1], keep=key[2],
                                     safeguarding_threshold=key[3])
        _ANALYSERS[key] = analyser
    return analyser


# Analysers by the area settings they were built with (compiling an area's name lists once).
_ANALYSERS: dict[tuple[Any, ...], analysis.Analyser] = {}


def analyse_item(item: FeedbackItem) -> ItemAnalysis:
    """Every stage for one item, through the same engine the CLI and imports use."""
    analyser = analyser_for(item.area)
    result = analyser.analyse_chunk([item.text_original])[0]
    words = analyser.model.explain(normalise(result.redacted), [lb for lb, _ in result.themes])
    suggestions = [] if result.no_content else [
        (label, score, words.get(label, ())) for label, score in result.themes
        if score >= MIN_SUGGESTION_SCORE
    ][:MAX_SUGGESTIONS]
    if item.respondent_topic and not result.no_content:
        topic = BY_KEY.get(item.respondent_topic)
        if topic and topic.theme not in {slug for slug, _, _ in suggestions}:
            suggestions.append((topic.theme, 1.0, ("chosen by the person who wrote it",)))
    return ItemAnalysis(
        redacted=result.redacted,
        redactions=[{"type": t, "start": a, "end": b} for t, a, b in result.redactions],
        safeguarding=[signal_record(s, result.redacted) for s in result.safeguarding],
        themes=suggestions,
        sentiment=result.sentiment,
        no_content=result.no_content,
        not_english=result.not_english,
        model_version=analyser.model.version,
    )


def duplicate_keys(redacted_text: str) -> list[int]:
    """The keys a copy of this comment would share with it, for comments long enough to be
    part of a campaign of template letters (shorter ones have none: see ``DuplicateIndex``).
    Read from the redacted text, so letters that differ only in the sender's name match."""
    keys = analysis.text_keys(normalise(redacted_text))
    if keys is None or not keys.bands:
        return []
    return [keys.exact, *keys.bands]


def redacted_evidence(redacted_text: str, evidence: str) -> str:
    """The engine redacts evidence itself; this keeps it only if it also reads as a part of the
    redacted text (so nothing the redaction of the whole comment removed can come back)."""
    return evidence if evidence in redacted_text else "[evidence contains personal details]"


def signal_record(signal: Any, redacted_text: str) -> dict[str, Any]:
    """A signal as stored on the item. The evidence is kept only if redaction left it whole;
    ``start``/``end`` (offsets into the original text) let the triage queue find the same
    words in the redacted text. ``score`` and ``source`` are kept when the engine gives them."""
    record: dict[str, Any] = {
        "category": signal.category,
        "evidence": redacted_evidence(redacted_text, signal.evidence),
    }
    for key in ("start", "end", "score", "source"):
        value = getattr(signal, key, None)
        if isinstance(value, int | float | str) and not isinstance(value, bool):
            record[key] = value
    return record
