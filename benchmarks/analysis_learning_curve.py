"""How quickly an area's own confirmations improve its theme model (issue 13's learning curve).

Two areas, each confirming 25, 50, 100 and 200 comments, scored on comments they never
confirmed (micro- and macro-F1, the same rules as ``analysis_send_themes.py``); the mean of
five random draws of the confirmed comments per size.

1. An area on the default taxonomy: our held-out set (``tests/analysis/data/themes_heldout.jsonl``,
   560 comments written for this project and never trained on), 360 to draw confirmations from
   and a fixed 200 to score. The area's model is ``train_themes`` from its confirmations with
   the default model as its base, as ``feedback.services.area_model_train`` does; "0" is the
   default model alone, what the area has on day one.
2. An area with its own taxonomy: the real NHS FFT comments (``../shared/data/fft/``, skipped
   when absent) with their 28 commonest labels, none in the default taxonomy, so the model
   starts from nothing; 1,000 fixed comments to score. Shown for the product's model (the
   encoder's vectors, and words from 300 comments) and for words alone (the model before the
   encoder), which is what the vectors add when labels are few. Both are trained the way the
   product trains an area's model (``analysis.themes.AREA_TRAINING``).

    .venv/bin/python benchmarks/analysis_learning_curve.py [--default-only]

``--default-only`` runs the first area alone (the second does not use the default model).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from analysis_send_themes import score  # noqa: E402
from shared_data import FFT, read_fft  # noqa: E402

from saidanddone.analysis import ModelError, ThemeModel, get_encoder, train_themes  # noqa: E402
from saidanddone.analysis.normalise import normalise  # noqa: E402
from saidanddone.analysis.taxonomy import DEFAULT_TAXONOMY  # noqa: E402
from saidanddone.analysis.themes import AREA_TRAINING  # noqa: E402

OWN = ROOT / "tests" / "analysis" / "data" / "themes_heldout.jsonl"
SIZES = (25, 50, 100, 200)
DRAWS = 5


def predict(model: ThemeModel, texts: list[str], vectors: np.ndarray) -> list[set[str]]:
    features = model.features(texts, vectors)
    return [{label for label, _ in row} for row in model.score_batch(texts, features=features)]


def curve(name: str, texts: list[str], labels: list[set[str]], test: list[int],
          pool: list[int], space: tuple[str, ...], vectors: np.ndarray,
          base: ThemeModel | None, **options: object) -> None:
    test_rows = [{"themes": sorted(labels[i])} for i in test]
    test_texts = [texts[i] for i in test]
    cells = []
    if base is not None:
        s = score(test_rows, predict(base, test_texts, vectors[test]), space)
        cells.append(f"0: {s['micro']:.3f} / {s['macro']:.3f}")
    for size in SIZES:
        micro, macro = [], []
        for draw in range(DRAWS):
            chosen = random.Random(draw).sample(pool, size)
            try:
                # As the product trains an area's model (feedback.services.area_model_train).
                settings = {**AREA_TRAINING, **options}
                model = train_themes([texts[i] for i in chosen], [labels[i] for i in chosen],
                                     base=base, vectors=vectors[chosen],
                                     **settings)
            except (ModelError, ValueError):
                micro.append(0.0)
                macro.append(0.0)
                continue
            s = score(test_rows, predict(model, test_texts, vectors[test]), space)
            micro.append(s["micro"])
            macro.append(s["macro"])
        cells.append(f"{size}: {np.mean(micro):.3f} / {np.mean(macro):.3f}")
    print(f"{name}\n    " + "   ".join(cells), flush=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--default-only", action="store_true",
                        help="only the area on the default taxonomy")
    args = parser.parse_args()
    encoder = get_encoder()
    print("micro-F1 / macro-F1 after N confirmed comments (mean of "
          f"{DRAWS} draws)\n")
    rows = [json.loads(line) for line in OWN.read_text("utf-8").splitlines() if line.strip()]
    texts = [normalise(r["text"]) for r in rows]
    labels = [set(r["themes"]) for r in rows]
    vectors = encoder.encode(texts)
    order = list(range(len(rows)))
    random.Random(42).shuffle(order)
    test, pool = order[:200], order[200:]
    slugs = tuple(t.slug for t in DEFAULT_TAXONOMY)
    curve("1. default taxonomy (own held-out set; 0 = the default model alone)", texts, labels,
          test, pool, slugs, vectors, ThemeModel.default())
    if args.default_only:
        return 0
    if not FFT.exists():
        print(f"\nskipped: {FFT} is absent (the shared FFT data set)")
        return 0
    fft, columns = read_fft()
    counts = {c: sum(r[c].strip() == "1" for r in fft) for c in columns if c != "Not assigned"}
    judged = tuple(sorted(counts, key=lambda c: -counts[c])[:28])
    texts = [normalise(r["FFT answer"]) for r in fft]
    labels = [{c for c in judged if r[c].strip() == "1"} for r in fft]
    vectors = encoder.encode(texts)
    order = list(range(len(fft)))
    random.Random(42).shuffle(order)
    test, pool = order[:1000], order[1000:]
    curve("2. an area's own taxonomy (FFT, 28 labels): the encoder's vectors (and words from "
          "300)", texts, labels, test, pool, judged, vectors, None)
    curve("   words alone (before the encoder)", texts, labels, test, pool, judged, vectors,
          None, words=True, use_vectors=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
