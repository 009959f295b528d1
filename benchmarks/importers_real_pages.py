"""The importer on real published "You said, we did" pages (../shared/data/yswd_pages).

    .venv/bin/python benchmarks/importers_real_pages.py [--pages DIR] [--misses]

Reads the 70 shared pages (38 with said/did pairs, 32 look-alikes with none) with
``read_document`` and prints, as the shared README defines them:

- recall: an expected entry is found when one extracted entry holds each of its key phrases in
  the right field ("asked" in ``we_asked``, "you" in ``you_said``, "we" in ``we_did``), compared
  case-insensitively after NFKC and white-space folding. Each extracted entry may count for one
  expected entry only (a maximum matching), so one entry swallowing a page finds one entry;
- fabricated pairs: entries with both a "You said" and a "We did" on the negative pages;
- periods: pages whose stated period is found (every month name and four-digit year of the
  stated period appear in one extracted period or the document's period);
- status: on entries whose action states its status (labels in benchmarks/data/, made by
  reading the pages; no page text), how often the found entry's commitments carry it;
- seconds per page, median and worst.

It first prints the same kind of figures for the project's own held-out pages
(tests/importers/data/heldout_pages.txt, written apart from the training pages): recall of
entries by the first words of each field, pairs on look-alikes, and status accuracy.

Nothing here is tuned to: the importer is trained on pages written for this project, and a test
fails if any of them repeats wording from the shared pages.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from shared_data import SHARED  # noqa: E402

from saidanddone.importers import DocumentError, Entry, ImportedDocument, read_document  # noqa: E402
from saidanddone.importers.annotated import read_pages  # noqa: E402
from saidanddone.importers.evaluation import fold, holds  # noqa: E402
from saidanddone.importers.evaluation import score_pages as score_annotated  # noqa: E402

PAGES = SHARED / "yswd_pages"
STATUS_LABELS = ROOT / "benchmarks" / "data" / "yswd_pages_status.json"
HELD_OUT = ROOT / "tests" / "importers" / "data" / "heldout_pages.txt"
TODAY = date(2026, 11, 28)
FIELDS = ("asked", "you", "we")
MONTHS = (
    "january february march april may june july august september october november december"
).split()


def wanted(entry: dict[str, str | None]) -> dict[str, str]:
    """An expected entry's key phrases, folded as the importer's text is."""
    return {key: fold(phrase) for key, phrase in entry.items() if key in FIELDS and phrase}


def max_matching(edges: list[list[int]], right: int) -> list[int | None]:
    """For each left node, the right node it is matched to (Kuhn's augmenting paths)."""
    owner: list[int | None] = [None] * right

    def augment(left: int, seen: set[int]) -> bool:
        for r in edges[left]:
            if r in seen:
                continue
            seen.add(r)
            current = owner[r]
            if current is None or augment(current, seen):
                owner[r] = left
                return True
        return False

    for left in range(len(edges)):
        augment(left, set())
    matched: list[int | None] = [None] * len(edges)
    for r, held_by in enumerate(owner):
        if held_by is not None:
            matched[held_by] = r
    return matched


def period_tokens(text: str) -> set[str]:
    low = fold(text)
    # a month written short ("Feb 2023") is the same month
    tokens = {m for m in MONTHS if re.search(rf"\b{m[:3]}(?:{m[3:]}|t?\.?)?\b", low)}
    return tokens | set(re.findall(r"\b(?:19|20)\d\d\b", low))


def period_found(stated: str, doc: ImportedDocument) -> bool:
    wanted = period_tokens(stated)
    candidates = [doc.period or "", *(e.period or "" for e in doc.entries)]
    return bool(wanted) and any(wanted <= period_tokens(c) for c in candidates if c)


@dataclass
class Score:
    expected: int = 0
    found: int = 0
    pages: int = 0
    fabricated: int = 0
    negatives_with_pairs: int = 0
    periods_stated: int = 0
    periods_found: int = 0
    status_stated: int = 0
    status_right: int = 0
    status_found: int = 0  # stated entries that were found
    seconds: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    by_shape: dict[str, list[int]] = field(default_factory=dict)  # shape -> [found, expected]


def read(path: Path, score: Score) -> ImportedDocument | None:
    data = path.read_bytes()
    start = time.perf_counter()
    try:
        doc = read_document(data, path.name, today=TODAY)
    except DocumentError:
        doc = None
    score.seconds.append(time.perf_counter() - start)
    return doc


def entry_status(entry: Entry, phrase: str | None) -> str | None:
    """The status of the commitment holding the key phrase, else of the first commitment."""
    if not entry.commitments:
        return None
    if phrase:
        for commitment in entry.commitments:
            if fold(phrase) in fold(commitment.text):
                return commitment.status
    return entry.commitments[0].status


def score_pages(pages: Path, status_labels: dict[str, list[str | None]]) -> Score:
    expected = json.loads((pages / "expected.json").read_text(encoding="utf-8"))
    score = Score()
    for name, spec in sorted(expected["positive"].items()):
        doc = read(pages / "pages" / name, score)
        entries = list(doc.entries) if doc else []
        listed: Sequence[dict[str, str | None]] = spec["entries"]
        edges = [[j for j, e in enumerate(entries) if holds(wanted(w), e)] for w in listed]
        matched = max_matching(edges, len(entries))
        score.pages += 1
        score.expected += len(listed)
        score.found += sum(m is not None for m in matched)
        shape = score.by_shape.setdefault(spec.get("shape", "?"), [0, 0])
        shape[0] += sum(m is not None for m in matched)
        shape[1] += len(listed)
        for index, (want, match) in enumerate(zip(listed, matched, strict=True)):
            if match is None:
                score.misses.append(f"{name}[{index}]")
            stated = (status_labels.get(name) or [None] * len(listed))[index]
            if stated:
                score.status_stated += 1
                score.status_found += match is not None
                if match is not None and entry_status(entries[match], want.get("we")) == stated:
                    score.status_right += 1
        if spec.get("period"):
            score.periods_stated += 1
            score.periods_found += bool(doc and period_found(spec["period"], doc))
    for name in sorted(expected["negative"]):
        doc = read(pages / "pages" / name, score)
        pairs = [e for e in (doc.entries if doc else ()) if e.you_said and e.we_did]
        score.fabricated += len(pairs)
        score.negatives_with_pairs += bool(pairs)
    return score


def read_status_labels() -> dict[str, list[str | None]]:
    if not STATUS_LABELS.exists():
        return {}
    labels: dict[str, list[str | None]] = json.loads(STATUS_LABELS.read_text(encoding="utf-8"))[
        "status"
    ]
    return labels


def held_out() -> None:
    """The same reading on the project's own held-out pages (never trained on)."""
    score = score_annotated(
        read_pages(HELD_OUT),
        lambda text: list(read_document(text.encode("utf-8"), "page.txt", today=TODAY).entries),
    )
    print(f"-- own held-out pages ({HELD_OUT.relative_to(ROOT)}):")
    print(f"recall: {score.found}/{score.expected} = {score.recall:.3f}")
    print(f"fabricated pairs on look-alikes: {score.fabricated} ({score.look_alikes} pages)")
    print(
        f"status right: {score.status_right}/{score.status_stated} = "
        f"{score.status_accuracy:.3f} (actions whose status is stated)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=Path, default=PAGES)
    parser.add_argument("--misses", action="store_true", help="list the entries not found")
    args = parser.parse_args()
    held_out()
    if not (args.pages / "expected.json").exists():
        print(f"skipped: the shared pages are absent ({args.pages})")
        return 0
    score = score_pages(args.pages, read_status_labels())
    print("-- shared real pages:")
    print(f"pages: {score.pages} with pairs, {len(score.seconds) - score.pages} look-alikes")
    print(f"recall: {score.found}/{score.expected} = {score.found / score.expected:.3f}")
    print(
        f"fabricated pairs on look-alikes: {score.fabricated} "
        f"(on {score.negatives_with_pairs} pages)"
    )
    print(f"periods found: {score.periods_found} of {score.periods_stated} pages")
    print("by shape: " + "; ".join(
        f"{shape} {found}/{expected}" for shape, (found, expected) in score.by_shape.items()
    ))
    if score.status_stated:
        print(
            f"status right: {score.status_right}/{score.status_stated} = "
            f"{score.status_right / score.status_stated:.3f} (entries whose status is stated; "
            f"{score.status_right}/{score.status_found} of those found)"
        )
    print(
        f"seconds per page: median {statistics.median(score.seconds):.4f}, "
        f"worst {max(score.seconds):.4f}"
    )
    if args.misses:
        print("missed:", ", ".join(score.misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
