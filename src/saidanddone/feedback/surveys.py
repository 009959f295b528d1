"""Reading survey exports (CSV and XLSX from the usual survey tools) into feedback rows.

A person maps the columns; every row is checked and its problems listed; nothing is saved
unless every row is good (``feedback.services.survey_import`` saves all or nothing).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from dateutil import parser as date_parser

from saidanddone.analysis.readers import InputError, read_rows
from saidanddone.feedback.models import RespondentRole

MAX_ROWS = 50_000
MAX_BYTES = 20 * 1024 * 1024
MAX_CHARS = 5000

# Words survey tools and councils use for who is answering, mapped to our roles.
ROLE_WORDS = [
    ("young_person", ("young person", "child", "pupil", "student", "learner", "young")),
    ("parent", ("parent", "carer", "mum", "dad", "mother", "father", "guardian", "family")),
    ("professional", ("professional", "teacher", "senco", "practitioner", "staff",
                      "worker", "health", "school")),
    ("forum", ("forum",)),
    ("other", ("other", "prefer not")),
]


@dataclass(frozen=True)
class Mapping:
    comment: str
    role: str = ""
    date: str = ""
    default_role: str = RespondentRole.PARENT
    default_date: dt.date | None = None


@dataclass(frozen=True)
class SurveyRow:
    line: int
    text: str
    respondent_role: str
    received_on: dt.date


@dataclass
class SurveyRead:
    header: list[str]
    rows: list[SurveyRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    skipped_empty: int = 0


def survey_header(path: Path) -> list[str]:
    _check_size(path)
    header, _ = read_rows(path)
    if not header:
        raise InputError("The file has no header row.")
    return header


def role_from(value: str) -> str | None:
    lowered = value.strip().lower()
    if not lowered:
        return None
    for role, words in ROLE_WORDS:
        if any(w in lowered for w in words):
            return role
    return None


def date_from(value: str) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return date_parser.parse(value, dayfirst=True).date()
    except (ValueError, OverflowError):
        return None


def survey_read(path: Path, mapping: Mapping, *, today: dt.date) -> SurveyRead:
    """Every row checked against the mapping; problems listed by line number."""
    _check_size(path)
    header, rows = read_rows(path)
    for name in (mapping.comment, mapping.role, mapping.date):
        if name and name not in header:
            raise InputError(f"There is no column called '{name}'. The columns are: "
                             + ", ".join(header))
    result = SurveyRead(header=header)
    for number, row in enumerate(rows, start=2):
        if number - 1 > MAX_ROWS:
            raise InputError(f"The file has more than {MAX_ROWS:,} rows. Split it into parts.")
        text = (row.get(mapping.comment) or "").strip()
        if not text:
            result.skipped_empty += 1
            continue
        if len(text) > MAX_CHARS:
            result.errors.append(f"Row {number}: the comment is longer than {MAX_CHARS:,} "
                                 "characters.")
            continue
        role = mapping.default_role
        if mapping.role:
            found = role_from(row.get(mapping.role) or "")
            if found is None and (row.get(mapping.role) or "").strip():
                result.errors.append(
                    f"Row {number}: '{row[mapping.role]}' in '{mapping.role}' is not a parent, "
                    "young person, professional or other.")
                continue
            role = found or role
        received = mapping.default_date or today
        if mapping.date:
            raw = row.get(mapping.date) or ""
            parsed = date_from(raw)
            if parsed is None and raw.strip():
                result.errors.append(f"Row {number}: '{raw}' in '{mapping.date}' is not a date.")
                continue
            if parsed is not None and parsed > today:
                result.errors.append(f"Row {number}: the date {parsed:%d %B %Y} is in the "
                                     "future.")
                continue
            received = parsed or received
        result.rows.append(SurveyRow(number, text, role, received))
    return result


def _check_size(path: Path) -> None:
    size = path.stat().st_size
    if size == 0:
        raise InputError("The file is empty.")
    if size > MAX_BYTES:
        raise InputError(f"The file is bigger than {MAX_BYTES // (1024 * 1024)} MB.")
