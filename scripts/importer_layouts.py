"""Lay out structured "You said, we did" content as pages, in the many shapes councils publish.

``training/importer/structured_*.jsonl`` holds what pages say (entries with what was asked,
said and done) without layout. ``render`` writes one such page in a layout drawn at random:
labels inline or on their own lines, three-part blocks, "What you told us / What we are doing",
"Feedback / Action taken", questions and answers, flattened tables (cells run together, pipes,
tabs or one per line, with Status / Owner / Due columns), headings that state a request followed
by actions, prose pairs, storyboards, month or quarter sections, with page furniture around and,
now and then, the page cut off. The result is in the annotated format
(``saidanddone.importers.annotated``), so the block labeller learns each shape from many pages.
"""

from __future__ import annotations

import random
from typing import Any

SAID_LABELS = [
    "You said", "You told us", "What you told us", "What you said", "Your feedback", "Feedback",
    "You asked", "You asked for", "What we heard", "The issue", "Issue raised", "Comment",
    "Your comments", "Your views", "What people said", "Parents said", "Concern",
    "Feedback received", "What families told us", "Young people said", "Patients said",
    "Residents said", "Students said", "You wanted", "Suggestion", "What you asked for",
    "We heard", "Your concern",
]
DID_LABELS = [
    "We did", "We have", "What we did", "What we are doing", "What we're doing about it",
    "What we have done", "Action", "Action taken", "Actions", "Our response", "Response",
    "What happened", "What's changed", "Outcome", "What we will do", "Update", "Our answer",
    "We listened", "We will", "We did / we will", "What we did next", "Result", "Next steps",
    "Our reply", "What changed", "Where we are now", "What we are doing about it", "We've done",
]
ASKED_LABELS = ["We asked", "What we asked", "The question", "Question", "We wanted to know"]
TABLE_SAID = ["You said", "Feedback", "What you told us", "Comment", "Issue", "You told us"]
TABLE_DID = ["We did", "Action", "Response", "What we did", "Action taken", "Our response"]
TABLE_FIRST = ["Ward", "Service", "Theme", "Area", "Topic", "Month", "Team", "Ward name"]
STATUS_WORDS = {
    "done": ["Complete", "Completed", "Done", "Green", "Closed", "Achieved"],
    "in_progress": ["In progress", "Ongoing", "Amber", "Under way", "Started"],
    "planned": ["Planned", "Not started", "To do", "Scheduled", "Agreed"],
    "not_possible": ["Not possible", "Not taken forward", "Declined", "Closed - not possible"],
    "unknown": ["", "TBC"],
}
NAV = [
    "Home > Have your say > You said, we did", "Skip to main content", "Menu", "Search",
    "Home | About us | Services | Contact us", "Accept all cookies Reject cookies",
    "We use cookies to make this site work.", "Share this page", "Facebook Twitter LinkedIn Email",
    "Back to top", "Print this page", "Was this page helpful? Yes No",
    "Page last updated: 14 March 2025", "Published 2 February 2024", "Related pages",
    "Image: You said we did poster", "Download the full report (PDF, 1.2MB)", "Read more",
    "Contact us: 01632 960123 or feedback@example.org", "© 2025 All rights reserved",
    "Accessibility statement | Privacy notice | Cookies", "Tweet", "Sign up to our newsletter",
    "Local Offer > Feedback", "Posted in News", "Tags: feedback, improvement",
]


