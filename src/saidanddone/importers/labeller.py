"""The learned block labeller: a linear-chain CRF gives each unit of a page its role.

Trained by ``scripts/train_importer.py`` on pages written for this project (see
``training/importer/README.md``); the model ships in ``importers/data/`` pinned by sha256.
``label_page`` tags the units; ``assemble`` turns the tags into entries, reading labels, status,
owner and due lines the way the rule recogniser does.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pycrfsuite

from saidanddone.importers.blocks import BULLET, find_label, one_line, strip_quote
from saidanddone.importers.dates import dated_month, find_period, is_period, period_text
from saidanddone.importers.features import page_features
from saidanddone.importers.roles import Gate, RoleModel
from saidanddone.importers.units import Line, Unit, joined, split_units

MODEL_DIR = Path(__file__).resolve().parent / "data"
MODEL_FILES = ("labeller.crfsuite", "roles.npz", "gate.json", "status.npz")
STATUS_CLASSES = ("done", "in_progress", "planned", "not_possible", "unknown")
"""What the status model gives an action (``unknown``: its words state none)."""
MANIFEST = "MANIFEST.json"


class LabellerModelError(RuntimeError):
    """The shipped model files are missing or are not the ones their manifest pins."""


def check_model(directory: Path | None = None) -> str | None:
    """Why the model in ``directory`` (the shipped one by default) cannot be used, or None."""
    directory = directory or MODEL_DIR
    manifest_path = directory / MANIFEST
    if not manifest_path.exists():
        return f"the importer's model manifest is missing from {directory}"
    try:
        pinned = json.loads(manifest_path.read_text(encoding="utf-8"))["files"]
    except (ValueError, KeyError):
        return f"{manifest_path} is not a valid manifest"
    for name in MODEL_FILES:
        path = directory / name
        if not path.exists():
            return f"the importer's model file {name} is missing from {directory}"
        if pinned.get(name) != hashlib.sha256(path.read_bytes()).hexdigest():
            return f"{name} does not match the sha256 in {manifest_path}"
    return None


@lru_cache(maxsize=4)
def _models(directory: Path) -> tuple[RoleModel, Gate, RoleModel]:
    problem = check_model(directory)
    if problem is not None:
        raise LabellerModelError(problem)
    return (
        RoleModel.load(directory / "roles.npz"),
        Gate.load(directory / "gate.json"),
        RoleModel.load(directory / "status.npz"),
    )


def entry_gate(model_dir: Path | None = None) -> Gate:
    return _models(model_dir or MODEL_DIR)[1]


def action_status(text: str, model_dir: Path | None = None) -> str:
    """The status an action's own words state, by the status model (one of STATUS_CLASSES).

    Trained on the actions of the training pages, each marked with the status its tense or its
    page states; it reads "Soft-close bins fitted" as done and "Staff are reminded at every
    handover" as in progress, which tense rules miss.
    """
    model = _models(model_dir or MODEL_DIR)[2]
    scores = model.distribution(text)
    return STATUS_CLASSES[scores.index(max(scores))]


@dataclass(frozen=True)
class Tagged:
    units: list[Unit]
    labels: list[str]
    confidence: list[float]
    probabilities: list[tuple[float, float, float]]  # each unit's (said, did, other) reading
    stated: frozenset[Unit] = frozenset()  # units whose role the page states in words


def label_page(lines: Sequence[Line], model_dir: Path | None = None) -> Tagged:
    """Every unit of the page with its role and the model's confidence in it."""
    units = split_units(lines)
    if not units:
        return Tagged([], [], [], [])
    model_dir = model_dir or MODEL_DIR
    roles = _models(model_dir)[0]
    probabilities = roles.probabilities([u.text for u in units])
    return tag_units(lines, units, probabilities, model_dir / "labeller.crfsuite")


def tag_units(
    lines: Sequence[Line],
    units: Sequence[Unit],
    probabilities: list[tuple[float, float, float]],
    crf: Path,
) -> Tagged:
    """Tag units with the CRF at ``crf`` (training uses this with models of its own)."""
    tagger = pycrfsuite.Tagger()
    tagger.open(str(crf))
    try:
        tagger.set(page_features(lines, units, probabilities))
        labels = list(tagger.tag())
        confidence = [tagger.marginal(label, i) for i, label in enumerate(labels)]
    finally:
        tagger.close()
    honoured = _honour_labels(lines, units, labels)
    for reader in _READERS:
        honoured = reader(lines, units, honoured, probabilities)
    # a consultation outcome that lost its labels states them in its own words
    stated = frozenset(
        units[i] for part in _three_parts(lines, units, honoured, probabilities) for i in part
    )
    honoured = [
        "O" if label in _FIELDS and _ABOUT_THE_FORMAT.match(unit.text) else label
        for unit, label in zip(units, honoured, strict=True)
    ]
    # where the page's own labels decided, the model's doubt does not count against the entry
    confidence = [
        1.0 if find_label(u.text) is not None or new != old else c
        for u, new, old, c in zip(units, honoured, labels, confidence, strict=True)
    ]
    return Tagged(list(units), honoured, confidence, probabilities, stated)


Probabilities = Sequence[tuple[float, float, float]]
_FIELD_OF = {"said": "SAID", "did": "DID", "asked": "ASK"}
_FIELDS = {"SAID", "DID", "ASK"}


def _honour_labels(lines: Sequence[Line], units: Sequence[Unit], labels: list[str]) -> list[str]:
    """What the page itself says wins over the model's guess.

    - A unit that opens with a label ("You said: ...", "Action taken - ...") is that field, and
      a bare label is a label.
    - On a page that labels both what was said and what was done, the text under a label is that
      label's field until the next label or heading: the model may still leave text out (``O``)
      at the end of a part, but not give it the other field.
    - A bullet the model left out between two bullets of one field is that field too.
    """
    out = list(labels)
    found = [find_label(u.text) for u in units]
    kinds = {f.kind for f in found if f is not None}
    both = "said" in kinds and "did" in kinds
    scope: str | None = None
    scope_start = 0
    for index, unit in enumerate(units):
        if out[index] == "PERIOD" and not (is_period(unit.text) or find_period(unit.text)):
            out[index] = "O"  # a period names a time; a line without one is not a period
        label = found[index]
        if label is not None:
            kind = _FIELD_OF[label.kind]
            bare = not label.rest.strip()
            out[index] = f"L-{kind}" if bare else kind
            scope, scope_start = kind, index
            following = found[index + 1] if index + 1 < len(units) else None
            previous = found[index - 1] if index > 0 else None
            if bare and any(
                other is not None and not other.rest.strip() and other.kind != label.kind
                for other in (following, previous)
            ):
                scope = None  # "You said" "We did" side by side: a table's header row
            continue
        if (
            both
            and scope is not None
            and out[index] in {"HEAD", "SECTION"}
            and BULLET.match(lines[unit.line].text) is not None
        ):
            out[index] = scope  # a list item under a label is part of it, not a heading
            continue
        if out[index] in {"TITLE", "SECTION", "PERIOD", "HEAD"} or (
            lines[unit.line].kind == "heading" or _bare_heading(lines, unit)
        ):
            scope = None  # a heading ends what a label above it governs
            continue
        if scope is None:
            continue
        if index == scope_start + 1 and out[index] in {"O", "L-SAID", "L-DID", "L-ASK"}:
            out[index] = scope  # the text right after a bare label is its field
        elif both and out[index] in _FIELDS and out[index] != scope:
            out[index] = scope
    # fill gaps: text left out between two parts of one field, under one label
    for index in range(1, len(units) - 1):
        if out[index] != "O" or found[index] is not None:
            continue
        before = out[index - 1]
        if before not in _FIELDS:
            continue
        ahead = index + 1
        while ahead < len(units) and out[ahead] == "O" and found[ahead] is None:
            ahead += 1
        if ahead < len(units) and out[ahead] == before and found[ahead] is None and (
            both or (BULLET.match(lines[units[index].line].text)
                     and BULLET.match(lines[units[index - 1].line].text))
        ):
            for gap in range(index, ahead):
                out[gap] = before
    return out


