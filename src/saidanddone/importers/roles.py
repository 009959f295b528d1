"""How much a piece of text reads like feedback, like an action, or like neither.

A multinomial logistic regression over word and word-pair TF-IDF, trained by
``scripts/train_importer.py`` on far more sentences than the page labeller sees: what families,
patients and students say (the theme training comments as well as the "said" parts of the
training pages), what organisations did about it, and page furniture. Its three probabilities
are features of the block labeller, so a finding written as reported speech ("A lot of people
talked about the lighting") reads as feedback even with no label or cue word near it.

The model is plain numbers (vocabulary, idf, weights) in ``importers/data/roles.npz``, pinned
by sha256 in the same manifest as the labeller.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

ROLES = ("said", "did", "other")
_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+|[?%\u00a3\"]")


def terms(text: str) -> list[str]:
    """Words and adjacent word pairs, lower case, with a marker for the first word."""
    words = _TOKEN.findall(text.lower().replace("\u2019", "'").replace("\u201c", '"'))
    if not words:
        return []
    found = [f"^{words[0]}", *words]
    found.extend(f"{a} {b}" for a, b in itertools.pairwise(words))
    return found


@dataclass(frozen=True)
class RoleModel:
    vocabulary: dict[str, int]
    idf: npt.NDArray[np.float64]
    weights: npt.NDArray[np.float64]  # (terms, roles)
    bias: npt.NDArray[np.float64]  # (roles,)

    def vectorise(self, text: str) -> tuple[list[int], list[float]]:
        counts: dict[int, int] = {}
        for term in terms(text):
            index = self.vocabulary.get(term)
            if index is not None:
                counts[index] = counts.get(index, 0) + 1
        if not counts:
            return [], []
        columns = list(counts)
        values = [(1 + math.log(counts[c])) * float(self.idf[c]) for c in columns]
        norm = math.sqrt(sum(v * v for v in values)) or 1.0
        return columns, [v / norm for v in values]

    def distribution(self, text: str) -> list[float]:
        """The probability of each class (in the order the model was trained with)."""
        columns, values = self.vectorise(text)
        scores = self.bias.copy()
        if columns:
            scores = scores + np.asarray(values) @ self.weights[columns]
        scores = np.exp(scores - scores.max())
        return [float(x) for x in scores / scores.sum()]

    def probabilities(self, texts: Sequence[str]) -> list[tuple[float, float, float]]:
        """(said, did, other) for each text, for a model trained on ``ROLES``."""
        out: list[tuple[float, float, float]] = []
        for text in texts:
            said, did, other = self.distribution(text)
            out.append((said, did, other))
        return out

    def save(self, path: Path) -> None:
        terms_in_order = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        with path.open("wb") as handle:
            np.savez_compressed(
                handle,
                terms=np.asarray(terms_in_order),
                idf=self.idf,
                weights=self.weights.astype(np.float32),
                bias=self.bias,
            )

    @classmethod
    def load(cls, path: Path) -> RoleModel:
        with np.load(path, allow_pickle=False) as data:
            vocabulary = {str(t): i for i, t in enumerate(data["terms"])}
            return cls(
                vocabulary,
                data["idf"].astype(np.float64),
                data["weights"].astype(np.float64),
                data["bias"].astype(np.float64),
            )


def train_roles(
    texts: Sequence[str],
    roles: Sequence[str],
    *,
    classes: Sequence[str] = ROLES,
    min_df: int = 2,
    c: float = 4.0,
) -> RoleModel:
    """Fit the model on texts labelled with ``classes`` (by default ``said``, ``did`` or
    ``other``; the status model uses the statuses). Training time only."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    frequency: dict[str, int] = {}
    for text in texts:
        for term in set(terms(text)):
            frequency[term] = frequency.get(term, 0) + 1
    kept = sorted(t for t, n in frequency.items() if n >= min_df)
    vocabulary = {t: i for i, t in enumerate(kept)}
    total = len(texts)
    idf = np.asarray([math.log((1 + total) / (1 + frequency[t])) + 1 for t in kept])
    width = len(classes)
    model = RoleModel(vocabulary, idf, np.zeros((len(kept), width)), np.zeros(width))
    rows, cols, vals = [], [], []
    for row, text in enumerate(texts):
        columns, values = model.vectorise(text)
        rows.extend([row] * len(columns))
        cols.extend(columns)
        vals.extend(values)
    matrix = csr_matrix((vals, (rows, cols)), shape=(total, len(kept)))
    target = [list(classes).index(r) for r in roles]
    classifier = LogisticRegression(C=c, max_iter=2000, class_weight="balanced")
    classifier.fit(matrix, target)
    weights = np.zeros((len(kept), width))
    bias = np.zeros(width)
    for position, role in enumerate(classifier.classes_):
        weights[:, role] = classifier.coef_[position]
        bias[role] = classifier.intercept_[position]
    return RoleModel(vocabulary, idf, weights, bias)


def role_features(probabilities: Iterable[tuple[float, float, float]]) -> list[dict[str, float]]:
    """The probabilities as labeller features: the values, and which role leads."""
    out: list[dict[str, float]] = []
    for said, did, other in probabilities:
        feats = {"p_said": said, "p_did": did, "p_other": other}
        best = max(zip((said, did, other), ROLES, strict=True))
        feats[f"lead={best[1]}"] = 1.0
        if best[0] > 0.8:
            feats[f"sure={best[1]}"] = 1.0
        out.append(feats)
    return out


# ------------------------------------------------------------------------------------ gate

@dataclass(frozen=True)
class Gate:
    """A logistic regression over named signals, with the threshold it passes at."""

    weights: dict[str, float]
    bias: float
    threshold: float

    def probability(self, signals: dict[str, float]) -> float:
        score = self.bias + sum(w * signals[k] for k, w in self.weights.items())
        return 1 / (1 + math.exp(-max(-50.0, min(50.0, score))))

    def passes(self, signals: dict[str, float]) -> bool:
        return self.probability(signals) >= self.threshold

    def as_dict(self) -> dict[str, object]:
        return {"weights": self.weights, "bias": self.bias, "threshold": self.threshold}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Gate:
        return cls(
            {str(k): float(v) for k, v in data["weights"].items()},
            float(data["bias"]),
            float(data["threshold"]),
        )

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.as_dict(), indent=2) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Gate:
        return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))
