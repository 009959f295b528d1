"""Reading survey exports (CSV and XLSX from the usual survey tools) into feedback rows.

The file is read once, at upload, into plain rows (see ``survey_parse``), in a child process
within the upload limits; it is never kept as a file. A person maps the columns (suggested by
what the columns hold, not only their names); every row is checked and its problems listed
with a reason. The good rows can be imported and the bad ones downloaded as a CSV with a
reason column, to correct and upload again. Each row has a fingerprint, so rows imported
before are recognised and skipped.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from dateutil import parser as date_parser

from saidanddone.analysis.readers import InputError
from saidanddone.core.spreadsheets import safe_cell
from saidanddone.core.uploads import upload_limits
from saidanddone.feedback.models import Consent, RespondentRole
from saidanddone.importers.bounded import read_table_bounded
from saidanddone.importers.model import DocumentError

MAX_ROWS = 50_000
MAX_COLUMNS = 500  # a survey export has one column a question: hundreds at most
MAX_BYTES = 20 * 1024 * 1024
MAX_CHARS = 5000
REASON_COLUMN = "Why it was not imported"

# Words survey tools and councils use for who is answering, mapped to our roles.
ROLE_WORDS = [
    ("young_person", ("young person", "child", "pupil", "student", "learner", "young")),
    ("parent", ("parent", "carer", "mum", "dad", "mother", "father", "guardian", "family")),
    ("professional", ("professional", "teacher", "senco", "practitioner", "staff",
                      "worker", "health", "school")),
    ("forum", ("forum",)),
    ("other", ("other", "prefer not")),
]

# Answers to "Can we quote you?". A "No" means no quoting at all: never "Paraphrase only",
# which would still publish the family's point in our words against what they said.
CONSENT_WORDS: list[tuple[str, tuple[str, ...]]] = [
    (Consent.PARAPHRASE, ("paraphrase", "your own words", "your words", "not my words",
                          "not word for word", "anonymously summarise", "summarise")),
    (Consent.DO_NOT_PUBLISH, ("no", "n", "false", "0", "do not", "don't", "dont", "not ",
                              "never", "decline", "declined", "refuse")),
    (Consent.VERBATIM, ("yes", "y", "true", "1", "ok", "okay", "agree", "happy", "quote",
                        "word for word", "my words", "verbatim", "consent")),
]


@dataclass(frozen=True)
class Mapping:
    comments: tuple[str, ...]
    role: str = ""
    date: str = ""
    consent: str = ""
    respondent_id: str = ""
    default_role: str = RespondentRole.PARENT
    default_date: dt.date | None = None
    default_consent: str = Consent.PARAPHRASE


@dataclass(frozen=True)
class SurveyRow:
    """One comment to store: one non-empty answer to one free-text question of a row."""

    line: int
    text: str
    respondent_role: str
    received_on: dt.date
    consent: str = Consent.PARAPHRASE
    question: str = ""
    fingerprint: str = ""

    @property
    def role_label(self) -> str:
        return str(RespondentRole(self.respondent_role).label)

    @property
    def consent_label(self) -> str:
        return str(Consent(self.consent).label)


@dataclass(frozen=True)
class BadRow:
    line: int
    reason: str
    values: dict[str, str]

    def __str__(self) -> str:
        return f"Row {self.line}: {self.reason}"


@dataclass
class SurveyRead:
    header: list[str]
    rows: list[SurveyRow] = field(default_factory=list)
    errors: list[BadRow] = field(default_factory=list)
    skipped_empty: int = 0

    @property
    def good_lines(self) -> int:
        return len({r.line for r in self.rows})


@dataclass(frozen=True)
class ParsedFile:
    header: list[str]
    rows: list[dict[str, str]]
    sha256: str


def survey_parse(name: str, content: bytes,
                 progress: Callable[[str], None] | None = None) -> ParsedFile:
    """The file's header and rows, read from its bytes in a child process within the upload
    limits (``core.uploads``): a workbook that unpacks too far is refused before it is opened,
    and one that would take too long or too much memory is stopped with a message naming the
    limit. The bytes go to a private temporary file only inside the child, deleted before the
    read ends, whatever happens: no copy of the export outlives the read."""
    if not content:
        raise InputError("The file is empty.")
    if len(content) > MAX_BYTES:
        raise InputError(f"The file is bigger than {MAX_BYTES // (1024 * 1024)} MB.")
    try:
        table = read_table_bounded(content, name, limits=upload_limits(), max_rows=MAX_ROWS,
                                   max_columns=MAX_COLUMNS, on_progress=progress)
    except DocumentError as exc:
        raise InputError(exc.message) from None
    if not table.header or not any(table.header):
        raise InputError("The file has no header row.")
    return ParsedFile(table.header, table.rows, hashlib.sha256(content).hexdigest())


def survey_table_read(content: bytes, name: str,
                      progress: Callable[[str], None] | None = None) -> dict[str, object]:
    """``survey_parse`` as plain data, for a read in the background (``core.uploads``)."""
    parsed = survey_parse(name, content, progress)
    return {"header": parsed.header, "rows": parsed.rows, "sha256": parsed.sha256}


def parsed_from_read(result: dict[str, Any]) -> ParsedFile:
    """The ``ParsedFile`` a background read stored (``survey_table_read``)."""
    return ParsedFile(list(result["header"]), list(result["rows"]), str(result["sha256"]))


def role_from(value: str) -> str | None:
    lowered = value.strip().lower()
    if not lowered:
        return None
    for role, words in ROLE_WORDS:
        if any(w in lowered for w in words):
            return role
    return None


def consent_from(value: str) -> str | None:
    """The consent an answer to "Can we quote you?" gives, or None when it cannot be told."""
    lowered = " ".join(re.findall(r"[a-z0-9']+", value.lower()))
    if not lowered:
        return None
    words = set(lowered.split())
    for consent, cues in CONSENT_WORDS:
        for cue in cues:
            # Short cues ("no", "y") must be whole words; phrases may sit anywhere.
            if (cue in words) if " " not in cue and len(cue) <= 4 else (cue in f"{lowered} "):
                return str(consent)
    return None


def date_from(value: str) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return date_parser.parse(value, dayfirst=True).date()
    except (ValueError, OverflowError):
        return None


def normalised(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def row_fingerprint(*, text: str, received_on: dt.date, question: str,
                    respondent_id: str = "") -> str:
    """The same answer from the same respondent, however the file was re-exported.

    With a respondent id column: the id and the question (one respondent answers several
    questions). Without one: the words (case, spacing and punctuation ignored) and the date.
    """
    if respondent_id.strip():
        basis = f"id\x1f{respondent_id.strip().lower()}\x1f{normalised(question)}"
    else:
        basis = f"text\x1f{normalised(text)}\x1f{received_on.isoformat()}"
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()


def survey_read(parsed: ParsedFile, mapping: Mapping, *, today: dt.date) -> SurveyRead:
    """Every row checked against the mapping: good answers to import, bad rows with reasons."""
    header = parsed.header
    if not mapping.comments:
        raise InputError("Choose at least one column that holds comments.")
    for name in (*mapping.comments, mapping.role, mapping.date, mapping.consent,
                 mapping.respondent_id):
        if name and name not in header:
            raise InputError(f"There is no column called '{name}'. The columns are: "
                             + ", ".join(header))
    result = SurveyRead(header=header)
    for number, row in enumerate(parsed.rows, start=2):
        answers = [(q, (row.get(q) or "").strip()) for q in mapping.comments]
        answers = [(q, a) for q, a in answers if a]
        if not answers:
            result.skipped_empty += 1
            continue
        problem, role, received, consent = _check_row(row, answers, mapping, today)
        if problem:
            result.errors.append(BadRow(number, problem, dict(row)))
            continue
        respondent = (row.get(mapping.respondent_id) or "") if mapping.respondent_id else ""
        for question, text in answers:
            result.rows.append(SurveyRow(
                number, text, role, received, consent, question,
                row_fingerprint(text=text, received_on=received, question=question,
                                respondent_id=respondent)))
    return result


def _check_row(row: dict[str, str], answers: list[tuple[str, str]], mapping: Mapping,
               today: dt.date) -> tuple[str, str, dt.date, str]:
    """(problem, role, date, consent) for one row; the problem is "" when the row is good."""
    role, received, consent = mapping.default_role, mapping.default_date or today, \
        mapping.default_consent
    for question, text in answers:
        if len(text) > MAX_CHARS:
            return (f"the answer in '{question}' is longer than {MAX_CHARS:,} characters.",
                    role, received, consent)
    if mapping.role:
        raw = (row.get(mapping.role) or "").strip()
        found = role_from(raw)
        if found is None and raw:
            return (f"'{raw}' in '{mapping.role}' is not a parent, young person, "
                    "professional or other.", role, received, consent)
        role = found or role
    if mapping.date:
        raw = (row.get(mapping.date) or "").strip()
        parsed = date_from(raw)
        if parsed is None and raw:
            return f"'{raw}' in '{mapping.date}' is not a date.", role, received, consent
        if parsed is not None and parsed > today:
            return f"the date {parsed:%d %B %Y} is in the future.", role, received, consent
        received = parsed or received
    if mapping.consent:
        raw = (row.get(mapping.consent) or "").strip()
        found = consent_from(raw)
        if found is None and raw:
            return (f"'{raw}' in '{mapping.consent}' is not a yes or a no.", role, received,
                    consent)
        consent = found or consent
    return "", role, received, consent


def bad_rows_csv(header: list[str], bad: Iterable[BadRow]) -> str:
    """The rows that were not imported, as they were, with the reason in a first column and
    the row number of the original file, ready to correct and upload again."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([REASON_COLUMN, "Row in the original file", *header])
    for row in bad:
        writer.writerow([safe_cell(cell) for cell in (
            row.reason, row.line, *[row.values.get(h, "") for h in header])])
    return buffer.getvalue()