def header_row(text: str) -> bool:
    """A said label and a did label side by side on one line ("Feedback   Response"): the
    header row of a table flattened to text."""
    return header_lead(text) is not None


MAX_LEAD_COLUMN_WORDS = 3


def header_lead(text: str) -> int | None:
    """How many words of column names come before the said and did labels of a header row
    ("Service area  You said  We did" -> 2), or None when ``text`` is not a header row."""
    words = text.split()
    if not 2 <= len(words) <= 10 or re.search(r"[,;&]|\band\b", text, re.IGNORECASE):
        return None  # "You said, we did" and "You said and we did" name the format
    for lead in range(0, min(MAX_LEAD_COLUMN_WORDS, len(words) - 2) + 1):
        if lead and find_label(" ".join(words[:lead])) is not None:
            break
        for cut in range(lead + 1, len(words)):
            left = find_label(" ".join(words[lead:cut]))
            right = find_label(" ".join(words[cut:]))
            if (
                left is not None and right is not None and not left.rest and not right.rest
                and {left.kind, right.kind} == {"said", "did"}
            ):
                return lead
    return None


_WE_OPENING = re.compile(r"^\W{0,3}(?:we|our)\b", re.IGNORECASE)


def _table_rows(
    lines: Sequence[Line],
    units: Sequence[Unit],
    labels: list[str],
    probabilities: Sequence[tuple[float, float, float]],
) -> list[str]:
    """Rows under a said/did header row that the model left out, read as the header says.

    A flattened table runs each row's cells together on one line: the row opens with what was
    said, and what was done starts at the first piece that reads as an action (the roles model
    leans to it, or it opens with "we" / "our"). A list right after a row continues its last
    cell. Rows where the model found what was said are left as it read them.
    """
    out = list(labels)
    header_line: int | None = None
    named_rows = False  # the header names a first column (a ward, a service) before said/did
    in_table = False
    last_kind: str | None = None
    by_line: dict[int, list[int]] = {}
    for index, unit in enumerate(units):
        by_line.setdefault(unit.line, []).append(index)
    for line_number, members in by_line.items():
        line = lines[line_number]
        first = units[members[0]]
        bare_labels = [find_label(units[i].text) for i in members]
        lead = header_lead(line.text)
        if lead is not None:
            named_rows = lead > 0
            for i in members:
                out[i] = "O"  # a header row names columns; it is no part of an entry
        if lead is not None or (
            len(members) == 1 and out[members[0]] in {"L-SAID", "L-DID"}
            and header_line is not None and header_line == line_number - 1
        ):
            in_table, last_kind = True, None
            header_line = line_number
            continue
        if len(members) == 1 and out[members[0]] in {"L-SAID", "L-DID", "L-ASK"}:
            header_line = line_number  # a bare label: the next one beside it makes a header
            in_table = False
            continue
        header_line = None
        if any(label is not None for label in bare_labels) or line.kind == "heading" or any(
            out[i] in {"TITLE", "SECTION", "PERIOD", "HEAD"} for i in members
        ):
            in_table = False
            continue
        if in_table and named_rows:
            # the row's name cell ("Birch ward") names the entry: neither said nor done
            while len(members) > 1 and _name_cell(units[members[0]].text):
                out[members[0]] = "HEAD"
                members = members[1:]
            first = units[members[0]]
        if not in_table or any(out[i] in {"SAID", "ASK"} for i in members):
            last_kind = next((out[i] for i in reversed(members) if out[i] != "O"), last_kind)
            continue
        if (BULLET.match(line.text) is not None and last_kind == "DID") or last_kind == "SAID":
            # a list under an answer continues it; a line after a row left at what was
            # said is that row's answer cell
            for i in members:
                out[i] = "DID"
            last_kind = "DID"
            continue
        turn = next(
            (
                k for k in range(1, len(members))
                if probabilities[members[k]][1] > probabilities[members[k]][0]
                or _WE_OPENING.match(units[members[k]].text)
            ),
            len(members) - 1 if len(members) >= 2 else None,  # two cells, no clearer turn
        )
        if turn is None or not (first.first or named_rows):
            continue
        for k, i in enumerate(members):
            out[i] = "SAID" if k < turn else "DID"
        last_kind = "DID"
    return out


_QUOTED_LINE = re.compile(
    r"^\W{0,3}[\"\u201c\u2018]?[^\"\u201c\u201d]{3,300}[\"\u201d\u2019][.!?\s]*$"
)
MIN_QUOTED_REPLIES = 3
REPLY_WORDS = 6


def _quoted_replies(lines: Sequence[Line], units: Sequence[Unit], labels: list[str]) -> list[str]:
    """Quoted comments, each answered in plain text below it: the quotes were said, the text
    under each one is the reply.

    Pages of questions and answers often print each comment in quotation marks on a line of its
    own with the reply in a paragraph under it, and nothing else to tell them apart. Read so
    only where the page keeps it up (at least three quotes each followed by a reply of some
    words), so a page of quotes alone, or quotes with their speakers' names, is left as the
    model read it. Labels the page states are kept.
    """
    by_line: dict[int, list[int]] = {}
    for index, unit in enumerate(units):
        by_line.setdefault(unit.line, []).append(index)
    order = sorted(by_line)
    quoted = {
        n for n in order
        if _QUOTED_LINE.match(lines[n].text) and lines[n].text.count("\u2019") < 3
        and lines[n].kind != "heading"
    }
    replies: dict[int, list[int]] = {}  # quoted line -> the lines of its reply
    for position, n in enumerate(order):
        if n not in quoted:
            continue
        reply: list[int] = []
        for m in order[position + 1 :]:
            if m in quoted or lines[m].kind == "heading" or any(
                labels[i] in {"TITLE", "SECTION", "PERIOD"} for i in by_line[m]
            ):
                break
            reply.append(m)
        if sum(len(lines[m].text.split()) for m in reply) >= REPLY_WORDS:
            replies[n] = reply
    if len(replies) < MIN_QUOTED_REPLIES or len(replies) * 3 < len(quoted) * 2:
        return labels
    out = list(labels)
    for n, reply in replies.items():
        members = [by_line[n], *(by_line[m] for m in reply)]
        if any(find_label(units[i].text) is not None for group in members for i in group):
            continue
        for i in by_line[n]:
            out[i] = "SAID"
        for m in reply:
            for i in by_line[m]:
                out[i] = "DID"
    return out


