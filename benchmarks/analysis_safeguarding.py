"""Safeguarding recall on written concerning comments, and false alarms on NHS FFT comments.

Recall: share of the concerning comments in benchmarks/analysis_data.py that raise any signal
(and the expected one is not checked: any route to a person counts). False-alarm rate: share
of the labelled FFT comments (../shared, skipped when absent) that raise a signal; these
are real comments from a mental health trust, so some alarms are genuine.

    .venv/bin/python benchmarks/analysis_safeguarding.py
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from analysis_data import FFT, concerning_comments  # noqa: E402

from saidanddone.analysis import detect_safeguarding  # noqa: E402


def main() -> int:
    concerning = concerning_comments()
    missed = [t for t in concerning if not detect_safeguarding(t)]
    recall = 1 - len(missed) / len(concerning)
    print(f"recall on {len(concerning)} concerning comments: {recall:.3f}")
    for t in missed:
        print("  missed:", t)
    if not FFT.exists():
        print(f"false alarms: skipped, {FFT} is absent")
        return 0
    with FFT.open(encoding="utf-8", newline="") as fh:
        texts = [r["FFT answer"] for r in csv.DictReader(fh) if r["FFT answer"].strip()]
    by_category: Counter[str] = Counter()
    flagged = 0
    for t in texts:
        signals = detect_safeguarding(t)
        if signals:
            flagged += 1
            by_category.update(s.category for s in signals)
    print(f"flagged {flagged} of {len(texts)} FFT comments ({flagged / len(texts):.1%}); "
          "by category: " + ", ".join(f"{k} {v}" for k, v in by_category.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
