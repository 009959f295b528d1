"""Emerging themes: group the comments no theme explains well, and name each group.

Comments whose best theme score is low are kept (a bounded, seeded sample), clustered with
k-means on TF-IDF word features, and each cluster is named by its most distinctive words
(centroid weight against the whole sample) with the quotes nearest its centre. Clusters smaller
than ``min_size`` are dropped and clusters whose centres are very alike are merged.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["STOP_WORDS", "EmergingTheme", "find_emerging_themes"]

STOP_WORDS = frozenset(
    [
        "a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "are",
        "as", "at", "be", "because", "been", "before", "being", "but", "by", "can", "could", "did",
        "do", "does", "doing", "don", "for", "from", "get", "got", "had", "has", "have", "having",
        "he", "her", "here", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its",
        "just", "me", "more", "most", "my", "no", "nor", "not", "of", "off", "on", "once", "only",
        "or", "other", "our", "out", "over", "own", "same", "she", "should", "so", "some", "such",
        "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those",
        "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when",
        "where", "which", "while", "who", "why", "will", "with", "would", "you", "your", "really",
        "still", "even", "much", "many", "one", "two", "also", "lot", "lots", "us", "im", "ive",
        "dont", "didnt", "cant", "wasnt", "isnt", "name", "redacted", "child", "s", "t",
    ]
)


@dataclass(frozen=True, slots=True)
class EmergingTheme:
    name: str
    words: tuple[str, ...]
    size: int
    quotes: tuple[str, ...]


def find_emerging_themes(
    texts: Sequence[str],
    *,
    min_size: int = 5,
    max_themes: int = 12,
    merge_similarity: float = 0.6,
    seed: int = 0,
) -> list[EmergingTheme]:
    """Groups among ``texts`` (already redacted), biggest first."""
    texts = [t for t in texts if t.strip()]
    if len(texts) < 2 * min_size:
        return []
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(
        stop_words=sorted(STOP_WORDS), min_df=2, max_df=0.5, sublinear_tf=True,
        token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z]+\b",  # noqa: S106 - not a password
    )
    try:
        x = vectorizer.fit_transform(texts)
    except ValueError:  # no word appears twice
        return []
    keep = np.flatnonzero(np.asarray(x.getnnz(axis=1)) > 0)
    if len(keep) < 2 * min_size:
        return []
    x = x[keep]
    k = max(2, min(max_themes * 2, int(math.sqrt(len(keep) / 2))))
    km = KMeans(n_clusters=k, n_init=3, random_state=seed)
    assign = km.fit_predict(x)
    centres = km.cluster_centers_
    norms = np.linalg.norm(centres, axis=1, keepdims=True)
    unit = centres / np.maximum(norms, 1e-12)
    # Merge clusters whose centres point the same way.
    parent = list(range(k))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    sims = unit @ unit.T
    for i in range(k):
        for j in range(i + 1, k):
            if sims[i, j] >= merge_similarity:
                parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for row, c in enumerate(assign):
        groups.setdefault(find(int(c)), []).append(row)
    vocab = vectorizer.get_feature_names_out()
    overall = np.asarray(x.mean(axis=0)).ravel()
    themes: list[EmergingTheme] = []
    for rows in groups.values():
        if len(rows) < min_size:
            continue
        sub = x[rows]
        centre = np.asarray(sub.mean(axis=0)).ravel()
        # Share of the group using each word, against the whole sample: distinctive words.
        used = np.asarray((sub > 0).mean(axis=0)).ravel()
        distinct = centre / (overall + 1e-3) * used
        order = [int(i) for i in np.argsort(-distinct) if used[i] >= 0.2][:8]
        words: list[str] = []
        for i in order:
            w = str(vocab[i])
            if not any(w in other or other in w for other in words):
                words.append(w)
        words = words[:4]
        if not words:
            continue
        closeness = np.asarray(sub @ centre).ravel()
        quotes: list[str] = []
        for i in np.argsort(-closeness):
            quote = texts[int(keep[rows[int(i)]])]
            if quote not in quotes and len(quote) <= 400:
                quotes.append(quote)
            if len(quotes) == 3:
                break
        themes.append(EmergingTheme(", ".join(words[:3]), tuple(words), len(rows), tuple(quotes)))
    themes.sort(key=lambda t: -t.size)
    # Drop groups whose names repeat an earlier, bigger group's words.
    result: list[EmergingTheme] = []
    for theme in themes:
        if any(len(set(theme.words[:2]) & set(t.words[:2])) == 2 for t in result):
            continue
        result.append(theme)
    return result[:max_themes]