def _listed_comments_with_replies(
    lines: Sequence[Line], units: Sequence[Unit], labels: list[str]
) -> list[str]:
    """List items each answered by plain text under them (a forum's questions, each with the
    answer below): the whole item was said, the text under it is the reply.

    Read so where the page does it at least three times and the model already read most of
    those items as feedback, so a list of actions with explanations under each is left alone.
    """
    by_line: dict[int, list[int]] = {}
    for index, unit in enumerate(units):
        by_line.setdefault(unit.line, []).append(index)
    order = sorted(by_line)
    groups: list[tuple[int, list[int]]] = []
    for position, n in enumerate(order):
        if BULLET.match(lines[n].text) is None or _NUMBERED.match(lines[n].text):
            continue
        replies: list[int] = []
        for m in order[position + 1 :]:
            if BULLET.match(lines[m].text) is not None or lines[m].kind == "heading" or any(
                labels[i] in {"TITLE", "SECTION", "PERIOD", "HEAD"} for i in by_line[m]
            ):
                break
            replies.append(m)
        if replies:
            groups.append((n, replies))
    said = sum(labels[by_line[n][0]] == "SAID" for n, _ in groups)
    if len(groups) < MIN_REQUESTS or said * 2 <= len(groups) or any(
        find_label(units[i].text) is not None
        for n, replies in groups for m in (n, *replies) for i in by_line[m]
    ):
        return labels
    out = list(labels)
    for n, replies in groups:
        for i in by_line[n]:
            out[i] = "SAID"
        for m in replies:
            for i in by_line[m]:
                out[i] = "DID"
    return out


_TOLD_US = re.compile(
    r"\b(?:told\s+us|let\s+us\s+know|raised\s+concerns?|asked\s+us\s+(?:for|to)"
    r"|(?:said|added|commented|mentioned|felt|wrote|complained|pointed\s+out)\s+that)\b",
    re.IGNORECASE,
)
_ACTION_OPENING = re.compile(
    r"^\W{0,3}(?:(?:in\s+response|as\s+a\s+result|since\s+then|so)\b.*\b)?(?:we|our)\b",
    re.IGNORECASE,
)
ACTION_READING = 0.6
ACTION_REACH = 3


def _told_us_then_acted(
    lines: Sequence[Line],
    units: Sequence[Unit],
    labels: list[str],
    probabilities: Sequence[tuple[float, float, float]],
) -> list[str]:
    """A sentence reporting what people told us, left out by the model, followed within a few
    pieces by what "we" did about it (read as an action by the roles model): a prose pair.

    The action's list, when it introduces one with a colon, goes with it.
    """
    out = list(labels)
    for index, unit in enumerate(units):
        if out[index] != "O" or not _TOLD_US.search(unit.text) or _WE_OPENING.match(unit.text):
            continue
        if any(out[k] == "SAID" for k in range(max(0, index - 1), index)):
            continue
        for ahead in range(index + 1, min(len(units), index + 1 + ACTION_REACH)):
            if out[ahead] in {"SAID", "TITLE", "SECTION", "HEAD", "PERIOD"}:
                break
            answer = _answer_below(lines, units, probabilities, ahead)
            action = out[ahead] == "DID" or _acts(units, probabilities, ahead) or bool(answer)
            if not action:
                continue
            out[index] = "SAID"
            out[ahead] = "DID"
            for k in answer:
                out[k] = "DID"
            if units[ahead].text.rstrip().endswith(":"):
                following = ahead + 1
                while (
                    following < len(units)
                    and BULLET.match(lines[units[following].line].text)
                    and out[following] in {"O", "DID"}
                ):
                    out[following] = "DID"
                    following += 1
            break
    return out


def _acts(units: Sequence[Unit], probabilities: Probabilities, index: int) -> bool:
    """Whether the roles model reads ``units[index]`` as an action and it opens with "we"."""
    return (
        probabilities[index][1] >= ACTION_READING
        and _ACTION_OPENING.match(units[index].text) is not None
    )


def _answer_below(
    lines: Sequence[Line], units: Sequence[Unit], probabilities: Probabilities, index: int
) -> list[int]:
    """The units of the paragraph a line's closing colon hands on to ("I asked our site
    manager to explain:" then his answer), when that paragraph holds an action opening "we";
    else nothing. A list under the colon is left to the list rule."""
    unit = units[index]
    if not (unit.last and unit.text.rstrip().endswith(":")):
        return []
    below = [k for k in range(index + 1, len(units)) if units[k].line == unit.line + 1]
    if not below or BULLET.match(lines[unit.line + 1].text):
        return []
    return below if any(_acts(units, probabilities, k) for k in below) else []


MIN_TOPICS = 2
_DASH_BETWEEN = re.compile(r"^\s+[\u2013\u2014-]\s+$")


def _topics_with_answers(
    lines: Sequence[Line], units: Sequence[Unit], labels: list[str]
) -> list[str]:
    """Short topics each followed by a dash and what was done about them ("Parking near the
    school - Officers have visited at drop-off times ..."), at least twice on the page: each
    topic is what was raised, where the model read the text after its dash as an action."""
    topics = [
        index for index in range(len(units) - 1)
        if units[index + 1].line == units[index].line
        and labels[index + 1] == "DID"
        and labels[index] in {"O", "SAID", "DID", "HEAD"}
        and len(units[index].text.split()) <= 10
        and _DASH_BETWEEN.match(
            lines[units[index].line].text[units[index].end : units[index + 1].start]
        )
        and find_label(units[index].text) is None
    ]
    if len(topics) < MIN_TOPICS:
        return labels
    out = list(labels)
    for index in topics:
        out[index] = "SAID"
    return out


_REPORTED = re.compile(
    r"^\W{0,3}(?:(?:many|most|some|several|a\s+few|a\s+lot)\s+(?:of\s+)?)?(?:you|people"
    r"|patients|parents|carers|families|residents|tenants|students|pupils|visitors|users"
    r"|young\s+people|children|customers|members|respondents|service\s+users|parents\s+and"
    r"\s+carers)\s+(?:told\s+us|said|asked(?:\s+for)?|wanted|felt|raised|suggested"
    r"|complained|let\s+us\s+know|pointed\s+out)\b",
    re.IGNORECASE,
)


_ABOUT_THE_FORMAT = re.compile(
    r"^\W*(?i:(?:we\s+asked\W+)?you\s+said\W+(?:and\s+)?we\s+did)[\"'\u2019\u201d]?\s+[a-z]"
)
"""A sentence about the format itself ("You said, we did is a simple way to ..."): no field.
The word after the name is lower case; "You said, we did: Parents ..." is a label."""

_FEEDBACK_CLAUSE = re.compile(
    r"\b(?:following|after|because\s+of|in\s+response\s+to|acting\s+on)\s+(?:your|their"
    r"|the|residents'|parents'|patients')\s+(?:feedback|comments|concerns|views|complaints)"
    r"\s+(?:that|about|on)\b",
    re.IGNORECASE,
)


def _reported_speech(lines: Sequence[Line], units: Sequence[Unit], labels: list[str]) -> list[str]:
    """A sentence opening a line with who told us what ("Parents told us the forms ...") is
    what was said, even where the model carried the action above on into it; so is a clause
    that reports the feedback an action on the same line answers ("Following your feedback
    that the bus was late, we ...")."""
    out = list(labels)
    for index, unit in enumerate(units):
        if index + 1 >= len(units) or units[index + 1].line != unit.line:
            continue
        text = BULLET.sub("", unit.text, count=1)
        if (unit.first and out[index] == "DID" and _REPORTED.match(text)) or (
            out[index] in {"O", "DID"}
            and out[index + 1] == "DID"
            and _FEEDBACK_CLAUSE.search(text)
            and _WE_OPENING.match(units[index + 1].text)
        ):
            out[index] = "SAID"
    return out


_REQUESTED = re.compile(
    r"^\W{0,3}(?!we\b)(?:[\w'\u2019()&-]+\s+){1,7}?(?<!were\s)(?<!was\s)(?<!been\s)"
    r"(?:requested|asked|suggested|proposed|recommended)\s+(?:that|us\s+to|for|whether|if)\b",
    re.IGNORECASE,
)
"""A sentence reporting a request ("The forum requested that we ...", "Governors
asked us to ..."); "Pupils were asked whether ..." is a question put, and "We asked for
views on ..." is ours."""
MIN_REQUEST_SECTIONS = 2
MAX_ANSWER_UNITS = 8


