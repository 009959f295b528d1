"""The inspection evidence pack (issue 14, decision 0222): one area's loop over a period, for an
Ofsted/CQC area SEND inspection or a committee, as a Word document and as a tagged PDF.

Every figure comes from the selectors the workspace already uses (``loop_health`` for the
dashboard's figures, ``rag``/``rag_reason`` and ``rules.is_late`` for what is late,
``countable_feedback`` for what counts, ``quotable_feedback`` for what may be quoted): the pack
defines no rule of its own. Families' words appear only as redacted text. Each section is
bounded (``MAX_ROWS``, ``MAX_CHANGES``), so a large area's pack takes bounded time; a cut
section says so.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from saidanddone.areas.models import Area
from saidanddone.commitments.models import (
    OPEN_STATUSES,
    Commitment,
    DueDateRevision,
    Evidence,
    ProgressUpdate,
    Response,
    StatusChange,
)
from saidanddone.commitments.selectors import LoopHealth, loop_health, rag, rag_reason
from saidanddone.feedback.selectors import countable_feedback, feedback_for, quotable_feedback
from saidanddone.publishing.models import ForumSignOff, PublicationVersion

LANGUAGE = "en-GB"
# The most rows a section lists; past it the section says how many were left out, so a large
# area's pack still takes bounded time (docs/benchmarks.md). Every commitment live in the period
# is listed up to MAX_ROWS; the changes are counted in full by kind, and the newest MAX_CHANGES
# are listed one by one (the staff exports and each commitment's page have the rest).
MAX_ROWS = 500
MAX_CHANGES = 250
QUOTES_PER_THEME = 3
QUOTED_THEMES = 40  # the most heard themes get their examples (one query each)

# The section headings, in order: the tests check each is in both files.
SECTIONS = (
    "Loop health",
    "Themes heard",
    "Responses and commitments",
    "The forum's decisions and statements",
    "What changed in the period",
)


@dataclass
class PackCommitment:
    commitment: Commitment
    timeliness: str  # rag_reason: "Overdue by 12 days", "On track", "" once closed
    late: bool
    evidence: list[Evidence]


@dataclass
class PackResponse:
    response: Response
    themes: list[str]
    commitments: list[PackCommitment]


@dataclass
class Change:
    on: dt.date
    commitment: str
    owner: str
    what: str
    detail: str


@dataclass
class EvidencePack:
    area: Area
    start: dt.date
    end: dt.date
    made_at: dt.datetime
    made_by: str
    health: LoopHealth
    themes: list[tuple[str, int]]
    quotes: dict[str, list[str]]
    responses: list[PackResponse]
    commitments_count: int
    sign_offs: list[ForumSignOff]
    versions: list[PublicationVersion]
    change_counts: list[tuple[str, int]]
    changes: list[Change]
    cut: dict[str, int] = field(default_factory=dict)  # section: rows left out

    @property
    def title(self) -> str:
        return f"Inspection evidence pack: {self.area.name}"

    @property
    def period(self) -> str:
        return f"{_day(self.start)} to {_day(self.end)}"

    @property
    def health_rows(self) -> list[tuple[str, Any]]:
        """The dashboard's figures, as label and number (a number stays a number)."""
        h = self.health
        return [
            ("Comments heard in the period", h.feedback_total),
            ("Themes heard", h.themes_heard),
            ("Themes heard that have a response", h.themes_with_response),
            ("Share of themes heard that have a response (%)",
             "none yet" if h.share_themes_with_response is None else h.share_themes_with_response),
            ("Published commitments", h.commitments_total),
            ("Published commitments done", h.commitments_done),
            ("Share of published commitments done (%)",
             "none yet" if h.share_done is None else h.share_done),
            ("Draft commitments (not yet published, not counted)", h.commitments_draft),
            ("Overdue commitments (today)", len(h.overdue)),
            ("Open commitments with no update for a long time (today)", len(h.stale)),
            ("Commitments with no evidence yet (today)", len(h.no_evidence)),
            ("Comments waiting for themes to be confirmed", h.unconfirmed),
            ("Median days from a comment to its response",
             "none yet" if h.median_days_to_response is None else h.median_days_to_response),
            ("The forum's latest decision", h.forum_decision or "None yet"),
        ]


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _on(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def _cut(items: list[Any], section: str, cut: dict[str, int]) -> list[Any]:
    if len(items) > MAX_ROWS:
        cut[section] = len(items) - MAX_ROWS
        return items[:MAX_ROWS]
    return items


def evidence_pack_build(*, area: Area, user: Any, start: dt.date, end: dt.date) -> EvidencePack:
    """Everything the pack shows for ``area`` between ``start`` and ``end`` (both included),
    as ``user`` may see it."""
    cut: dict[str, int] = {}
    health = loop_health(area=area, period_start=start, period_end=end)
    themes = [(name, heard) for _slug, name, heard in health.by_theme]

    # What families said, by theme: a few comments that may be quoted, redacted text only.
    in_period = countable_feedback(feedback_for(area=area, user=user)).filter(
        received_on__range=(start, end))
    quotes: dict[str, list[str]] = {}
    for slug, name, _heard in health.by_theme[:QUOTED_THEMES]:
        texts = (quotable_feedback(in_period.filter(theme_assignments__theme__slug=slug))
                 .order_by("-received_on", "-created_at")
                 .values_list("text_redacted", flat=True)[:QUOTES_PER_THEME])
        quotes[name] = [t for t in texts if t]

    # The commitments live in the period: made by its end, and not closed before it began.
    start_at = dt.datetime.combine(start, dt.time.min, tzinfo=timezone.get_current_timezone())
    end_at = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min,
                                 tzinfo=timezone.get_current_timezone())
    live = (Commitment.objects.filter(area=area, created_at__lt=end_at)
            .exclude(~Q(status__in=OPEN_STATUSES) & Q(status_changed_on__lt=start))
            .select_related("response").order_by("response__title", "due_date", "created_at"))
    commitments = _cut(list(live[:MAX_ROWS + 1]), "Responses and commitments", cut)
    if "Responses and commitments" in cut:
        cut["Responses and commitments"] = live.count() - MAX_ROWS
    evidence: dict[Any, list[Evidence]] = {}
    for item in Evidence.objects.filter(commitment__in=[c.pk for c in commitments],
                                        held=False).order_by("added_on", "created_at"):
        evidence.setdefault(item.commitment_id, []).append(item)
    today = timezone.localdate()
    by_response: dict[Any, PackResponse] = {}
    theme_names: dict[Any, list[str]] = {}
    for r in Response.objects.filter(pk__in={c.response_id for c in commitments}) \
            .prefetch_related("themes"):
        theme_names[r.pk] = [t.name for t in r.themes.all()]
    for c in commitments:
        entry = by_response.setdefault(c.response_id, PackResponse(
            c.response, theme_names.get(c.response_id, []), []))
        entry.commitments.append(PackCommitment(
            c, rag_reason(c, today), rag(c, today) == "red", evidence.get(c.pk, [])))

    sign_offs = list(ForumSignOff.objects.filter(
        publication__area=area, created_at__gte=start_at, created_at__lt=end_at)
        .select_related("publication").order_by("created_at")[:MAX_ROWS])
    versions = list(PublicationVersion.objects.filter(
        publication__area=area, published_at__gte=start_at, published_at__lt=end_at)
        .select_related("publication").order_by("published_at")[:MAX_ROWS])

    change_counts, changes = _changes(area=area, start=start, end=end, start_at=start_at,
                                      end_at=end_at)
    if len(changes) > MAX_CHANGES:
        cut["What changed in the period"] = sum(n for _what, n in change_counts) - MAX_CHANGES
        changes = changes[:MAX_CHANGES]

    display_name = getattr(user, "get_full_name", lambda: "")() or user.get_username()
    return EvidencePack(
        area=area, start=start, end=end, made_at=timezone.localtime(), made_by=display_name,
        health=health, themes=themes, quotes=quotes, responses=list(by_response.values()),
        commitments_count=len(commitments), sign_offs=sign_offs, versions=versions,
        change_counts=change_counts, changes=changes, cut=cut)


