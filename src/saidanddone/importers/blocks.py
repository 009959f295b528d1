"""The neutral form every reader produces: a flat sequence of blocks.

Headings, paragraphs, list items, quotes and table rows. The structure recogniser works on
blocks only, so every format (HTML, text, DOCX, PDF, CSV, XLSX) shares one set of rules.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

BlockKind = Literal["heading", "para", "item", "quote", "row"]


@dataclass(frozen=True)
class Block:
    """One unit of a document.

    ``level`` is the heading level (1 = title) for headings. Rows carry their ``cells`` and the
    ``table`` number they belong to, so the recogniser can find each table's header row.
    """

    kind: BlockKind
    text: str
    level: int = 0
    cells: tuple[str, ...] = ()
    table: int = 0


_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
BULLET = re.compile(
    r"^\s*(?:[\u2022\u2023\u25aa\u25cf\u25e6\u2043\u2219\u00b7\u25a0\u25a1\uf0b7\uf0a7*\u2013\u2014-]|(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)])\s+"
)


def clean(text: str) -> str:
    """Normalise one block's text: unicode form, spaces, no invisible characters."""
    text = unicodedata.normalize("NFKC", text).translate(_ZERO_WIDTH)
    text = _SPACES.sub(" ", text.replace("\r", ""))
    return "\n".join(line.strip() for line in text.split("\n")).strip()


_QUOTES = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb"


def strip_quote(text: str) -> str:
    """A quote without its quotation marks, leading ellipsis or bullet."""
    text = BULLET.sub("", text.strip(), count=1).strip()
    for _ in range(3):
        text = text.strip().strip(_QUOTES).strip()
        text = re.sub(r"^(?:\.{2,}|\u2026)\s*", "", text)
    return text


def one_line(text: str) -> str:
    """The text with every run of white space, line breaks included, as one space."""
    return " ".join(clean(text).split())


# ----------------------------------------------------------------------------------- labels

LabelKind = Literal["asked", "said", "did"]

_SAID = (
    r"you\s+said|you\s+told\s+us|you\s+asked(?:\s+for)?|you\s+wanted|you've\s+said|you\s+say"
    r"|what\s+you\s+(?:said|told\s+us|asked(?:\s+for)?|wanted)"
    r"|what\s+did\s+you\s+(?:say|tell\s+us|ask(?:\s+for)?)"
    r"|your\s+(?:feedback|views|comments)"
    r"|(?:what\s+)?(?:parents|families|carers|young\s+people|children|pupils|students)"
    r"(?:(?:,|\s+and)\s+(?:parents|carers|families|young\s+people|children))*"
    r"\s+(?:said|told\s+us|asked(?:\s+for)?)"
)
_SAID_GENERIC = r"feedback|comments?|the\s+issue|issues?|what\s+was\s+said"
_DID_WILL = r"we\s+did\s*(?:/|\\|&|\band\b|\bor\b)\s*(?:we\s+)?will(?:\s+do)?"
_DID = (
    _DID_WILL + r"|we\s+did|we\s+will(?:\s+do)?|we\s+have\s+done|we've\s+done|we\s+are\s+doing"
    r"|we're\s+doing|we\s+do|we\s+have"
    r"|what\s+we\s+(?:did|have\s+done|are\s+doing|will\s+do|did\s+and\s+will\s+do|plan\s+to\s+do"
    r"|did\s+next|do\s+next)"
    r"|what\s+we've\s+done|what\s+we're\s+doing|what\s+we'll\s+do"
    r"|what\s+(?:has|have)\s+changed|what's\s+changed|what\s+happened(?:\s+next)?"
    r"|what\s+(?:are|did|have|will)\s+we\s+(?:doing|do|done)"
    r"|what\s+(?:we\s+are|we're|are\s+we)\s+doing\s+about\s+(?:it|this|that)"
)
_DID_GENERIC = (
    r"outcomes?|our\s+responses?|responses?|actions?(?:\s+taken)?|next\s+steps?|progress"
    r"|updates?|impact|evidence|result"
)
_ASKED = r"we\s+asked|what\s+we\s+asked|the\s+question|question"

