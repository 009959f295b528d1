"""Safeguarding and redaction on comments nobody here wrote (issue 10's figures).

Reads ``../shared/data/safeguarding/dev.jsonl`` (written independently, never trained on) and
``../shared/data/fft/fft_dev.csv`` (5,508 real NHS Friends and Family Test comments), and
measures them the way ``../shared/data/safeguarding/README.md`` describes:

- a personal detail counts as removed when it no longer appears (case-insensitive) in the
  redacted text; recall overall and per kind; over-redaction on comments without any;
- a comment counts as flagged when it raises any safeguarding signal; recall overall, per
  category, direct / indirect and on short concerns; false alarms on all negatives, hard
  negatives, narrative negatives and lookalikes; the share of real FFT comments flagged.

Also prints the project's own held-out sets (``tests/analysis/data/``), which are written for
this project but never trained on.

    .venv/bin/python benchmarks/analysis_shared_safety.py [--show-misses]
"""

from __future__ import annotations

import csv
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from saidanddone.analysis import Analyser  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
SAFEGUARDING = SHARED / "safeguarding" / "dev.jsonl"
FFT = SHARED / "fft" / "fft_dev.csv"
OWN = ROOT / "tests" / "analysis" / "data"


def _rate(hits: int, total: int) -> str:
    return f"{hits / total:.3f} ({hits}/{total})" if total else "n/a"


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def measure_safeguarding(rows: list[dict[str, Any]], analyser: Analyser, show: bool) -> None:
    results = list(analyser.analyse(r["text"] for r in rows))
    flagged = [bool(res.safeguarding) for res in results]
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])

    def count(key: str, hit: bool) -> None:
        tally[key][0] += hit
        tally[key][1] += 1

    for row, hit, res in zip(rows, flagged, results, strict=True):
        if row["safeguarding"]:
            count("recall: all concerns", hit)
            if hit and row.get("category"):
                wanted = row["category"].replace("-", "_")
                count("category right, flagged concerns", wanted in
                      {s.category for s in res.safeguarding})
            count(f"recall: {row['category']}", hit)
            count("recall: direct" if row.get("direct") else "recall: indirect", hit)
            if row.get("short"):
                count("recall: short concerns", hit)
            if show and not hit:
                print("  missed:", row["category"], "|", row["text"][:150])
        else:
            count("false alarms: all negatives", hit)
            if row.get("hard_negative"):
                count("false alarms: hard negatives", hit)
            if row.get("narrative"):
                count("false alarms: narrative negatives", hit)
            if row.get("lookalike"):
                count("false alarms: lookalikes", hit)
            if show and hit:
                print("  false alarm:", row["text"][:150])
    for key in sorted(tally, key=lambda k: (not k.startswith("recall: all"), k)):
        print(f"  {key:<38} {_rate(*tally[key])}")


def measure_redaction(rows: list[dict[str, Any]], analyser: Analyser, show: bool) -> None:
    results = list(analyser.analyse(r["text"] for r in rows))
    per_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    over = clean = 0
    for row, res in zip(rows, results, strict=True):
        redacted = res.redacted.lower()
        if not row["pii"]:
            clean += 1
            if res.redactions:
                over += 1
                if show:
                    print("  over-redacted:", res.redacted[:150])
            continue
        for detail, kind in zip(row["pii"], row["pii_kinds"], strict=True):
            removed = detail.lower() not in redacted
            per_kind[kind][0] += removed
            per_kind[kind][1] += 1
            per_kind["ALL"][0] += removed
            per_kind["ALL"][1] += 1
            if show and not removed:
                print(f"  kept {kind}: {detail!r} in {res.redacted[:150]!r}")
    for kind in sorted(per_kind, key=lambda k: (k != "ALL", k != "name", k)):
        print(f"  recall: {kind:<30} {_rate(*per_kind[kind])}")
    print(f"  over-redaction (comments without details) {_rate(over, clean)}")


def measure_fft(analyser: Analyser) -> None:
    with FFT.open(encoding="utf-8", newline="") as fh:
        texts = [r["FFT answer"] for r in csv.DictReader(fh) if r["FFT answer"].strip()]
    started = time.perf_counter()
    results = list(analyser.analyse(texts))
    elapsed = time.perf_counter() - started
    flagged = sum(bool(r.safeguarding) for r in results)
    by: Counter[str] = Counter(s.category for r in results for s in r.safeguarding)
    print(f"  FFT comments flagged: {_rate(flagged, len(texts))}; "
          + ", ".join(f"{k} {v}" for k, v in by.most_common()))
    print(f"  full analysis of {len(texts)} FFT comments (one process, every stage): "
          f"{elapsed:.1f} s, {len(texts) / elapsed:,.0f} comments/s")
    # Intake: one comment at a time, as the worker analyses a family's comment.
    timings = []
    with_content = [t for t in texts if len(t.split()) >= 5][:400]
    for text in with_content:
        started = time.perf_counter()
        analyser.analyse_chunk([text])
        timings.append(time.perf_counter() - started)
    timings.sort()
    print(f"  intake latency, one comment at a time ({len(with_content)} FFT comments of 5 words "
          "or more): median "
          f"{1000 * timings[len(timings) // 2]:.1f} ms, 95th percentile "
          f"{1000 * timings[int(len(timings) * 0.95)]:.1f} ms, worst {1000 * timings[-1]:.1f} ms")
    long_text = " ".join(texts)[:50_000]
    started = time.perf_counter()
    analyser.analyse_chunk([long_text])
    print(f"  one 50,000-character comment: {1000 * (time.perf_counter() - started):.0f} ms")


def main() -> int:
    show = "--show-misses" in sys.argv
    analyser = Analyser()
    if SAFEGUARDING.exists():
        rows = _read_jsonl(SAFEGUARDING)
        print(f"Shared safeguarding dev set ({len(rows)} comments, never trained on)")
        measure_safeguarding(rows, analyser, show)
        print("Personal details in the shared dev set")
        measure_redaction(rows, analyser, show)
    else:
        print(f"skipped the shared dev set: {SAFEGUARDING} is absent")
    for name, kind in (("safeguarding_heldout.jsonl", "safeguarding"),
                       ("redaction_heldout.jsonl", "redaction")):
        path = OWN / name
        if not path.exists():
            continue
        rows = _read_jsonl(path)
        print(f"Project's held-out {kind} set ({len(rows)} comments, never trained on)")
        if kind == "safeguarding":
            for r in rows:
                r["safeguarding"] = bool(r["label"])
                r["hard_negative"] = r.get("kind") in {"idiom", "narrative"}
                r["narrative"] = r.get("kind") == "narrative"
            measure_safeguarding(rows, analyser, show=False)
        else:
            measure_redaction(rows, analyser, show=False)
    if FFT.exists():
        print("Real NHS FFT comments")
        measure_fft(analyser)
    else:
        print(f"skipped FFT: {FFT} is absent")
    return 0


if __name__ == "__main__":
    sys.exit(main())
