"""Exact and near-duplicate responses, grouped into campaigns, with bounded memory.

Exact duplicates share a fingerprint of their lower-cased words. Near duplicates (a template
letter with a name or a sentence changed) are found with MinHash over word 3-shingles and
locality-sensitive hashing: 12 hash functions in 4 bands of 3, so two comments sharing about
70% of their shingles almost always meet in a band, and ones sharing under 30% rarely do.
Each index entry is an integer key and a row number, so memory grows by a few hundred bytes
per distinct comment (a million comments fit well inside a gigabyte).
See docs/decisions/0103-analysis-duplicates.md.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

import numpy as np

__all__ = ["DuplicateIndex", "TextKeys", "text_keys"]

_WORD_RE = re.compile(r"[a-z0-9]+")
_PRIME = np.uint64((1 << 61) - 1)
_N_HASHES = 12
_BANDS = 4
_ROWS = _N_HASHES // _BANDS
_rng = np.random.default_rng(20240601)
_A = _rng.integers(1, 1 << 31, size=_N_HASHES, dtype=np.uint64)
_B = _rng.integers(0, 1 << 31, size=_N_HASHES, dtype=np.uint64)
_MIN_WORDS_NEAR = 8  # shorter comments are only matched exactly ("Very good" is not a campaign)


@dataclass(frozen=True)
class TextKeys:
    """Keys that two copies of a comment share: ``exact`` for the same words, ``bands`` (one
    per LSH band, only for comments long enough to be a campaign) for a near copy. They are
    stable from one process to the next (crc32, never Python's salted ``hash``), so a database
    can store and index them and find a copy among years of comments without reading them."""

    exact: int
    bands: tuple[int, ...]


def text_keys(text: str) -> TextKeys | None:
    words = _WORD_RE.findall(text.lower())
    if not words:
        return None
    exact = zlib.crc32(" ".join(words).encode("utf-8")) ^ (len(words) << 32)
    if len(words) < _MIN_WORDS_NEAR:
        return TextKeys(exact, ())
    shingles = {" ".join(words[i : i + 3]) for i in range(len(words) - 2)}
    hashes = np.fromiter(
        (zlib.crc32(s.encode("utf-8")) for s in shingles), dtype=np.uint64, count=len(shingles)
    )
    signature = ((np.outer(_A, hashes) + _B[:, None]) % _PRIME).min(axis=1)
    bands = tuple(
        zlib.crc32(signature[b * _ROWS : (b + 1) * _ROWS].tobytes()) | ((b + 1) << 56)
        for b in range(_BANDS)
    )
    return TextKeys(exact, bands)


class DuplicateIndex:
    """Feed comments in order; each ``add`` returns the earlier row it duplicates, or None.

    Every repeat is a duplicate; only groups of comments with at least 8 words are campaigns
    (``campaigns`` holds their first rows): a hundred "Very good" answers are not a campaign
    and each still counts.
    """

    def __init__(self) -> None:
        self.campaigns: set[int] = set()  # first rows of groups long enough to be campaigns
        self._long: set[int] = set()
        self._exact: dict[int, int] = {}
        self._bands: list[dict[int, int]] = [{} for _ in range(_BANDS)]
        self._root: dict[int, int] = {}

    def add(self, row: int, text: str) -> int | None:
        keys = text_keys(text)
        if keys is None:
            return None
        first = self._exact.get(keys.exact)
        if first is not None:
            root = self._root.get(first, first)
            if root in self._long:
                self.campaigns.add(root)
            return root
        self._exact[keys.exact] = row
        if not keys.bands:
            return None
        self._long.add(row)
        found: int | None = None
        for b, band_key in enumerate(keys.bands):
            if found is None:
                found = self._bands[b].get(band_key)
        if found is not None:
            root = self._root.get(found, found)
            self._root[row] = root
            self._long.discard(row)
            self.campaigns.add(root)
            return root
        for b, band_key in enumerate(keys.bands):
            self._bands[b][band_key] = row
        return None
