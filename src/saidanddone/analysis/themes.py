"""Themes (multi-label, with scores) and sentiment (positive, neutral, negative, mixed).

A model reads two kinds of feature, side by side: the sentence encoder's vector of the
comment (what it means; the same vector the safeguarding model reads, so one encoder pass
serves both) and, when trained on enough of an area's own comments, TF-IDF over its words and
characters (the area's own vocabulary). One logistic regression per label, with a decision
threshold tuned on out-of-fold predictions. The transparent rules blend in where a label has
both; a label with rules only keeps its rules.

``ThemeModel.default()`` is the model that ships with the package (``data/themes/``, pinned by
sha256, trained by ``scripts/train_themes.py`` on ``training/themes/``): the default SEND
taxonomy and four-class sentiment on day one, before an area has confirmed anything.
``train_themes`` trains an area's own model from its confirmed themes, starting from the
default where the labels are the default slugs (docs/decisions/0109-themes-that-read-meaning.md).

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
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse

from saidanddone.analysis.encoder import ENCODER_DIR, check_model_files, get_encoder
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
MODEL_VERSION = 2
READABLE_VERSIONS = (1, 2)  # version 1: TF-IDF only, read as a model without vectors
SENTIMENTS: tuple[str, ...] = ("positive", "neutral", "negative", "mixed")
DEFAULT_MODEL_DIR = Path(str(resources.files("saidanddone.analysis").joinpath("data/themes")))
# The encoder's vector is scaled against the TF-IDF block (each block has unit length) so that
# a linear model over both leans on meaning with few examples and on words with many.
VECTOR_WEIGHT = 3.0
RULE_WEIGHT = 0.25  # share of the rule score in a blended score, unless training chose one
# An area's model leaning on the default keeps the default's threshold below this many comments.
TUNE_FROM = 100
# How an area's model is trained from its confirmations (themes.services.area_model_train and
# benchmarks/analysis_learning_curve.py): plain class weights and strong regularisation, so a
# few dozen decisions correct the default model's reading rather than replace it.
AREA_TRAINING: dict[str, Any] = {"balanced": False, "c": 0.3, "min_positives": 5}
# The shares training tries, out-of-fold, alongside the threshold (0: the rules only explain).
RULE_WEIGHTS = (0.0, 0.15, 0.25, 0.4, 0.55)
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
    """One-vs-rest linear scores over features: sigmoid(X @ coef.T + intercept).

    An area's model may lean on the default model (``prior``, which reads the last columns:
    the encoder's vector): each label's score then adds ``prior_weight`` times the default
    model's logit for the same theme (``prior_rows``; -1 where it has none). The weight is
    learnt with the rest, so a theme an area has confirmed a few times starts from what the
    default already knew and is corrected by the area's own decisions.
    """

    labels: tuple[str, ...]
    coef: FloatArray  # (n_labels, n_features)
    intercept: FloatArray  # (n_labels,)
    thresholds: FloatArray  # (n_labels,)
    prior: _Linear | None = None
    prior_rows: npt.NDArray[np.int64] | None = None
    prior_weight: FloatArray | None = None

    def logits(self, x: sparse.csr_matrix) -> FloatArray:
        z = np.asarray(x @ self.coef.T, dtype=np.float32) + self.intercept
        if self.prior is not None:
            assert self.prior_rows is not None and self.prior_weight is not None
            width = self.prior.coef.shape[1]
            base = self.prior.logits(x[:, x.shape[1] - width:])
            has = self.prior_rows >= 0
            z[:, has] += self.prior_weight[has] * base[:, self.prior_rows[has]]
        return z

    def proba(self, x: sparse.csr_matrix) -> FloatArray:
        return np.asarray(1.0 / (1.0 + np.exp(-self.logits(x))), dtype=np.float32)


@dataclass
class _Softmax:
    """Multinomial logistic regression over features plus three lexicon features.

    ``vector_columns``: when set, it reads only the last that many feature columns (the
    encoder's vector), so the default model's sentiment can serve an area model whose
    features also hold TF-IDF.
    """

    classes: tuple[str, ...]
    coef: FloatArray  # (n_classes, n_features + LEXICON_FEATURES)
    intercept: FloatArray
    vector_columns: int = 0

    def predict(self, x: sparse.csr_matrix, texts: Sequence[str]) -> list[str]:
        if self.vector_columns:
            x = x[:, x.shape[1] - self.vector_columns:]
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
    """Rules, an optional trained classifier and an optional trained sentiment model.

    ``vectors`` says whether the classifiers read the encoder's vector of each comment;
    ``featurizer`` (TF-IDF) is present when they read words too.
    """

    rules: RuleSet = field(default_factory=lambda: RuleSet({}))
    featurizer: TextFeaturizer | None = None
    linear: _Linear | None = None
    sentiment: _Softmax | None = None
    vectors: bool = False
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def rule_weight(self) -> float:
        """The rules' share of a blended score: chosen in training, else ``RULE_WEIGHT``."""
        return float(self.info.get("rule_weight", RULE_WEIGHT))

    # ---- construction -----------------------------------------------------------------
    @classmethod
    def default(cls) -> ThemeModel:
        """The default model over DEFAULT_TAXONOMY: the shipped classifier and the rules.

        Loaded once and shared (treat it as read-only). A missing or altered file raises
        ``ModelFileError``, and the Django system check stops start-up with it.
        """
        return _default_model()

    @classmethod
    def rules_only(cls) -> ThemeModel:
        """The transparent rule layer over DEFAULT_TAXONOMY; labels are the taxonomy slugs."""
        return cls(rules=RuleSet(DEFAULT_RULES), info={"kind": "rules"})

    @property
    def labels(self) -> tuple[str, ...]:
        trained = self.linear.labels if self.linear is not None else ()
        return trained + tuple(label for label in self.rules.labels if label not in trained)

    @property
    def is_trained(self) -> bool:
        return self.linear is not None and self.info.get("kind") != "default"

    @property
    def rates_non_answers(self) -> bool:
        """Whether its sentiment was learnt from a survey's own answers, "Nothing." included
        (a default or borrowed sentiment model never saw what those mean in a survey)."""
        return (self.is_trained and self.sentiment is not None
                and not self.sentiment.vector_columns)

    @property
    def version(self) -> str:
        """A short name for suggestions' records: rules, default or trained."""
        if self.linear is None:
            return "rules"
        return "default" if self.info.get("kind") == "default" else "trained"

    # ---- prediction ---------------------------------------------------------------------
    def features(
        self, texts: Sequence[str], vectors: npt.NDArray[np.float32] | None = None
    ) -> sparse.csr_matrix | None:
        """The classifiers' feature rows for ``texts``: TF-IDF and/or the encoder's vectors.

        ``vectors`` are the encoder's vectors of the same comments when the caller already has
        them (the pipeline encodes each comment once for safeguarding and themes).
        """
        blocks: list[sparse.csr_matrix] = []
        if self.featurizer is not None:
            blocks.append(self.featurizer.transform(texts))
        if self.vectors:
            if vectors is None:
                vectors = get_encoder().encode(texts)
            blocks.append(sparse.csr_matrix(np.asarray(vectors, dtype=np.float32)
                                            * VECTOR_WEIGHT))
        if not blocks:
            return None
        return blocks[0] if len(blocks) == 1 else sparse.hstack(blocks, format="csr")

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
            x = features if features is not None else self.features(texts)
            assert x is not None
            proba = self.linear.proba(x)
        trained = self.linear.labels if self.linear is not None else ()
        trained_index = {label: i for i, label in enumerate(trained)}
        for row, text in enumerate(texts):
            if is_no_content(text) and not self.is_trained:
                # "Nothing to add", "n/a": no theme, unless an area's own model has learnt a
                # label for such answers (the FFT data has "Labelling not possible").
                continue
            hits = self.rules.scores(text)
            chosen: list[tuple[str, float]] = []
            best: tuple[str, float] | None = None
            if proba is not None and self.linear is not None:
                p = proba[row]
                for label, i in trained_index.items():
                    score = float(p[i])
                    hit = hits.get(label)
                    if hit is not None:
                        score = (1 - self.rule_weight) * score + self.rule_weight * hit.score
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
        x = self.features([text])
        scored = self.score_batch([text], features=x)[0]
        words = self.explain(text, [label for label, _ in scored])
        return [ThemeScore(label, score, words.get(label, ())) for label, score in scored]

    def explain(self, text: str, labels: Sequence[str]) -> dict[str, tuple[str, ...]]:
        """The words in ``text`` that point to each of ``labels``: the rules' matches and the
        strongest TF-IDF words. The encoder's vector has no words to show, so a theme found
        by meaning alone may have none; this never runs the encoder."""
        hits = self.rules.scores(text)
        x = self.featurizer.transform([text]) if self.featurizer is not None else None
        out: dict[str, tuple[str, ...]] = {}
        for label in labels:
            words: tuple[str, ...] = ()
            if self.linear is not None and x is not None and label in self.linear.labels:
                words = self._top_words(x, self.linear.labels.index(label))
            hit = hits.get(label)
            if hit is not None:
                words = tuple(dict.fromkeys(hit.words + words))[:5]
            out[label] = words
        return out

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
        x = features if features is not None else self.features(texts)
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
            "sentiment_vector_columns": self.sentiment.vector_columns if self.sentiment else 0,
            "vectors": _encoder_identity() if self.vectors else None,
            "info": self.info,
        }
        if self.featurizer is not None:
            arrays.update(self.featurizer.save(directory))
        if self.linear is not None:
            arrays["coef"] = self.linear.coef
            arrays["intercept"] = self.linear.intercept
            prior = self.linear.prior
            if prior is not None:
                assert self.linear.prior_rows is not None and self.linear.prior_weight is not None
                meta["prior_labels"] = list(prior.labels)
                arrays["prior_coef"] = prior.coef
                arrays["prior_intercept"] = prior.intercept
                arrays["prior_thresholds"] = prior.thresholds
                arrays["prior_rows"] = self.linear.prior_rows.astype(np.float32)
                arrays["prior_weight"] = self.linear.prior_weight
        if self.sentiment is not None:
            arrays["sentiment_coef"] = self.sentiment.coef
            arrays["sentiment_intercept"] = self.sentiment.intercept
        if arrays:
            # numpy types the keyword arrays narrower than the arrays this dict holds
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
        if meta.get("version") not in READABLE_VERSIONS:
            raise ModelError(
                f"{meta_path} has model version {meta.get('version')}; this release reads "
                f"versions {', '.join(map(str, READABLE_VERSIONS))}: train the model again"
            )
        uses_vectors = bool(meta.get("vectors"))
        if uses_vectors and meta["vectors"] != _encoder_identity():
            # Vectors from another encoder mean nothing to these weights.
            raise ModelError(
                f"{meta_path} was trained on another sentence encoder's vectors "
                f"({str(meta['vectors'])[:12]}…): train the model again"
            )
        rules = RuleSet({k: [(str(p), float(w)) for p, w in v] for k, v in meta["rules"].items()})
        model = cls(rules=rules, vectors=uses_vectors, info=dict(meta.get("info", {})))
        arrays_path = directory / "arrays.npz"
        if not arrays_path.is_file():
            return model
        try:
            with np.load(arrays_path, allow_pickle=False) as npz:
                arrays = {name: np.asarray(npz[name], dtype=np.float32) for name in npz.files}
            if "word_idf" in arrays:
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
            if meta.get("prior_labels"):
                model.linear.prior = _Linear(
                    tuple(str(x) for x in meta["prior_labels"]), arrays["prior_coef"],
                    arrays["prior_intercept"], arrays["prior_thresholds"])
                model.linear.prior_rows = arrays["prior_rows"].astype(np.int64)
                model.linear.prior_weight = arrays["prior_weight"]
        classes = tuple(str(x) for x in meta.get("sentiment_classes", []))
        if classes:
            model.sentiment = _Softmax(
                classes, arrays["sentiment_coef"], arrays["sentiment_intercept"],
                int(meta.get("sentiment_vector_columns") or 0),
            )
        return model


