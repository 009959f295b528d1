"""Plain, frozen dataclasses for an imported "You said, we did" document, and its JSON form."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from saidanddone.analysis.acronyms import Acronym

__all__ = [
    "Acronym",
    "CommitmentStatus",
    "Contact",
    "DocumentError",
    "DocumentWarning",
    "Entry",
    "ImportedCommitment",
    "ImportedDocument",
    "Indicator",
    "Point",
    "to_json_dict",
]

CommitmentStatus = Literal["done", "planned", "in_progress", "not_possible", "unknown"]
ContactKind = Literal["phone", "email", "web"]


class DocumentError(ValueError):
    """The document cannot be imported; ``message`` says why in plain English."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ImportedCommitment:
    """One thing the council did or promised, with a guess at its status and dates."""

    text: str
    status: CommitmentStatus
    due: date | None = None
    done_on: date | None = None
    owner: str | None = None


@dataclass(frozen=True)
class Entry:
    """One "You said, we did" response.

    ``heading`` is the heading the page gave it (or its section), if any; ``title`` is what a
    person sees it called: the heading, else the first sentence of what was said or done.
    """

    period: str | None
    heading: str | None
    we_asked: str | None
    you_said: tuple[str, ...]
    we_did: tuple[str, ...]
    commitments: tuple[ImportedCommitment, ...] = ()
    figures: tuple[str, ...] = ()
    title: str = ""


@dataclass(frozen=True)
class Point:
    """A dated value of an indicator."""

    date: date
    value: float


@dataclass(frozen=True)
class Indicator:
    """A measure with dated values, such as a waiting list."""

    name: str
    unit: str | None
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Contact:
    """A service's own contact detail (organisational, never a family's)."""

    kind: ContactKind
    value: str


@dataclass(frozen=True)
class DocumentWarning:
    """Something a person should look at; ``entry`` is the 0-based index of the entry."""

    code: str
    message: str
    entry: int | None = None


@dataclass(frozen=True)
class ImportedDocument:
    """Everything read from one document."""

    title: str | None
    entries: tuple[Entry, ...]
    period: str | None = None
    indicators: tuple[Indicator, ...] = ()
    acronyms: tuple[Acronym, ...] = ()
    contacts: tuple[Contact, ...] = ()
    warnings: tuple[DocumentWarning, ...] = ()


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def to_json_dict(doc: ImportedDocument) -> dict[str, Any]:
    """The document as the JSON object printed by ``saidanddone import-document --json``."""
    return {
        "title": doc.title,
        "period": doc.period,
        "entries": [
            {
                "title": e.title,
                "period": e.period,
                "heading": e.heading,
                "we_asked": e.we_asked,
                "you_said": list(e.you_said),
                "we_did": list(e.we_did),
                "commitments": [
                    {
                        "text": c.text,
                        "status": c.status,
                        "due": _iso(c.due),
                        "done_on": _iso(c.done_on),
                        "owner": c.owner,
                    }
                    for c in e.commitments
                ],
            }
            for e in doc.entries
        ],
        "indicators": [
            {
                "name": i.name,
                "unit": i.unit,
                "points": [
                    {"date": p.date.isoformat(), "value": _number(p.value)} for p in i.points
                ],
            }
            for i in doc.indicators
        ],
        "acronyms": [{"short": a.short, "expansion": a.expansion} for a in doc.acronyms],
        "contacts": [{"kind": c.kind, "value": c.value} for c in doc.contacts],
        "warnings": [
            {"code": w.code, "message": w.message, "entry": w.entry} for w in doc.warnings
        ],
    }