# Choosing the columns by what they hold ------------------------------------------------------

_ID_LIKE = re.compile(r"^[#\w-]*\d[\w-]*$")
_NUMBER = re.compile(r"^[\d\s.,:/%£$-]+$")
_WORD = re.compile(r"[A-Za-z]{2,}")


@dataclass(frozen=True)
class ColumnProfile:
    name: str
    filled: int
    mean_chars: float
    wordy: float  # share of answers that read as words (three or more, not an id or number)


def column_profiles(header: list[str], rows: list[dict[str, str]],
                    sample: int = 200) -> list[ColumnProfile]:
    profiles = []
    for name in header:
        values = [(r.get(name) or "").strip() for r in rows[:sample]]
        values = [v for v in values if v]
        if not values:
            profiles.append(ColumnProfile(name, 0, 0.0, 0.0))
            continue
        wordy = sum(1 for v in values if _reads_as_words(v)) / len(values)
        profiles.append(ColumnProfile(name, len(values),
                                      sum(len(v) for v in values) / len(values), wordy))
    return profiles


def _reads_as_words(value: str) -> bool:
    if _ID_LIKE.match(value) or _NUMBER.match(value) or date_from_strict(value):
        return False
    return len(_WORD.findall(value)) >= 3


def date_from_strict(value: str) -> bool:
    """True for a value that is only a date or time (not a sentence that mentions one)."""
    if len(value) > 40 or len(_WORD.findall(value)) > 2:
        return False
    return date_from(value) is not None


