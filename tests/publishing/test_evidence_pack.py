"""The inspection evidence pack (issue 14, decision 0222): a Word document and a tagged PDF for
an area and a period, for the area's officers and administrators only, with every section, the
dashboard's own figures, redacted words only, every chart followed by its table, and each
download audited."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import docx
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from docx.text.paragraph import Paragraph
from pypdf import PdfReader

from saidanddone.commitments.selectors import loop_health
from saidanddone.core.models import AuditEntry
from saidanddone.feedback.models import Consent, FeedbackItem, SafeguardingState
from saidanddone.publishing.evidence_pack import (
    LANGUAGE,
    SECTIONS,
    evidence_pack_build,
    pack_html,
)
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

START, END = dt.date(2025, 1, 1), dt.date(2026, 12, 31)
PERIOD = {"period_start": START.isoformat(), "period_end": END.isoformat()}


def download(client: Any, area: Any, fmt: str, **query: str) -> Any:
    return client.get(reverse(f"workspace:evidence_pack_{fmt}", args=[area.slug]),
                      query or PERIOD)


def docx_of(response: Any) -> Any:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return docx.Document(io.BytesIO(response.content))


def pdf_of(response: Any) -> PdfReader:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def pdf_text(reader: PdfReader) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def docx_text(document: Any) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def table_after(document: Any, caption: str) -> Any:
    """The table that follows the caption paragraph with this text."""
    for table in document.tables:
        before = table._tbl.getprevious()
        if before is not None and Paragraph(before, table._parent).text == caption:
            return table
    raise AssertionError(f"no table after {caption!r}")


def test_word_pack_has_every_section_as_a_heading_with_header_rows_and_language(
        client: Any, demo: Any, officer: Any) -> None:
    sign_in(client, officer)
    document = docx_of(download(client, demo, "docx"))
    level_1 = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert level_1 == list(SECTIONS)
    assert any(p.style.name == "Heading 2" for p in document.paragraphs)
    assert document.core_properties.language == LANGUAGE
    assert document.core_properties.title == "Inspection evidence pack: Westmere"
    lang = document.styles.element.xpath("//w:docDefaults//w:lang/@w:val")
    assert lang == [LANGUAGE]
    for table in document.tables:  # every table's first row is a header row
        assert table.rows[0]._tr.xpath("./w:trPr/w:tblHeader")


def test_word_pack_figures_are_the_dashboards_as_numbers(client: Any, demo: Any,
                                                          officer: Any) -> None:
    sign_in(client, officer)
    document = docx_of(download(client, demo, "docx"))
    health = loop_health(area=demo, period_start=START, period_end=END)
    figures = {row.cells[0].text: row.cells[1].text
               for row in table_after(document, "Loop health").rows[1:]}
    assert int(figures["Comments heard in the period"]) == health.feedback_total
    assert int(figures["Overdue commitments (today)"]) == len(health.overdue)
    assert int(figures["Published commitments done"]) == health.commitments_done
    assert int(figures["Themes heard"]) == health.themes_heard
    themes = [(r.cells[0].text, int(r.cells[1].text))
              for r in table_after(document, "Comments heard by theme").rows[1:]]
    assert themes == [(name, n) for _slug, name, n in health.by_theme]
    assert themes and all(n > 0 for _name, n in themes)


def test_pdf_pack_is_tagged_with_a_language_and_every_section(client: Any, demo: Any,
                                                              admin_user: Any) -> None:
    sign_in(client, admin_user)
    reader = pdf_of(download(client, demo, "pdf"))
    catalog: Any = reader.trailer["/Root"]  # a DictionaryObject; pypdf types it as PdfObject
    assert "/StructTreeRoot" in catalog
    assert bool(catalog["/MarkInfo"]["/Marked"]) is True
    assert catalog["/Lang"] == LANGUAGE
    assert reader.metadata.title == "Inspection evidence pack: Westmere"
    bookmarks = titles(reader.outline)
    text = pdf_text(reader)
    for section in SECTIONS:
        assert section in bookmarks  # a real heading, in the bookmarks
        assert section in text
    tags = structure_tags(catalog["/StructTreeRoot"])
    assert {"/H1", "/H2", "/H3", "/Table", "/TH", "/TD", "/Figure"} <= tags


def titles(outline: list[Any]) -> list[str]:
    found: list[str] = []
    for item in outline:
        found += titles(item) if isinstance(item, list) else [item.title]
    return found


def structure_tags(root: Any) -> set[str]:
    """Every structure type in the PDF's tag tree (headings, tables, figures...)."""
    tags: set[str] = set()
    todo = [root]
    while todo:
        node = todo.pop()
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            todo += node
        elif hasattr(node, "get"):
            if "/S" in node:
                tags.add(str(node["/S"]))
            kids = node.get("/K")
            if kids is not None and not isinstance(kids, int):
                todo.append(kids)
    return tags


