"""Normalisation: tidy whitespace and stray encodings, and spot answers with no content.

``normalise`` keeps the text's meaning and its words; it only repairs what survey tools and
spreadsheets do to text (non-breaking spaces, smart quotes, zero-width characters, mojibake
from UTF-8 read as Windows-1252, runs of whitespace).
``is_no_content`` recognises "nothing to add"-style answers ("N/A", "no comment", "-", "nothing
else", "Did not answer") so they are counted but not themed or quoted.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["is_no_content", "is_non_answer", "normalise"]

# UTF-8 bytes decoded as Windows-1252: the commonest sequences in exported survey files.
_MOJIBAKE = {
    "\u00e2\u20ac\u2122": "'",
    "\u00e2\u20ac\u02dc": "'",
    "\u00e2\u20ac\u0153": '"',
    "\u00e2\u20ac\u009d": '"',
    "\u00e2\u20ac\u201c": "-",
    "\u00e2\u20ac\u201d": "-",
    "\u00e2\u20ac\u00a6": "...",
    "\u00c2\u00a3": "\u00a3",
    "\u00c2\u00a0": " ",
    "\u00c3\u00a9": "\u00e9",
}
_MOJIBAKE_RE = re.compile("|".join(re.escape(k) for k in sorted(_MOJIBAKE, key=len, reverse=True)))

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u200b": "",
        "\u200c": "",
        "\u200d": "",
        "\ufeff": "",
        "\u00ad": "",
        "\r": "\n",
        "\t": " ",
    }
)
_SPACES_RE = re.compile(r"[ \f\v]+")
_NEWLINES_RE = re.compile(r" *\n[\n ]*")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalise(text: str) -> str:
    """Return ``text`` with encodings repaired and whitespace tidied (paragraphs kept)."""
    if not text:
        return ""
    if "\u00e2" in text or "\u00c2" in text or "\u00c3" in text:
        text = _MOJIBAKE_RE.sub(lambda m: _MOJIBAKE[m.group(0)], text)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text).translate(_TRANSLATE)
    elif "\r" in text or "\t" in text:
        text = text.translate(_TRANSLATE)
    text = _CONTROL_RE.sub(" ", text)
    text = _SPACES_RE.sub(" ", text)
    if "\n" in text:
        text = _NEWLINES_RE.sub(lambda m: "\n\n" if m.group(0).count("\n") > 1 else "\n", text)
    return text.strip()


# Whole answers that carry nothing to analyse. Matched against a lower-cased, letters-only
# form of the answer, so punctuation and spacing do not matter.
_NO_CONTENT_PHRASES = (
    r"n ?a|none|nil|nothing|no|nope|na|non|not applicable|no comments?|no comment to make|"
    r"no comments? at (?:this|the) time|no further comments?|no other comments?|"
    r"nothing (?:else|more|further)(?: to (?:add|say|report|comment))?|"
    r"nothing to (?:add|say|report|comment(?: on)?|declare)|nothing at (?:all|this time|the moment|"
    r"present)|nothing really|not really|none really|nothing i can think of|"
    r"(?:i )?(?:can ?not|cant|can't) think of anything(?: else)?|no idea|dont know|don't know|"
    r"do not know|not sure|unsure|dk|idk|did not answer|didnt answer|no answer|no response|"
    r"not answered|blank|test|testing|see above|as above|same as above|ditto|"
    r"no thanks?|no thank you|none thanks?|none thank you|nothing thanks?|nothing thank you|"
    r"n/a|x|xx|xxx|no changes?|no improvements? needed|"
    r"none needed|nothing needed|nothing to improve|nothing needs? (?:to )?(?:change|improving)|"
    r"no suggestions?|no concerns?|no issues?|thanks|thank you|cheers|many thanks"
)
_NO_CONTENT_RE = re.compile(rf"(?:{_NO_CONTENT_PHRASES})(?: (?:{_NO_CONTENT_PHRASES}))*")
_LETTERS_RE = re.compile(r"[^a-z/']+")


def is_no_content(text: str) -> bool:
    """True when the answer says nothing: empty, punctuation only, or "nothing to add"-style.

    Only whole answers count: "nothing else, but the wait was long" has content. Short answers
    that carry a view ("fine", "all good") are content, as they carry sentiment.
    """
    if not text:
        return True
    if len(text) > 80:
        return False
    key = _LETTERS_RE.sub(" ", text.lower()).strip()
    if not key or not any(c.isalpha() for c in key):
        return True
    if _NO_CONTENT_RE.fullmatch(key) is not None:
        return True
    # Two letters swapped in a one-word answer ("nohting", "ntohing"), as typed on phones.
    return " " not in key and "".join(sorted(key)) in _SCRAMBLED


_NON_ANSWER_RE = re.compile(
    r"(?:n ?a|n/a|not applicable|did not answer|didnt answer|no answer|no response|not answered|"
    r"blank|test|testing|x|xx|xxx|dk|idk|dont know|don't know|do not know|not sure|unsure|"
    r"no idea|see above|as above|same as above|ditto)"
)


def is_non_answer(text: str) -> bool:
    """True for an answer that was not given at all ("Did not answer", "N/A", "don't know"),
    as opposed to an answer that says there is nothing to add ("Nothing", "None")."""
    if not text or len(text) > 40:
        return not text
    key = _LETTERS_RE.sub(" ", text.lower()).strip()
    return not key or _NON_ANSWER_RE.fullmatch(key) is not None


_SCRAMBLED = frozenset("".join(sorted(w)) for w in ("nothing", "none", "nil", "nothin"))