def _heading_unit(
    lines: Sequence[Line], units: Sequence[Unit], labels: Sequence[str], index: int
) -> bool:
    """Whether ``units[index]`` is a heading: tagged as one, marked as one, or a bare line."""
    return (
        labels[index] in {"TITLE", "SECTION", "HEAD", "PERIOD"}
        or lines[units[index].line].kind == "heading"
        or _bare_heading(lines, units[index])
    )


def _sections_opening_with_requests(
    lines: Sequence[Line], units: Sequence[Unit], labels: list[str], probabilities: Probabilities
) -> list[str]:
    """Sections that each open, under their heading, with a reported request and go on with
    what was done about it ("Online booking" / "The forum asked us to let patients book
    blood tests online." / "They can now be booked ..."): the request is what was said, the
    rest of the section the answer. Only where at least two sections on the page are built
    so, and only where nothing in the answer reads more as said than as done (by the model's
    tag, or where the tag is said, by the roles model)."""
    out = list(labels)
    found: list[tuple[int, list[int]]] = []
    for index, unit in enumerate(units):
        if not unit.first or out[index] not in {"O", "SAID"} or find_label(unit.text) is not None:
            continue
        if not _REQUESTED.match(BULLET.sub("", unit.text, count=1)):
            continue
        if index == 0 or not _heading_unit(lines, units, out, index - 1):
            continue  # a request opens a section right under its heading
        answer: list[int] = []
        for ahead in range(index + 1, len(units)):
            if _heading_unit(lines, units, out, ahead) or _REQUESTED.match(units[ahead].text):
                break
            answer.append(ahead)
        if (
            answer
            and len(answer) <= MAX_ANSWER_UNITS
            and all(
                find_label(units[k].text) is None
                and (
                    out[k] in {"O", "DID"}
                    or (out[k] == "SAID" and probabilities[k][1] > probabilities[k][0])
                )
                for k in answer
            )
        ):
            found.append((index, answer))
    if len(found) >= MIN_REQUEST_SECTIONS:
        for index, answer in found:
            out[index] = "SAID"
            for k in answer:
                out[k] = "DID"
    return out


_WE_ASKED_VIEWS = re.compile(
    r"^\W{0,3}(?:in\s+\w+(?:\s+\d{4})?,?\s+)?we\s+(?:asked|consulted|sought)\s+(?:for\s+)?"
    r"(?:(?:(?:your|(?:the\s+public|people)['\u2019]s|(?:residents|parents|patients|tenants"
    r"|students|families)['\u2019])\s+)?(?:views|opinions|feedback|comments)|(?:you|residents|people|parents|patients"
    r"|tenants|students|families|the\s+public)\s+(?:whether|what|how|about|for|on|to))\b",
    re.IGNORECASE,
)
"""The opening of a consultation's outcome without its labels ("We asked for your views on
the draft strategy."): what was asked."""
_OUTCOME = re.compile(
    r"\b(?:(?:was|were|has\s+been|have\s+been)\s+(?:updated|changed|amended|revised|redrafted"
    r"|rewritten|adapted)\s+(?:to\s+reflect|in\s+(?:the\s+)?light\s+of|following|in\s+response"
    r"\s+to)|as\s+a\s+result\s+of\s+(?:the|this|your)\s+(?:consultation|feedback|responses))",
    re.IGNORECASE,
)
"""A sentence saying what changed because of the consultation ("The plan was amended to
reflect your comments")."""
THREE_PART_REACH = 6


FEEDBACK_READING = 0.6


def _three_parts(
    lines: Sequence[Line],
    units: Sequence[Unit],
    labels: Sequence[str],
    probabilities: Probabilities,
) -> list[tuple[int, int, int]]:
    """Each (question, said, outcome) of a consultation outcome whose "We asked / You said /
    We did" labels were lost: a line opening "We asked for your views on ...", then what the
    model (or the roles model) reads as said, then a sentence saying what changed as a result,
    within a few pieces and under one heading."""
    found: list[tuple[int, int, int]] = []
    for index, unit in enumerate(units):
        if not unit.first or labels[index] not in {"O", "ASK", "DID", "TITLE", "HEAD"}:
            continue
        if find_label(unit.text) is not None or not _WE_ASKED_VIEWS.match(unit.text):
            continue
        said = None
        for ahead in range(index + 1, min(len(units), index + 1 + THREE_PART_REACH)):
            if _heading_unit(lines, units, labels, ahead) or labels[ahead] == "ASK":
                break
            if said is None and (
                labels[ahead] == "SAID"
                or (labels[ahead] == "O" and probabilities[ahead][0] >= FEEDBACK_READING)
            ):
                said = ahead
            elif said is not None and labels[ahead] in {"O", "DID"} \
                    and _OUTCOME.search(units[ahead].text):
                found.append((index, said, ahead))
                break
    return found


def _unlabelled_three_parts(
    lines: Sequence[Line], units: Sequence[Unit], labels: list[str], probabilities: Probabilities
) -> list[str]:
    """Consultation outcomes that lost their labels (``_three_parts``) read as if labelled."""
    out = list(labels)
    for asked, said, outcome in _three_parts(lines, units, labels, probabilities):
        out[asked], out[said], out[outcome] = "ASK", "SAID", "DID"
    return out


_YOUR_SUGGESTION = re.compile(
    r"^\W{0,3}(?:thank\s+you\s+for\s+|regarding\s+|as\s+for\s+|on\s+)?your\s+(?:\w+\s+)?"
    r"(?:suggestion|request|idea|proposal|comment|question|point|concern)s?\s+"
    r"(?:that|to|for|of|about|on|regarding)\b",
    re.IGNORECASE,
)
"""A reply that opens by restating what was suggested ("Your suggestion that we open on
Sundays ...", "Your request for more bins ...")."""


def _suggestions_answered(
    lines: Sequence[Line], units: Sequence[Unit], labels: list[str]
) -> list[str]:
    """A paragraph of a reply that opens by restating a suggestion and goes on to answer it:
    the restatement is what was said, the rest of the paragraph the answer. Only where the
    model read some of the rest as an answer, and no label is on the line."""
    out = list(labels)
    for index, unit in enumerate(units):
        if not unit.first or unit.last or find_label(unit.text) is not None:
            continue
        if not _YOUR_SUGGESTION.match(BULLET.sub("", unit.text, count=1)):
            continue
        rest = [k for k in range(index + 1, len(units)) if units[k].line == unit.line]
        if any(find_label(units[k].text) is not None for k in rest) or "DID" not in {
            out[k] for k in rest
        }:
            continue
        out[index] = "SAID"
        for k in rest:
            out[k] = "DID"
    return out


MAX_AUTHOR_WORDS = 6


def _whole_short_line(units: Sequence[Unit], index: int, words: int) -> bool:
    unit = units[index]
    return unit.first and unit.last and len(unit.text.split()) <= words