def _changes(*, area: Area, start: dt.date, end: dt.date, start_at: dt.datetime,
             end_at: dt.datetime) -> tuple[list[tuple[str, int]], list[Change]]:
    """Status changes, new due dates, progress updates and evidence recorded in the period:
    how many of each, and the newest ``MAX_CHANGES`` of them all. A change held for a person's
    check (it may name a family) is left out of both."""
    limit = MAX_CHANGES + 1
    statuses = StatusChange.objects.filter(commitment__area=area, held=False,
                                           changed_on__range=(start, end))
    due_dates = DueDateRevision.objects.filter(commitment__area=area, held=False,
                                               created_at__gte=start_at, created_at__lt=end_at)
    updates = ProgressUpdate.objects.filter(commitment__area=area, held=False,
                                            written_on__range=(start, end))
    evidence = Evidence.objects.filter(commitment__area=area, held=False,
                                       added_on__range=(start, end))
    counts = [("Status changed", statuses.count()), ("Due date moved", due_dates.count()),
              ("Progress update", updates.count()), ("Evidence added", evidence.count())]
    changes: list[Change] = []
    for s in statuses.select_related("commitment").order_by("-changed_on")[:limit]:
        was = s.get_from_status_display() or "new"
        changes.append(Change(s.changed_on, s.commitment.text, s.commitment.owner_team,
                              "Status changed",
                              f"{was} → {s.get_to_status_display()}: {s.reason}"))
    for d in due_dates.select_related("commitment").order_by("-created_at")[:limit]:
        old = d.old_due_date.isoformat() if d.old_due_date else "none"
        changes.append(Change(_on(d.created_at), d.commitment.text, d.commitment.owner_team,
                              "Due date moved",
                              f"{old} → {d.new_due_date.isoformat()}: {d.reason}"))
    for p in updates.select_related("commitment").order_by("-written_on")[:limit]:
        changes.append(Change(p.written_on, p.commitment.text, p.commitment.owner_team,
                              "Progress update", p.text))
    for e in evidence.select_related("commitment").order_by("-added_on")[:limit]:
        changes.append(Change(e.added_on, e.commitment.text, e.commitment.owner_team,
                              "Evidence added", _evidence_words(e)))
    changes.sort(key=lambda c: c.on, reverse=True)
    return counts, changes