@lru_cache(maxsize=1)
def _encoder_identity() -> str:
    """The sha256 of the encoder's weights: a model's vectors are only meaningful with it.

    Read from the encoder's manifest (the encoder checks the file against it when it loads).
    """
    manifest = json.loads((ENCODER_DIR / "MANIFEST.json").read_text("utf-8"))
    return str(manifest["sha256"]["model.int8.onnx"])


@lru_cache(maxsize=1)
def _default_model() -> ThemeModel:
    """The shipped model, its files checked against their sha256 (``ModelFileError`` if not)."""
    check_model_files(DEFAULT_MODEL_DIR)
    model = ThemeModel.load(DEFAULT_MODEL_DIR)
    model.rules = RuleSet(DEFAULT_RULES)
    return model


def fingerprint(texts: Sequence[str], labels: Sequence[Collection[str]]) -> str:
    digest = hashlib.sha256()
    for text, row_labels in zip(texts, labels, strict=True):
        digest.update(text.encode("utf-8", "surrogatepass"))
        digest.update(b"\x1f")
        digest.update("\x1e".join(sorted(row_labels)).encode("utf-8"))
        digest.update(b"\x1d")
    return "sha256:" + digest.hexdigest()


def _fit_binary(
    x: sparse.csr_matrix, y: npt.NDArray[np.int8], c: float, alpha: float, words: int,
    offset: npt.NDArray[np.float64] | None = None, balanced: bool = True,
) -> tuple[FloatArray, float, float]:
    """Logistic regression on features scaled by naive-Bayes log-count ratios (NB-LR).

    The ratio ``r`` of each TF-IDF feature's weight among positives to its weight among
    negatives (smoothed by ``alpha``) scales the first ``words`` columns before a logistic
    regression; the encoder's vector columns (signed, dense) are left as they are. The
    returned coefficients already include ``r``, so prediction stays one product. ``offset``
    (the default model's logit for this theme) joins as one more column; its learnt weight is
    returned third (0.0 without it).
    """
    from sklearn.linear_model import LogisticRegression

    positive = y == 1
    r = np.ones(x.shape[1], dtype=np.float64)
    if words:
        xw = x[:, :words]
        p = alpha + np.asarray(xw[positive].sum(axis=0), dtype=np.float64).ravel()
        q = alpha + np.asarray(xw[~positive].sum(axis=0), dtype=np.float64).ravel()
        r[:words] = np.log((p / p.sum()) / (q / q.sum()))
    scaled = x.multiply(r).tocsr()
    if offset is not None:
        scaled = sparse.hstack([scaled, sparse.csr_matrix(offset[:, None])], format="csr")
    model = LogisticRegression(C=c, solver="liblinear",
                               class_weight="balanced" if balanced else None)
    model.fit(scaled, y)
    weights = model.coef_[0]
    prior_weight = float(weights[-1]) if offset is not None else 0.0
    if offset is not None:
        weights = weights[:-1]
    return (weights * r).astype(np.float32), float(model.intercept_[0]), prior_weight