def _posts_and_replies(
    lines: Sequence[Line], units: Sequence[Unit], labels: list[str], probabilities: Probabilities
) -> list[str]:
    """A dated post and the dated reply under it (a students' union idea, a council's "ask us"
    page): each starts after a line that is only its date, with the next post's or reply's
    author line above that date. The post, from its first to its last piece read as said (by
    the model or the roles model), is what was said; the reply is what was done. Only where the
    model already read something in the post as said and something in the reply reads as done
    (by the model or the roles model), and the page has no labels of its own. In a post read as
    said, a piece the roles model reads more as feedback than as an action is said, whatever
    the reply (a thread of residents' posts has no pair)."""
    out = list(labels)
    if any(find_label(u.text) is not None for u in units):
        return out
    dates = [
        i for i in range(len(units))
        if _whole_short_line(units, i, MAX_DATE_LINE_WORDS) and dated_month(units[i].text)
    ]
    for post_date, reply_date in zip(dates[::2], dates[1::2], strict=False):
        end = reply_date
        if end - 1 > post_date and _whole_short_line(units, end - 1, MAX_AUTHOR_WORDS) \
                and not re.search(r"[.!?]$", units[end - 1].text):
            end -= 1  # the reply's author line
        post = range(post_date + 1, end)
        following = [d for d in dates if d > reply_date]
        stop = following[0] - 1 if following else len(units)
        start = reply_date + 1
        while start < stop and len(units[start].text.split()) <= 2:
            start += 1  # "Hi." opening the reply
        reply = range(start, stop)
        if not any(out[k] == "SAID" for k in post):
            continue
        for k in post:
            if out[k] == "DID" and probabilities[k][0] >= probabilities[k][1]:
                out[k] = "SAID"  # a post is what someone said, not what was done
        if not any(out[k] == "DID" or probabilities[k][1] >= ACTION_READING for k in reply):
            continue
        said = [k for k in post if out[k] in _FIELDS or probabilities[k][0] >= 0.5]
        for k in range(said[0], said[-1] + 1):
            out[k] = "SAID"
        for k in range(end, start):
            out[k] = "O"  # the reply's author and date lines join the post to its reply
        for k in reply:
            out[k] = "DID"
    return out


_COURTESY = re.compile(
    r"^\W{0,3}(?:(?:a\s+)?(?:big|huge|special|many)\s+)?thanks?\b|^\W{0,3}thank\s+you\b"
    r"|\bwe\s+(?:would|'d|wish\s+to|want\s+to)\s+(?:like\s+to\s+)?thank\b"
    r"|^\W{0,3}we\s+(?:are|were|'re)\s+(?:really\s+|very\s+)?looking\s+forward\b"
    r"|^\W{0,3}we\s+(?:look|looked)\s+forward\b"
    r"|^\W{0,3}(?:if\s+you\b[^.]*?,?\s*)?please\s+(?:do\s+)?(?:get\s+in\s+touch|contact|e-?mail"
    r"|call|let\s+us\s+know|come\s+and\s+see)\b"
    r"|^\W{0,3}if\s+you\b[^.]*\b(?:get\s+in\s+touch|contact\s+us)\b",
    re.IGNORECASE,
)
"""A page's courtesies: thanks, looking forward, an invitation to get in touch. Neither what
people said nor anything done about it."""

_ASKING_REPORTED = re.compile(
    r"^\W{0,3}(?:all\s+|some\s+)?(?:the\s+)?(?:you|we|people|patients|parents|carers|families"
    r"|residents|tenants|students|pupils|visitors|users|young\s+people|children|customers"
    r"|members|respondents|staff|parents\s+and\s+carers)\s+(?:were|was|have\s+been|had\s+been)"
    r"\s+(?:also\s+)?asked\s+(?:to|whether|if|what|which|how|why|about|for|three|two)\b",
    re.IGNORECASE,
)
"""A sentence reporting what people were asked ("Pupils were asked to choose ..."): the
question put, not an answer to it."""

_QUESTION_NAMED = re.compile(
    r"^\W{0,3}the\s+(?:\w+\s+){0,8}?(?:question|statement)\b[^.?!]{0,80}\b(?:was|is)\s*:?\s*"
    r"[\"'\u2018\u201c]",
    re.IGNORECASE,
)
"""A sentence naming a survey's question ("The question with the lowest score was '...'")."""


def _courtesies_and_questions(
    lines: Sequence[Line], units: Sequence[Unit], labels: list[str]
) -> list[str]:
    """The model's own reading of a courtesy as a field is dropped, and its reading of "X were
    asked to ..." as what was said becomes what was asked. A unit the page labels, or one a
    label above governs, keeps what the label says (``_honour_labels`` ran first and marked
    it as a field; only a unit the model alone read is changed here)."""
    out = list(labels)
    for index, unit in enumerate(units):
        if out[index] not in _FIELDS or find_label(unit.text) is not None:
            continue
        if _labelled_scope(units, out, index):
            continue
        text = BULLET.sub("", unit.text, count=1)
        if _COURTESY.search(text):
            out[index] = "O"
        elif out[index] == "SAID" and (
            _ASKING_REPORTED.match(text) or _QUESTION_NAMED.match(text)
        ):
            out[index] = "ASK"
    return out


def _labelled_scope(units: Sequence[Unit], labels: Sequence[str], index: int) -> bool:
    """Whether a page label above governs ``units[index]``: the nearest label or bare label
    above, with only fields between."""
    for back in range(index - 1, -1, -1):
        if labels[back].startswith("L-") or find_label(units[back].text) is not None:
            return True
        if labels[back] not in _FIELDS:
            return False
    return False


MIN_REQUESTS = 3


def _requests_with_answers(
    lines: Sequence[Line], units: Sequence[Unit], labels: list[str]
) -> list[str]:
    """Requests each on a line of their own, each answered by list items that say what "we"
    did ("Clearer signs to the clinic" / "- We have put up new signs").

    Read so where the page does it at least three times and the model already read most of
    those lines as feedback, so a page of promises under plain headings is left alone.
    """
    by_line: dict[int, list[int]] = {}
    for index, unit in enumerate(units):
        by_line.setdefault(unit.line, []).append(index)
    order = sorted(by_line)
    groups: list[tuple[int, list[int]]] = []
    position = 0
    while position < len(order):
        n = order[position]
        answers: list[int] = []
        ahead = position + 1
        while ahead < len(order) and BULLET.match(lines[order[ahead]].text) is not None:
            answers.append(order[ahead])
            ahead += 1
        first = BULLET.sub("", lines[answers[0]].text, count=1) if answers else ""
        if (
            answers
            and BULLET.match(lines[n].text) is None
            and lines[n].kind != "heading"
            and _WE_OPENING.match(first)
            and find_label(lines[n].text) is None
        ):
            groups.append((n, answers))
            position = ahead
        else:
            position += 1
    said = sum(all(labels[i] == "SAID" for i in by_line[n]) for n, _ in groups)
    if len(groups) < MIN_REQUESTS or said * 2 < len(groups):
        return labels
    out = list(labels)
    for n, answers in groups:
        for i in by_line[n]:
            out[i] = "SAID"
        for m in answers:
            for i in by_line[m]:
                out[i] = "DID"
    return out


MIN_NESTED_REPLIES = 2


def _nested_replies(lines: Sequence[Line], units: Sequence[Unit], labels: list[str]) -> list[str]:
    """A list of comments, each answered by a list item nested under it: the outer items were
    said, the nested ones are the replies (an item followed by indented paragraphs rather
    than items is left as it was).

    Read so only where the page does it at least twice in one list and the model found
    feedback or actions there, so a nested list on a page without pairs is left alone.
    """
    by_line: dict[int, list[int]] = {}
    for index, unit in enumerate(units):
        by_line.setdefault(unit.line, []).append(index)
    order = sorted(by_line)
    pairs: list[tuple[int, list[int]]] = []  # outer item -> its nested lines
    position = 0
    while position < len(order):
        n = order[position]
        line = lines[n]
        if BULLET.match(line.text) is None:
            position += 1
            continue
        nested: list[int] = []
        ahead = position + 1
        while ahead < len(order) and lines[order[ahead]].indent > line.indent:
            nested.append(order[ahead])
            ahead += 1
        if nested and BULLET.match(lines[nested[0]].text) is not None:
            pairs.append((n, nested))
        position = ahead if nested else position + 1
    if len(pairs) < MIN_NESTED_REPLIES:
        return labels
    touched = [i for n, nested in pairs for m in (n, *nested) for i in by_line[m]]
    if not any(labels[i] in _FIELDS for i in touched) or any(
        find_label(units[i].text) is not None for i in touched
    ):
        return labels
    out = list(labels)
    for n, nested in pairs:
        for i in by_line[n]:
            out[i] = "SAID"
        for m in nested:
            for i in by_line[m]:
                out[i] = "DID"
    return out


