"""Redaction recall and precision on a synthetic UK set (benchmarks/analysis_data.py).

A detail counts as found when a redaction span of the right type covers at least 80% of it
(recall also reported ignoring type); precision counts redacted spans that overlap a true
detail. Also times redaction on realistic comments.

    .venv/bin/python benchmarks/analysis_redaction.py [N]
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from analysis_data import pii_comments  # noqa: E402

from saidanddone.analysis import redact  # noqa: E402


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    truth_total = found_typed = found_any = 0
    spans_total = spans_true = 0
    missed: Counter[str] = Counter()
    per_type: Counter[str] = Counter()
    examples: list[str] = []
    started = time.perf_counter()
    for text, truth in pii_comments(n):
        got = redact(text).spans
        for kind, start, end in truth:
            truth_total += 1
            per_type[kind] += 1
            covered_typed = covered_any = 0
            for s in got:
                overlap = max(0, min(end, s.end) - max(start, s.start))
                covered_any = max(covered_any, overlap)
                if s.type == kind or {s.type, kind} <= {"child_name", "person_name"}:
                    covered_typed = max(covered_typed, overlap)
            if covered_any >= 0.8 * (end - start):
                found_any += 1
            if covered_typed >= 0.8 * (end - start):
                found_typed += 1
            else:
                missed[kind] += 1
                if len(examples) < 8:
                    examples.append(f"{kind}: {text[start:end]!r} in {text!r}")
        for s in got:
            spans_total += 1
            if any(min(e, s.end) > max(b, s.start) for _, b, e in truth):
                spans_true += 1
    elapsed = time.perf_counter() - started
    print(f"comments: {n}, personal details: {truth_total}")
    print(f"recall (right type): {found_typed / truth_total:.3f}; "
          f"recall (any type): {found_any / truth_total:.3f}")
    print(f"precision: {spans_true / max(spans_total, 1):.3f} ({spans_total} spans)")
    print(f"speed: {n / elapsed:,.0f} comments/s")
    for kind, count in sorted(per_type.items()):
        print(f"  {kind:14s} {1 - missed[kind] / count:.3f} recall of {count}")
    for e in examples:
        print("  missed", e)
    _fft_spans()
    return 0


def _fft_spans() -> None:
    """Spans found in the FFT comments, whose names the NHS already replaced: mostly false
    alarms (precision on real text), though some are genuine (places, staff surnames)."""
    import csv

    from analysis_data import FFT

    if not FFT.exists():
        print(f"FFT spans: skipped, {FFT} is absent")
        return
    with FFT.open(encoding="utf-8", newline="") as fh:
        texts = [r["FFT answer"] for r in csv.DictReader(fh) if r["FFT answer"].strip()]
    kinds: Counter[str] = Counter()
    shown: list[str] = []
    for text in texts:
        for s in redact(text).spans:
            kinds[s.type] += 1
            if len(shown) < 15:
                shown.append(f"{s.type}: {text[s.start:s.end]!r}")
    total = sum(kinds.values())
    print(f"FFT comments: {total} spans in {len(texts)} comments "
          f"({1000 * total / len(texts):.1f} per 1,000): "
          + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
    for line in shown:
        print("  ", line)


if __name__ == "__main__":
    sys.exit(main())