def _fit_all(
    x: sparse.csr_matrix, y: npt.NDArray[np.int8], c: float, alpha: float, words: int,
    offsets: npt.NDArray[np.float64] | None = None, has_prior: npt.NDArray[np.bool_] | None = None,
    balanced: bool = True,
) -> list[tuple[FloatArray, float, float] | None]:
    """One model per label column, two at a time (liblinear releases the GIL)."""
    from concurrent.futures import ThreadPoolExecutor

    def fit(j: int) -> tuple[FloatArray, float, float] | None:
        column = y[:, j]
        if column.min() == column.max():
            return None
        offset = offsets[:, j] if offsets is not None and has_prior is not None \
            and has_prior[j] else None
        return _fit_binary(x, column, c, alpha, words, offset, balanced)

    with ThreadPoolExecutor(max_workers=TRAIN_THREADS) as pool:
        return list(pool.map(fit, range(y.shape[1])))


def _best_global_threshold(
    p: npt.NDArray[np.float64], y: npt.NDArray[np.int8]
) -> tuple[float, float]:
    """One threshold for every label, maximising the mean of micro- and macro-F1 (returned too).

    Per-label thresholds over-fit labels with a few dozen examples (measured on the FFT data:
    they lowered held-back F1), so one shared threshold is tuned instead.
    """
    best_t, best_f = 0.5, -1.0
    top = p.argmax(axis=1)
    for t in np.arange(0.15, 0.71, 0.025):
        pred = p >= t
        pred[np.arange(len(p)), top] = True
        micro, macro, _ = _f1_scores(pred, y)
        if (micro + macro) / 2 > best_f + 1e-9:
            best_t, best_f = float(t), (micro + macro) / 2
    return best_t, best_f


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
    vectors: npt.NDArray[np.float32] | None = None,
    words: bool | None = None,
    use_vectors: bool = True,
    balanced: bool = True,
    min_positives: int = 10,
    folds: int = 3,
    c: float = 1.0,
    alpha: float = 0.1,
    seed: int = 0,
    kind: str = "trained",
) -> ThemeModel:
    """Train a theme classifier (and, given ``sentiments``, a sentiment classifier).

    ``labels`` holds each text's label set (an area's confirmed slugs, or a CSV's columns).
    The classifiers read the encoder's vector of each text (``vectors``, computed here when
    not given) and, when ``words`` is true, TF-IDF over its words and characters; by default
    words join once there are ``WORDS_FROM`` texts, enough for a vocabulary to mean something.
    Labels with fewer than ``min_positives`` examples are skipped (listed in
    ``model.info["skipped_labels"]``); with a ``base`` model they keep its rules and its
    classifier (``info["inherited_labels"]``), and without trained sentiment the model uses
    the base's. ``use_vectors=False`` trains on words alone (version 1's model). Thresholds
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
    if words is None:
        words = len(clean) >= WORDS_FROM
    info: dict[str, Any] = {
        "kind": kind,
        "trained": datetime.now(UTC).isoformat(timespec="seconds"),
        "rows": len(clean),
        "fingerprint": fingerprint(clean, [sorted(s) for s in row_labels]),
        "label_counts": {lb: counts[lb] for lb in trained_labels},
        "skipped_labels": skipped,
        "min_positives": min_positives,
        "features": [f for f, on in (("vectors", use_vectors), ("words", words)) if on],
        "parameters": {"c": c, "alpha": alpha, "folds": folds, "balanced": balanced,
                       "rule_weights_tried": list(RULE_WEIGHTS),
                       "vector_weight": VECTOR_WEIGHT},
    }
    if not use_vectors and not words:
        raise ValueError("a model needs the encoder's vectors, words, or both")
    model = ThemeModel(rules=rules, vectors=use_vectors, info=info)
    if (base is not None and base.sentiment is not None and base.vectors and use_vectors
            and sentiments is None):
        model.sentiment = _Softmax(base.sentiment.classes, base.sentiment.coef,
                                   base.sentiment.intercept, get_encoder().dimensions)
    prior = _prior(base) if use_vectors else None
    inherit = tuple(lb for lb in prior.labels if lb not in trained_labels) if prior else ()
    if not clean or (not trained_labels and not inherit and sentiments is None):
        return model
    if words:
        try:
            model.featurizer = TextFeaturizer.fit(clean, min_df=2 if len(clean) >= 50 else 1)
        except ValueError as exc:  # e.g. no word at all in the texts
            raise ModelError(f"cannot train on these texts: {exc}") from exc
    if not use_vectors:
        vectors = None
    elif vectors is None:
        vectors = get_encoder().encode(clean)
    else:
        vectors = np.asarray(vectors, dtype=np.float32)[keep_rows]
    x = model.features(clean, vectors)
    assert x is not None
    n_words = model.featurizer.n_features if model.featurizer is not None else 0
    if trained_labels:
        y = np.array(
            [[1 if lb in s else 0 for lb in trained_labels] for s in row_labels], dtype=np.int8
        )
        model.linear = _train_linear(
            x, y, trained_labels, clean, rules, folds, c, alpha, seed, info, n_words, prior,
            balanced,
        )
    if inherit:
        # Themes the area has not confirmed often enough yet keep the default model's reading,
        # so an area's first confirmations add to what it had on day one, never take away.
        assert prior is not None
        model.linear = _with_inherited(model.linear, prior, inherit, x.shape[1])
        info["inherited_labels"] = list(inherit)
    if sentiments is not None:
        sent = [sentiments[i] for i in keep_rows]
        model.sentiment = _train_sentiment(x, clean, sent, folds, seed, info)
    return model


# An area's own vocabulary joins the encoder's vectors from this many confirmed comments.
WORDS_FROM = 300


def _prior(base: ThemeModel | None) -> _Linear | None:
    """The base's classifier, when it reads the encoder's vector alone (the default model):
    an area's model can then lean on it column for column."""
    if base is None or base.linear is None or not base.vectors or base.featurizer is not None:
        return None
    return base.linear


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
    words: int,
    prior: _Linear | None = None,
    balanced: bool = True,
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
    prior_rows = np.array([prior.labels.index(lb) if prior is not None and lb in prior.labels
                           else -1 for lb in labels], dtype=np.int64)
    has_prior = prior_rows >= 0
    offsets = None
    if prior is not None and has_prior.any():
        base = prior.logits(x[:, x.shape[1] - prior.coef.shape[1]:]).astype(np.float64)
        offsets = np.zeros((n, k), dtype=np.float64)
        offsets[:, has_prior] = base[:, prior_rows[has_prior]]
    oof = np.zeros((n, k), dtype=np.float64)
    can_cv = folds >= 2 and n >= 4 * folds
    if can_cv:
        for f in range(folds):
            train_rows = np.flatnonzero(fold_of != f)
            test_rows = np.flatnonzero(fold_of == f)
            x_test = x[test_rows]
            fitted_all = _fit_all(x[train_rows], y[train_rows], c, alpha, words,
                                  None if offsets is None else offsets[train_rows], has_prior,
                                  balanced)
            for j, fitted in enumerate(fitted_all):
                if fitted is None:
                    oof[test_rows, j] = float(y[train_rows[0], j])
                    continue
                coef, b, w = fitted
                z = np.asarray(x_test @ coef, dtype=np.float64) + b
                if offsets is not None:
                    z += w * offsets[test_rows, j]
                oof[test_rows, j] = 1.0 / (1.0 + np.exp(-z))
        # The rules' share and the threshold are chosen together, on out-of-fold predictions.
        choices = []
        for weight in RULE_WEIGHTS if has_rule.any() else (RULE_WEIGHT,):
            mix = np.where(has_rule, (1 - weight) * oof + weight * rule_scores, oof)
            threshold, objective = _best_global_threshold(mix, y)
            choices.append((objective, -abs(weight - RULE_WEIGHT), weight, threshold))
        _, _, rule_weight, threshold = max(choices)
        if prior is not None and n < TUNE_FROM:
            # Too few comments to tune on: keep the default model's threshold and rule share.
            threshold, rule_weight = float(prior.thresholds.mean()), RULE_WEIGHT
        info["rule_weight"] = rule_weight
        blended = np.where(has_rule, (1 - rule_weight) * oof + rule_weight * rule_scores, oof)
        thresholds = np.full(k, threshold)
        # Held-back estimate: each fold scored with a threshold tuned on the other folds.
        pred = np.zeros((n, k), dtype=bool)
        for f in range(folds):
            rest = fold_of != f
            rows = fold_of == f
            pred[rows] = blended[rows] >= _best_global_threshold(blended[rest], y[rest])[0]
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
    weights = np.zeros(k, dtype=np.float32)
    for j, fitted in enumerate(_fit_all(x, y, c, alpha, words, offsets, has_prior, balanced)):
        if fitted is not None:
            coefs[j], intercepts[j], weights[j] = fitted
    if prior is None:
        return _Linear(labels, coefs, intercepts, thresholds.astype(np.float32))
    return _Linear(labels, coefs, intercepts, thresholds.astype(np.float32), prior, prior_rows,
                   weights)