_TURN_OPENING = re.compile(r"^(?:and\s+)?(?:so|therefore|as\s+a\s+result,?)\s+(?:we|our)\b",
                           re.IGNORECASE)


def _turned_items(
    lines: Sequence[Line],
    units: Sequence[Unit],
    labels: list[str],
    probabilities: Sequence[tuple[float, float, float]],
) -> list[str]:
    """A line that states a finding and turns to the answer ("Most wanted later, so we ..."):
    its opening clause is what was said when it reads as feedback, even where the model
    carried the action on from the line above."""
    out = list(labels)
    for index in range(len(units) - 1):
        unit, following = units[index], units[index + 1]
        if (
            unit.first
            and following.line == unit.line
            and out[index] == "DID"
            and out[index + 1] == "DID"
            and _TURN_OPENING.match(following.text)
            and probabilities[index][0] > probabilities[index][1]
            and find_label(unit.text) is None
        ):
            out[index] = "SAID"
    return out


def _name_cell(text: str) -> bool:
    return len(text.split()) <= MAX_NAME_WORDS and re.search(r"[.!?:;\"\u201c\u201d]", text) is None


MAX_NAME_WORDS = 6


def _bare_heading(lines: Sequence[Line], unit: Unit) -> bool:
    """A short line on its own with no closing punctuation: a heading, in a flattened page."""
    words = re.findall(r"[A-Za-z]{2,}", unit.text)
    return (
        unit.first
        and unit.last
        and 2 <= len(words) <= 10
        and not re.search(r"[.!?:;,\u2026]\W{0,2}$", unit.text)
        and BULLET.match(lines[unit.line].text) is None
    )


Reader = Callable[[Sequence[Line], Sequence[Unit], list[str], Probabilities], list[str]]


def _by_text(reader: Callable[[Sequence[Line], Sequence[Unit], list[str]], list[str]]) -> Reader:
    """A reader that needs only the page, not the roles model's readings."""
    return lambda lines, units, labels, _probabilities: reader(lines, units, labels)


_READERS: tuple[Reader, ...] = (
    _table_rows,
    _by_text(_quoted_replies),
    _by_text(_nested_replies),
    _turned_items,
    _by_text(_requests_with_answers),
    _by_text(_reported_speech),
    _by_text(_listed_comments_with_replies),
    _by_text(_topics_with_answers),
    _sections_opening_with_requests,
    _unlabelled_three_parts,
    _by_text(_suggestions_answered),
    _posts_and_replies,
    _by_text(_courtesies_and_questions),
    _told_us_then_acted,
)
"""The structural readers (decisions 0111, 0229), in the order they run after the labels."""


# ------------------------------------------------------------------------------------ assembly

_META = re.compile(
    r"^\W*(?P<key>status|rag(?:\s+status)?|progress|owner|lead(?:\s+officer)?|responsible"
    r"|who|due(?:\s+date)?|deadline|target\s+date|timescales?|by\s+when|when)\s*[:\-\u2013]\s*"
    r"(?P<value>.+)$",
    re.IGNORECASE,
)
_STATUS_WORDS: list[tuple[str, str]] = [
    (r"not\s+(?:possible|taken\s+forward|feasible|agreed|progressed)|declined|rejected|unable"
     r"|cannot|won't|will\s+not|\bred\b", "not_possible"),
    (r"in\s+progress|ongoing|on-going|under\s+way|underway|started|amber|partly|partially",
     "in_progress"),
    (r"not\s+(?:yet\s+)?started|planned|to\s+do|scheduled|agreed|future|proposed|pending",
     "planned"),
    (r"complete[d]?|done|achieved|closed|green|finished|delivered|implemented|in\s+place",
     "done"),
]


def status_word(value: str) -> str | None:
    """The status a Status cell or label states ("Complete", "Amber", "Not possible")."""
    low = value.lower()
    for pattern, status in _STATUS_WORDS:
        if re.search(rf"\b(?:{pattern})", low):
            return status
    return None


@dataclass
class Assembled:
    """An entry as assembled from tagged units, before dates and commitments are read."""

    period: str | None
    heading: str | None
    asked: list[str] = field(default_factory=list)
    said: list[str] = field(default_factory=list)
    did: list[str] = field(default_factory=list)
    status: str | None = None
    owner: str | None = None
    due: str | None = None
    confidence: list[float] = field(default_factory=list)
    did_labels: set[str] = field(default_factory=set)  # the page's own "We did" labels used
    said_scores: list[float] = field(default_factory=list)  # p(feedback) of its said units
    did_scores: list[float] = field(default_factory=list)  # p(action) of its did units
    labelled: bool = False  # a label on the page introduced one of its parts
    from_heading: bool = False  # its heading is a heading line between entries
    said_from_heading: bool = False  # what was said is its heading, which states a request
    topic: bool = False  # its heading is the topic its "Feedback about ..." label names
    said_listed: list[bool] = field(default_factory=list)  # each said item was a list item
    did_listed: list[bool] = field(default_factory=list)  # each did item was a list item

    @property
    def mean_confidence(self) -> float:
        return sum(self.confidence) / len(self.confidence) if self.confidence else 0.0


_REQUEST = re.compile(
    r"\b(?:you|parents|families|carers|young\s+people|children|pupils|students|patients"
    r"|residents)\b.*\b(?:said|told|asked|want(?:ed)?|need(?:ed)?|would\s+like|raised)\b"
    r"|^(?:more|better|clearer|quicker|faster|shorter|improv\w+|help\s+with|support\s+for"
    r"|information\s+(?:about|on)|less|fewer|easier|earlier|longer|extra)\b",
    re.IGNORECASE,
)
"""A heading that states a request (kept from the rule recogniser, decision 0151)."""

_ORDER = {"HEAD": 0, "ASK": 1, "SAID": 2, "DID": 3}
"""The order of an entry's fields: a field that goes back in it starts the next entry."""


@dataclass
class PageResult:
    title: str | None
    period: str | None
    entries: list[Assembled]
    structured: bool  # the page shows said/did labels or a said/did table header


def _label_topic(text: str) -> str | None:
    label = find_label(BULLET.sub("", text, count=1).strip())
    return label.topic if label is not None else None


def _strip_label(text: str) -> tuple[str, bool]:
    """The text without a leading "You said:" style label, and whether one was there."""
    text = BULLET.sub("", text, count=1).strip()
    label = find_label(text)
    if label is not None and (label.rest or not text):
        return label.rest.strip(), True
    if label is not None:
        return "", True
    return text, False


