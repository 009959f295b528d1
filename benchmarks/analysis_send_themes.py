"""Themes and sentiment out of the box on real SEND comments (issue 13's figures).

Reads ``../shared/data/send_comments/dev.jsonl`` (73 real published comments, hand-labelled
against the first 18-theme default taxonomy; never trained on, never copied here) and, when
present, the project's own held-out set ``tests/analysis/data/themes_heldout.jsonl`` (written
for this project against the current taxonomy, never trained on). Each comment goes through
``Analyser.analyse_chunk`` exactly as intake does, with the default model.

Scoring:
- a comment's predicted themes are those the analyser returns, restricted to the labels the
  set was labelled against (a theme the set could not use, such as ``bullying`` on the
  18-theme set, is neither right nor wrong there);
- micro-F1 over all (comment, theme) pairs; macro-F1 over the themes with at least one
  labelled comment; samples-F1 averages each comment's own F1 (a comment with no labelled and
  no predicted theme scores 1);
- sentiment accuracy over the four classes (positive, neutral, negative, mixed): a "mixed"
  comment called "neutral" is wrong.

    .venv/bin/python benchmarks/analysis_send_themes.py [--show-misses]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from saidanddone.analysis import Analyser  # noqa: E402
from saidanddone.analysis.taxonomy import DEFAULT_TAXONOMY  # noqa: E402

SHARED_SEND = ROOT.parent / "shared" / "data" / "send_comments" / "dev.jsonl"
OWN_HELDOUT = ROOT / "tests" / "analysis" / "data" / "themes_heldout.jsonl"
# A second held-out set of ours, in the registers of consultations, online posts, ideas walls and
# partners' notes (decision 0231): written as training material, measured and not trained on.
OWN_REGISTERS = ROOT / "tests" / "analysis" / "data" / "themes_heldout_registers.jsonl"
# The taxonomy the shared set was labelled against (its README: 18 themes, commit 425d6f4).
FIRST_TAXONOMY = (
    "ehc-plans", "contact", "waiting-times", "health-therapies", "mental-health", "sen-support",
    "training", "inclusion", "school-places", "transitions", "local-offer", "co-production",
    "funding", "short-breaks", "transport", "joint-working", "equality", "praise",
)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0


def score(rows: list[dict[str, Any]], predicted: list[set[str]],
          space: tuple[str, ...]) -> dict[str, Any]:
    """Micro, macro and samples F1 of ``predicted`` against each row's ``themes``."""
    counts = {label: [0, 0, 0] for label in space}  # tp, fp, fn
    samples = []
    for row, chosen in zip(rows, predicted, strict=True):
        truth = set(row["themes"]) & set(space)
        chosen = chosen & set(space)
        for label in chosen | truth:
            counts[label][0 if label in chosen and label in truth
                          else 1 if label in chosen else 2] += 1
        tp = len(chosen & truth)
        samples.append(f1(tp, len(chosen - truth), len(truth - chosen)))
    tp, fp, fn = (sum(c[k] for c in counts.values()) for k in range(3))
    labelled = {label: c for label, c in counts.items() if c[0] + c[2] > 0}
    per_label = {label: (f1(*c), c[0] + c[2]) for label, c in labelled.items()}
    return {
        "micro": f1(tp, fp, fn),
        "macro": sum(f for f, _ in per_label.values()) / max(len(per_label), 1),
        "samples": sum(samples) / max(len(samples), 1),
        "per_label": per_label,
    }


def measure(name: str, rows: list[dict[str, Any]], space: tuple[str, ...], show: bool) -> None:
    analyser = Analyser()
    started = time.perf_counter()
    results = analyser.analyse_chunk([r["text"] for r in rows])
    elapsed = time.perf_counter() - started
    predicted = [{label for label, _ in r.themes} for r in results]
    s = score(rows, predicted, space)
    sentiment_right = sum(r.sentiment == row["sentiment"] for r, row in zip(results, rows,
                                                                           strict=True))
    no_theme = sum(not (p & set(space)) and not r.no_content
                   for p, r in zip(predicted, results, strict=True))
    print(f"\n{name}: {len(rows)} comments ({elapsed / len(rows) * 1000:.1f} ms each)")
    print(f"  themes: micro-F1 {s['micro']:.3f}  macro-F1 {s['macro']:.3f}  "
          f"samples-F1 {s['samples']:.3f}  (comments given no theme: {no_theme})")
    if "praise" in space:
        # `praise` is the label conventions differ on most (decision 0114), so the figure
        # without it is printed too.
        bare = score(rows, predicted, tuple(label for label in space if label != "praise"))
        print(f"  themes without praise: micro-F1 {bare['micro']:.3f}  "
              f"macro-F1 {bare['macro']:.3f}  samples-F1 {bare['samples']:.3f}")
    print(f"  sentiment: accuracy {sentiment_right / len(rows):.3f} "
          f"({sentiment_right}/{len(rows)}), 4 classes")
    confusion = Counter((row["sentiment"], r.sentiment) for r, row in zip(results, rows,
                                                                          strict=True))
    print("  sentiment (labelled -> predicted): " + ", ".join(
        f"{a}->{b}: {n}" for (a, b), n in sorted(confusion.items()) if a != b))
    for label, (value, n) in sorted(s["per_label"].items(), key=lambda kv: -kv[1][1]):
        print(f"    {value:.2f}  {n:3d}  {label}")
    if show:
        for row, chosen in zip(rows, predicted, strict=True):
            truth = set(row["themes"])
            if truth != chosen & set(space):
                print(f"  - labelled {sorted(truth)} predicted {sorted(chosen)}: "
                      f"{row['text'][:140]!r}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    if SHARED_SEND.exists():
        measure("shared real SEND comments (18-theme labels)", read_jsonl(SHARED_SEND),
                FIRST_TAXONOMY, args.show_misses)
    else:
        print(f"skipped: {SHARED_SEND} is absent (the shared real SEND comments)")
    if OWN_HELDOUT.exists():
        measure("own held-out set (current taxonomy)", read_jsonl(OWN_HELDOUT),
                tuple(t.slug for t in DEFAULT_TAXONOMY), args.show_misses)
    if OWN_REGISTERS.exists():
        measure("own held-out registers (current taxonomy)", read_jsonl(OWN_REGISTERS),
                tuple(t.slug for t in DEFAULT_TAXONOMY), args.show_misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
