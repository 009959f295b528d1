"""Storing an imported "You said, we did" document as draft responses, commitments and figures.

The pure importer (``saidanddone.importers``) reads the document; this service stores the
entries a person chose, in one transaction, as drafts: nothing is published by an import.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from saidanddone.areas import permissions
from saidanddone.areas.actors import Actor
from saidanddone.areas.models import Area
from saidanddone.areas.selectors import role_of
from saidanddone.commitments import services
from saidanddone.commitments.models import Status
from saidanddone.core.audit import AuditAction, audit
from saidanddone.core.models import AuditEntry
from saidanddone.core.uploads import upload_limits
from saidanddone.importers import to_json_dict
from saidanddone.importers.bounded import read_document_bounded

# An imported promise has no owner yet; the dashboard shows it so someone is named.
OWNER_TO_CONFIRM = "Owner to be confirmed"
_STATUS = {
    "done": Status.DONE,
    "in_progress": Status.IN_PROGRESS,
    "not_possible": Status.NOT_POSSIBLE,
}


@dataclass(frozen=True)
class ImportSummary:
    responses: int
    commitments: int
    indicators: int


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _title(entry: dict[str, Any], number: int) -> str:
    for candidate in (entry.get("title"), entry.get("heading"), entry.get("we_asked"),
                      *(entry.get("you_said") or []), *(entry.get("we_did") or [])):
        if candidate and candidate.strip():
            text = " ".join(candidate.split())
            return text if len(text) <= 200 else text[:197].rsplit(" ", 1)[0] + "…"
    return f"Imported response {number}"


DOCUMENT_ALREADY_SAVED = ("This import was already saved. Nothing was stored twice: check "
                          "the responses list.")


def _spend(area: Area, token: str) -> None:
    """Use the preview's one-time token, or refuse if it was used before. The area's row is
    locked first, so of two saves of one preview at once the second waits, then finds the
    token recorded by the first (in its audit entry, which is never deleted)."""
    Area.objects.select_for_update().filter(pk=area.pk).first()
    if AuditEntry.objects.filter(area=area, action=AuditAction.DOCUMENT_IMPORT,
                                 after__token=token).exists():
        raise ValueError(DOCUMENT_ALREADY_SAVED)


@transaction.atomic
def document_import(
    *, area: Area, document: dict[str, Any], keep: Iterable[int], by: Actor, source: str = "",
    keep_indicators: bool = True, token: str = "",
) -> ImportSummary:
    """Store the chosen entries (by index) of an imported document, all or nothing.

    ``token`` is made when the preview is drawn; a save spends it, so a second save of the same
    preview (a double click, the back button) stores nothing."""
    permissions.require(role_of(user=by, area=area), permissions.EDIT_RESPONSES,
                        "import documents")
    if token:
        _spend(area, token)
    entries = document.get("entries") or []
    chosen = sorted(set(keep))
    if not chosen:
        raise ValueError("Choose at least one entry to keep.")
    if any(i < 0 or i >= len(entries) for i in chosen):
        raise ValueError("The choice of entries does not match the document. Upload it again.")
    n_responses = n_commitments = n_indicators = 0
    for index in chosen:
        entry = entries[index]
        said = "\n".join(s.strip() for s in entry.get("you_said") or [] if s.strip())
        if entry.get("we_asked"):
            said = f"We asked: {entry['we_asked'].strip()}\n{said}".strip()
        response = services.response_create(
            area=area, title=_title(entry, index + 1),
            you_said=said or "(No 'You said' in the original document.)", by=by)
        n_responses += 1
        commitments = entry.get("commitments") or [
            {"text": t, "status": "unknown", "due": None, "done_on": None}
            for t in entry.get("we_did") or [] if t.strip()
        ]
        for item in commitments:
            done_on, due = _date(item.get("done_on")), _date(item.get("due"))
            owner = " ".join(str(item.get("owner") or "").split())[:200]
            commitment = services.commitment_create(
                response=response, text=item["text"], owner_team=owner or OWNER_TO_CONFIRM,
                due_date=due, by=by, historic=True)
            status = _STATUS.get(item.get("status") or "")
            if status is not None:
                services.commitment_set_status(
                    commitment=commitment, status=status, by=by,
                    reason=f"Recorded as {status.label.lower()} in the imported document.",
                    # the document's own words are its public reason, checked before publishing
                    rationale=item["text"] if status == Status.NOT_POSSIBLE else "",
                    on=done_on if status == Status.DONE and done_on else None)
            n_commitments += 1
    if keep_indicators:
        for series in document.get("indicators") or []:
            points = []
            for point in series.get("points") or []:
                try:
                    points.append((dt.date.fromisoformat(point["date"]),
                                   Decimal(str(point["value"]))))
                except (KeyError, ValueError, InvalidOperation):
                    continue
            if not points:
                continue
            indicator = services.indicator_create(
                area=area, name=str(series.get("name") or "Imported figures")[:200],
                unit=str(series.get("unit") or "")[:60], direction="up", by=by,
                description=f"Imported from {source}." if source else "Imported.")
            for date, value in points:
                try:  # a figure that cannot be right (future date, 250%) is left out
                    services.datapoint_add(indicator=indicator, date=date, value=value,
                                           source=source[:200], by=by)
                except ValueError:
                    continue
            n_indicators += 1
    summary = ImportSummary(n_responses, n_commitments, n_indicators)
    audit(action=AuditAction.DOCUMENT_IMPORT, obj=area, by=by, area=area,
          after={"token": token, "source": source, "title": document.get("title"),
                 "entries": chosen,
                 "responses": n_responses, "commitments": n_commitments,
                 "indicators": n_indicators})
    return summary


def document_read(content: bytes, name: str,
                  progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Read an uploaded document for the preview, in a child process within the upload limits
    (``core.uploads``): the same reading whether the officer waits or a worker does it."""
    return to_json_dict(read_document_bounded(content, name, limits=upload_limits(),
                                              on_progress=progress))
