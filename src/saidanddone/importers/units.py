"""A page as a sequence of units: the pieces the block labeller gives a role.

A unit is a line, or a part of one: a sentence, a cell of a flattened table, the text after an
inline label ("... We did: ..."), or a clause that turns from what was said to what was done
("..., so we ..."). Splitting finer than the page's own lines lets one model read pages whose
said and did run together on one line, as flattened tables and prose pairs do. Each unit keeps
where it came from (line and character span), so neighbouring units with one role can be joined
back into the text as written.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from saidanddone.importers.blocks import FORMAT_NAME, Block, clean

MAX_UNITS = 20_000
"""More units than any real page has: work on a huge upload stays bounded."""


@dataclass(frozen=True)
class Line:
    """One line of the page; ``kind`` is what the format said it was (heading, item ...)."""

    text: str
    kind: str = "text"
    level: int = 0
    start: int = 0  # offset of the line in the page's text (annotated training pages)
    blank_before: bool = False
    indent: int = 0  # leading spaces in a plain-text page: how deep a list item is nested


@dataclass(frozen=True)
class Unit:
    """A piece of one line: ``line`` is its line's index, ``start``/``end`` its span in the line."""

    line: int
    start: int
    end: int
    text: str
    first: bool  # the first unit of its line
    last: bool  # the last unit of its line


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\r"), None)


def normalise_page(text: str) -> str:
    """One form for every page's characters (NFKC, no invisible characters, no carriage returns).

    Applied before anything else, to pages read and to annotated training pages alike.
    """
    return unicodedata.normalize("NFKC", text).translate(_INVISIBLE)


def lines_from_text(text: str) -> list[Line]:
    """Every non-blank line of a plain-text page, with its offset and whether a gap came first."""
    lines: list[Line] = []
    offset = 0
    blank = True
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            indent = len(raw[:lead].expandtabs(4))
            lines.append(
                Line(stripped, start=offset + lead, blank_before=blank, indent=indent)
            )
            blank = False
        else:
            blank = True
        offset += len(raw) + 1
    return lines


def lines_from_blocks(blocks: Iterable[Block]) -> list[Line]:
    """The blocks of a structured format (HTML, DOCX, PDF) as lines with their kinds."""
    lines: list[Line] = []
    for block in blocks:
        parts = block.cells if block.kind == "row" and block.cells else (block.text,)
        texts = [" | ".join(clean(p).replace("\n", " ") for p in parts if p.strip())]
        if block.kind != "row":
            texts = [t for t in clean(block.text).split("\n") if t.strip()]
        for number, text in enumerate(texts):
            lines.append(
                Line(text, kind=block.kind, level=block.level, blank_before=number == 0)
            )
    return lines


# Where a line is cut into units. Each pattern matches an empty or separator stretch; the unit
# boundary falls at the match's end, and the separator itself is dropped.
_SENTENCE_END = re.compile(
    r"(?<=[a-z0-9)\]%\"'\u201d\u2019][.!?])[\"\u201d\u2019')]?\s+(?=[\"\u201c\u2018(]?[A-Z0-9\u00a3])"
    r"|(?<=[.!?][\"\u201d\u2019])\s+(?=[A-Z])"
)
_ABBREVIATION = re.compile(
    r"\b(?:e\.g|i\.e|etc|Mr|Mrs|Ms|Dr|St|No|approx|incl|Cllr|Prof|vs|Rd|Ave)\.$", re.IGNORECASE
)
_CELL = re.compile(r"\s*(?:\||\t)\s*|\s{3,}")
_INLINE_LABEL = re.compile(
    r"(?<=\S)\s+(?=(?:You\s+said|You\s+told\s+us|We\s+did|We\s+have\s+done|We\s+will|We\s+asked"
    r"|What\s+we\s+(?:did|are\s+doing|have\s+done|will\s+do)|What\s+you\s+(?:told\s+us|said)"
    r"|Feedback|Action(?:\s+taken)?|Response|Our\s+response|Outcome|Answer|Status|Owner|Due"
    r"|Q|A)\s*(?:[:\u2026]|\.{2,}|\s[\u2013\u2014-]\s))"
)
_TURN = re.compile(
    r"(?:,|;|\s[\u2013\u2014-])\s+(?=(?:so\s+|and\s+so\s+|therefore\s+|as\s+a\s+result,?\s+"
    r"|in\s+response,?\s+)?(?:we|our)\b)"
    r"|\s+(?=(?:and\s+)?so\s+(?:we|our)\b)",
    re.IGNORECASE,
)
_LEADING_LABEL = re.compile(r"^\s*[\w\s/']{1,30}?[:\u2026]\s*")
_MIN_TURN_WORDS = 4  # "You said, we did" is a title, not a clause and its answer
# "... the food was cold We have introduced ..." (a flattened table row): a capital "We" after
# a lower-case word, with no punctuation between, starts the response.
_RUN_ON = re.compile(r"(?<=[a-z\u201d\"'])\s+(?=(?:We|Our)\s+[a-z])")


# "Birch ward “The food was cold.” We have ...": a row's name cell run into its quoted cell
_QUOTE_CELL = re.compile(r"(?<=[A-Za-z)])\s+(?=[\"\u201c][A-Z])")
_SPEECH_VERB = re.compile(
    r"\b(?:said|says|say|told|tell|asked|asks|wrote|commented|called|named|felt|thought)\b",
    re.IGNORECASE,
)
MAX_NAME_CELL_WORDS = 6