def _evidence_words(item: Evidence) -> str:
    return f"{item.title} ({item.url})" if item.url else item.title


def evidence_words(items: list[Evidence]) -> str:
    return "; ".join(_evidence_words(e) for e in items) or "None yet"


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


# Word ------------------------------------------------------------------------------------------

def _header_row(table: Any) -> None:
    """Mark a table's first row as its header row (repeated on each page, read as headers)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
    for cell in table.rows[0].cells:
        for run in cell.paragraphs[0].runs:
            run.bold = True


def _table(doc: Any, caption: str, columns: list[str], rows: list[list[Any]]) -> None:
    doc.add_paragraph(caption, style="Caption")
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    for cell, name in zip(table.rows[0].cells, columns, strict=True):
        cell.text = name
    _header_row(table)
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = "" if value is None else str(value)


def _set_language(doc: Any) -> None:
    """The document's language: in its properties and as the default for every run, so a screen
    reader and the spelling checker read it as British English."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    doc.core_properties.language = LANGUAGE
    r_pr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(
        qn("w:rPr"))
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)


def pack_docx(pack: EvidencePack) -> bytes:
    import docx

    doc = docx.Document()
    _set_language(doc)
    props = doc.core_properties
    props.title = pack.title
    props.subject = f"You said, we did: {pack.period}"
    props.author = pack.made_by
    props.keywords = "SEND; inspection; you said we did"
    props.created = pack.made_at
    doc.add_heading(pack.title, level=0)
    doc.add_paragraph(f"Period: {pack.period}. Made on {_day(pack.made_at.date())} by "
                      f"{pack.made_by}. Families' words are shown with personal details "
                      "removed.")

    doc.add_heading(SECTIONS[0], level=1)
    doc.add_paragraph("The figures on the dashboard, for this period. Figures about "
                      "commitments being late are as they stand today.")
    _table(doc, "Loop health", ["Measure", "Figure"],
           [[label, value] for label, value in pack.health_rows])

    doc.add_heading(SECTIONS[1], level=1)
    if pack.themes:
        doc.add_paragraph("Comments with a confirmed theme in the period, most heard first. "
                          "The PDF shows the same figures as a bar chart.")
        _table(doc, "Comments heard by theme", ["Theme", "Comments"],
               [[name, n] for name, n in pack.themes])
        for name, texts in pack.quotes.items():
            if texts:
                doc.add_heading(f"What families said: {name}", level=2)
                for text in texts:
                    doc.add_paragraph(text, style="Quote")
    else:
        doc.add_paragraph("No comment with a confirmed theme in this period.")

    doc.add_heading(SECTIONS[2], level=1)
    doc.add_paragraph(f"{pack.commitments_count} commitments made by the end of the period and "
                      "not closed before it began.")
    for entry in pack.responses:
        doc.add_heading(entry.response.title, level=2)
        if entry.themes:
            doc.add_paragraph("Themes: " + "; ".join(entry.themes))
        _table(doc, f"Commitments: {entry.response.title}",
               ["What we will do", "Status", "Timeliness", "Owner team", "Accountable role",
                "Start date", "Due date", "Done on", "Last update", "Evidence"],
               [[p.commitment.text, p.commitment.get_status_display(), p.timeliness,
                 p.commitment.owner_team, p.commitment.accountable_role,
                 _date(p.commitment.start_date), _date(p.commitment.due_date),
                 _date(p.commitment.done_on), _date(p.commitment.last_update_on),
                 evidence_words(p.evidence)] for p in entry.commitments])
    _note_cut(doc, pack, SECTIONS[2])

    doc.add_heading(SECTIONS[3], level=1)
    if pack.sign_offs:
        _table(doc, "The forum's decisions", ["Date", "Publication", "Version", "Decision",
                                              "Statement"],
               [[_date(_on(s.created_at)), s.publication.title, s.for_version,
                 s.get_decision_display(), s.statement] for s in pack.sign_offs])
    else:
        doc.add_paragraph("The forum recorded no decision in this period.")
    if pack.versions:
        _table(doc, "Published in the period", ["Date", "Publication", "Version", "Note"],
               [[_date(_on(v.published_at)), v.publication.title, v.number, v.change_note]
                for v in pack.versions])

    doc.add_heading(SECTIONS[4], level=1)
    _table(doc, "Changes to commitments in the period, by kind", ["Change", "How many"],
           [[what, n] for what, n in pack.change_counts])
    if pack.changes:
        _table(doc, "Changes to commitments, newest first",
               ["Date", "Commitment", "Owner team", "Change", "Detail"],
               [[_date(c.on), c.commitment, c.owner, c.what, c.detail] for c in pack.changes])
    else:
        doc.add_paragraph("No status change, new due date, update or evidence in this period.")
    _note_cut(doc, pack, SECTIONS[4])

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _note_cut(doc: Any, pack: EvidencePack, section: str) -> None:
    if section in pack.cut:
        doc.add_paragraph(f"{pack.cut[section]} more are not listed here (the pack lists at "
                          f"most {MAX_CHANGES if section == SECTIONS[4] else MAX_ROWS}); the "
                          "staff exports and each commitment's page have the rest.")


