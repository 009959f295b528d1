"""Train the default theme and sentiment model that ships with the package (run by hand).

Reads ``training/themes/*.jsonl`` (comments written for this project, labelled against the
default taxonomy and four sentiments; nothing from ``../shared`` is read), encodes each with
the package's sentence encoder (the one safeguarding uses, so intake encodes a comment once)
and trains ``train_themes`` over those vectors: one logistic regression per theme and a
four-class sentiment model. The result goes to ``saidanddone/analysis/data/themes`` with the
sha256 of every file in ``MANIFEST.json``.

    .venv/bin/python scripts/train_themes.py            # train and ship
    .venv/bin/python scripts/train_themes.py --dry-run  # train and print held-back figures

The held-back figures (3-fold, thresholds tuned on the other folds) are recorded in the
model's ``info`` and in the manifest; docs/decisions/0109 explains the choices.
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from saidanddone.analysis.encoder import get_encoder  # noqa: E402
from saidanddone.analysis.normalise import normalise  # noqa: E402
from saidanddone.analysis.rules import RuleSet  # noqa: E402
from saidanddone.analysis.taxonomy import DEFAULT_TAXONOMY  # noqa: E402
from saidanddone.analysis.themes import DEFAULT_MODEL_DIR, ThemeModel, train_themes  # noqa: E402

TRAINING = ROOT / "training" / "themes"
FILES = ("model.json", "arrays.npz")
C = 1.0


def read_training() -> list[dict]:
    rows = []
    slugs = {t.slug for t in DEFAULT_TAXONOMY}
    for path in sorted(glob.glob(str(TRAINING / "*.jsonl"))):
        with open(path, encoding="utf-8") as fh:
            for number, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                row = json.loads(line)
                unknown = set(row["themes"]) - slugs
                if unknown:
                    raise SystemExit(f"{path}:{number}: unknown themes {sorted(unknown)}")
                rows.append(row)
    return rows


def train(rows: list[dict]) -> ThemeModel:
    texts = [normalise(r["text"]) for r in rows]
    vectors = get_encoder().encode(texts)
    return train_themes(
        texts, [r["themes"] for r in rows], base=ThemeModel.rules_only(),
        sentiments=[r["sentiment"] for r in rows], vectors=vectors, words=False,
        min_positives=10, folds=3, c=C, balanced=False, kind="default",
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dry-run", action="store_true", help="train and report; ship nothing")
    args = parser.parse_args()
    rows = read_training()
    model = train(rows)
    heldout = model.info.get("heldout", {})
    print(f"{len(rows)} comments; held-back themes micro-F1 {heldout.get('micro_f1')} "
          f"macro-F1 {heldout.get('macro_f1')}; sentiment "
          f"{model.info.get('sentiment', {}).get('heldout_accuracy')}")
    if args.dry_run:
        with tempfile.TemporaryDirectory() as tmp:
            model.save(tmp)
        return 0
    DEFAULT_MODEL_DIR.mkdir(parents=True, exist_ok=True)
    model.rules = RuleSet({})  # the rules ship as code (rules.py), not as a copy here
    model.save(DEFAULT_MODEL_DIR)
    manifest = {
        "name": "Default SEND theme and sentiment heads over the package's sentence encoder",
        "source": "trained by scripts/train_themes.py on training/themes/ (this project)",
        "licence": "MIT (this project)",
        "training_rows": len(rows),
        "heldout": heldout,
        "sentiment": model.info.get("sentiment"),
        "sha256": {name: hashlib.sha256((DEFAULT_MODEL_DIR / name).read_bytes()).hexdigest()
                   for name in FILES},
    }
    (DEFAULT_MODEL_DIR / "MANIFEST.json").write_text(json.dumps(manifest, indent=2) + "\n")
    print(json.dumps(manifest, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