# "Parking near the school - Officers visited at drop-off times ...": a short topic, a spaced
# dash, and a sentence about it (newsletters and priority lists)
_TOPIC_DASH = re.compile(r"(?:^|(?<=[.!?]\s))[^.!?:;]{3,80}?(\s+[\u2013\u2014-]\s+)(?=[A-Z])")
MAX_TOPIC_WORDS = 10
_TIME_WORD = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|\b(?:19|20)\d\d\b"
    r"|\b(?:spring|summer|autumn|winter|term|quarter|q[1-4])\b",
    re.IGNORECASE,
)


_NUMBER_ONLY = re.compile(r"^\W*(?:\d{1,3}|[a-zA-Z]|[ivx]{1,4})[.)]?\W*$")


def _open_quote(text: str) -> bool:
    """Whether ``text`` ends inside a quotation: a name quoted in a sentence ("our "You said,
    we did" board") is not a clause and its answer."""
    openers = len(re.findall(r"(?:^|(?<=[\s(]))'(?=\w)", text))
    closers = len(re.findall(r"(?<=[\w.!?])'(?=[\s.,;:!?)]|$)", text))
    return (
        text.rfind("\u201c") > text.rfind("\u201d")
        or text.rfind("\u2018") > text.rfind("\u2019")
        or text.count('"') % 2 == 1
        or openers > closers
    )




_FORMAT_OPENING = re.compile(r"^\W*(?:we\s+asked\W+)?you\s+(?:said|told\s+us)\W*$", re.IGNORECASE)
"""The format's name opening a sentence ("We asked, you said, we did is a way to ...")."""

_FORMAT_HEAD = re.compile(r"\byou\s+(?:said|told\s+us|spoke)\W*$", re.IGNORECASE)
"""The first half of the format's name inside a sentence ("... put up a You said, we listened
noticeboard")."""


def _cuts(text: str) -> list[tuple[int, int]]:
    """The (start, end) of every separator in ``text`` where a unit boundary falls."""
    found: list[tuple[int, int]] = []
    if FORMAT_NAME.match(text):
        return found
    for pattern in (_CELL, _INLINE_LABEL, _RUN_ON):
        found.extend((m.start(), m.end()) for m in pattern.finditer(text))
    for match in _TURN.finditer(text):
        clause = _LEADING_LABEL.sub("", text[: match.start()].split(".")[-1])
        if (
            len(clause.split()) >= _MIN_TURN_WORDS
            and not _open_quote(text[: match.start()])
            and not _FORMAT_OPENING.match(text[: match.start()])
            and not _FORMAT_HEAD.search(text[: match.start()])
        ):
            found.append((match.start(), match.end()))
    for match in _TOPIC_DASH.finditer(text):
        topic = text[match.start() : match.start(1)]
        if (
            2 <= len(topic.split()) <= MAX_TOPIC_WORDS
            and topic[:1].isupper()
            and not _TIME_WORD.search(topic)  # "Spring term - Summer term 2024" is a period
        ):
            found.append((match.start(1), match.end(1)))
    for match in _QUOTE_CELL.finditer(text):
        before = text[: match.start()]
        if len(before.split()) <= MAX_NAME_CELL_WORDS and not _SPEECH_VERB.search(before) \
                and not _open_quote(before) and not re.search(r"[.!?:;,]", before):
            found.append((match.start(), match.end()))
    for match in _SENTENCE_END.finditer(text):
        before = text[: match.start() + 1].rstrip()
        if _ABBREVIATION.search(before) or _NUMBER_ONLY.match(before.split("  ")[-1]):
            continue
        found.append((match.start(), match.end()))
    return sorted(found)


def split_line(index: int, text: str) -> list[Unit]:
    """The units of one line."""
    pieces: list[tuple[int, int]] = []
    position = 0
    for start, end in _cuts(text):
        if start < position:
            continue
        if text[position:start].strip():
            pieces.append((position, start))
        position = end
    if text[position:].strip():
        pieces.append((position, len(text)))
    units: list[Unit] = []
    for number, (start, end) in enumerate(pieces):
        # Keep the punctuation of a clause turn ("...late," / "so we ...") with its own piece.
        while start < end and text[start].isspace():
            start += 1
        units.append(
            Unit(index, start, end, text[start:end].strip(), number == 0, number == len(pieces) - 1)
        )
    return units


def split_units(lines: Sequence[Line]) -> list[Unit]:
    """Every unit of the page, in order, at most ``MAX_UNITS``."""
    units: list[Unit] = []
    for index, line in enumerate(lines):
        units.extend(split_line(index, line.text))
        if len(units) >= MAX_UNITS:
            return units[:MAX_UNITS]
    return units


def joined(lines: Sequence[Line], units: Sequence[Unit]) -> str:
    """Consecutive units as the page wrote them: each line's run whole, lines joined by a space."""
    parts: list[str] = []
    run: list[Unit] = []
    for unit in [*units, None]:
        if run and (unit is None or unit.line != run[-1].line):
            text = lines[run[0].line].text[run[0].start : run[-1].end].strip()
            parts.append(text)
            run = []
        if unit is not None:
            run.append(unit)
    return " ".join(p for p in parts if p)
