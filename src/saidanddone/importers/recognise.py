"""From a parsed document to entries: tables by their header row, everything else by the labeller.

A table whose header row names its columns ("You said", "We did", "Status", "Owner", "Due" ...)
says what each cell is, so its rows are read directly. All other text, including tables with no
such header and pages flattened to plain text, goes to the learned block labeller
(``labeller.py``), which gives each unit a role; ``assemble`` builds entries from the roles.
An entry is kept only when the model is sure enough of it and the page shows pairs, so a
look-alike page (a policy, a survey invitation, a list of quotes) yields nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from saidanddone.importers.blocks import (
    BULLET,
    Block,
    ColumnRole,
    label_column,
    one_line,
    strip_quote,
)
from saidanddone.importers.dates import is_period, period_text
from saidanddone.importers.labeller import (
    Assembled,
    assemble,
    entry_gate,
    entry_signals,
    label_page,
    status_word,
)
from saidanddone.importers.units import Line, lines_from_blocks, lines_from_text, normalise_page


@dataclass(frozen=True)
class RawEntry:
    """An entry as recognised, before dates, commitments and figures are read from it.

    ``status``, ``owner`` and ``due`` are what the page states explicitly (a Status column, an
    "Owner:" line); they win over what the tense of the action suggests.
    """

    period: str | None
    heading: str | None
    we_asked: str | None
    you_said: tuple[str, ...]
    we_did: tuple[str, ...]
    status: str | None = None
    owner: str | None = None
    due: str | None = None


@dataclass(frozen=True)
class Recognised:
    title: str | None
    period: str | None
    entries: list[RawEntry]
    partial: bool  # some of the page's text looked like entries but was not sure enough
    text: str = ""  # all the page's text, for contacts and abbreviations


def split_quotes(text: str) -> list[str]:
    """Several quoted statements in one cell become several quotes."""
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


# ------------------------------------------------------------------------------------ tables


def _header(rows: Sequence[Block]) -> tuple[list[ColumnRole | None], int] | None:
    """The column roles and the first data row, when one of the first rows names columns."""
    for index, row in enumerate(rows[:4]):
        found = [label_column(cell) for cell in row.cells]
        if (
            sum(1 for r in found if r in {"said", "did", "asked"}) >= 1
            and sum(1 for r in found if r is not None) >= 2
        ):
            return found, index + 1
    return None


def table_entries(
    rows: Sequence[Block], period: str | None, heading: str | None
) -> list[RawEntry] | None:
    """The entries of a table with a header row, or None when it has none."""
    header = _header(rows)
    if header is None:
        return None
    roles, start = header
    entries: list[RawEntry] = []
    # a row with only its first cell filled heads the rows below it, unless every row is so:
    # then the other columns were left empty (feedback not yet answered)
    first_only = [
        [i for i, c in enumerate(row.cells) if c.strip()] == [0] for row in rows[start:]
    ]
    headings_possible = not all(first_only)
    for row in rows[start:]:
        cells = list(row.cells) + [""] * max(0, len(roles) - len(row.cells))
        filled = [(i, c) for i, c in enumerate(cells) if c.strip()]
        if not filled:
            continue
        if (
            headings_possible
            and len(filled) == 1
            and filled[0][0] == 0
            and (len(row.cells) < len(roles) or _short_heading(filled[0][1]))
            and roles[0] not in {"theme", "period"}
        ):
            text = one_line(filled[0][1])
            if is_period(text):
                period = period_text(text)
            else:
                heading = text
            continue
        row_period, row_heading = period, heading
        asked: list[str] = []
        said: list[str] = []
        did: list[str] = []
        status = owner = due = None
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
                row_heading = one_line(cell)
            elif role == "period":
                row_period = one_line(cell)
            elif role == "status":
                status = status_word(cell)
            elif role == "owner":
                owner = one_line(cell)
            elif role == "due":
                due = one_line(cell)
        entries.append(
            RawEntry(
                row_period,
                row_heading,
                " ".join(asked) or None,
                tuple(s for s in said if s),
                tuple(did),
                status,
                owner,
                due,
            )
        )
    return entries


def _short_heading(text: str) -> bool:
    text = one_line(text)
    return len(text.split()) <= 8 and not re.search(r"[.!?]$", text)


# ------------------------------------------------------------------------------------ pages


def _raw(entry: Assembled) -> RawEntry:
    return RawEntry(
        entry.period,
        entry.heading,
        " ".join(entry.asked) or None,
        tuple(entry.said),
        tuple(entry.did),
        entry.status,
        entry.owner,
        entry.due,
    )


def _flow(lines: Sequence[Line]) -> Recognised:
    """Entries from running text, by the labeller."""
    result = assemble(lines, label_page(lines))
    text = "\n".join(line.text for line in lines)
    gate = entry_gate()
    # an entry the page's own labels introduce stands; the gate judges the model's guesses
    sure = [
        e for e in result.entries if e.labelled or gate.passes(entry_signals(e, result))
    ]
    partial = len(sure) < len(result.entries)
    listed_pairs = [e for e in sure if e.said and e.did and e.said_listed and all(e.said_listed)]
    if len(listed_pairs) >= MIN_LISTED_PAIRS:
        # a list of points answered one by one, where a point has no answer (yet, or the page
        # stops): the point is kept as what was said, with nothing done
        sure = [
            e for e in result.entries
            if e in sure or (e.said and not e.did and e.said_listed and all(e.said_listed))
        ]
    sure = [e for e in sure if e.said or e.asked or e.did or e.did_labels]
    pairs = [e for e in sure if (e.said or e.asked) and e.did]
    if not pairs and not result.structured:
        # said without anything done (a page of quotes), or actions with no feedback
        # (a list of promises): not a "You said, we did" page
        return Recognised(result.title, result.period, [], bool(sure) or partial, text)
    return Recognised(result.title, result.period, [_raw(e) for e in sure], partial, text)


MIN_LISTED_PAIRS = 2

_CELL_SPLIT = re.compile(r"\s*\|\s*|\t+")


_LONE_PIPE = re.compile(r"^\s*\|\s*$")
MAX_COLUMNS = 6


def _piped_cells(lines: list[Line]) -> tuple[list[Line], list[RawEntry]]:
    """Tables flattened one cell per line with a line of "|" after each cell.

    A copied web table can come as "cell / | / cell / | / | / ..." (an empty cell is a pipe
    alone): the cells are read back into rows as wide as the first row, when every cell of that
    row names a column, and the table is read by its columns like any other. The other lines
    are returned as they were.
    """
    rest: list[Line] = []
    entries: list[RawEntry] = []
    index = 0
    while index < len(lines):
        end = index
        cells: list[str] = []
        current: list[str] = []
        while end < len(lines):
            text = lines[end].text
            if _LONE_PIPE.match(text):
                cells.append(" ".join(current))
                current = []
            elif current:
                break
            else:
                current.append(text)
            end += 1
        rows = _as_rows(cells) if len(cells) >= 4 else None
        found = None
        if rows is not None:
            found = table_entries(
                [Block("row", " ".join(row), cells=tuple(row)) for row in rows], None, None
            )
        if not found:
            rest.append(lines[index])
            index += 1
            continue
        entries.extend(found)
        index = end - len(current)
    return rest, entries


def _as_rows(cells: list[str]) -> list[list[str]] | None:
    for width in range(2, MAX_COLUMNS + 1):
        roles = [label_column(c) for c in cells[:width]]
        if (
            len(cells) >= 2 * width
            and all(r is not None for r in roles)
            and any(r in {"said", "asked"} for r in roles)
        ):
            return [cells[i : i + width] for i in range(0, len(cells), width)]
    return None


def _text_tables(lines: list[Line]) -> tuple[list[Line], list[RawEntry]]:
    """Tables written as text with pipes or tabs whose first row names the columns.

    They are read by their columns like any other table, so a Status or Owner column is
    honoured; the other lines go on to the labeller.
    """
    rest: list[Line] = []
    entries: list[RawEntry] = []
    index = 0
    while index < len(lines):
        end = index
        while end < len(lines) and len(_CELL_SPLIT.split(lines[end].text.strip(" |"))) >= 2:
            end += 1
        if end - index >= 2:
            rows = [
                Block("row", line.text, cells=tuple(_CELL_SPLIT.split(line.text.strip(" |"))))
                for line in lines[index:end]
            ]
            found = table_entries(rows, None, None)
            if found is not None:
                entries.extend(found)
                index = end
                continue
        rest.extend(lines[index : max(end, index + 1)])
        index = max(end, index + 1)
    return rest, entries


def recognise(blocks: Sequence[Block], text: str | None = None) -> Recognised:
    """The title, period and entries of a document.

    ``text`` is the page as plain text, when it came as such: its lines go to the labeller as
    written. Otherwise tables with a header row are read by their columns, and the other blocks
    become lines for the labeller.
    """
    if text is not None:
        lines, from_cells = _piped_cells(lines_from_text(normalise_page(text)))
        lines, from_tables = _text_tables(lines)
        from_tables = from_cells + from_tables
        flowed = _flow(lines)
        return Recognised(
            flowed.title, flowed.period, [*flowed.entries, *from_tables], flowed.partial, text
        )
    flow: list[Block] = []
    tables: list[RawEntry] = []
    heading: str | None = None
    period: str | None = None
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if block.kind != "row":
            if block.kind == "heading":
                text_ = one_line(block.text)
                if is_period(text_):
                    period = period_text(text_)
                else:
                    heading = text_
            flow.append(block)
            index += 1
            continue
        rows = [block]
        while (
            index + 1 < len(blocks)
            and blocks[index + 1].kind == "row"
            and blocks[index + 1].table == block.table
        ):
            index += 1
            rows.append(blocks[index])
        index += 1
        read = table_entries(rows, period, heading)
        if read is None:
            flow.extend(rows)
        else:
            tables.extend(read)
    recognised = (
        _flow(lines_from_blocks(flow)) if flow else Recognised(None, None, [], False)
    )
    table_text = "\n".join(" ".join(b.cells) for b in blocks if b.kind == "row")
    return Recognised(
        recognised.title,
        recognised.period,
        [*recognised.entries, *tables],
        recognised.partial,
        "\n".join(t for t in (recognised.text, table_text) if t),
    )
