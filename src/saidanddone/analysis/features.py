"""Text features for the trained models: TF-IDF over word 1-2-grams and character 2-5-grams.

The vocabulary and the IDF weights are fitted on the training texts and saved as plain files
(JSON word lists and a NumPy array), so a model directory never holds a pickle. Each block
(words, characters) is L2-normalised on its own, then the two are placed side by side.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.preprocessing import normalize

__all__ = ["TextFeaturizer"]

FloatArray = npt.NDArray[np.float32]

_WORD_OPTS: dict[str, object] = {
    "analyzer": "word",
    "ngram_range": (1, 2),
    "lowercase": True,
    "token_pattern": r"(?u)\b\w+\b",
    "dtype": np.float32,
}
_CHAR_OPTS: dict[str, object] = {
    "analyzer": "char_wb",
    "ngram_range": (2, 5),
    "lowercase": True,
    "dtype": np.float32,
}


class TextFeaturizer:
    """Fitted TF-IDF features (sublinear term frequency) over words and characters."""

    def __init__(
        self,
        word_vocab: Sequence[str],
        char_vocab: Sequence[str],
        word_idf: FloatArray,
        char_idf: FloatArray,
    ) -> None:
        self.word_vocab = list(word_vocab)
        self.char_vocab = list(char_vocab)
        self.word_idf = np.asarray(word_idf, dtype=np.float32)
        self.char_idf = np.asarray(char_idf, dtype=np.float32)
        self._word = CountVectorizer(
            vocabulary={t: i for i, t in enumerate(self.word_vocab)}, **_WORD_OPTS
        )
        self._char = CountVectorizer(
            vocabulary={t: i for i, t in enumerate(self.char_vocab)}, **_CHAR_OPTS
        )

    @property
    def n_features(self) -> int:
        return len(self.word_vocab) + len(self.char_vocab)

    @property
    def n_word_features(self) -> int:
        return len(self.word_vocab)

    @classmethod
    def fit(
        cls, texts: Sequence[str], *, min_df: int = 2, max_char_features: int = 150_000
    ) -> TextFeaturizer:
        word = TfidfVectorizer(min_df=min_df, sublinear_tf=True, **_WORD_OPTS)
        char = TfidfVectorizer(
            min_df=min_df, sublinear_tf=True, max_features=max_char_features, **_CHAR_OPTS
        )
        word.fit(texts)
        char.fit(texts)
        return cls(
            [str(t) for t in word.get_feature_names_out()],
            [str(t) for t in char.get_feature_names_out()],
            word.idf_.astype(np.float32),
            char.idf_.astype(np.float32),
        )

    def _block(
        self, vec: CountVectorizer, idf: FloatArray, texts: Sequence[str]
    ) -> sparse.csr_matrix:
        counts = vec.transform(texts).tocsr().astype(np.float32)
        np.log1p(counts.data, out=counts.data)
        counts.data += 0.0
        weighted = counts @ sparse.diags(idf, format="csr")
        return normalize(weighted, copy=False).tocsr()

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """Feature rows for ``texts`` (CSR, float32)."""
        w = self._block(self._word, self.word_idf, texts)
        c = self._block(self._char, self.char_idf, texts)
        return sparse.hstack([w, c], format="csr", dtype=np.float32)

    def save(self, directory: Path) -> dict[str, FloatArray]:
        (directory / "vocab_words.json").write_text(
            json.dumps(self.word_vocab, ensure_ascii=False), encoding="utf-8"
        )
        (directory / "vocab_chars.json").write_text(
            json.dumps(self.char_vocab, ensure_ascii=False), encoding="utf-8"
        )
        return {"word_idf": self.word_idf, "char_idf": self.char_idf}

    @classmethod
    def load(cls, directory: Path, arrays: dict[str, FloatArray]) -> TextFeaturizer:
        words = json.loads((directory / "vocab_words.json").read_text(encoding="utf-8"))
        chars = json.loads((directory / "vocab_chars.json").read_text(encoding="utf-8"))
        if not (isinstance(words, list) and isinstance(chars, list)):
            raise ValueError("vocabulary files must hold JSON lists")
        if len(words) != len(arrays["word_idf"]) or len(chars) != len(arrays["char_idf"]):
            raise ValueError("vocabulary and IDF arrays do not match")
        return cls(
            [str(t) for t in words], [str(t) for t in chars], arrays["word_idf"], arrays["char_idf"]
        )
