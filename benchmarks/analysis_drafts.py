"""How well a "You said" draft's quotes speak for its theme (issue 13).

For each theme with at least 8 comments, the draft picks up to three quotes from the comments
that may be quoted (here: every other comment, as if half the writers allowed quotes). A
quote "speaks for" a comment to the degree their meanings agree: the cosine similarity of the
encoder's vectors. Coverage is the mean, over all of the theme's comments, of the similarity to
the nearest quote; it is compared with three quotes drawn at random from the same quotable
comments (the mean of 50 draws) and with the best single quote. Also: the share of comments
whose nearest quote is at least 0.5 alike.

Sets: our held-out comments (``tests/analysis/data/themes_heldout.jsonl``, by labelled theme)
and, when present, the real NHS FFT comments (``../shared/data/fft/``, by their commonest
labels), which test the choice on words nobody here wrote.

    .venv/bin/python benchmarks/analysis_drafts.py
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from shared_data import FFT, read_fft  # noqa: E402

from saidanddone.analysis import DraftComment, draft_you_said, get_encoder  # noqa: E402
from saidanddone.analysis.drafts import choose_quotes  # noqa: E402

OWN = ROOT / "tests" / "analysis" / "data" / "themes_heldout.jsonl"
MIN_COMMENTS = 8
CLOSE = 0.5


def measure(name: str, groups: dict[str, list[str]]) -> None:
    encoder = get_encoder()
    chosen_cov, random_cov, single_cov, close_share, seconds = [], [], [], [], []
    for label, texts in sorted(groups.items()):
        if len(texts) < MIN_COMMENTS:
            continue
        started = time.perf_counter()
        vectors = encoder.encode(texts)
        comments = [DraftComment(t, None, "", quotable=i % 2 == 0) for i, t in enumerate(texts)]
        draft = draft_you_said(comments, vectors, theme=label, period="so far")
        seconds.append(time.perf_counter() - started)
        if draft.coverage is None or draft.random_coverage is None:
            continue
        quotable = [i for i, c in enumerate(comments) if c.quotable and 25 <= len(c.text) <= 400]
        _, one = choose_quotes(vectors, quotable, k=1)
        chosen_rows, _ = choose_quotes(vectors, quotable)  # the draft's own choice
        nearest = (vectors @ vectors[chosen_rows].T).max(axis=1)
        chosen_cov.append(draft.coverage)
        random_cov.append(draft.random_coverage)
        single_cov.append(one)
        close_share.append(float((nearest >= CLOSE).mean()))
    print(f"{name}: {len(chosen_cov)} themes of {MIN_COMMENTS}+ comments")
    print(f"  coverage, three chosen quotes   {np.mean(chosen_cov):.3f}")
    print(f"  coverage, three random quotes   {np.mean(random_cov):.3f}")
    print(f"  coverage, the best single quote {np.mean(single_cov):.3f}")
    print(f"  comments within {CLOSE} of a chosen quote: {np.mean(close_share):.1%}")
    wins = sum(c > r for c, r in zip(chosen_cov, random_cov, strict=True))
    print(f"  chosen beat random in {wins} of {len(chosen_cov)} themes; draft time per theme, "
          "encoding included: "
          f"median {np.median(seconds) * 1000:.0f} ms")


def main() -> int:
    rows = [json.loads(line) for line in OWN.read_text("utf-8").splitlines() if line.strip()]
    groups: dict[str, list[str]] = {}
    for row in rows:
        for theme in row["themes"]:
            groups.setdefault(theme, []).append(row["text"])
    measure("own held-out set, by theme", groups)
    if not FFT.exists():
        print(f"skipped: {FFT} is absent (the shared FFT data set)")
        return 0
    fft, columns = read_fft()
    groups = {c: [r["FFT answer"] for r in fft if r[c].strip() == "1"][:400]
              for c in columns if c != "Not assigned"}
    measure("real NHS FFT comments, by label (up to 400 each)", groups)
    return 0


if __name__ == "__main__":
    sys.exit(main())
