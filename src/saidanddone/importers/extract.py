"""What is read from recognised entries: commitments, figures, indicators, contacts, warnings."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from saidanddone.analysis.redaction import redact
from saidanddone.importers.dates import (
    DATE,
    M,
    Y,
    done_date,
    due_date,
    guess_status,
    phrase_to_date,
)
from saidanddone.importers.labeller import action_status
from saidanddone.importers.model import (
    CommitmentStatus,
    Contact,
    DocumentWarning,
    ImportedCommitment,
    Indicator,
    Point,
)
from saidanddone.importers.recognise import RawEntry

_SENTENCE = re.compile(r"(?<=[.!?])[\"\u201d)]?\s+(?=[A-Z0-9\"\u201c\u2018(\u00a3])")
_ABBREVIATION = re.compile(r"\b(?:e\.g|i\.e|etc|Mr|Mrs|Ms|Dr|St|No|approx|incl)\.$", re.IGNORECASE)


def sentences(text: str) -> list[str]:
    """Split a paragraph into sentences (not after "e.g." or "Mr.")."""
    parts = _SENTENCE.split(text)
    merged: list[str] = []
    for part in parts:
        if merged and _ABBREVIATION.search(merged[-1]):
            merged[-1] = f"{merged[-1]} {part}"
        else:
            merged.append(part)
    return [p.strip() for p in merged if p.strip()]


# ----------------------------------------------------------------------------------- commitments

def commitments(entry: RawEntry, ref_year: int | None) -> tuple[ImportedCommitment, ...]:
    """A commitment for each sentence of the response that says what was or will be done.

    A status, owner or due date the page states (a Status column, an "Owner:" line) wins over
    what the tense of each sentence suggests.
    """
    found: list[ImportedCommitment] = []
    stated: CommitmentStatus | None = _STATED.get(entry.status or "")
    stated_due = phrase_to_date(entry.due) if entry.due else None
    for paragraph in entry.we_did:
        if paragraph.startswith("Evidence:"):
            continue
        for sentence in sentences(paragraph):
            status = stated or _status(sentence)
            if status == "unknown":
                continue
            due = done_on = None
            if status in {"planned", "in_progress"}:
                due = stated_due or due_date(
                    sentence, ref_year, by_only=status == "in_progress"
                )
            if status == "done":
                done_on = done_date(sentence, ref_year)
            found.append(ImportedCommitment(sentence, status, due, done_on, entry.owner))
    if not found and entry.we_did:
        text = next((p for p in entry.we_did if not p.startswith("Evidence:")), "")
        if text:
            found.append(
                ImportedCommitment(text, stated or "unknown", stated_due, None, entry.owner)
            )
    return tuple(found)


def _status(sentence: str) -> CommitmentStatus:
    """What the sentence states: its tense where the rules read one ("we launched", "we are
    recruiting", "we will", "not possible"), else the status model, which also reads what the
    rules miss ("Soft-close bins fitted", "Staff are reminded at every handover")."""
    ruled = guess_status(sentence)
    if ruled != "unknown":
        return ruled
    return _STATED.get(action_status(sentence), "unknown")


_STATED: dict[str, CommitmentStatus] = {
    "done": "done",
    "in_progress": "in_progress",
    "planned": "planned",
    "not_possible": "not_possible",
}


# ----------------------------------------------------------------------------------- figures

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_COUNT_NOUNS = (
    r"families|parents|carers|parent\s+carers|children|young\s+people|people|responses|respondents"
    r"|replies|schools|pupils|referrals|plans|EHCPs?|EHC\s+plans|staff|professionals|settings"
    r"|members|surveys|comments|requests|assessments|appeals|complaints|attendees|visits|visitors"
    r"|places"
)
_FIGURE = re.compile(
    rf"(?<![\w\u00a3$.,])(?:{_NUM})\s*(?:%|per\s*cent)|(?<![\w\u00a3$.,])(?:{_NUM})\s+(?:out\s+of|of)"
    rf"\s+(?:{_NUM})|(?<![\w\u00a3$.,/])(?:{_NUM})\s+(?:(?:new|more|extra|additional|local)\s+)?"
    rf"(?:{_COUNT_NOUNS})\b",
    re.IGNORECASE,
)


def figures(entry: RawEntry) -> tuple[str, ...]:
    """Sentences of the entry that give counts or percentages."""
    found: list[str] = []
    texts = [entry.we_asked or "", *entry.you_said, *entry.we_did]
    for text in texts:
        for sentence in sentences(text):
            if _FIGURE.search(sentence) and sentence not in found:
                found.append(sentence)
    return tuple(found)


# ----------------------------------------------------------------------------------- indicators

_IDATE = rf"(?:{M}\s+)?{Y}(?:\s*/\s*\d\d(?!\d))?"
_UNIT = (
    r"%|per\s*cent|weeks?|days?|months?|years?|families|children|young\s+people|people|referrals"
    r"|plans|responses|parents|pupils|schools|hours|places"
)


def _val(n: str) -> str:
    return rf"(?P<{n}>{_NUM})\s*(?P<u{n}>{_UNIT})?"


_DASHES = r"[\u2010-\u2015-]"
_SERIES = [
    # from 1,261 in April 2019 to 707 in December 2019 / from 1,261 (April 2019) to 707 (...)
    re.compile(
        rf"\bfrom\s+{_val('v1')}\s*(?:in|at|during|\(|,)\s*(?P<d1>{_IDATE})\)?,?\s+"
        rf"(?:to|down\s+to|up\s+to)\s+{_val('v2')}\s*(?:in|at|by|during|\(|,)\s*"
        rf"(?P<d2>{_IDATE})\)?",
        re.IGNORECASE,
    ),
    # (April 2019 1,261 to December 2019 - 707) / in April 2019: 1,261; in December 2019: 707
    re.compile(
        rf"(?:\bin\s+)?(?P<d1>{_IDATE})\s*(?:{_DASHES}|:|,|=)?\s*{_val('v1')}\s*"
        rf"(?:to|;|,|and|\u2192|->|{_DASHES})\s*(?:in\s+|by\s+)?(?P<d2>{_IDATE})\s*"
        rf"(?:{_DASHES}|:|,|=)?\s*{_val('v2')}",
        re.IGNORECASE,
    ),
    # 45% in 2019 compared with 60% in 2021
    re.compile(
        rf"{_val('v1')}\s+in\s+(?P<d1>{_IDATE})\s*,?\s*(?:compared\s+(?:with|to)|to|and"
        rf"|rising\s+to|falling\s+to|up\s+to|down\s+to)\s+{_val('v2')}\s+(?:in|by)\s+"
        rf"(?P<d2>{_IDATE})",
        re.IGNORECASE,
    ),
]
_VERBS = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "rose",
        "fell",
        "went",
        "dropped",
        "increased",
        "decreased",
        "reduced",
        "improved",
        "grew",
        "came",
        "moved",
        "changed",
        "falling",
        "rising",
        "decreasing",
        "increasing",
        "reducing",
        "improving",
        "stood",
        "stands",
        "reduce",
        "increase",
        "improve",
        "cut",
        "halved",
        "doubled",
    ]
)
_DETERMINERS = frozenset(
    ["the", "a", "an", "our", "this", "that", "these", "those", "its", "their"]
)


def _value(text: str) -> float:
    return float(text.replace(",", ""))


def _unit(*units: str | None) -> str | None:
    for unit in units:
        if unit:
            unit = unit.lower()
            return "%" if unit.startswith(("%", "per")) else unit
    return None


def _name_from_clause(clause: str) -> str:
    words = clause.split()
    if words and words[0].lower() in {"we", "they", "it", "this", "which", "that", "has"}:
        verb = next((i for i, w in enumerate(words) if w.lower() in _VERBS or w.endswith("ed")), 0)
        words = [w for w in words[verb + 1 :] if w.lower() not in _VERBS]
    else:
        verb = next((i for i, w in enumerate(words) if w.lower() in _VERBS), len(words))
        words = words[:verb]
    while words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    return " ".join(words).strip(" .,")


def _indicator_name(prefix: str, fallback: str | None) -> str:
    clauses = [c for c in re.split(r"[,;:()\u2013\u2014]|\bbut\b|\band\b", prefix) if c.strip()]
    name = next((n for n in (_name_from_clause(c) for c in reversed(clauses)) if n), "")
    if not name or len(name.split()) > 10:
        name = fallback or "Indicator"
    return name[:1].upper() + name[1:]


@dataclass
class _Series:
    name: str
    unit: str | None
    points: dict[date, float]


def indicators(entries: Iterable[RawEntry]) -> tuple[Indicator, ...]:
    """Figures with dates, gathered into named series."""
    series: dict[str, _Series] = {}
    for entry in entries:
        for paragraph in entry.we_did:
            for sentence in sentences(paragraph):
                for pattern in _SERIES:
                    match = pattern.search(sentence)
                    if match is None:
                        continue
                    first = phrase_to_date(match.group("d1"))
                    second = phrase_to_date(match.group("d2"))
                    if first is None or second is None or first == second:
                        continue
                    name = _indicator_name(sentence[: match.start()], entry.heading)
                    key = name.lower()
                    target = series.setdefault(
                        key, _Series(name, _unit(match.group("uv1"), match.group("uv2")), {})
                    )
                    target.points[first] = _value(match.group("v1"))
                    target.points[second] = _value(match.group("v2"))
                    break
    return tuple(
        Indicator(s.name, s.unit, tuple(Point(d, v) for d, v in sorted(s.points.items())))
        for s in series.values()
    )


# ----------------------------------------------------------------------------------- contacts

_EMAIL = re.compile(r"\b[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b")
_PHONE = re.compile(
    r"(?<![\d\u00a3])(?:\+44\s?\(?0?\)?\s?\d{2,4}|\(?0\d{2,4}\)?)[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\d)"
)
_WEB = re.compile(
    r"(?<![@\w.])(?:https?://|www\.)[^\s<>\"'()\u201c\u201d]+"
    r"|(?<![@\w.])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:gov\.uk|nhs\.uk|org\.uk|co\.uk|ac\.uk|sch\.uk)"
    r"(?:/[^\s<>\"'()]*)?",
    re.IGNORECASE,
)
_WEBMAIL = re.compile(
    r"@(?:gmail|googlemail|hotmail|yahoo|outlook|live|icloud|me|aol|btinternet|sky|virginmedia|"
    r"talktalk|msn|protonmail|proton|ymail|mail)\.",
    re.IGNORECASE,
)
_TEAM = re.compile(
    r"team|service|send|info|enquir|admin|office|support|contact|help|local|offer|forum|hub|desk"
    r"|unit|school|nhs|council|employment|duty|general|camhs|sendiass|iass|reception|booking"
    r"|referral|intake|access|mailbox|customer|feedback|complaint|parent|family|families|young"
    r"|voice|partnership|transport|education|health|care|therapy|learning|advice|assessment",
    re.IGNORECASE,
)
_TEAM_CONTEXT = re.compile(
    r"team|line|helpline|service|office|switchboard|contact|telephone|phone|tel\b|call|ring|text"
    r"|advice|duty|hub|desk|number",
    re.IGNORECASE,
)


def _personal_email(address: str) -> bool:
    local = address.split("@", 1)[0]
    if _WEBMAIL.search(address):
        return True
    if _TEAM.search(local):
        return False
    return re.fullmatch(r"[a-z]{2,}[._-][a-z]{2,}\d*", local, re.IGNORECASE) is not None


def _personal_phone(number: str, context: str) -> bool:
    digits = re.sub(r"\D", "", number)
    mobile = digits.startswith(("07", "447"))
    personal_words = re.search(r"\b(?:my|me|mine|mum|dad|mobile|home)\b", context, re.IGNORECASE)
    if personal_words:
        return True
    return mobile and not _TEAM_CONTEXT.search(context)


def contacts(texts: Iterable[str]) -> tuple[tuple[Contact, ...], list[str]]:
    """Organisational contact details, and the personal ones (reported, never kept)."""
    found: dict[tuple[str, str], Contact] = {}
    personal: list[str] = []
    for text in texts:
        for match in _EMAIL.finditer(text):
            address = match.group(0).rstrip(".")
            if _personal_email(address):
                personal.append("an e-mail address")
            else:
                found.setdefault(("email", address.lower()), Contact("email", address))
        stripped = _EMAIL.sub(" ", text)
        for match in _PHONE.finditer(stripped):
            number = " ".join(match.group(0).split())
            digits = re.sub(r"\D", "", number)
            if not 10 <= len(digits) <= 12:
                continue
            context = stripped[max(0, match.start() - 60) : match.start()]
            if _personal_phone(number, context):
                personal.append("a personal phone number")
            else:
                found.setdefault(("phone", digits), Contact("phone", number))
        for match in _WEB.finditer(stripped):
            url = match.group(0).rstrip(".,;:!?)")
            found.setdefault(("web", url.lower()), Contact("web", url))
    return tuple(found.values()), personal


# ----------------------------------------------------------------------------------- people

# In the council's own text, naming its schools, services and roles identifies no family, and
# the redactor's name guesses misfire on service names ("SENCo Network"); staff names written
# with a title (Mrs Patel) are still caught by the check of our own below.
_COUNCIL_TEXT_SKIPS = frozenset({"school", "person_name"})


def identifying(text: str, organisational: Iterable[str], *, council: bool = False) -> list[str]:
    """What in ``text`` could identify a person (kinds only, never the details).

    ``council`` marks the council's own words (a "We did"), where the names of its schools and
    settings are not identifying; in what families said they are.
    """
    org = [value.lower() for value in organisational]
    kinds = contacts([text])[1]
    # The one redaction engine decides what identifies a person, as at intake and publishing.
    for span in redact(text).spans:
        if council and span.type in _COUNCIL_TEXT_SKIPS:
            continue
        covered = text[span.start : span.end].lower()
        if any(covered in value or value in covered for value in org):
            continue
        kinds.append(_KIND_WORDS.get(span.type, span.type.replace("_", " ")))
    return kinds


_KIND_WORDS = {
    "child_name": "a child's name",
    "person_name": "a person's name",
    "postcode": "a postcode",
    "address": "an address",
    "phone": "a phone number",
    "email": "an e-mail address",
    "date_of_birth": "a date of birth",
    "case_reference": "a case reference",
    "nhs_number": "an NHS number",
    "school": "a school's name",
    "description": "a description that fits one child",
}


def warn_identifying(
    index: int, said: Iterable[str], did: Iterable[str], org: Iterable[str]
) -> DocumentWarning | None:
    """A warning when what was said, or the response, could identify a person."""
    org_values = list(org)
    kinds: list[str] = []
    for text in said:
        kinds.extend(identifying(text, org_values))
    for text in did:
        kinds.extend(identifying(text, org_values, council=True))
    if not kinds:
        return None
    unique = ", ".join(dict.fromkeys(kinds))
    return DocumentWarning(
        "identifying_text",
        f"Response {index + 1} contains text that could identify a person ({unique}); "
        "check it and redact before publishing.",
        index,
    )


__all__ = [
    "DATE",
    "commitments",
    "contacts",
    "figures",
    "identifying",
    "indicators",
    "sentences",
    "warn_identifying",
]