def _with_inherited(own: _Linear | None, base: _Linear, labels: tuple[str, ...],
                    width: int) -> _Linear:
    """``own`` plus ``labels`` read by ``base`` alone (weight 1, the base's threshold)."""
    rows = np.array([base.labels.index(label) for label in labels], dtype=np.int64)
    extra = (np.zeros((len(rows), width), dtype=np.float32), np.zeros(len(rows), np.float32),
             base.thresholds[rows], rows, np.ones(len(rows), dtype=np.float32))
    if own is None:
        return _Linear(labels, *extra[:3], base, extra[3], extra[4])
    own_rows = own.prior_rows if own.prior_rows is not None else np.full(
        len(own.labels), -1, dtype=np.int64)
    own_weight = own.prior_weight if own.prior_weight is not None else np.zeros(
        len(own.labels), dtype=np.float32)
    return _Linear(own.labels + labels, np.vstack([own.coef, extra[0]]),
                   np.concatenate([own.intercept, extra[1]]),
                   np.concatenate([own.thresholds, extra[2]]), base,
                   np.concatenate([own_rows, extra[3]]),
                   np.concatenate([own_weight, extra[4]]))


def sentiment_from_value(value: str) -> str | None:
    """Map a sentiment cell to a class: 1-2 positive, 3 neutral, 4-5 negative, or words."""
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
        "neutral": "neutral", "mixed": "mixed", "neutral/mixed": "neutral",
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
