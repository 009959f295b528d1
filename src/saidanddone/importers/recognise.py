"""One structure recogniser over blocks, shared by every format.

It walks the blocks once, keeping the current period and heading, and builds entries from
labels ("You said", "We did", "We asked"...), from tables whose header row names those
columns, and from headings that state what families asked for followed by actions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from saidanddone.importers.blocks import (
    BULLET,
    Block,
    ColumnRole,
    find_label,
    label_column,
    one_line,
)
from saidanddone.importers.dates import guess_status, is_period, period_text

# Boilerplate that ends the content: page-feedback boxes, cookie notices, footers.
_STOP = re.compile(
    r"^\W*(?:help\s+us\s+(?:to\s+)?improve|(?:give\s+|leave\s+)?feedback\s+(?:about|on)\s+this\s+"
    r"(?:web\s*)?page|was\s+this\s+(?:page|information)\s+(?:useful|helpful)"
    r"|is\s+there\s+anything\s+wrong\s+with\s+this\s+page|report\s+a\s+problem\s+with\s+this"
    r"|rate\s+this\s+page|share\s+this\s+page|print\s+this\s+page|back\s+to\s+top"
    r"|related\s+(?:pages|links|content)|cookies?\s+(?:on|settings|policy)|we\s+use\s+(?:some\s+)?cookies"
    r"|accept\s+(?:all\s+|additional\s+)?cookies|page\s+last\s+(?:updated|reviewed)|last\s+updated"
    r"|follow\s+us|accessibility\s+statement|privacy\s+(?:notice|policy)|\u00a9|copyright\b"
    r"|what\s+is\s+your\s+feedback\s+(?:for|on|about)\s+this)",
    re.IGNORECASE,
)
# A heading that states what families asked for, rather than naming a theme.
_ASK_HEADING = re.compile(
    r"\b(?:you|parents|families|carers|young\s+people|children|pupils)\b.*\b(?:said|told|asked|"
    r"want(?:ed)?|need(?:ed)?|would\s+like|raised|wished)\b"
    r"|^(?:more|better|clearer|quicker|faster|shorter|improv\w+|help\s+with|support\s+for|"
    r"information\s+(?:about|on)|less|fewer|easier)\b",
    re.IGNORECASE,
)
_QUOTES = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb"


@dataclass(frozen=True)
class RawEntry:
    """An entry as recognised, before dates, commitments and figures are read from it."""

    period: str | None
    heading: str | None
    we_asked: str | None
    you_said: tuple[str, ...]
    we_did: tuple[str, ...]
    labelled: bool
    did_label: bool
    did_hints: tuple[str, ...] = ()


@dataclass
class _Draft:
    period: str | None
    heading: str | None
    labelled: bool = True
    asked: list[str] = field(default_factory=list)
    said: list[str] = field(default_factory=list)
    did: list[str] = field(default_factory=list)
    did_labels: set[str] = field(default_factory=set)
    hints: list[str] = field(default_factory=list)
    hint: str = ""
    mode: str = "did"
    items: int = 0


def strip_quote(text: str) -> str:
    """A quote without its quotation marks, leading ellipsis or bullet."""
    text = BULLET.sub("", text.strip(), count=1).strip()
    for _ in range(3):
        text = text.strip().strip(_QUOTES).strip()
        text = re.sub(r"^(?:\.{2,}|\u2026)\s*", "", text)
    return text


def split_quotes(text: str) -> list[str]:
    """Several quoted statements in one block become several quotes."""
    quoted = re.findall(r"[\"\u201c]([^\"\u201c\u201d]{3,})[\"\u201d]", text)
    outside = re.sub(r"[\"\u201c][^\"\u201c\u201d]{3,}[\"\u201d]", "", text)
    if len(quoted) >= 2 and len(re.sub(r"[\W\d_]+", "", outside)) < 10:
        return [q for q in (strip_quote(q) for q in quoted) if q]
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) > 1 and all(BULLET.match(line) for line in lines[1:]):
        return [q for q in (strip_quote(line) for line in lines) if q]
    quote = strip_quote(text)
    return [quote] if quote else []


def split_paragraphs(text: str) -> list[str]:
    """A table cell's lines as separate paragraphs or bullets."""
    return [one_line(BULLET.sub("", line, count=1)) for line in text.split("\n") if line.strip()]


def _expand(blocks: Sequence[Block]) -> Iterator[Block]:
    """Split a block whose later lines start with a label (labels after a line break)."""
    for block in blocks:
        if block.kind in {"para", "item", "quote"} and "\n" in block.text:
            lines = block.text.split("\n")
            current: list[str] = []
            for line in lines:
                if current and find_label(line) is not None:
                    yield Block(block.kind, "\n".join(current))
                    current = []
                current.append(line)
            if current:
                yield Block(block.kind, "\n".join(current))
        else:
            yield block