_END = r"(?:\s*(?:[:\u2013\u2014\u2026-]+|\.{2,})\s*|\s*$)"
_LABEL = re.compile(
    rf"^\W{{0,3}}(?:(?P<said>{_SAID})|(?P<did>{_DID})|(?P<asked>{_ASKED})"
    rf"|(?P<gsaid>{_SAID_GENERIC})|(?P<gdid>{_DID_GENERIC}))\W{{0,2}}?{_END}",
    re.IGNORECASE,
)
# "You said "…"" and "You told us that …" need no punctuation after the label.
_LABEL_SOFT = re.compile(
    rf"^\W{{0,3}}(?P<said>{_SAID})\s+(?:that\s+|(?=[\"\u201c\u2018']))",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Label:
    """A label found at the start of a block: its kind, its normalised wording, the rest."""

    kind: LabelKind
    name: str
    rest: str
    topic: str | None = None  # "Feedback about school transport": what the part is about


FORMAT_NAME = re.compile(
    r"^\W*(?:we\s+asked\W+)?you\s+(?:said|told\s+us)\W+(?:and\s+)?we\s+"
    r"(?:did|listened|acted|will|have|are\s+doing)\W*$",
    re.IGNORECASE,
)
"""The format's name as a line ("We asked, you said, we did"): a title, never cut into labels
and never a label ("We Asked... You Said... We Did..." heads a page; it asks nothing)."""


def find_label(text: str) -> Label | None:
    """The "You said" / "We did" / "We asked" label that starts ``text``, if any."""
    probe = text.replace("\u2019", "'").replace("\u2018", "'")
    if FORMAT_NAME.match(probe):
        return None
    match = _LABEL.match(probe) or _LABEL_SOFT.match(probe)
    if match is None:
        return _topic_label(text, probe)
    group = match.lastgroup or ""
    kind: LabelKind
    if group in {"said", "gsaid"}:
        kind = "said"
    elif group in {"did", "gdid"}:
        kind = "did"
    else:
        kind = "asked"
    name = " ".join(match.group(group).lower().split())
    if re.fullmatch(_DID_WILL, name, re.IGNORECASE):
        name = "we did/will do"
    rest = text[match.end() :].strip()
    # "We have:" with nothing after is a label; "We have reviewed" is a sentence.
    if name in {"we have", "we do", "you say"} and not re.match(
        r"^\W{0,3}\w[\w\s']*[:\u2013\u2014-]", probe
    ):
        return None
    return Label(kind, name, rest)


_TOPIC_LABEL = re.compile(
    rf"^\W{{0,3}}(?:(?P<said>{_SAID}|{_SAID_GENERIC})|(?P<did>{_DID}|{_DID_GENERIC}"
    r"|our\s+answers?|our\s+reply))\s+(?:about|regarding)\s+(?P<topic>[^.!?:;]{3,120}?)"
    r"\s*(?:[:\u2026]|\.{2,})?\s*$",
    re.IGNORECASE,
)
MAX_TOPIC_LABEL_WORDS = 16


def _topic_label(text: str, probe: str) -> Label | None:
    """A label naming what its part is about, on a line of its own ("Feedback about school
    transport", "Our answer about school transport"): a bare label with a topic."""
    if len(probe.split()) > MAX_TOPIC_LABEL_WORDS:
        return None
    match = _TOPIC_LABEL.match(probe)
    if match is None:
        return None
    kind: LabelKind = "said" if match.group("said") else "did"
    name = " ".join((match.group("said") or match.group("did")).lower().split())
    return Label(kind, name, "", one_line(text[match.start("topic") : match.end("topic")]))


ColumnRole = Literal[
    "asked", "said", "did", "evidence", "theme", "period", "status", "owner", "due"
]


def label_column(text: str) -> ColumnRole | None:
    """The role of a table header cell, if it names one."""
    cell = one_line(text).lower().replace("\u2019", "'").strip(" :*")
    role = _column_role(cell)
    if role is None:
        # "Our responses (updated monthly)" names the column before its aside; "Tenant themes"
        # and "Patient feedback" name it after whose it is
        cell = re.sub(r"\s*\([^)]*\)?\s*$", "", cell).strip(" :*")
        whose = _WHOSE.match(cell) is not None
        role = _column_role(_WHOSE.sub("", cell))
        if whose and role == "theme":
            return "said"  # "Tenant themes", "Parent topics": what they raised
    return role


_WHOSE = re.compile(
    r"^(?:customer|patient|resident|parent|carer|family|student|pupil|tenant|service\s+user)s?"
    r"(?:'s|s')?\s+(?=\w)"
)


def _column_role(cell: str) -> ColumnRole | None:
    if not cell:
        return None
    if re.fullmatch(r"(?:theme|topic|area|subject|category|heading|issue\s+area|service)s?", cell):
        return "theme"
    if re.fullmatch(r"(?:rag|rag\s+status|status|progress|current\s+status|status\s+update)", cell):
        return "status"
    if re.fullmatch(r"(?:owner|lead|lead\s+officer|responsible|who|who\s+is\s+responsible"
                    r"|owner\s*/\s*lead|team)", cell):
        return "owner"
    if re.fullmatch(r"(?:due|due\s+date|deadline|by\s+when|target\s+date|timescales?"
                    r"|completion\s+date|target)", cell):
        return "due"
    if re.fullmatch(r"(?:date|period|year|quarter|month|when(?:\s+raised)?)", cell):
        return "period"
    if re.fullmatch(
        r"(?:evidence|impact|how\s+we\s+know|difference\s+(?:it|this)\s+(?:has\s+)?made|results?"
        r"|evidence\s*(?:/|and|or)\s*(?:feedback|impact)|feedback\s+on\s+(?:this|the\s+change))",
        cell,
    ):
        return "evidence"
    label = find_label(cell + ":")
    if label is not None:
        return label.kind
    if re.search(r"\b(?:you\s+said|told\s+us|feedback|comments?|views?)\b", cell):
        return "said"
    if re.search(
        r"\b(?:we\s+did|we\s+will|we're|we\s+are|action|response|outcome|done|doing)\b", cell
    ):
        return "did"
    return None
