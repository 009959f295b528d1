"""Open data: each published version as CSV and JSON, one row per commitment, described field
by field in ``FIELDS`` (the data dictionary page shows the same list)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from saidanddone.commitments.rules import is_late
from saidanddone.core.spreadsheets import safe_row
from saidanddone.publishing import selectors
from saidanddone.publishing.models import PublicationVersion


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: str
    example: str = ""


FIELDS: list[Field] = [
    Field("area", "text", "The local area that published the response.", "Westmere"),
    Field("publication", "text", "The title of the publication.",
          "You said, we did 2025 to 2026"),
    Field("period_label", "text", "The period the publication covers, in words.", "2025 to 2026"),
    Field("period_start", "date (YYYY-MM-DD)", "The first day of the period.", "2025-04-01"),
    Field("period_end", "date (YYYY-MM-DD)", "The last day of the period.", "2026-03-31"),
    Field("version", "whole number", "The version of the publication. A correction makes a new "
          "version; earlier versions stay available.", "1"),
    Field("published_on", "date (YYYY-MM-DD)", "The day this version was published.",
          "2026-04-15"),
    Field("forum_decision", "text", "What the parent carer forum said about the publication: "
          "Agreed, Agreed with reservations or Not agreed.", "Agreed with reservations"),
    Field("response_id", "identifier", "A stable identifier of the response (one 'You said, "
          "we did' entry). The same in every version.", "3f2c…"),
    Field("response_title", "text", "What families asked for, in a few words.",
          "Quicker replies from the SEND team"),
    Field("you_said", "text", "A summary of what families said. Never their own words, never "
          "names or details."),
    Field("themes", "text list (separated by ' | ')", "The themes the response is about."),
    Field("feedback_count", "text", "How many comments the response is based on. Counts below 5 "
          "are shown as 'fewer than 5' so that nobody can be identified; where a small count "
          "could be worked out by subtraction the total is rounded ('about 15').", "fewer than 5"),
    Field("commitment_id", "identifier", "A stable identifier of the commitment. Empty when the "
          "response has no commitment."),
    Field("commitment", "text", "What we did or will do, as published in this version."),
    Field("owner_team", "text", "The team responsible for doing it.", "SEND Service"),
    Field("partners", "text", "Organisations it is done with, such as the parent carer forum."),
    Field("start_date", "date (YYYY-MM-DD)", "When the work started, if known."),
    Field("due_date_published", "date (YYYY-MM-DD)", "The due date as published in this version."),
    Field("status_published", "code", "The status as published: planned (we will), in_progress, "
          "done (we did) or not_possible.", "planned"),
    Field("status_now", "code", "The status today (same codes). Published promises are kept up "
          "to date after publication.", "done"),
    Field("due_date_now", "date (YYYY-MM-DD)", "The due date today. If it differs from the "
          "published one, the commitment's page says why it changed."),
    Field("done_on", "date (YYYY-MM-DD)", "The day it was done, when status_now is done."),
    Field("late", "yes or no", "yes when it is still to do or in progress and its due date "
          "today has passed (the same rule as the Late tag on the pages)."),
    Field("not_possible_reason", "text", "Why it is not possible, when status_now is "
          "not_possible."),
    Field("url", "web address", "The commitment's public page: timeline, reasons and evidence."),
]
FIELD_NAMES = [f.name for f in FIELDS]


def version_rows(version: PublicationVersion, base_url: str = "") -> list[dict[str, str]]:
    from django.utils import timezone

    content = version.content
    area = version.publication.area
    ids = [c["id"] for r in content["responses"] for c in r["commitments"]]
    live = selectors.public_commitment_statuses(area=area, ids=ids)
    today = timezone.localdate()
    forum = content.get("forum") or {}
    common = {
        "area": area.name, "publication": content["title"],
        "period_label": content["period_label"], "period_start": content["period_start"],
        "period_end": content["period_end"], "version": str(version.number),
        "published_on": version.published_at.date().isoformat(),
        "forum_decision": forum.get("decision_label", ""),
    }
    rows: list[dict[str, str]] = []
    for r in content["responses"]:
        response = dict(common, response_id=r["id"], response_title=r["title"],
                        you_said=r["you_said"],
                        themes=" | ".join(t["name"] for t in r["themes"]),
                        feedback_count=r["feedback_count"])
        empty = dict.fromkeys(FIELD_NAMES, "")
        if not r["commitments"]:
            rows.append(empty | response)
        for c in r["commitments"]:
            now = live.get(c["id"])
            status_now = now.status if now else c["status"]
            due_now = now.due_date if now else None
            rows.append(empty | response | {
                "commitment_id": c["id"], "commitment": c["text"], "owner_team": c["owner_team"],
                "partners": c["partners"], "start_date": c["start_date"] or "",
                "due_date_published": c["due_date"] or "", "status_published": c["status"],
                "status_now": status_now,
                "due_date_now": due_now.isoformat() if due_now else (c["due_date"] or ""),
                "done_on": now.done_on.isoformat() if now and now.done_on else "",
                "late": "yes" if is_late(now, today) else "no",
                "not_possible_reason": (selectors.public_rationale(now) if now else
                                        c["not_possible_rationale"]),
                "url": base_url + reverse("public:commitment", args=[area.slug, c["id"]]),
            })
    return rows


def as_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELD_NAMES, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(safe_row(row) for row in rows)
    return out.getvalue()


def as_json(version: PublicationVersion, rows: list[dict[str, Any]],
            dictionary_url: str) -> dict[str, Any]:
    return {
        "dataset": {
            "title": version.content["title"], "area": version.publication.area.name,
            "version": version.number, "published_at": version.published_at.isoformat(),
            "change_note": version.change_note, "data_dictionary": dictionary_url,
            "forum": version.content.get("forum"),
        },
        "fields": [{"name": f.name, "type": f.type, "description": f.description}
                   for f in FIELDS],
        "records": rows,
        # The figures behind the evidence: only those staff made public, small numbers given
        # as "fewer than N" (decision 0203).
        "indicators": [
            {"name": i["indicator"].name, "unit": i["indicator"].unit,
             "direction": i["indicator"].direction, "baseline": i["baseline_shown"],
             "target": i["target_shown"],
             "target_date": (i["indicator"].target_date.isoformat()
                             if i["indicator"].target_date else ""),
             "figures": [{"date": f.date.isoformat(), "value": f.shown, "source": f.source}
                         for f in i["figures"]]}
            for i in selectors.public_indicators(commitments=version.commitments.all())
        ],
    }