def test_pdf_chart_is_followed_by_a_table_of_the_same_figures(demo: Any, officer: Any) -> None:
    pack = evidence_pack_build(area=demo, user=officer, start=START, end=END)
    soup = BeautifulSoup(pack_html(pack), "html.parser")
    charts = soup.find_all("svg")
    assert charts
    for svg in charts:
        assert svg["role"] == "img" and svg["aria-label"]
        table = svg.find_parent("figure").find_next_sibling()
        assert table.name == "table"
        rows = [(tr.find_all("td")[0].text, int(tr.find_all("td")[1].text))
                for tr in table.select("tbody tr")]
        assert rows == pack.themes
        bars = [int(t.text) for t in svg.find_all("text")[1::2]]
        assert bars == [n for _name, n in pack.themes][:len(bars)]


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_pack_shows_redacted_words_never_the_original(client: Any, demo: Any, officer: Any,
                                                      fmt: str) -> None:
    item = (FeedbackItem.objects.filter(area=demo, analysed_at__isnull=False,
                                        theme_assignments__isnull=False, exclusion="",
                                        duplicate_of__isnull=True)
            .order_by("-received_on").first())
    FeedbackItem.objects.filter(pk=item.pk).update(
        text_original="Priya Shah from Hollybank waited a year for her plan",
        text_redacted="Zebrafinch [NAME] from [SCHOOL] waited a year for her plan",
        consent=Consent.VERBATIM, safeguarding_state=SafeguardingState.NONE,
        received_on=END, no_content=False)
    sign_in(client, officer)
    response = download(client, demo, fmt)
    text = docx_text(docx_of(response)) if fmt == "docx" else pdf_text(pdf_of(response))
    assert "Zebrafinch [NAME] from [SCHOOL]" in text
    assert "Priya" not in text and "Hollybank" not in text


def test_each_download_is_audited(client: Any, demo: Any, officer: Any) -> None:
    sign_in(client, officer)
    download(client, demo, "docx")
    entry = AuditEntry.objects.filter(area=demo, action="evidence_pack.download").latest("at")
    assert entry.actor == officer
    assert entry.after["format"] == "docx"
    assert entry.after["period_start"] == START.isoformat()
    assert entry.after["period_end"] == END.isoformat()


def test_the_form_leads_to_the_chosen_file(client: Any, demo: Any, officer: Any) -> None:
    sign_in(client, officer)
    page = client.get(reverse("workspace:evidence_pack", args=[demo.slug]), {
        "period_start_day": "1", "period_start_month": "4", "period_start_year": "2025",
        "period_end_day": "31", "period_end_month": "3", "period_end_year": "2026",
        "format": "docx"}, follow=True)
    assert page.status_code == 200
    assert page["Content-Disposition"] == (
        'attachment; filename="westmere-evidence-pack-2025-04-01-to-2026-03-31.docx"')
    docx.Document(io.BytesIO(page.content))


def test_a_period_that_ends_before_it_starts_is_a_clear_error(client: Any, demo: Any,
                                                             officer: Any) -> None:
    sign_in(client, officer)
    before = AuditEntry.objects.filter(action="evidence_pack.download").count()
    page = client.get(reverse("workspace:evidence_pack", args=[demo.slug]), {
        "period_start_day": "1", "period_start_month": "4", "period_start_year": "2026",
        "period_end_day": "31", "period_end_month": "3", "period_end_year": "2026",
        "format": "pdf"})
    assert page.status_code == 200
    assert "The period must end on or after the day it starts" in page.content.decode()
    assert b"govuk-error-summary" in page.content
    typed = download(client, demo, "pdf", period_start="2026-04-01", period_end="2026-03-01")
    assert typed.status_code == 302  # back to the page, which names the problem
    page = client.get(typed["Location"])
    assert "The period must end on or after the day it starts" in page.content.decode()
    missing = client.get(reverse("workspace:evidence_pack", args=[demo.slug]),
                         {"format": "docx"})
    assert "Enter the date the period starts" in missing.content.decode()
    assert AuditEntry.objects.filter(action="evidence_pack.download").count() == before


def test_another_areas_officer_gets_nothing(client: Any, demo: Any, other_officer: Any) -> None:
    sign_in(client, other_officer)
    assert client.get(reverse("workspace:evidence_pack", args=[demo.slug])).status_code == 404
    for fmt in ("docx", "pdf"):
        response = download(client, demo, fmt)
        assert response.status_code == 404
        assert b"Westmere" not in response.content


