"""Public search in the words families use: synonyms for SEND terms and small misspellings.

A parent types "EHCP", the page says "EHC plan"; a parent types "austism" or "speach therapy".
Each word of the query is expanded into the forms that mean the same (``SYNONYMS``, written
for this project from the words used in SEND services in England), and a word of five letters
or more also matches a word of the text that is one small slip away (``difflib``, standard
library). Every word of the query must be found, as before; only what counts as found grows.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

__all__ = ["SYNONYMS", "matches", "query_terms"]

# Groups of words and phrases that mean the same to a family. Lower case; a phrase is matched
# as a phrase. Keep each group about one thing: a search for one must find the others.
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("ehcp", "ehcps", "ehc plan", "ehc plans", "ehc", "education health and care plan",
     "education, health and care plan", "education health and care plans", "statement"),
    ("ehc needs assessment", "needs assessment", "ehcna", "statutory assessment"),
    ("senco", "sencos", "special educational needs coordinator",
     "special educational needs co-ordinator", "sen coordinator"),
    ("salt", "speech and language therapy", "speech and language therapist",
     "speech therapy", "speech therapist", "speech and language"),
    ("ot", "occupational therapy", "occupational therapist", "occupational therapists"),
    ("ep", "eps", "educational psychologist", "educational psychologists",
     "educational psychology"),
    ("camhs", "child and adolescent mental health services",
     "child and adolescent mental health service", "mental health service",
     "mental health services", "cypmhs"),
    ("asd", "asc", "autism", "autistic", "autism spectrum disorder",
     "autism spectrum condition"),
    ("adhd", "attention deficit hyperactivity disorder", "attention deficit"),
    ("la", "council", "local authority", "the council"),
    ("short breaks", "short break", "respite", "respite care"),
    ("send", "special educational needs and disabilities", "special educational needs",
     "sen"),
    ("sendiass", "iass", "information advice and support service",
     "information, advice and support service", "parent partnership"),
    ("pcf", "parent carer forum", "forum"),
    ("tribunal", "sendist", "first-tier tribunal", "appeal"),
    ("pru", "pupil referral unit", "alternative provision", "ap"),
    ("transport", "home to school transport", "school transport", "travel assistance",
     "school bus", "taxi"),
    ("annual review", "annual reviews", "review meeting"),
    ("personal budget", "personal budgets", "direct payment", "direct payments"),
    ("local offer", "local offer website"),
    ("dla", "disability living allowance"),
    ("sen support", "school support", "additional support"),
    ("dyslexia", "dyslexic", "specific learning difficulty", "spld"),
    ("semh", "social emotional and mental health", "social, emotional and mental health"),
    ("eotas", "education otherwise than at school", "home education", "elective home education",
     "ehe", "home schooling", "home-schooling"),
    ("physio", "physiotherapy", "physiotherapist"),
    ("paediatrician", "paediatrics", "community paediatrician", "pediatrician"),
    ("ld", "learning disability", "learning disabilities"),
)

# Words at least this long may be one small slip from the word meant ("austism"). Shorter
# words are too easily another real word ("ot" and "it", "sen" and "see").
FUZZY_MIN_LETTERS = 5
# difflib's ratio for one letter added, dropped or swapped in a 5-8 letter word is 0.8-0.93;
# two slips in a short word fall below.
FUZZY_RATIO = 0.8

_WORD = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=1)
def _groups_by_word() -> dict[str, tuple[str, ...]]:
    """Each synonym, normalised, to every synonym of its groups (a word may sit in several)."""
    found: dict[str, set[str]] = {}
    for group in SYNONYMS:
        forms = {_normal(g) for g in group}
        for form in forms:
            found.setdefault(form, set()).update(forms)
    return {k: tuple(sorted(v)) for k, v in found.items()}


def _normal(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def query_terms(q: str) -> list[tuple[str, ...]]:
    """The query as a list of alternatives: each entry is found when any of its forms is.

    Known phrases ("speech therapy", "local authority") are kept together before single
    words, so "education health and care plan" is one term, not five."""
    typed = _normal(q).split()
    words = [_corrected(w) for w in typed]
    groups = _groups_by_word()
    longest = max((len(k.split()) for k in groups), default=1)
    terms: list[tuple[str, ...]] = []
    i = 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            phrase = " ".join(words[i:i + size])
            if size > 1 and phrase in groups:
                terms.append(groups[phrase])
                i += size
                break
            if size == 1:
                own = typed[i]
                found = groups.get(phrase)
                terms.append((own, *found) if found and own not in found else
                             found or (own,))
                i += 1
        # (a phrase found moves i on; a single word always does)
    return terms


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    """Every word of every synonym: the words a misspelling is corrected towards."""
    return frozenset(w for group in SYNONYMS for form in group for w in _normal(form).split())


def _corrected(word: str) -> str:
    """A misspelt SEND word corrected ("austism" → "autism", "speach" → "speech"); any other
    word as typed (the text itself is still searched with tolerance, see ``_found``)."""
    vocabulary = _vocabulary()
    if len(word) < FUZZY_MIN_LETTERS or word in vocabulary:
        return word
    scored = [(SequenceMatcher(None, word, v).ratio(), v) for v in vocabulary
              if len(v) >= FUZZY_MIN_LETTERS and abs(len(v) - len(word)) <= 2]
    ratio, best = max(scored, default=(0.0, word))
    return best if ratio >= FUZZY_RATIO else word


def matches(terms: list[tuple[str, ...]], text: str) -> bool:
    """True when every term is found in ``text``: as a whole word or phrase, or, for a word
    of five letters or more, as a word of the text one small slip away."""
    if not terms:
        return True
    normal = _normal(text)
    padded = f" {normal} "
    words = set(normal.split())
    return all(any(_found(form, padded, words) for form in term) for term in terms)


def _found(form: str, padded: str, words: set[str]) -> bool:
    if f" {form} " in padded:
        return True
    if " " in form:
        return False
    # A word the family typed may also be the start of a longer word ("transport" in
    # "transported"), as the search did before synonyms.
    if len(form) >= 4 and any(w.startswith(form) for w in words):
        return True
    if len(form) < FUZZY_MIN_LETTERS:
        return False
    return any(abs(len(w) - len(form)) <= 2 and len(w) >= FUZZY_MIN_LETTERS
               and SequenceMatcher(None, form, w).ratio() >= FUZZY_RATIO for w in words)
