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

import numpy as np

__all__ = ["DuplicateIndex"]

_WORD_RE = re.compile(r"[a-z0-9]+")
_PRIME = np.uint64((1 << 61) - 1)
_N_HASHES = 12
_BANDS = 4
_ROWS = _N_HASHES // _BANDS
_rng = np.random.default_rng(20240601)
_A = _rng.integers(1, 1 << 31, size=_N_HASHES, dtype=np.uint64)
_B = _rng.integers(0, 1 << 31, size=_N_HASHES, dtype=np.uint64)
_MIN_WORDS_NEAR = 8  # shorter comments are only matched exactly ("Very good" is not a campaign)


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
        words = _WORD_RE.findall(text.lower())
        if not words:
            return None
        key = zlib.crc32(" ".join(words).encode("utf-8")) ^ (len(words) << 32)
        first = self._exact.get(key)
        if first is not None:
            root = self._root.get(first, first)
            if root in self._long:
                self.campaigns.add(root)
            return root
        self._exact[key] = row
        if len(words) < _MIN_WORDS_NEAR:
            return None
        self._long.add(row)
        shingles = {" ".join(words[i : i + 3]) for i in range(len(words) - 2)}
        hashes = np.fromiter(
            (zlib.crc32(s.encode("utf-8")) for s in shingles), dtype=np.uint64, count=len(shingles)
        )
        signature = ((np.outer(_A, hashes) + _B[:, None]) % _PRIME).min(axis=1)
        found: int | None = None
        band_keys = []
        for b in range(_BANDS):
            part = signature[b * _ROWS : (b + 1) * _ROWS]
            band_key = hash(part.tobytes())
            band_keys.append(band_key)
            if found is None:
                found = self._bands[b].get(band_key)
        if found is not None:
            root = self._root.get(found, found)
            self._root[row] = root
            self._long.discard(row)
            self.campaigns.add(root)
            return root
        for b, band_key in enumerate(band_keys):
            self._bands[b][band_key] = row
        return None
