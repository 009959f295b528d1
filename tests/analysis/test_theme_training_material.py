"""The theme training material follows the taxonomy's conventions and holds nothing shared."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from typing import Any

import pytest

from saidanddone.analysis import DEFAULT_TAXONOMY

from .conftest import SHARED

ROOT = Path(__file__).resolve().parents[2]
TRAINING = ROOT / "training" / "themes"
SHARED_SEND = SHARED / "data" / "send_comments" / "dev.jsonl"


def _rows() -> list[dict[str, Any]]:
    rows = []
    for path in sorted(TRAINING.glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            rows += [json.loads(line) for line in fh if line.strip()]
    return rows


def _convention():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "themes_praise_convention", ROOT / "scripts" / "themes_praise_convention.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_row_uses_the_taxonomy_and_the_four_sentiments() -> None:
    slugs = {t.slug for t in DEFAULT_TAXONOMY}
    for row in _rows():
        assert row["themes"] and set(row["themes"]) <= slugs, row
        assert row["sentiment"] in {"positive", "neutral", "negative", "mixed"}, row


def test_praise_is_only_given_to_compliments_and_thanks() -> None:
    # Decision 0114: a comment that is only positive keeps its own theme, not praise.
    convention = _convention()
    plain = [r["text"] for r in _rows() if "praise" in r["themes"] and len(r["themes"]) > 1
             and not convention.compliments(r["text"])]
    assert plain == []


def test_the_convention_keeps_compliments_and_drops_plain_positives() -> None:
    convention = _convention()
    assert convention.apply({"text": "The new timetable is online now",
                             "themes": ["contact", "praise"]})["themes"] == ["contact"]
    assert convention.apply({"text": "Thank you to the caseworker",
                             "themes": ["contact", "praise"]})["themes"] == ["contact", "praise"]


@pytest.mark.skipif(not SHARED_SEND.exists(),
                    reason="../shared/data/send_comments is absent (evaluation data, not here)")
def test_no_shared_comment_is_in_the_training_material() -> None:
    def key(text: str) -> str:
        return re.sub(r"\W+", " ", text.lower()).strip()

    with SHARED_SEND.open(encoding="utf-8") as fh:
        shared = {key(json.loads(line)["text"]) for line in fh if line.strip()}
    assert not shared & {key(r["text"]) for r in _rows()}