# PDF -------------------------------------------------------------------------------------------

CHART_WIDTH = 460
BAR_HEIGHT = 18


def theme_chart(themes: list[tuple[str, int]]) -> dict[str, Any]:
    """A horizontal bar chart of the theme volumes, drawn as SVG by the template; the table after
    it carries the same figures."""
    top = max((n for _name, n in themes), default=0) or 1
    label_width = 180
    bars = [{"name": name, "n": n, "y": i * (BAR_HEIGHT + 6),
             "width": round((CHART_WIDTH - label_width - 40) * n / top, 1)}
            for i, (name, n) in enumerate(themes[:30])]
    return {"bars": bars, "label_width": label_width, "width": CHART_WIDTH,
            "height": len(bars) * (BAR_HEIGHT + 6), "text_y": BAR_HEIGHT - 5}


def pack_html(pack: EvidencePack) -> str:
    """The pack as one HTML document, the source of the PDF."""
    return render_to_string("publishing/evidence_pack.html", {
        "pack": pack, "sections": SECTIONS, "chart": theme_chart(pack.themes),
        "language": LANGUAGE, "max_rows": MAX_ROWS, "max_changes": MAX_CHANGES})


def pack_pdf(pack: EvidencePack) -> bytes:
    """The pack as a tagged PDF (PDF/UA-1: a structure tree, marked content, the language in
    the catalogue, the title shown), laid out by WeasyPrint from ``pack_html``."""
    from weasyprint import HTML

    pdf: bytes = HTML(string=pack_html(pack)).write_pdf(pdf_variant="pdf/ua-1")
    return pdf