class Page:
    """Builds one annotated page line by line."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.lines: list[str] = []

    def add(self, text: str, *, gap: bool | None = None) -> None:
        if gap is None:
            gap = self.rng.random() < 0.4
        if gap and self.lines and self.lines[-1] != "":
            self.lines.append("")
        self.lines.append(text)

    def text(self) -> str:
        return "\n".join(self.lines).strip("\n")


def span(kind: str, text: str, entry: int | None = None, status: str | None = None) -> str:
    text = " ".join(text.replace("<<", "").replace(">>", "").split())
    if not text:
        return ""
    head = kind + (f" {entry}" if entry is not None else "") + (f" {status}" if status else "")
    return f"<<{head}|{text}>>"


def styled_label(rng: random.Random, label: str) -> str:
    """A label as web teams write it: colon, ellipsis, dash, capitals, bold marks."""
    if rng.random() < 0.15:
        label = label.upper()
    elif rng.random() < 0.2:
        label = label.title()
    elif rng.random() < 0.1:
        label = label.lower()
    end = rng.choice([":", ":", ":", "\u2026", "...", " -", "", " \u2013"])
    if rng.random() < 0.05:
        return f"**{label}**{end}"
    return f"{label}{end}"


def bullet(rng: random.Random, style: str, number: int) -> str:
    return {
        "dot": "\u2022 ", "dash": "- ", "star": "* ", "num": f"{number}. ", "letter":
        f"{'abcdefghij'[min(number - 1, 9)]}) ", "none": "",
    }[style]


def entry_said(entry: dict[str, Any]) -> list[str]:
    return [s for s in entry.get("said") or [] if s and s.strip()]


def entry_did(entry: dict[str, Any]) -> list[dict[str, str]]:
    return [d for d in entry.get("did") or [] if d.get("text", "").strip()]


def did_spans(n: int, entry: dict[str, Any]) -> list[str]:
    return [span("did", d["text"], n, d.get("status") or "unknown") for d in entry_did(entry)]


def meta_lines(rng: random.Random, entry: dict[str, Any]) -> list[str]:
    lines = []
    did = entry_did(entry)
    if did and rng.random() < 0.5:
        word = rng.choice(STATUS_WORDS[did[-1].get("status") or "unknown"])
        if word:
            lines.append(f"{rng.choice(['Status', 'RAG', 'Progress'])}: {word}")
    if entry.get("owner"):
        lines.append(f"{rng.choice(['Owner', 'Lead', 'Responsible'])}: {entry['owner']}")
    if entry.get("due"):
        lines.append(f"{rng.choice(['Due', 'Timescale', 'By when'])}: {entry['due']}")
    return lines


# ------------------------------------------------------------------------------------ layouts


def lay_labelled(page: Page, entries: list[tuple[int, dict[str, Any]]], rng: random.Random,
                 said_label: str, did_label: str, asked_label: str, inline: bool) -> None:
    style = rng.choice(["dot", "dash", "none", "none", "num", "star"])
    for n, entry in entries:
        if entry.get("heading") and rng.random() < 0.5:
            page.add(span("head", entry["heading"], n), gap=True)
        if entry.get("asked"):
            a = span("asked", entry["asked"], n)
            if inline:
                page.add(f"{styled_label(rng, asked_label)} {a}")
            else:
                page.add(styled_label(rng, asked_label))
                page.add(a, gap=False)
        said = [span("said", s, n) for s in entry_said(entry)]
        if said:
            if inline:
                page.add(f"{styled_label(rng, said_label)} {' '.join(said)}")
            else:
                page.add(styled_label(rng, said_label))
                for number, s in enumerate(said, 1):
                    page.add(bullet(rng, style, number) + s if len(said) > 1 else s, gap=False)
        did = did_spans(n, entry)
        if inline and rng.random() < 0.5 and said and did:
            page.lines[-1] += f" {styled_label(rng, did_label)} {' '.join(did)}"
        elif did or rng.random() < 0.5:
            if inline:
                page.add(f"{styled_label(rng, did_label)} {' '.join(did)}", gap=False)
            else:
                page.add(styled_label(rng, did_label))
                for number, d in enumerate(did, 1):
                    page.add(bullet(rng, style, number) + d if len(did) > 1 else d, gap=False)
        for line in meta_lines(rng, entry) if rng.random() < 0.6 else []:
            page.add(line, gap=False)


def lay_table(page: Page, entries: list[tuple[int, dict[str, Any]]], rng: random.Random,
              section: str | None) -> None:
    first = rng.random() < 0.35
    meta = rng.random() < 0.4
    sep = rng.choice([" ", "  ", " | ", "\t", "\n", " "])
    header = ([rng.choice(TABLE_FIRST)] if first else []) + [
        rng.choice(TABLE_SAID), rng.choice(TABLE_DID)
    ] + (["Status", "Owner"] if meta else [])
    page.add(sep.join(header) if sep != "\n" else "\n".join(header), gap=True)
    for n, entry in entries:
        cells = []
        if first:
            cells.append(span("head", entry.get("heading") or section or "General", n))
        cells.append(" ".join(span("said", s, n) for s in entry_said(entry)))
        dids = did_spans(n, entry)
        if rng.random() < 0.08:
            dids = []  # an empty "we did" cell
        cells.append(" ".join(dids))
        if meta:
            did = entry_did(entry)
            cells.append(rng.choice(STATUS_WORDS[(did[-1].get("status") if did else None)
                                                 or "unknown"]))
            cells.append(entry.get("owner") or "")
        if sep == "\n" or rng.random() < 0.2:
            for cell in cells:
                if cell:
                    page.add(cell, gap=False)
        else:
            page.add(sep.join(c for c in cells if c), gap=False)


def lay_request_heading(page: Page, entries: list[tuple[int, dict[str, Any]]],
                        rng: random.Random) -> None:
    style = rng.choice(["dot", "dash", "num", "none", "star"])
    for n, entry in entries:
        said = entry_said(entry)
        ask = entry.get("request") or (said[0] if said else None)
        if not ask:
            continue
        page.add(span("said", ask, n), gap=True)
        for s in said[1:] if not entry.get("request") else said[:1] if rng.random() < 0.3 else []:
            page.add(span("said", s, n), gap=False)
        for number, d in enumerate(did_spans(n, entry), 1):
            page.add(bullet(rng, style, number) + d, gap=False)


_PROSE_SAID = [
    "{who} told us that {s}", "{who} said {s}", "Following your feedback that {s}",
    "You told us {s}", "{who} raised concerns that {s}", "{who} let us know that {s}",
    "Feedback showed that {s}", "Many {who_low} felt that {s}", "{who} asked for {s}",
]
_PROSE_TURN = [", so ", ". As a result, ", ". In response, ", " and ", ". ", "; ", ". Since then, "]
WHO = ["Parents", "Families", "Young people", "Patients", "Residents", "Students", "Pupils",
       "Carers", "Parent carers", "Tenants", "People", "Members", "Visitors"]


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() or len(text) < 2 else text


def lay_prose(page: Page, entries: list[tuple[int, dict[str, Any]]], rng: random.Random) -> None:
    for n, entry in entries:
        said = entry_said(entry)
        did = entry_did(entry)
        if not said:
            continue
        who = rng.choice(WHO)
        template = rng.choice(_PROSE_SAID)
        first = template.split("{s}")[0].format(who=who, who_low=who.lower())
        sentence = first + span("said", lower_first(said[0].rstrip(".")), n)
        parts = [sentence]
        for index, d in enumerate(did):
            text = d["text"]
            if index == 0:
                turn = rng.choice(_PROSE_TURN)
                body = lower_first(text) if turn in {", so ", " and ", "; "} else text
                parts.append(turn + span("did", body, n, d.get("status") or "unknown"))
            else:
                parts.append(" " + span("did", text, n, d.get("status") or "unknown"))
        page.add("".join(parts), gap=True)


def lay_storyboard(page: Page, entries: list[tuple[int, dict[str, Any]]],
                   rng: random.Random) -> None:
    for n, entry in entries[:2]:
        said = entry_said(entry)
        page.add(rng.choice(["Background", "What was the problem?", "What wasn't working?",
                             "What people told us", "The challenge", "You told us"]), gap=True)
        page.add(" ".join(span("said", s, n) for s in said), gap=False)
        page.add(rng.choice(["What we did", "What did we do?", "We listened", "The solution",
                             "What changed"]), gap=True)
        page.add(" ".join(did_spans(n, entry)), gap=False)
        if rng.random() < 0.5:
            page.add(rng.choice(["The impact", "What difference did it make?", "What's next"]))
            page.add(rng.choice(["Families have told us the change has helped.",
                                 "We will keep checking how this is working.",
                                 "Feedback since then has been positive."]), gap=False)


def lay_qa(page: Page, entries: list[tuple[int, dict[str, Any]]], rng: random.Random) -> None:
    labels = rng.choice([("Q:", "A:"), ("Question:", "Answer:"), ("", ""), ("", "Response:"),
                         ("Comment:", "Reply:")])
    for n, entry in entries:
        said = entry_said(entry)
        if not said:
            continue
        quoted = rng.random() < 0.5
        text = " ".join(span("said", s, n) for s in said[:2])
        if quoted:
            text = f"\u201c{text}\u201d"
        page.add(f"{labels[0]} {text}".strip(), gap=True)
        page.add(f"{labels[1]} {' '.join(did_spans(n, entry))}".strip(), gap=rng.random() < 0.3)


def lay_unlabelled_blocks(page: Page, entries: list[tuple[int, dict[str, Any]]],
                          rng: random.Random) -> None:
    for n, entry in entries:
        if entry.get("heading"):
            page.add(span("head", entry["heading"], n), gap=True)
        if entry.get("asked"):
            page.add(span("asked", entry["asked"], n), gap=True)
        said = entry_said(entry)
        if said:
            page.add(" ".join(span("said", s, n) for s in said), gap=True)
        dids = did_spans(n, entry)
        if dids:
            page.add(" ".join(dids), gap=True)


LAYOUTS = ["labelled", "labelled_inline", "three_part", "told_doing", "feedback_action", "table",
           "request_heading", "prose", "storyboard", "qa", "unlabelled"]


def render(doc: dict[str, Any], rng: random.Random, layout: str | None = None) -> str:
    """One structured page as an annotated page, in ``layout`` or one drawn at random."""
    layout = layout or rng.choice(LAYOUTS)
    page = Page(rng)
    for line in rng.sample(NAV, rng.randint(0, 3)):
        page.add(line, gap=False)
    if doc.get("title") and rng.random() < 0.9:
        page.add(span("title", doc["title"]), gap=True)
    if rng.random() < 0.3:
        page.add(rng.choice(NAV[10:16]), gap=False)
    if doc.get("period") and rng.random() < 0.7:
        page.add(span("period", doc["period"]), gap=True)
    for paragraph in (doc.get("intro") or [])[: rng.randint(0, 2)]:
        page.add(paragraph, gap=True)
    said_label, did_label, asked_label = (
        rng.choice(SAID_LABELS), rng.choice(DID_LABELS), rng.choice(ASKED_LABELS)
    )
    if layout == "three_part":
        said_label, did_label = rng.choice(["You said", "You Said"]), rng.choice(
            ["We did", "We Did", "We will"])
        asked_label = rng.choice(["We asked", "We Asked"])
    elif layout == "told_doing":
        said_label = rng.choice(["What you told us", "You told us", "What we heard"])
        did_label = rng.choice(["What we are doing", "What we're doing about it",
                                "What are we doing about it?", "What we will do"])
    elif layout == "feedback_action":
        said_label = rng.choice(["Feedback", "Your feedback", "Issue", "Comment", "Concern"])
        did_label = rng.choice(["Action taken", "Action", "Our response", "Response", "Outcome"])
    number = 0
    for section in doc.get("sections") or []:
        heading = section.get("heading")
        if section.get("period") and rng.random() < 0.85:
            page.add(span("period", section["period"]), gap=True)
        if heading and rng.random() < 0.8 and layout != "table":
            page.add(span("section", heading), gap=True)
        entries = []
        for entry in section.get("entries") or []:
            number += 1
            entries.append((number, entry))
        if layout in {"labelled", "labelled_inline", "three_part", "told_doing",
                      "feedback_action"}:
            lay_labelled(page, entries, rng, said_label, did_label, asked_label,
                         inline=layout == "labelled_inline" or rng.random() < 0.2)
        elif layout == "table":
            lay_table(page, entries, rng, heading)
        elif layout == "request_heading":
            lay_request_heading(page, entries, rng)
        elif layout == "prose":
            lay_prose(page, entries, rng)
        elif layout == "storyboard":
            lay_storyboard(page, entries, rng)
        elif layout == "qa":
            lay_qa(page, entries, rng)
        else:
            lay_unlabelled_blocks(page, entries, rng)
    for paragraph in (doc.get("outro") or [])[: rng.randint(0, 2)]:
        page.add(paragraph, gap=True)
    for line in rng.sample(NAV, rng.randint(0, 3)):
        page.add(line, gap=False)
    text = page.text()
    if rng.random() < 0.3 and len(text) > 1200:
        text = cut(text, rng.randint(900, max(1000, min(len(text) - 50, 2600))))
    return text


def cut(text: str, at: int) -> str:
    """The page cut at ``at`` characters, with any span cut there closed (a truncated store)."""
    head = text[:at]
    if head.count("<<") > head.count(">>"):
        opening = head.rfind("<<")
        if "|" not in head[opening:]:
            return head[:opening].rstrip()
        return head + ">>"
    last = head.rfind(">")
    if head.endswith(">") or last < 0:
        return head
    # do not leave half a ">>" behind
    return head[:-1] if head.endswith(">") and not head.endswith(">>") else head
