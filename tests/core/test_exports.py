"""Staff exports (issue 14): the feedback and commitments lists as CSV and XLSX, the same rows
the list shows with the same filters, redacted text only, formula-like cells neutralised, need
to know respected, another area never reachable, and every feedback download audited."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from saidanddone.commitments.models import Commitment
from saidanddone.core.models import AuditEntry
from saidanddone.feedback.models import FeedbackItem
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


def rows_of(response: Any, fmt: str) -> list[list[str]]:
    assert response.status_code == 200
    if fmt == "csv":
        text = response.content.decode("utf-8")
        assert text.startswith("\ufeff")  # Excel reads the accents
        return list(csv.reader(io.StringIO(text[1:])))
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def export(client: Any, area: Any, what: str, fmt: str, **query: str) -> Any:
    return client.get(reverse(f"workspace:{what}_export", args=[area.slug, fmt]), query)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_feedback_export_is_redacted_and_safe_to_open(client: Any, demo: Any, officer: Any,
                                                      fmt: str) -> None:
    item = FeedbackItem.objects.filter(area=demo, analysed_at__isnull=False).first()
    FeedbackItem.objects.filter(pk=item.pk).update(
        text_original="=HYPERLINK(\"http://evil.example\") Priya Shah at Hollybank",
        text_redacted="=HYPERLINK(\"http://evil.example\") [NAME] at [SCHOOL]")
    sign_in(client, officer)
    rows = rows_of(export(client, demo, "feedback", fmt), fmt)
    header, body = rows[0], rows[1:]
    assert header[0] == "Reference" and "What was said (redacted)" in header
    text_column = header.index("What was said (redacted)")
    mine = next(r for r in body if r[0] == item.reference)
    assert mine[text_column].startswith("'=HYPERLINK")  # shown as text, never run
    flat = "\n".join(",".join(r) for r in rows)
    assert "Priya Shah" not in flat and "Hollybank" not in flat
    listed = client.get(reverse("workspace:feedback_list", args=[demo.slug]))
    assert len(body) == listed.context["page"].paginator.count
    entry = AuditEntry.objects.filter(area=demo, action="feedback.export").latest("at")
    assert entry.after["rows"] == len(body) and entry.after["format"] == fmt


def test_feedback_export_follows_the_filters_and_need_to_know(client: Any, demo: Any,
                                                              analyst: Any) -> None:
    flagged = FeedbackItem.objects.filter(area=demo).first()
    FeedbackItem.objects.filter(pk=flagged.pk).update(safeguarding_state="flagged")
    sign_in(client, analyst)
    body = rows_of(export(client, demo, "feedback", "csv"), "csv")[1:]
    assert flagged.reference not in {r[0] for r in body}  # analysts never see waiting flags
    parents = rows_of(export(client, demo, "feedback", "csv", role="parent"), "csv")[1:]
    assert parents and {r[3] for r in parents} == {"Parent or carer"}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_commitments_export_has_owners_dates_status_and_evidence(
        client: Any, demo: Any, officer: Any, fmt: str) -> None:
    commitment = Commitment.objects.filter(area=demo).exclude(evidence=None).first()
    Commitment.objects.filter(pk=commitment.pk).update(owner_team="+SEND Service")
    sign_in(client, officer)
    rows = rows_of(export(client, demo, "commitment", fmt), fmt)
    header, body = rows[0], rows[1:]
    assert body and len(body) == Commitment.objects.filter(area=demo).count()
    mine = next(r for r in body if r[header.index("What we will do")] == commitment.text)
    assert mine[header.index("Owner team")] == "'+SEND Service"
    assert mine[header.index("Evidence")]
    assert mine[header.index("Late")] in {"Yes", "No"}
    assert mine[header.index("Status")] == commitment.get_status_display()


def test_another_area_cannot_export_and_an_unknown_format_is_404(
        client: Any, demo: Any, other_officer: Any, officer: Any) -> None:
    sign_in(client, other_officer)
    for what in ("feedback", "commitment"):
        assert export(client, demo, what, "csv").status_code == 404
    client.logout()
    sign_in(client, officer)
    assert export(client, demo, "feedback", "pdf").status_code == 404
