"""``read_document``: bytes of any supported format in, an ``ImportedDocument`` out."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date

from saidanddone.analysis.acronyms import find_acronyms
from saidanddone.importers.dates import period_year
from saidanddone.importers.extract import (
    commitments,
    contacts,
    figures,
    indicators,
    sentences,
    warn_identifying,
)
from saidanddone.importers.formats import MAX_BYTES, parse
from saidanddone.importers.model import DocumentError, DocumentWarning, Entry, ImportedDocument
from saidanddone.importers.recognise import RawEntry, recognise

NO_STRUCTURE = (
    "No “You said / We did” structure was found in this document: nothing in it reads as what "
    "people said paired with what was done about it (labels, a table with those columns, "
    "questions with answers, or requests followed by actions). Nothing was imported."
)
TITLE_WORDS = 12


def _document_year(entries: list[RawEntry], title: str | None) -> int | None:
    for entry in entries:
        year = period_year(entry.period)
        if year:
            return year
    return period_year(title) if title else None


def _quiet(phase: str) -> None:
    """No one is watching the progress."""


def read_document(
    data: bytes,
    filename: str,
    *,
    today: date | None = None,
    progress: Callable[[str], None] = _quiet,
) -> ImportedDocument:
    """Read a "You said, we did" document (HTML, text, DOCX, PDF, CSV or XLSX).

    The format is found from the bytes. ``today`` decides which promised dates have passed
    (default: the real date). Raises ``DocumentError`` with a plain-English message for bad
    input, including a document with no "You said / We did" structure. ``progress`` is told
    each phase as it starts (the background import shows it to the officer).
    """
    today = today or date.today()
    progress("Reading the text")
    parsed = parse(data, filename)
    progress("Finding what people said and what was done")
    found = recognise(parsed.blocks, parsed.text)
    if not found.entries and parsed.fallback:
        found = recognise(parsed.fallback)
    raw = found.entries
    if not raw:
        raise DocumentError(NO_STRUCTURE)
    title = found.title or parsed.title
    default_year = _document_year(raw, found.period or title)
    progress("Checking dates, figures and personal details")

    # the whole page, not only its entries: a service's phone line or an abbreviation's
    # expansion is often in the introduction or the footer
    all_text = [title or "", found.text]
    if not found.text:
        for item in raw:
            all_text.extend(
                [item.heading or "", item.we_asked or "", *item.you_said, *item.we_did]
            )
    found_contacts, _personal = contacts(all_text)
    org_values = [c.value for c in found_contacts]

    entries: list[Entry] = []
    warnings: list[DocumentWarning] = []
    for index, item in enumerate(raw):
        ref_year = period_year(item.period) or default_year
        promised = commitments(item, ref_year)
        entries.append(
            Entry(
                period=item.period,
                heading=item.heading,
                we_asked=item.we_asked,
                you_said=item.you_said,
                we_did=item.we_did,
                commitments=promised,
                figures=figures(item),
                title=entry_title(item),
            )
        )
        number = index + 1
        if not item.we_did:
            warnings.append(
                DocumentWarning(
                    "empty_response",
                    f"Response {number} has no text: nothing says what was done.",
                    index,
                )
            )
        if not item.you_said and not item.we_asked:
            warnings.append(
                DocumentWarning(
                    "no_you_said",
                    f"Response {number} has no “You said”: it does not show what families said.",
                    index,
                )
            )
        for commitment in promised:
            if commitment.status == "planned" and commitment.due and commitment.due < today:
                warnings.append(
                    DocumentWarning(
                        "promise_overdue",
                        f"Response {number} promised something by {commitment.due.isoformat()}, "
                        f"which has passed with no update: “{_short(commitment.text)}”",
                        index,
                    )
                )
        person = warn_identifying(
            index, [item.we_asked or "", *item.you_said], item.we_did, org_values
        )
        if person is not None:
            warnings.append(person)

    if found.partial:
        warnings.append(
            DocumentWarning(
                "partly_structured",
                "Parts of this document look like feedback or actions but could not be read "
                "as pairs with confidence; check the original for anything missing.",
            )
        )
    return ImportedDocument(
        title=title,
        entries=tuple(entries),
        period=found.period,
        indicators=indicators(raw),
        acronyms=tuple(find_acronyms("\n".join(t for t in all_text if t))),
        contacts=found_contacts,
        warnings=tuple(warnings),
    )


def entry_title(entry: RawEntry) -> str:
    """The heading the page gave the entry, else the first sentence of what was said or done."""
    if entry.heading:
        return entry.heading
    for text in (entry.we_asked, *entry.you_said, *entry.we_did):
        if text and text.strip():
            first = sentences(text)[0] if sentences(text) else text
            words = first.split()
            short = " ".join(words[:TITLE_WORDS])
            return short + ("…" if len(words) > TITLE_WORDS else "")
    return "Untitled entry"


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def read_path(path: str | os.PathLike[str], *, today: date | None = None) -> ImportedDocument:
    """Read a document from a file on disk (see ``read_document``)."""
    name = os.fspath(path)
    try:
        size = os.path.getsize(name)
        if size > MAX_BYTES:
            raise DocumentError(
                f"“{os.path.basename(name)}” is {size / (1024 * 1024):.1f} MB; the limit is "
                f"{MAX_BYTES // (1024 * 1024)} MB. Split it into smaller documents."
            )
        with open(name, "rb") as handle:
            data = handle.read()
    except IsADirectoryError as exc:
        raise DocumentError(f"“{name}” is a folder, not a file.") from exc
    except FileNotFoundError as exc:
        raise DocumentError(f"There is no file at “{name}”.") from exc
    except PermissionError as exc:
        raise DocumentError(f"“{name}” cannot be opened: permission denied.") from exc
    except OSError as exc:
        raise DocumentError(f"“{name}” cannot be read: {exc.strerror or exc}.") from exc
    return read_document(data, os.path.basename(name), today=today)
