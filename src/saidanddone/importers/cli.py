"""``saidanddone import-document PATH [--json]``: read a document and print what was found.

``--area SLUG`` (storing drafts in an area) is served by the Django command; the console script
never routes it here, and this function refuses it plainly if called with it.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from saidanddone.importers.api import read_path
from saidanddone.importers.model import DocumentError, ImportedDocument, to_json_dict


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="saidanddone import-document",
        description="Read a 'You said, we did' document (HTML, text, DOCX, PDF, CSV or XLSX).",
    )
    parser.add_argument("path", help="the document to read")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--today",
        type=date.fromisoformat,
        default=None,
        metavar="YYYY-MM-DD",
        help="the date used to decide which promised dates have passed (default: today)",
    )
    return parser


def summary(doc: ImportedDocument) -> str:
    """A readable account of an imported document."""
    lines = [f"Title: {doc.title or '(none)'}"]
    with_said = sum(1 for e in doc.entries if e.you_said)
    quotes = sum(len(e.you_said) for e in doc.entries)
    commitments = [c for e in doc.entries for c in e.commitments]
    lines.append(
        f"{len(doc.entries)} responses; {with_said} with a “You said” ({quotes} statements); "
        f"{len(commitments)} commitments "
        f"({sum(1 for c in commitments if c.status == 'done')} done, "
        f"{sum(1 for c in commitments if c.status == 'in_progress')} in progress, "
        f"{sum(1 for c in commitments if c.status == 'planned')} planned)."
    )
    lines.append("")
    for number, entry in enumerate(doc.entries, start=1):
        where = " / ".join(x for x in (entry.period, entry.heading) if x)
        lines.append(f"{number}. {where}" if where else f"{number}.")
        if entry.we_asked:
            lines.append(f"   We asked: {entry.we_asked}")
        for said in entry.you_said:
            lines.append(f"   You said: {_clip(said)}")
        for did in entry.we_did:
            lines.append(f"   We did:   {_clip(did)}")
        if not entry.we_did:
            lines.append("   We did:   (empty)")
    if doc.indicators:
        lines += ["", "Indicators:"]
        for indicator in doc.indicators:
            points = ", ".join(f"{p.date.isoformat()}: {p.value:g}" for p in indicator.points)
            unit = f" ({indicator.unit})" if indicator.unit else ""
            lines.append(f"  {indicator.name}{unit}: {points}")
    if doc.acronyms:
        lines += ["", "Acronyms:"]
        for acronym in doc.acronyms:
            lines.append(f"  {acronym.short}: {acronym.expansion or 'never expanded'}")
    if doc.contacts:
        lines += ["", "Service contact details (organisational):"]
        lines += [f"  {c.kind}: {c.value}" for c in doc.contacts]
    if doc.warnings:
        lines += ["", "Warnings:"]
        lines += [f"  [{w.code}] {w.message}" for w in doc.warnings]
    return "\n".join(lines)


def _clip(text: str, limit: int = 110) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def main(argv: list[str]) -> int:
    """Run the command; 0 on success, 2 with a message on stderr for bad input."""
    if any(arg == "--area" or arg.startswith("--area=") for arg in argv):
        print(
            "import-document --area needs the database: run it through the `saidanddone` "
            "console script with the project's settings.",
            file=sys.stderr,
        )
        return 2
    args = _parser().parse_args(argv)
    try:
        doc = read_path(args.path, today=args.today)
    except DocumentError as exc:
        print(f"saidanddone import-document: {exc.message}", file=sys.stderr)
        return 2
    except Exception as exc:
        print(
            f"saidanddone import-document: the document could not be read ({type(exc).__name__}).",
            file=sys.stderr,
        )
        return 2
    if args.json:
        print(json.dumps(to_json_dict(doc), ensure_ascii=False, indent=2))
    else:
        print(summary(doc))
    return 0
