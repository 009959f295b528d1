"""The coverage floor only goes up (decision 0228).

``fail_under`` in pyproject.toml is the floor scripts/test.sh enforces. docs/coverage.md keeps
its history, one row per change; this test fails if the history ever goes down or if the
floor in pyproject.toml is not the last row. Lowering the floor therefore means rewriting
recorded history in a reviewed file, not quietly editing one number."""

from __future__ import annotations

import itertools
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def floor_history() -> list[float]:
    text = (ROOT / "docs" / "coverage.md").read_text(encoding="utf-8")
    return [float(m) for m in re.findall(r"^\| \d{4}-\d{2}-\d{2} \| (\d+(?:\.\d+)?) \|", text,
                                         flags=re.MULTILINE)]


def test_branch_coverage_is_measured_and_the_floor_never_drops() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    assert config["coverage"]["run"]["branch"] is True
    floor = float(config["coverage"]["report"]["fail_under"])
    history = floor_history()
    assert history, "docs/coverage.md has no floor history table"
    assert all(a <= b for a, b in itertools.pairwise(history)), (
        f"The coverage floor went down in docs/coverage.md: {history}")
    assert floor == history[-1], (
        f"fail_under is {floor:g} in pyproject.toml but the last floor in docs/coverage.md is "
        f"{history[-1]:g}")
