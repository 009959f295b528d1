"""How well the importer reads annotated pages: one measure for training, tests and benchmarks.

An expected entry is found when one imported entry (each counts once) holds the first words of
each of its fields in the right place: what was asked in ``we_asked``, what was said in
``you_said`` or the heading, what was done in ``we_did``. Look-alike pages should yield no entry
with both a "You said" and a "We did". A stated status is right when the commitment holding the
action's first words carries it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from saidanddone.importers.annotated import Page
from saidanddone.importers.model import DocumentError, Entry

KEY_WORDS = 6
_FIELD = {"asked": "asked", "said": "you", "did": "we"}


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    text = text.translate(str.maketrans("\u2018\u2019\u201c\u201d", "''\"\""))
    return " ".join(text.split())


def expected_entries(page: Page) -> list[dict[str, str]]:
    """Each entry of a page as the first words of the first span of each field."""
    fields: dict[int, dict[str, str]] = {}
    for span in page.spans:
        if span.entry is None or span.kind not in _FIELD:
            continue
        entry = fields.setdefault(span.entry, {})
        key = _FIELD[span.kind]
        if key not in entry:
            words = page.text[span.start : span.end].split()[:KEY_WORDS]
            entry[key] = fold(" ".join(words)).strip("\"'")
    return [fields[n] for n in sorted(fields)]


def _fields(entry: Entry) -> dict[str, str]:
    return {
        "asked": fold(entry.we_asked or ""),
        "you": fold(" | ".join([*entry.you_said, entry.heading or ""])),
        "we": fold(" | ".join(entry.we_did)),
    }


def holds(expected: dict[str, str], entry: Entry) -> bool:
    found = _fields(entry)
    return all(phrase in found[key] for key, phrase in expected.items() if phrase)


@dataclass
class Score:
    expected: int = 0
    found: int = 0
    look_alikes: int = 0
    fabricated: int = 0
    status_stated: int = 0
    status_right: int = 0

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 0.0

    @property
    def status_accuracy(self) -> float:
        return self.status_right / self.status_stated if self.status_stated else 0.0


def score_pages(pages: Iterable[Page], read: Callable[[str], list[Entry]]) -> Score:
    """Read each page's plain text with ``read`` and score what it found."""
    score = Score()
    for page in pages:
        try:
            entries = read(page.text)
        except DocumentError:
            entries = []
        if not page.positive:
            score.look_alikes += 1
            score.fabricated += sum(1 for e in entries if e.you_said and e.we_did)
            continue
        used: set[int] = set()
        for want in expected_entries(page):
            score.expected += 1
            for index, entry in enumerate(entries):
                if index not in used and holds(want, entry):
                    used.add(index)
                    score.found += 1
                    break
        commitments = [c for e in entries for c in e.commitments]
        for span in page.spans:
            if span.kind != "did" or span.status in {None, "unknown"}:
                continue
            score.status_stated += 1
            start = fold(" ".join(page.text[span.start : span.end].split()[:KEY_WORDS]))
            holding = [c for c in commitments if start[:40] in fold(c.text)]
            if holding and holding[0].status == span.status:
                score.status_right += 1
    return score