@pytest.mark.parametrize("username", ["analyst", "forum"])
def test_roles_that_do_not_answer_for_the_loop_are_refused(client: Any, demo: Any,
                                                          username: str) -> None:
    sign_in(client, get_user_model().objects.get(username=username))
    assert client.get(reverse("workspace:evidence_pack", args=[demo.slug])).status_code == 403
    for fmt in ("docx", "pdf"):
        assert download(client, demo, fmt).status_code == 403
    dashboard = client.get(reverse("workspace:dashboard", args=[demo.slug]))
    assert reverse("workspace:evidence_pack", args=[demo.slug]).encode() not in dashboard.content


def test_a_parent_or_a_visitor_cannot_get_it(client: Any, demo: Any) -> None:
    for fmt in ("docx", "pdf"):
        response = download(client, demo, fmt)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    parent = get_user_model().objects.create_user(username="a-parent", password="x" * 20)
    sign_in(client, parent)  # an account, but no role in the area
    for fmt in ("docx", "pdf"):
        assert download(client, demo, fmt).status_code == 404


def test_a_commitment_closed_before_the_period_is_left_out(demo: Any, officer: Any) -> None:
    from saidanddone.commitments.models import Commitment

    closed = Commitment.objects.filter(area=demo).first()
    Commitment.objects.filter(pk=closed.pk).update(status="done",
                                                   status_changed_on=dt.date(2020, 1, 1))
    pack = evidence_pack_build(area=demo, user=officer, start=dt.date(2025, 1, 1),
                               end=timezone.localdate())
    listed = {p.commitment.pk for r in pack.responses for p in r.commitments}
    assert closed.pk not in listed
    assert pack.commitments_count == len(listed) > 0


def test_a_long_list_of_changes_is_bounded_and_counted_in_full(demo: Any, officer: Any,
                                                               monkeypatch: Any) -> None:
    from saidanddone.publishing import evidence_pack

    full = evidence_pack_build(area=demo, user=officer, start=START, end=END)
    assert len(full.changes) == sum(n for _what, n in full.change_counts) > 5
    monkeypatch.setattr(evidence_pack, "MAX_CHANGES", 5)
    pack = evidence_pack_build(area=demo, user=officer, start=START, end=END)
    assert pack.changes == full.changes[:5]  # the newest, in order
    assert pack.change_counts == full.change_counts  # the counts stay whole
    assert pack.cut["What changed in the period"] == len(full.changes) - 5
    document = docx.Document(io.BytesIO(evidence_pack.pack_docx(pack)))
    counted = {r.cells[0].text: int(r.cells[1].text) for r in table_after(
        document, "Changes to commitments in the period, by kind").rows[1:]}
    assert counted == dict(full.change_counts)
    assert f"{len(full.changes) - 5} more are not listed here" in docx_text(document)


def test_an_address_without_a_period_gives_the_last_twelve_months(client: Any, demo: Any,
                                                                   officer: Any) -> None:
    from saidanddone.commitments.selectors import default_period

    sign_in(client, officer)
    response = client.get(reverse("workspace:evidence_pack_docx", args=[demo.slug]))
    start, end = default_period()
    assert response.status_code == 200
    assert f"{start.isoformat()}-to-{end.isoformat()}.docx" in response["Content-Disposition"]


def test_words_not_to_be_quoted_and_held_changes_stay_out(demo: Any, officer: Any) -> None:
    from saidanddone.commitments.models import ProgressUpdate

    item = (FeedbackItem.objects.filter(area=demo, analysed_at__isnull=False,
                                        theme_assignments__isnull=False, exclusion="",
                                        duplicate_of__isnull=True)
            .order_by("-received_on").first())
    FeedbackItem.objects.filter(pk=item.pk).update(
        text_redacted="Kingfisher said please do not repeat this", received_on=END,
        consent=Consent.DO_NOT_PUBLISH, safeguarding_state=SafeguardingState.NONE)
    update = ProgressUpdate.objects.filter(commitment__area=demo).first()
    ProgressUpdate.objects.filter(pk=update.pk).update(
        text="Heron update that may name a family", held=True, written_on=END)
    pack = evidence_pack_build(area=demo, user=officer, start=START, end=END)
    quoted = [text for texts in pack.quotes.values() for text in texts]
    assert quoted and not any("Kingfisher" in text for text in quoted)
    assert pack.changes and not any("Heron" in c.detail for c in pack.changes)
    assert dict(pack.change_counts)["Progress update"] == ProgressUpdate.objects.filter(
        commitment__area=demo, held=False, written_on__range=(START, END)).count()