class _Recogniser:
    def __init__(self) -> None:
        self.title: str | None = None
        self.period: str | None = None
        self.heading: str | None = None
        self.draft: _Draft | None = None
        self.entries: list[RawEntry] = []
        self.ignoring = False
        self.seen_content = False

    # ---------------------------------------------------------------- drafts

    def close(self) -> None:
        draft, self.draft = self.draft, None
        if draft is None:
            return
        if not draft.labelled and not self._unlabelled_ok(draft):
            return
        if not (draft.asked or draft.said or draft.did or draft.did_labels):
            return
        said = list(draft.said)
        if not draft.labelled and draft.heading and _ASK_HEADING.search(draft.heading) and not said:
            said = [draft.heading]
        self.entries.append(
            RawEntry(
                period=draft.period,
                heading=draft.heading,
                we_asked=" ".join(draft.asked) or None,
                you_said=tuple(said),
                we_did=tuple(one_line(d) for d in draft.did if one_line(d)),
                labelled=draft.labelled,
                did_label=bool(draft.did_labels),
                did_hints=tuple(
                    h for d, h in zip(draft.did, draft.hints, strict=True) if one_line(d)
                ),
            )
        )

    @staticmethod
    def _unlabelled_ok(draft: _Draft) -> bool:
        if not draft.did or not draft.heading:
            return False
        if _ASK_HEADING.search(draft.heading):
            return True
        acts = sum(1 for text in draft.did if guess_status(text) != "unknown")
        return draft.items > 0 and acts * 2 >= len(draft.did)

    def new(self, *, labelled: bool = True) -> _Draft:
        self.close()
        self.draft = _Draft(self.period, self.heading, labelled=labelled)
        return self.draft

    def add(self, draft: _Draft, text: str, *, item: bool = False) -> None:
        if not text.strip():
            return
        if draft.mode == "said":
            draft.said.extend(split_quotes(text))
        elif draft.mode == "asked":
            draft.asked.append(one_line(text))
        else:
            draft.did.append(text)
            draft.hints.append(draft.hint)
            draft.items += int(item)

    # ---------------------------------------------------------------- blocks

    def label(self, kind: str, name: str, rest: str, *, item: bool = False) -> None:
        self.ignoring = False
        self.seen_content = True
        draft = self.draft
        if draft is not None and not draft.labelled:
            self.close()
            draft = None
        if kind == "asked":
            if draft is None or draft.said or draft.did or draft.did_labels or draft.asked:
                draft = self.new()
        elif kind == "said":
            if draft is None or draft.did or draft.did_labels:
                draft = self.new()
        else:
            if (
                draft is None
                or name in draft.did_labels
                or (draft.did_labels and not draft.did)
                or (draft.mode == "did" and draft.did and not draft.did_labels)
            ):
                draft = self.new()
            draft.did_labels.add(name)
            draft.hint = name
        draft.mode = kind
        if (
            kind == "did"
            and name
            not in {
                "we did/will do",
                "we did",
                "we will",
                "we will do",
                "what we did",
                "what we will do",
                "we have done",
                "we've done",
                "what we have done",
                "what we've done",
                "we are doing",
                "we're doing",
                "what we are doing",
                "what we're doing",
                "we have",
                "we do",
                "response",
                "responses",
                "our response",
                "outcome",
                "outcomes",
                "action",
                "actions",
                "actions taken",
                "action taken",
            }
            and rest
        ):
            rest = f"{name[:1].upper()}{name[1:]}: {rest}"
        self.add(draft, rest, item=item)

    def heading_block(self, block: Block) -> None:
        text = block.text
        label = find_label(text)
        if label is not None:
            self.label(label.kind, label.name, label.rest)
            return
        if _STOP.search(text):
            self.close()
            self.ignoring = True
            return
        self.ignoring = False
        if is_period(text):
            self.close()
            if (
                self.title is None
                and not self.entries
                and block.level <= 1
                and re.search(r"[a-z]{3}", re.sub(r"(?i)\b(?:to|and|from|of|the)\b", "", text))
                and re.search(r"(?i)said|did|feedback|update", text)
            ):
                self.title = text
            self.period = period_text(text)
            self.heading = None
            return
        if (
            self.title is None
            and not self.entries
            and self.draft is None
            and (block.level <= 1 or not self.seen_content)
        ):
            self.title = text
            self.seen_content = True
            return
        self.close()
        self.heading = text
        self.seen_content = True

    def text_block(self, block: Block) -> None:
        label = find_label(block.text)
        if label is not None:
            self.label(label.kind, label.name, label.rest, item=block.kind == "item")
            return
        if _STOP.search(block.text):
            self.close()
            self.ignoring = True
            return
        if self.ignoring:
            return
        self.seen_content = True
        draft = self.draft
        if draft is None:
            if self.heading is None:
                return  # a preamble before any heading or label
            draft = self.new(labelled=False)
        if block.kind == "quote" and draft.labelled and draft.mode != "said" and not draft.did:
            draft.mode = "said"
        self.add(draft, block.text, item=block.kind == "item")

    def table(self, rows: list[Block]) -> None:
        roles: list[ColumnRole | None] = []
        start = 0
        for index, row in enumerate(rows[:4]):
            found = [label_column(cell) for cell in row.cells]
            if (
                sum(1 for r in found if r in {"said", "did", "asked"}) >= 1
                and sum(1 for r in found if r is not None) >= 2
            ):
                roles, start = found, index + 1
                break
        if not roles:
            # no header: a table of labels in the first column, or text laid out in cells
            for row in rows:
                cells = [c for c in row.cells if c]
                if not cells:
                    continue
                first = find_label(cells[0] + ("" if re.search(r"[:\-]$", cells[0]) else ":"))
                if first is not None and not first.rest and len(cells) > 1:
                    self.label(first.kind, first.name, "")
                    for cell in cells[1:]:
                        for line in split_paragraphs(cell) if first.kind == "did" else [cell]:
                            self.add(self.draft, line) if self.draft else None
                else:
                    for cell in cells:
                        self.text_block(Block("para", cell))
            return
        self.close()
        self.ignoring = False
        for row in rows[start:]:
            cells = list(row.cells) + [""] * max(0, len(roles) - len(row.cells))
            filled = [(i, c) for i, c in enumerate(cells) if c.strip()]
            if not filled:
                continue
            if (
                len(filled) == 1
                and filled[0][0] == 0
                and (len(row.cells) < len(roles) or _short_heading(filled[0][1]))
                and roles[0] not in {"theme", "period"}
            ):
                text = one_line(filled[0][1])
                if is_period(text):
                    self.period = period_text(text)
                else:
                    self.heading = text
                continue
            period, heading = self.period, self.heading
            asked: list[str] = []
            said: list[str] = []
            did: list[str] = []
            for role, cell in zip(roles, cells, strict=False):
                if not cell.strip() or role is None:
                    continue
                if role == "said":
                    said.extend(
                        split_quotes(cell)
                        if '"' in cell or "\u201c" in cell
                        else [strip_quote(p) for p in split_paragraphs(cell)]
                    )
                elif role == "did":
                    did.extend(split_paragraphs(cell))
                elif role == "evidence":
                    did.extend(f"Evidence: {p}" for p in split_paragraphs(cell))
                elif role == "asked":
                    asked.append(one_line(cell))
                elif role == "theme":
                    heading = one_line(cell)
                elif role == "period":
                    period = one_line(cell)
            self.entries.append(
                RawEntry(
                    period,
                    heading,
                    " ".join(asked) or None,
                    tuple(s for s in said if s),
                    tuple(did),
                    True,
                    "did" in roles,
                )
            )
        self.seen_content = True

    def run(self, blocks: Sequence[Block]) -> None:
        expanded = list(_expand(blocks))
        index = 0
        while index < len(expanded):
            block = expanded[index]
            if block.kind == "row":
                rows = [block]
                while (
                    index + 1 < len(expanded)
                    and expanded[index + 1].kind == "row"
                    and (expanded[index + 1].table == block.table)
                ):
                    index += 1
                    rows.append(expanded[index])
                self.table(rows)
            elif block.kind == "heading":
                self.heading_block(block)
            else:
                self.text_block(block)
            index += 1
        self.close()


def _short_heading(text: str) -> bool:
    text = one_line(text)
    return len(text.split()) <= 8 and not re.search(r"[.!?]$", text)


def recognise(blocks: Sequence[Block]) -> tuple[str | None, list[RawEntry]]:
    """The title and the entries found in ``blocks``."""
    recogniser = _Recogniser()
    recogniser.run(blocks)
    entries = recogniser.entries
    if any(e.labelled for e in entries):
        # a page with labels: sections without labels are navigation or asides unless their
        # heading states what families asked for
        entries = [
            e for e in entries if e.labelled or (e.heading and _ASK_HEADING.search(e.heading))
        ]
    return recogniser.title, entries