def _items(lines: Sequence[Line], units: Sequence[Unit]) -> list[str]:
    """Consecutive units of one role as items: each line, or each bullet, starts a new one."""
    items: list[list[Unit]] = []
    for unit in units:
        line = lines[unit.line]
        before = lines[items[-1][-1].line] if items else None
        new_item = before is None or (
            unit.line != items[-1][-1].line
            and (
                BULLET.match(line.text) is not None
                or line.blank_before
                or line.kind != "text"
                or re.search(r"[.!?:\u201d\"]$", before.text) is not None
                # a line after a list item, not a wrapped continuation of it
                or (BULLET.match(before.text) is not None and line.text[:1].isupper())
            )
        )
        if new_item:
            items.append([unit])
        else:
            items[-1].append(unit)
    return [joined(lines, group) for group in items]


@dataclass
class _Run:
    """Consecutive units of one role; ``label`` is the page's own label that opens it, if any."""

    kind: str
    units: list[Unit]
    confidence: list[float]
    label: str | None = None
    bare: bool = False  # a label on its own ("You said:"), nothing else


def _runs(tagged: Tagged) -> list[_Run]:
    runs: list[_Run] = []
    for unit, kind, confidence in zip(tagged.units, tagged.labels, tagged.confidence,
                                      strict=True):
        found = find_label(unit.text)
        name = found.name if found is not None else None
        if runs and runs[-1].kind == kind and kind != "O" and name is None and not runs[-1].bare:
            runs[-1].units.append(unit)
            runs[-1].confidence.append(confidence)
        else:
            bare = kind.startswith("L-")
            runs.append(_Run(kind.removeprefix("L-"), [unit], [confidence], name, bare))
    # "You said  We did" side by side is a table's header row, not an entry
    for number, run in enumerate(runs):
        neighbours = runs[max(0, number - 1) : number] + runs[number + 1 : number + 2]
        if run.bare and any(o.bare and o.kind != run.kind for o in neighbours):
            run.kind = "O"
    return runs


def _apply_meta(entry: Assembled, item: str) -> bool:
    """Read a "Status: ...", "Owner: ..." or "Due: ..." line into the entry, if it is one."""
    meta = _META.match(item)
    if meta is None:
        return False
    key, value = meta["key"].lower(), one_line(meta["value"])
    if key.startswith(("status", "rag", "progress")):
        entry.status = status_word(value) or entry.status
    elif key.startswith(("owner", "lead", "responsible", "who")):
        entry.owner = value
    else:
        entry.due = value
    return True


_NUMBERED = re.compile(r"^\s*(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)]\s+")


def _entry_heading(lines: Sequence[Line], runs: Sequence[_Run], number: int) -> bool:
    """A line the model left out that heads a part of the page: a whole short line, bare or
    numbered, not a sentence, and not the opening of a list ("The campaign included:")."""
    run = runs[number]
    if len(run.units) != 1 or number + 1 >= len(runs):
        return False
    unit = run.units[0]
    text = lines[unit.line].text
    if not (unit.first and unit.last) or (
        BULLET.match(text) is not None and _NUMBERED.match(text) is None
    ):
        return False
    words = re.findall(r"[A-Za-z]{2,}", text)
    if not 1 <= len(words) <= 10 or re.search(r"[.!?;,\u2026]\W{0,2}$", text):
        return False
    if not (text.rstrip().endswith(":") or _NUMBERED.match(text) or _bare_heading(lines, unit)):
        return False
    following = runs[number + 1]
    next_line = lines[following.units[0].line].text
    return following.kind in {"SAID", "DID", "ASK"} and (
        BULLET.match(next_line) is None or _NUMBERED.match(text) is not None
    )


def _heading_text(text: str) -> str:
    return one_line(_NUMBERED.sub("", text)).rstrip(" :")


def _heading_like(lines: Sequence[Line], run: _Run) -> bool:
    return len(run.units) == 1 and _bare_heading(lines, run.units[0])


def assemble(lines: Sequence[Line], tagged: Tagged) -> PageResult:
    """Entries from the tagged units of one page.

    One entry's fields come in the order heading, asked, said, did; a field that goes back in
    that order starts the next entry. The page's own labels add what the old layouts mean: a
    "You said" after anything done starts a new entry, and so does a "We did" label used twice
    or after a "We did" left empty.
    """
    title: str | None = None
    page_period: str | None = None
    period: str | None = None
    section: str | None = None
    entries: list[Assembled] = []
    current: Assembled | None = None
    runs = _runs(tagged)
    probability = dict(zip(tagged.units, tagged.probabilities, strict=True))
    structured = any(
        r.label is not None and len(r.units[0].text) < 60 and r.kind in {"SAID", "DID"}
        for r in runs
    )
    last = -1  # the furthest field reached in the current entry
    pending: str | None = None  # a heading between entries, for the next entry
    preamble: list[str] = []  # what comes before the first entry: where a page states its period
    dated_below: list[str] = []  # short lines further down: the date a reply was posted
    for number, run in enumerate(runs):
        kind = run.kind
        text = joined(lines, run.units)
        if not entries and kind in {"O", "TITLE", "SECTION"}:
            preamble.append(one_line(text))
        elif kind == "O" and len(text.split()) <= MAX_DATE_LINE_WORDS:
            dated_below.append(one_line(text))
        if kind == "SAID" and number + 1 < len(runs) and runs[number + 1].label is not None \
                and run.label is None and _heading_like(lines, run):
            kind = "HEAD"  # a heading line right above a labelled part names the entry
        if kind == "O":
            if (current is None or current.did) and _entry_heading(lines, runs, number):
                # a heading between entries ends the one above and names the next
                pending = _heading_text(text)
                current = None
                continue
            pending = None
            if current is not None:
                for item in _items(lines, run.units):
                    _apply_meta(current, item)
            continue
        if kind == "TITLE":
            title = title or one_line(text)
            continue
        if kind == "PERIOD":
            period = (
                period_text(one_line(text)) if is_period(text) else find_period(text)
            ) or one_line(text)
            if current is None and not entries:
                page_period = page_period or period
            current = None
            continue
        if kind == "SECTION":
            section = one_line(text)
            current = None
            continue
        order = _ORDER[kind]
        labelled_again = run.label is not None and current is not None and (
            (kind == "DID" and (run.label in current.did_labels
                                or (current.did_labels and not current.did)))
            or (kind == "SAID" and bool(current.did or current.did_labels))
            or (kind == "ASK" and bool(current.asked or current.said or current.did))
        )
        if current is None or order < last or labelled_again or (order == last == 0):
            current = Assembled(period or page_period, pending or section)
            current.from_heading = pending is not None
            pending = None
            entries.append(current)
        last = order
        current.confidence.extend(run.confidence)
        current.labelled = (
            current.labelled or run.label is not None or any(u in tagged.stated for u in run.units)
        )
        if kind in {"SAID", "ASK"}:
            current.said_scores.extend(probability[u][0] for u in run.units)
        elif kind == "DID":
            current.did_scores.extend(probability[u][1] for u in run.units)
        if kind == "DID" and run.label is not None:
            current.did_labels.add(run.label)
        if kind == "HEAD":
            current.heading = one_line(text)
            if _REQUEST.search(current.heading):
                # a heading that states what was asked for ("Clearer letters about reviews")
                # is also what was said
                current.said.append(current.heading)
                current.said_scores.extend(probability[u][0] for u in run.units)
                current.said_from_heading = True
            continue
        if (
            kind == "SAID"
            and run.label is None
            and current.heading in {None, section}
            and _heading_like(lines, run)
            and number + 1 < len(runs)
            and runs[number + 1].kind == "DID"
        ):
            current.heading = one_line(text)  # a heading that states the request names it
        for item in _items(lines, run.units):
            if _apply_meta(current, item):
                continue
            clean_text, _ = _strip_label(item)
            topic = _label_topic(item)
            if topic and current.heading in {None, section}:
                current.heading = topic  # "Feedback about X" names the entry
                current.topic = kind in {"SAID", "ASK"}
            if not clean_text:
                continue
            listed = BULLET.match(item) is not None
            if kind == "ASK":
                current.asked.append(one_line(clean_text))
            elif kind == "SAID":
                if quote := strip_quote(one_line(clean_text)):
                    current.said.append(quote)
                    current.said_listed.append(listed)
            else:
                current.did.append(one_line(clean_text))
                current.did_listed.append(listed)
    # the first entry may open by placing itself in time ("In 2018, parents told us ...")
    first = next((e for e in entries if e.asked or e.said), None)
    opening = [*preamble, *(first.asked[:1] + first.said[:1] if first else [])]
    page_period = (
        page_period or _stated_period(opening, dated_below) or _month_alone(opening)
    )
    entries = [part for entry in entries for part in _parallel_lists(entry)]
    paired = sum(bool(e.said and e.did) for e in entries)
    if paired < 2:
        # one heading that reads as a request, over text that reads as done, is a page's
        # section ("More detailed reports"), not a page of requests and answers
        for entry in entries:
            if entry.said_from_heading and entry.said[:1] == [entry.heading]:
                entry.said = entry.said[1:]
                entry.said_scores = entry.said_scores[len(entry.said_scores) - len(entry.said):]
        paired = sum(bool(e.said and e.did) for e in entries)
    for entry in entries:
        entry.period = entry.period or page_period
        if entry.topic and not (entry.said or entry.asked):
            # "Feedback about X" with the feedback itself cut off: X is what was raised
            entry.said.append(entry.heading or "")
        if paired >= 2 and entry.from_heading and entry.did and not (entry.said or entry.asked):
            # on a page of pairs, a section whose heading is all it says of the request
            # ("2. Opening hours") answers that heading
            entry.said.append(entry.heading or "")
            entry.said_scores.append(0.5)
    return PageResult(title, page_period, entries, structured)


