"""Where the shared evaluation data lives and how the benchmarks read it (never copied here)."""

from __future__ import annotations

import csv
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
FFT = SHARED / "fft" / "fft_dev.csv"


def read_fft(path: Path = FFT) -> tuple[list[dict[str, str]], list[str]]:
    """The FFT rows with an answer, and the label columns (those after "Comment sentiment")."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["FFT answer"].strip()]
    header = list(rows[0])
    return rows, header[header.index("Comment sentiment") + 1:]