def guess_columns(header: list[str], rows: list[dict[str, str]]) -> dict[str, object]:
    """Preselect the likely columns. Comments are chosen by content: the columns whose
    answers read as words (not ids, numbers or dates), longest first; a column named
    "Respondent ID" is never a comment however it is named."""
    def first(*words: str) -> str:
        return next((h for h in header if any(w in h.lower() for w in words)), "")

    role = first("are you", "role", "respondent type", "who ")
    date = first("date", "submitted", "completed", "timestamp")
    consent = first("quote", "consent", "permission", "use your words", "publish")
    respondent_id = next((h for h in header if re.search(
        r"\b(respondent|response|record|participant)\s*(id|no|number)\b|^id$", h.lower())), "")
    taken = {role, date, consent, respondent_id} - {""}
    profiles = [p for p in column_profiles(header, rows) if p.name not in taken and p.filled]
    free_text = sorted((p for p in profiles if p.wordy >= 0.5 and p.mean_chars >= 20),
                       key=lambda p: -p.mean_chars)
    comments = [p.name for p in free_text]
    if not comments:
        named = first("comment", "feedback", "tell us", "anything else", "why")
        comments = [named] if named and named not in taken else []
    return {"comments": comments, "role": role, "date": date, "consent": consent,
            "respondent_id": respondent_id}
