"""A small end-to-end check on the real labelled NHS data in ../shared (skipped when absent)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from saidanddone.analysis import train_themes
from saidanddone.analysis.themes import sentiment_from_value

FFT_CSV = Path(__file__).resolve().parents[3] / "shared" / "data" / "fft" / "fft_dev.csv"

pytestmark = pytest.mark.skipif(
    not FFT_CSV.exists(), reason=f"the shared FFT data set is absent ({FFT_CSV})"
)


def test_a_model_trained_on_part_of_the_fft_data_predicts_the_rest() -> None:
    with FFT_CSV.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["FFT answer"].strip()][:1500]
    labels_cols = ["Staff manner & personal attributes", "Timeliness of care",
                   "Labelling not possible", "Positive experience & gratitude"]
    texts = [r["FFT answer"] for r in rows]
    labels = [{c for c in labels_cols if r[c].strip() == "1"} for r in rows]
    sentiments = [sentiment_from_value(r["Comment sentiment"]) for r in rows]
    model = train_themes(texts[:1200], labels[:1200], sentiments=sentiments[:1200], folds=2)
    hits = total = 0
    for text, truth in zip(texts[1200:], labels[1200:], strict=True):
        predicted = {s.label for s in model.suggest(text)}
        hits += len(predicted & truth)
        total += len(predicted) + len(truth)
    assert 2 * hits / total > 0.6  # F1 over four common labels on 300 unseen rows
    assert "Labelling not possible" in {s.label for s in model.suggest("Did not answer")}