ENTRY_FEATURES = (
    "confidence",
    "confidence_min",
    "said_score",
    "did_score",
    "has_said",
    "has_did",
    "has_asked",
    "has_heading",
    "labelled",
    "page_labelled",
    "said_words",
    "did_words",
    "entries",
)


def entry_signals(entry: Assembled, page: PageResult) -> dict[str, float]:
    """What the entry gate reads of one entry: how sure the models are of each part."""

    def mean(values: list[float]) -> float:
        return sum(values) / len(values) if values else 0.0

    said_words = sum(len(t.split()) for t in [*entry.asked, *entry.said])
    did_words = sum(len(t.split()) for t in entry.did)
    return {
        "confidence": entry.mean_confidence,
        "confidence_min": min(entry.confidence, default=0.0),
        "said_score": mean(entry.said_scores),
        "did_score": mean(entry.did_scores),
        "has_said": float(bool(entry.said)),
        "has_did": float(bool(entry.did)),
        "has_asked": float(bool(entry.asked)),
        "has_heading": float(bool(entry.heading)),
        "labelled": float(entry.labelled),
        "page_labelled": float(page.structured),
        "said_words": min(said_words, 80) / 80,
        "did_words": min(did_words, 120) / 120,
        "entries": min(len(page.entries), 12) / 12,
    }


MIN_PARALLEL_ITEMS = 3


_RESTATED = re.compile(
    r"^\W{0,3}(?:you(?:['\u2019]ve|\s+have)?|(?:some|many|a\s+few)\s+of\s+you)\s+(?:also\s+)?"
    r"(?:asked|said|told\s+us|suggested|mentioned|raised|wanted)\b",
    re.IGNORECASE,
)
"""An answer that opens by restating its point ("You've also asked whether ..."): a new
answer in a list of answers, even when it is not a list item."""


def _parallel_lists(entry: Assembled) -> list[Assembled]:
    """A labelled list of what was said and a labelled list of answers, paired by order.

    Pages print "Your feedback" with a list of points, then "Our response" with a list that
    answers them in turn; read as one entry, every answer would seem to answer every point.
    When both parts are lists (at least three points, two answers, each answer a list item with
    any paragraphs under it), the n-th answer goes with the n-th point, and points left without
    an answer stand alone.
    """
    if not (
        entry.labelled and entry.did_labels
        and len(entry.said) >= MIN_PARALLEL_ITEMS and all(entry.said_listed)
        and entry.did_listed and entry.did_listed[0] and sum(entry.did_listed) >= 2
        and not entry.asked
    ):
        return [entry]
    answers: list[list[str]] = []
    sublist = False  # inside a list an answer introduces ("... and this is why:")
    for text, listed in zip(entry.did, entry.did_listed, strict=True):
        if not answers or (listed and not sublist) or (not listed and _RESTATED.match(text)):
            answers.append([])
        elif not listed:
            sublist = False
        answers[-1].append(text)
        sublist = sublist or text.rstrip().endswith(":")
    if len(answers) > len(entry.said):
        last = len(entry.said) - 1
        answers[last:] = [[text for answer in answers[last:] for text in answer]]
    parts: list[Assembled] = []
    for number, said in enumerate(entry.said):
        part = Assembled(entry.period, entry.heading, said=[said],
                         did=answers[number] if number < len(answers) else [])
        part.confidence = list(entry.confidence)
        part.labelled = True
        part.did_labels = set(entry.did_labels)
        part.said_scores, part.did_scores = entry.said_scores, entry.did_scores
        part.said_listed, part.did_listed = [True], [True] * len(part.did)
        parts.append(part)
    parts[0].status, parts[0].owner, parts[0].due = entry.status, entry.owner, entry.due
    return parts


_PERIOD_CUE = re.compile(
    r"\b(?:in|during|over|between|for|from|covering|throughout|since)\s+(?:the\s+)?$", re.I
)


MAX_DATE_LINE_WORDS = 6


def _stated_period(preamble: Sequence[str], dated_below: Sequence[str] = ()) -> str | None:
    """The period a page states before its first entry: in a short heading line, or in a
    sentence that says the work happened in it ("In February and March 2023 we met ...").

    Where it states none, the month of a date line above the entries ("Posted 14 June 2022"),
    running to the month of the last date line below them in the same year (a post and the
    reply to it: "May to June 2022")."""
    for text in preamble:
        if len(text.split()) <= 12:
            found = find_period(text)
            if found:
                return found
            continue
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            found = find_period(sentence)
            if found and _PERIOD_CUE.search(sentence[: sentence.find(found.split()[0])]):
                return found
    first = next((month for text in preamble if (month := dated_month(text))), None)
    if first is None:
        return None
    later = [month for text in dated_below if (month := dated_month(text))]
    month, year = first.rsplit(" ", 1)
    last = later[-1] if later else first
    last_month, last_year = last.rsplit(" ", 1)
    if last_year == year and _MONTHS.index(last_month) > _MONTHS.index(month):
        return f"{month} to {last_month} {year}"
    return first


_MONTH_ALONE = re.compile(
    r"(?:^|[.!?]\s+)In\s+(?P<a>January|February|March|April|May|June|July|August|September"
    r"|October|November|December),"
    r"|\bthe\s+(?P<b>January|February|March|April|May|June|July|August|September|October"
    r"|November|December)\s+(?:edition|issue|newsletter|update|bulletin)\b"
)


def _month_alone(opening: Sequence[str]) -> str | None:
    """A month the page opens with, where it gives no year ("In October, following your
    feedback ...", "Welcome to the April edition"): the month, as the page states it."""
    for text in opening:
        match = _MONTH_ALONE.search(text)
        if match:
            return match["a"] or match["b"]
    return None


_MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]
