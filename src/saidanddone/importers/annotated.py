"""The annotated page format the block labeller is trained and checked on.

A file holds pages; each starts with ``=== page <id> positive|negative``. Spans of the page are
marked ``<<said 2|...>>`` (kinds: title, period, section, head N, asked N, said N,
did N STATUS). ``read_pages`` gives each page's plain text and spans; ``gold_labels`` gives the
role of every unit of it, the labels the model learns:

- ``O``: anything else (menus, introductions, statistics with no action);
- ``L-SAID``, ``L-DID``, ``L-ASK``: a bare label ("You said:", "Action taken") that introduces
  the field after it; learning them as roles of their own ties what follows to the label;
- ``TITLE``, ``PERIOD``, ``SECTION``: the page's title, a stated period, a grouping heading;
- ``HEAD``, ``ASK``, ``SAID``, ``DID``: a field of an entry. Where one entry ends and the next
  begins follows from their order (a "said" after a "did" starts a new entry), which the
  assembler applies; marking entry starts as labels of their own was tried and learnt worse.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from saidanddone.importers.blocks import find_label
from saidanddone.importers.units import Line, Unit

STATUSES = ("done", "in_progress", "planned", "not_possible", "unknown")
FIELD_LABELS = {"head": "HEAD", "asked": "ASK", "said": "SAID", "did": "DID"}
PAGE_LABELS = {"title": "TITLE", "period": "PERIOD", "section": "SECTION"}
LABELS = (
    "O", "TITLE", "PERIOD", "SECTION", *FIELD_LABELS.values(), "L-SAID", "L-DID", "L-ASK"
)
_LABEL_ROLE = {"said": "L-SAID", "did": "L-DID", "asked": "L-ASK"}

_HEADER = re.compile(r"^=== page (\S+) (positive|negative)\s*$", re.MULTILINE)
_SPAN = re.compile(
    r"<<(?P<kind>title|period|section|head|asked|said|did)"
    r"(?:\s+(?P<entry>\d+))?(?:\s+(?P<status>[a-z_]+))?\|(?P<text>.*?)>>",
    re.DOTALL,
)


class AnnotationError(ValueError):
    """A page's markup is malformed; the message says where."""


@dataclass(frozen=True)
class Span:
    kind: str
    entry: int | None
    status: str | None
    start: int
    end: int


@dataclass(frozen=True)
class Page:
    id: str
    positive: bool
    text: str
    spans: tuple[Span, ...]


def parse_page(page_id: str, positive: bool, marked: str) -> Page:
    """One page's marked text as plain text and spans."""
    plain: list[str] = []
    spans: list[Span] = []
    position = 0
    length = 0
    for match in _SPAN.finditer(marked):
        before = marked[position : match.start()]
        plain.append(before)
        length += len(before)
        kind, entry, status = match["kind"], match["entry"], match["status"]
        if kind in FIELD_LABELS and entry is None:
            raise AnnotationError(f"{page_id}: a {kind} span without an entry number")
        if kind == "did" and status not in STATUSES:
            raise AnnotationError(f"{page_id}: did span with status {status!r}")
        text = match["text"]
        spans.append(
            Span(kind, int(entry) if entry else None, status, length, length + len(text))
        )
        plain.append(text)
        length += len(text)
        position = match.end()
    plain.append(marked[position:])
    text = "".join(plain)
    if "<<" in text or ">>" in text:
        raise AnnotationError(f"{page_id}: unbalanced << or >>")
    return Page(page_id, positive, text, tuple(spans))


def read_pages(path: Path) -> Iterator[Page]:
    """Every page of an annotated file."""
    content = path.read_text(encoding="utf-8")
    headers = list(_HEADER.finditer(content))
    for number, header in enumerate(headers):
        end = headers[number + 1].start() if number + 1 < len(headers) else len(content)
        body = content[header.end() : end].strip("\n")
        yield parse_page(header[1], header[2] == "positive", body)


def gold_labels(page: Page, lines: Sequence[Line], units: Sequence[Unit]) -> list[str]:
    """The role of each unit: the span covering most of its letters, else ``O``."""
    owner: list[int] = [-1] * len(page.text)
    for number, span in enumerate(page.spans):
        for index in range(span.start, span.end):
            owner[index] = number
    labels: list[str] = []
    for unit in units:
        base = lines[unit.line].start + unit.start
        counts: dict[int, int] = {}
        for offset in range(unit.end - unit.start):
            char = lines[unit.line].text[unit.start + offset]
            if char.isalnum():
                key = owner[base + offset]
                counts[key] = counts.get(key, 0) + 1
        best = max(counts, key=lambda k: counts[k]) if counts else -1
        if best < 0:
            label = find_label(unit.text)
            bare = label is not None and not label.rest.strip()
            labels.append(_LABEL_ROLE[label.kind] if label is not None and bare else "O")
            continue
        span = page.spans[best]
        if span.kind in PAGE_LABELS:
            labels.append(PAGE_LABELS[span.kind])
            continue
        labels.append(FIELD_LABELS[span.kind])
    return labels


def did_statuses(page: Page) -> list[tuple[str, str]]:
    """Each did span's text and stated status, in page order."""
    return [
        (page.text[s.start : s.end], s.status or "unknown")
        for s in page.spans
        if s.kind == "did"
    ]
