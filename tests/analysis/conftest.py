"""Shared fixtures for the analysis tests (pure Python: no Django, no database)."""

from __future__ import annotations

import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
if str(SRC) not in sys.path:  # running from a checkout without `pip install -e .`
    sys.path.insert(0, str(SRC))

SHARED = Path(__file__).resolve().parents[3] / "shared"
FFT_CSV = SHARED / "data" / "fft" / "fft_dev.csv"
