"""Shared helpers for the importer tests (pure Python: no database, no Django)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from saidanddone.importers import ImportedDocument, read_path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "you-said-we-did-2019.txt"
TODAY = date(2025, 1, 1)


def load(name: str) -> ImportedDocument:
    return read_path(FIXTURES / name, today=TODAY)


@pytest.fixture(scope="session")
def seed() -> ImportedDocument:
    if not SEED.exists():
        pytest.skip(f"the shared seed page is not here ({SEED}); it lives outside the repository")
    return read_path(SEED, today=TODAY)
