"""Theme and sentiment quality on the human-labelled NHS FFT comments (5-fold cross-validation).

Reads ../shared/data/fft/fft_dev.csv (never copied into the project). For each fold it trains
with ``train_themes`` on four fifths (redacted, as ``saidanddone train`` does) and predicts the
fifth through ``Analyser``, exactly as ``saidanddone analyse`` does, then scores the labels
with at least 30 positives (leaving out "Not assigned"): micro- and macro-F1, and 3-class
sentiment accuracy.

    .venv/bin/python benchmarks/analysis_fft_quality.py [--folds 5]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from shared_data import FFT, read_fft  # noqa: E402

from saidanddone.analysis.pipeline import Analyser  # noqa: E402
from saidanddone.analysis.redaction import redact  # noqa: E402
from saidanddone.analysis.themes import sentiment_from_value, train_themes  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--csv", default=str(FFT))
    args = parser.parse_args()
    path = Path(args.csv)
    if not path.exists():
        print(f"skipped: {path} is absent (the shared FFT data set)")
        return 0
    rows, label_cols = read_fft(path)
    texts = [redact(r["FFT answer"]).text for r in rows]  # as `saidanddone train` does
    labels = [{c for c in label_cols if r[c].strip() == "1"} for r in rows]
    sentiments = [sentiment_from_value(r["Comment sentiment"]) for r in rows]
    judged = [c for c in label_cols
              if c != "Not assigned" and sum(c in s for s in labels) >= 30]
    y = np.array([[c in s for c in judged] for s in labels])
    pred = np.zeros_like(y)
    sent_pred: list[str | None] = [None] * len(rows)
    fold_of = np.random.default_rng(42).permutation(len(rows)) % args.folds
    train_times = []
    for f in range(args.folds):
        train = np.flatnonzero(fold_of != f)
        test = np.flatnonzero(fold_of == f)
        started = time.perf_counter()
        model = train_themes([texts[i] for i in train], [labels[i] for i in train],
                             sentiments=[sentiments[i] for i in train])
        train_times.append(time.perf_counter() - started)
        # Predict exactly as `saidanddone analyse` does (every stage, on the original text).
        results = Analyser(model).analyse_chunk([rows[i]["FFT answer"] for i in test])
        for result, i in zip(results, test, strict=True):
            chosen = {label for label, _ in result.themes}
            pred[i] = [c in chosen for c in judged]
            sent_pred[i] = result.sentiment
        print(f"fold {f + 1}: trained in {train_times[-1]:.1f}s", file=sys.stderr)
    tp = (pred & y).sum(0)
    fp = (pred & ~y).sum(0)
    fn = (~pred & y).sum(0)
    micro = 2 * tp.sum() / (2 * tp.sum() + fp.sum() + fn.sum())
    per = 2 * tp / np.maximum(2 * tp + fp + fn, 1)
    scored_rows = [i for i, s in enumerate(sentiments) if s is not None]
    accuracy = np.mean([sent_pred[i] == sentiments[i] for i in scored_rows])
    unrated = sum(sent_pred[i] is None for i in scored_rows)
    print(f"rows with text: {len(rows)}; judged labels (>=30 positives, not 'Not assigned'): "
          f"{len(judged)}")
    print(f"themes {args.folds}-fold: micro-F1 {micro:.3f}  macro-F1 {per.mean():.3f}")
    print(f"sentiment {args.folds}-fold: 3-class accuracy {accuracy:.3f} "
          f"on {len(scored_rows)} rows ({unrated} given no sentiment, counted wrong)")
    print(f"training time per fold (4/5 of the rows): mean {np.mean(train_times):.1f}s")
    for c, f1, n in sorted(zip(judged, per, y.sum(0), strict=True), key=lambda t: -t[2]):
        print(f"  {f1:.2f}  {n:5d}  {c}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
