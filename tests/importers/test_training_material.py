"""The importer's training and held-out pages share no wording with the shared real pages.

The shared pages (../shared/data/yswd_pages) measure the importer; nothing of theirs may reach
its training material or its held-out test pages. Any run of six words in one of our pages that
also occurs in a shared page fails this test, unless every word of it is a label word ("you said
we did you said"), which every such page uses. Skipped when the shared pages are absent.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from saidanddone.importers.annotated import read_pages

ROOT = Path(__file__).resolve().parents[2]
SHARED_PAGES = ROOT.parent / "shared" / "data" / "yswd_pages" / "pages"
RUN = 6
LABEL_WORDS = frozenset(
    "you said we did asked what told us your feedback our response responses action actions "
    "taken".split()
)

pytestmark = pytest.mark.skipif(
    not SHARED_PAGES.exists(), reason=f"the shared real pages are absent ({SHARED_PAGES})"
)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'"))


def _runs(text: str) -> set[str]:
    words = _words(text)
    return {
        " ".join(words[i : i + RUN])
        for i in range(len(words) - RUN + 1)
        if not set(words[i : i + RUN]) <= LABEL_WORDS
    }


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _our_pages() -> Iterator[tuple[str, str]]:
    annotated = sorted((ROOT / "training" / "importer").glob("annotated_*.txt"))
    annotated.append(ROOT / "tests" / "importers" / "data" / "heldout_pages.txt")
    for path in annotated:
        for page in read_pages(path):
            yield f"{path.name}:{page.id}", page.text
    for path in sorted((ROOT / "training" / "importer").glob("structured_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                doc = json.loads(line)
                yield f"{path.name}:{doc.get('id')}", " . ".join(_strings(doc))


def test_no_training_or_held_out_page_repeats_wording_from_the_shared_pages() -> None:
    shared: set[str] = set()
    for path in SHARED_PAGES.glob("*.txt"):
        shared |= _runs(path.read_text(encoding="utf-8"))
    overlaps = {name: sorted(_runs(text) & shared)[:2] for name, text in _our_pages()}
    overlaps = {name: runs for name, runs in overlaps.items() if runs}
    assert not overlaps, f"pages repeating shared wording: {overlaps}"
