"""Themes (multi-label, with scores) and trained sentiment.

``ThemeModel.default()`` is the transparent rule layer over the default SEND taxonomy.
``train_themes`` turns labelled examples into a classifier: TF-IDF features (words and
characters) and one logistic regression per label, each with a decision threshold tuned on
out-of-fold predictions. Rules and model combine: where a label has both, the score blends
the classifier's probability with the rule score; a label with rules only keeps its rules.

A model directory holds plain files only (see docs/decisions/0102-analysis-model-files.md):
``model.json`` (format, version, labels, thresholds, rules, training fingerprint and held-back
metrics), ``vocab_words.json``, ``vocab_chars.json`` and ``arrays.npz`` (loaded with
``allow_pickle=False``).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse

from saidanddone.analysis.features import TextFeaturizer
from saidanddone.analysis.normalise import is_no_content, normalise
from saidanddone.analysis.rules import (
    DEFAULT_RULES,
    RuleSet,
    lexicon_sentiment,
    lexicon_sentiment_score,
)

__all__ = [
    "MODEL_FORMAT",
    "MODEL_VERSION",
    "SENTIMENTS",
    "ModelError",
    "ThemeModel",
    "ThemeScore",
    "train_themes",
]

MODEL_FORMAT = "saidanddone-theme-model"
MODEL_VERSION = 1
SENTIMENTS: tuple[str, ...] = ("positive", "neutral", "negative")
RULE_WEIGHT = 0.25  # share of the rule score in a blended (rule + classifier) score
RULE_THRESHOLD = 0.5
TRAIN_THREADS = 2

FloatArray = npt.NDArray[np.float32]


class ModelError(ValueError):
    """A model directory that cannot be read (missing, wrong format or version, corrupt)."""


@dataclass(frozen=True, slots=True)
class ThemeScore:
    label: str
    score: float
    words: tuple[str, ...] = ()


@dataclass
class _Linear:
    """One-vs-rest linear scores over features: sigmoid(X @ coef.T + intercept)."""

    labels: tuple[str, ...]
    coef: FloatArray  # (n_labels, n_features)
    intercept: FloatArray  # (n_labels,)
    thresholds: FloatArray  # (n_labels,)

    def proba(self, x: sparse.csr_matrix) -> FloatArray:
        z = np.asarray(x @ self.coef.T, dtype=np.float32) + self.intercept
        return 1.0 / (1.0 + np.exp(-z))  # type: ignore[no-any-return]


@dataclass
class _Softmax:
    """Multinomial logistic regression over the text features plus three lexicon features."""

    classes: tuple[str, ...]
    coef: FloatArray  # (n_classes, n_features + LEXICON_FEATURES)
    intercept: FloatArray

    def predict(self, x: sparse.csr_matrix, texts: Sequence[str]) -> list[str]:
        n = x.shape[1]
        z = np.asarray(x @ self.coef[:, :n].T, dtype=np.float32) + self.intercept
        z += lexicon_features(texts) @ self.coef[:, n:].T
        return [self.classes[i] for i in z.argmax(axis=1)]


LEXICON_FEATURES = 3


def lexicon_features(texts: Sequence[str]) -> FloatArray:
    """Per text: log(1 + positive weight), log(1 + negative weight), both present (mixed)."""
    out = np.zeros((len(texts), LEXICON_FEATURES), dtype=np.float32)
    for i, text in enumerate(texts):
        pos, neg = lexicon_sentiment_score(text)
        out[i] = (math.log1p(pos), math.log1p(neg), 1.0 if pos > 0 and neg > 0 else 0.0)
    return out


@dataclass
class ThemeModel:
    """Rules, an optional trained classifier and an optional trained sentiment model."""

    rules: RuleSet = field(default_factory=lambda: RuleSet({}))
    featurizer: TextFeaturizer | None = None
    linear: _Linear | None = None
    sentiment: _Softmax | None = None
    info: dict[str, Any] = field(default_factory=dict)

    # ---- construction -----------------------------------------------------------------
    @classmethod
    def default(cls) -> ThemeModel:
        """The rule layer over DEFAULT_TAXONOMY; labels are the taxonomy slugs."""
        return cls(rules=RuleSet(DEFAULT_RULES), info={"kind": "rules"})

    @property
    def labels(self) -> tuple[str, ...]:
        trained = self.linear.labels if self.linear is not None else ()
        return trained + tuple(label for label in self.rules.labels if label not in trained)

    @property
    def is_trained(self) -> bool:
        return self.linear is not None

    # ---- prediction ---------------------------------------------------------------------
    def _features(self, texts: Sequence[str]) -> sparse.csr_matrix | None:
        if self.featurizer is None:
            return None
        return self.featurizer.transform(texts)

    def score_batch(
        self, texts: Sequence[str], *, features: sparse.csr_matrix | None = None
    ) -> list[list[tuple[str, float]]]:
        """For each text, every (label, score) that passes its threshold, best first.

        When a text has content and no label passes, the best-scoring label is kept, so each
        comment with content gets at least one theme (rule-only models excepted: with no rule
        matched there is nothing to say).
        """
        out: list[list[tuple[str, float]]] = [[] for _ in texts]
        proba: FloatArray | None = None
        if self.linear is not None:
            x = features if features is not None else self._features(texts)
            assert x is not None
            proba = self.linear.proba(x)
        trained = self.linear.labels if self.linear is not None else ()
        trained_index = {label: i for i, label in enumerate(trained)}
        for row, text in enumerate(texts):
            hits = self.rules.scores(text)
            chosen: list[tuple[str, float]] = []
            best: tuple[str, float] | None = None
            if proba is not None and self.linear is not None:
                p = proba[row]
                for label, i in trained_index.items():
                    score = float(p[i])
                    hit = hits.get(label)
                    if hit is not None:
                        score = (1 - RULE_WEIGHT) * score + RULE_WEIGHT * hit.score
                    if best is None or score > best[1]:
                        best = (label, score)
                    if score >= self.linear.thresholds[i]:
                        chosen.append((label, score))
            for label, hit in hits.items():
                if label in trained_index:
                    continue
                if best is None or hit.score > best[1]:
                    best = (label, hit.score)
                if hit.score >= RULE_THRESHOLD:
                    chosen.append((label, hit.score))
            if not chosen and best is not None and best[1] > 0 and not is_no_content(text):
                chosen.append(best)
            chosen.sort(key=lambda item: -item[1])
            out[row] = [(label, round(score, 4)) for label, score in chosen]
        return out

    def suggest(self, text: str) -> list[ThemeScore]:
        """Themes for one comment, best first, with the words that drove each."""
        text = normalise(text)
        if not text:
            return []
        x = self._features([text])
        scored = self.score_batch([text], features=x)[0]
        hits = self.rules.scores(text)
        result = []
        for label, score in scored:
            words: tuple[str, ...] = ()
            if self.linear is not None and x is not None and label in self.linear.labels:
                words = self._top_words(x, self.linear.labels.index(label))
            hit = hits.get(label)
            if hit is not None:
                words = tuple(dict.fromkeys(hit.words + words))[:5]
            result.append(ThemeScore(label, score, words))
        return result

    def _top_words(self, x: sparse.csr_matrix, label_index: int, k: int = 3) -> tuple[str, ...]:
        assert self.linear is not None and self.featurizer is not None
        row = x.getrow(0)
        n_words = self.featurizer.n_word_features
        contributions = []
        for j, value in zip(row.indices, row.data, strict=True):
            if j < n_words:
                weight = float(value) * float(self.linear.coef[label_index, j])
                if weight > 0:
                    contributions.append((weight, self.featurizer.word_vocab[j]))
        contributions.sort(reverse=True)
        return tuple(word for _, word in contributions[:k])

    def sentiment_batch(
        self, texts: Sequence[str], *, features: sparse.csr_matrix | None = None
    ) -> list[str]:
        if self.sentiment is None:
            return [lexicon_sentiment(t) for t in texts]
        x = features if features is not None else self._features(texts)
        assert x is not None
        return self.sentiment.predict(x, texts)

    # ---- files ---------------------------------------------------------------------------
    def save(self, path: str | Path) -> None:
        directory = Path(path)
        directory.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, FloatArray] = {}
        meta: dict[str, Any] = {
            "format": MODEL_FORMAT,
            "version": MODEL_VERSION,
            "saved": datetime.now(UTC).isoformat(timespec="seconds"),
            "rules": {k: [[p, w] for p, w in v] for k, v in self.rules.rules.items()},
            "labels": list(self.linear.labels) if self.linear else [],
            "thresholds": [float(t) for t in self.linear.thresholds] if self.linear else [],
            "sentiment_classes": list(self.sentiment.classes) if self.sentiment else [],
            "info": self.info,
        }
        if self.featurizer is not None:
            arrays.update(self.featurizer.save(directory))
        if self.linear is not None:
            arrays["coef"] = self.linear.coef
            arrays["intercept"] = self.linear.intercept
        if self.sentiment is not None:
            arrays["sentiment_coef"] = self.sentiment.coef
            arrays["sentiment_intercept"] = self.sentiment.intercept
        if arrays:
            np.savez_compressed(directory / "arrays.npz", **arrays)  # type: ignore[arg-type]
        (directory / "model.json").write_text(
            json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8"
        )

    @classmethod
    def load(cls, path: str | Path) -> ThemeModel:
        directory = Path(path)
        meta_path = directory / "model.json"
        if not meta_path.is_file():
            raise ModelError(f"{directory} is not a model directory (no model.json)")
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ModelError(f"cannot read {meta_path}: {exc}") from exc
        if not isinstance(meta, dict) or meta.get("format") != MODEL_FORMAT:
            raise ModelError(f"{meta_path} is not a Said & Done theme model")
        if meta.get("version") != MODEL_VERSION:
            raise ModelError(
                f"{meta_path} has model version {meta.get('version')}; this release reads "
                f"version {MODEL_VERSION}: train the model again"
            )
        rules = RuleSet({k: [(str(p), float(w)) for p, w in v] for k, v in meta["rules"].items()})
        model = cls(rules=rules, info=dict(meta.get("info", {})))
        arrays_path = directory / "arrays.npz"
        if not arrays_path.is_file():
            return model
        try:
            with np.load(arrays_path, allow_pickle=False) as npz:
                arrays = {name: np.asarray(npz[name], dtype=np.float32) for name in npz.files}
            model.featurizer = TextFeaturizer.load(directory, arrays)
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(f"cannot read the arrays of {directory}: {exc}") from exc
        labels = tuple(str(x) for x in meta.get("labels", []))
        if labels:
            model.linear = _Linear(
                labels,
                arrays["coef"],
                arrays["intercept"],
                np.asarray(meta["thresholds"], dtype=np.float32),
            )
        classes = tuple(str(x) for x in meta.get("sentiment_classes", []))
        if classes:
            model.sentiment = _Softmax(
                classes, arrays["sentiment_coef"], arrays["sentiment_intercept"]
            )
        return model


# ---- training -------------------------------------------------------------------------------


def fingerprint(texts: Sequence[str], labels: Sequence[Collection[str]]) -> str:
    digest = hashlib.sha256()
    for text, row_labels in zip(texts, labels, strict=True):
        digest.update(text.encode("utf-8", "surrogatepass"))
        digest.update(b"\x1f")
        digest.update("\x1e".join(sorted(row_labels)).encode("utf-8"))
        digest.update(b"\x1d")
    return "sha256:" + digest.hexdigest()


def _fit_binary(
    x: sparse.csr_matrix, y: npt.NDArray[np.int8], c: float, alpha: float
) -> tuple[FloatArray, float]:
    """Logistic regression on features scaled by naive-Bayes log-count ratios (NB-LR).

    The ratio ``r`` of each feature's weight among positives to its weight among negatives
    (smoothed by ``alpha``) scales the features before a logistic regression; the returned
    coefficients already include ``r``, so prediction stays one sparse product.
    """
    from sklearn.linear_model import LogisticRegression

    positive = y == 1
    p = alpha + np.asarray(x[positive].sum(axis=0), dtype=np.float64).ravel()
    q = alpha + np.asarray(x[~positive].sum(axis=0), dtype=np.float64).ravel()
    r = np.log((p / p.sum()) / (q / q.sum()))
    scaled = x.multiply(r).tocsr()
    model = LogisticRegression(C=c, solver="liblinear", class_weight="balanced")
    model.fit(scaled, y)
    return (model.coef_[0] * r).astype(np.float32), float(model.intercept_[0])


def _fit_all(
    x: sparse.csr_matrix, y: npt.NDArray[np.int8], c: float, alpha: float
) -> list[tuple[FloatArray, float] | None]:
    """One model per label column, two at a time (liblinear releases the GIL)."""
    from concurrent.futures import ThreadPoolExecutor

    def fit(j: int) -> tuple[FloatArray, float] | None:
        column = y[:, j]
        if column.min() == column.max():
            return None
        return _fit_binary(x, column, c, alpha)

    with ThreadPoolExecutor(max_workers=TRAIN_THREADS) as pool:
        return list(pool.map(fit, range(y.shape[1])))


def _best_global_threshold(p: npt.NDArray[np.float64], y: npt.NDArray[np.int8]) -> float:
    """One threshold for every label, maximising the mean of micro- and macro-F1.

    Per-label thresholds over-fit labels with a few dozen examples (measured on the FFT data:
    they lowered held-back F1), so one shared threshold is tuned instead.
    """
    best_t, best_f = 0.5, -1.0
    top = p.argmax(axis=1)
    for t in np.arange(0.3, 0.71, 0.025):
        pred = p >= t
        pred[np.arange(len(p)), top] = True
        micro, macro, _ = _f1_scores(pred, y)
        if (micro + macro) / 2 > best_f + 1e-9:
            best_t, best_f = float(t), (micro + macro) / 2
    return best_t


def _f1_scores(
    pred: npt.NDArray[np.bool_], y: npt.NDArray[np.int8]
) -> tuple[float, float, list[float]]:
    truth = y.astype(bool)
    tp = (pred & truth).sum(axis=0)
    fp = (pred & ~truth).sum(axis=0)
    fn = (~pred & truth).sum(axis=0)
    per_label = [float(2 * a / max(2 * a + b + c, 1)) for a, b, c in zip(tp, fp, fn, strict=True)]
    micro = float(2 * tp.sum() / max(2 * tp.sum() + fp.sum() + fn.sum(), 1))
    macro = float(np.mean(per_label)) if per_label else 0.0
    return micro, macro, per_label


def train_themes(
    texts: Sequence[str],
    labels: Sequence[Collection[str]],
    *,
    base: ThemeModel | None = None,
    sentiments: Sequence[str | None] | None = None,
    min_positives: int = 10,
    folds: int = 3,
    c: float = 1.0,
    alpha: float = 0.1,
    seed: int = 0,
) -> ThemeModel:
    """Train a theme classifier (and, given ``sentiments``, a sentiment classifier).

    ``labels`` holds each text's label set (an area's confirmed slugs, or a CSV's columns).
    Labels with fewer than ``min_positives`` examples are skipped (listed in
    ``model.info["skipped_labels"]``); with a ``base`` model they keep its rules. Thresholds
    are tuned on out-of-fold predictions, and ``model.info["heldout"]`` reports micro- and
    macro-F1 of each fold's predictions scored with thresholds tuned on the other folds.
    """
    if len(texts) != len(labels):
        raise ValueError("texts and labels must have the same length")
    clean = [normalise(t) for t in texts]
    keep_rows = [i for i, t in enumerate(clean) if t]
    clean = [clean[i] for i in keep_rows]
    row_labels = [set(labels[i]) for i in keep_rows]
    rules = base.rules if base is not None else RuleSet({})
    counts: dict[str, int] = {}
    for s in row_labels:
        for label in s:
            counts[label] = counts.get(label, 0) + 1
    trained_labels = tuple(sorted(lb for lb, n in counts.items() if n >= min_positives
                                  and len(clean) - n >= min_positives))
    skipped = {lb: n for lb, n in sorted(counts.items()) if lb not in trained_labels}
    info: dict[str, Any] = {
        "kind": "trained",
        "trained": datetime.now(UTC).isoformat(timespec="seconds"),
        "rows": len(clean),
        "fingerprint": fingerprint(clean, [sorted(s) for s in row_labels]),
        "label_counts": {lb: counts[lb] for lb in trained_labels},
        "skipped_labels": skipped,
        "min_positives": min_positives,
        "parameters": {"c": c, "alpha": alpha, "folds": folds, "rule_weight": RULE_WEIGHT},
    }
    model = ThemeModel(rules=rules, info=info)
    if not clean or (not trained_labels and sentiments is None):
        return model
    try:
        featurizer = TextFeaturizer.fit(clean, min_df=2 if len(clean) >= 50 else 1)
    except ValueError as exc:  # e.g. no word at all in the texts
        raise ModelError(f"cannot train on these texts: {exc}") from exc
    model.featurizer = featurizer
    x = featurizer.transform(clean)
    if trained_labels:
        y = np.array(
            [[1 if lb in s else 0 for lb in trained_labels] for s in row_labels], dtype=np.int8
        )
        model.linear = _train_linear(
            x, y, trained_labels, clean, rules, folds, c, alpha, seed, info
        )
    if sentiments is not None:
        sent = [sentiments[i] for i in keep_rows]
        model.sentiment = _train_sentiment(x, clean, sent, folds, seed, info)
    return model


def _train_linear(
    x: sparse.csr_matrix,
    y: npt.NDArray[np.int8],
    labels: tuple[str, ...],
    texts: Sequence[str],
    rules: RuleSet,
    folds: int,
    c: float,
    alpha: float,
    seed: int,
    info: dict[str, Any],
) -> _Linear:
    n, k = y.shape
    rng = np.random.default_rng(seed)
    fold_of = rng.permutation(n) % max(folds, 2)
    rule_scores = np.zeros((n, k), dtype=np.float64)
    has_rule = np.zeros(k, dtype=bool)
    for j, label in enumerate(labels):
        has_rule[j] = label in rules.rules
    if has_rule.any():
        for i, text in enumerate(texts):
            for label, hit in rules.scores(text).items():
                if label in labels:
                    rule_scores[i, labels.index(label)] = hit.score
    oof = np.zeros((n, k), dtype=np.float64)
    can_cv = folds >= 2 and n >= 4 * folds
    if can_cv:
        for f in range(folds):
            train_rows = np.flatnonzero(fold_of != f)
            test_rows = np.flatnonzero(fold_of == f)
            x_test = x[test_rows]
            for j, fitted in enumerate(_fit_all(x[train_rows], y[train_rows], c, alpha)):
                if fitted is None:
                    oof[test_rows, j] = float(y[train_rows[0], j])
                    continue
                coef, b = fitted
                z = np.asarray(x_test @ coef, dtype=np.float64) + b
                oof[test_rows, j] = 1.0 / (1.0 + np.exp(-z))
        blended = np.where(has_rule, (1 - RULE_WEIGHT) * oof + RULE_WEIGHT * rule_scores, oof)
        thresholds = np.full(k, _best_global_threshold(blended, y))
        # Held-back estimate: each fold scored with a threshold tuned on the other folds.
        pred = np.zeros((n, k), dtype=bool)
        for f in range(folds):
            rest = fold_of != f
            rows = fold_of == f
            pred[rows] = blended[rows] >= _best_global_threshold(blended[rest], y[rest])
        top = blended.argmax(axis=1)
        empty = ~pred.any(axis=1)
        pred[np.flatnonzero(empty), top[empty]] = True
        micro, macro, per_label = _f1_scores(pred, y)
        info["heldout"] = {
            "method": f"{folds}-fold out-of-fold predictions, thresholds tuned on other folds",
            "micro_f1": round(micro, 4),
            "macro_f1": round(macro, 4),
            "per_label_f1": {lb: round(f, 4) for lb, f in zip(labels, per_label, strict=True)},
        }
    else:
        thresholds = np.full(k, 0.5)
    coefs = np.zeros((k, x.shape[1]), dtype=np.float32)
    intercepts = np.zeros(k, dtype=np.float32)
    for j, fitted in enumerate(_fit_all(x, y, c, alpha)):
        if fitted is not None:
            coefs[j], intercepts[j] = fitted
    return _Linear(labels, coefs, intercepts, thresholds.astype(np.float32))


def sentiment_from_value(value: str) -> str | None:
    """Map a sentiment cell to a class: 1-2 positive, 3 neutral/mixed, 4-5 negative, or words."""
    v = value.strip().lower()
    if not v:
        return None
    try:
        number = float(v)
    except ValueError:
        number = math.nan
    if not math.isnan(number):
        if number in (1, 2):
            return "positive"
        if number == 3:
            return "neutral"
        if number in (4, 5):
            return "negative"
        return None
    words = {
        "positive": "positive", "very positive": "positive", "pos": "positive",
        "neutral": "neutral", "mixed": "neutral", "neutral/mixed": "neutral",
        "neutral or mixed": "neutral", "negative": "negative", "very negative": "negative",
        "neg": "negative",
    }
    return words.get(v)


def _train_sentiment(
    x: sparse.csr_matrix,
    texts: Sequence[str],
    sentiments: Sequence[str | None],
    folds: int,
    seed: int,
    info: dict[str, Any],
) -> _Softmax | None:
    from sklearn.linear_model import LogisticRegression

    rows = np.array([i for i, s in enumerate(sentiments) if s in SENTIMENTS])
    if len(rows) < 10:
        info["sentiment"] = {"skipped": f"only {len(rows)} rows with a sentiment"}
        return None
    y = np.array([SENTIMENTS.index(str(sentiments[i])) for i in rows])
    classes = sorted(set(y.tolist()))
    if len(classes) < 2:
        info["sentiment"] = {"skipped": "only one sentiment class present"}
        return None
    xs = sparse.hstack(
        [x[rows], sparse.csr_matrix(lexicon_features([texts[i] for i in rows]))], format="csr"
    )

    def fit(xm: sparse.csr_matrix, ym: npt.NDArray[np.int64]) -> LogisticRegression:
        m = LogisticRegression(C=SENTIMENT_C, max_iter=2000)
        m.fit(xm, ym)
        return m

    n = len(rows)
    fold_of = np.random.default_rng(seed + 1).permutation(n) % max(folds, 2)
    if folds >= 2 and n >= 10 * folds:
        correct = 0
        for f in range(folds):
            tr, te = fold_of != f, fold_of == f
            if len(set(y[tr].tolist())) < 2:
                continue
            m = fit(xs[tr], y[tr])
            correct += int((m.predict(xs[te]) == y[te]).sum())
        info["sentiment"] = {
            "rows": n,
            "heldout_accuracy": round(correct / n, 4),
            "method": f"{folds}-fold cross-validation",
        }
    m = fit(xs, y)
    present = tuple(SENTIMENTS[i] for i in m.classes_)
    coef = m.coef_.astype(np.float32)
    intercept = m.intercept_.astype(np.float32)
    if len(present) == 2:  # binary: sklearn keeps one row; make it two-class softmax.
        coef = np.vstack([-coef[0] / 2, coef[0] / 2]).astype(np.float32)
        intercept = np.array([-intercept[0] / 2, intercept[0] / 2], dtype=np.float32)
    return _Softmax(present, coef, intercept)


SENTIMENT_C = 3.0
