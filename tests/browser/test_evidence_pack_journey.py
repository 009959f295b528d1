"""Issue 14, the inspection evidence pack in a real browser: an officer opens it from the
dashboard, types a period that ends before it starts (a clear error naming the field, linked
from the summary), then a good period, and downloads the PDF and the Word document. axe-core on
every page; screenshots in test-results/screenshots/."""

from __future__ import annotations

import io
from typing import Any

import docx
import pytest
from django.urls import reverse
from pypdf import PdfReader

from saidanddone.areas.models import Area
from saidanddone.core.models import AuditEntry
from tests.browser.conftest import axe_violations, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_period(page: Any, start: tuple[str, str, str], end: tuple[str, str, str]) -> None:
    for name, (day, month, year) in (("period_start", start), ("period_end", end)):
        page.fill(f"#id_{name}_day", day)
        page.fill(f"#id_{name}_month", month)
        page.fill(f"#id_{name}_year", year)


def test_officer_chooses_a_period_and_downloads_both_files(live_server: Any, page: Any,
                                                          area: Area) -> None:
    base = live_server.url
    sign_in(page, base, "officer")
    page.goto(base + reverse("workspace:dashboard", args=[area.slug]))
    page.get_by_role("link", name="Download an inspection evidence pack").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Inspection evidence pack"
    assert axe_violations(page) == [], "the period page"
    screenshot(page, "evidence-pack-period")

    fill_period(page, ("1", "4", "2026"), ("31", "3", "2026"))
    page.get_by_role("button", name="Download as PDF").click()
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary")
    message = "The period must end on or after the day it starts."
    assert message in summary.inner_text()
    assert summary.locator("a").first.get_attribute("href") == "#id_period_end_day"
    assert message in page.locator("#id_period_end-error").inner_text()
    assert axe_violations(page) == [], "the period page with an error"
    screenshot(page, "evidence-pack-period-error")
    assert not AuditEntry.objects.filter(action="evidence_pack.download").exists()

    fill_period(page, ("1", "4", "2025"), ("31", "3", "2026"))
    with page.expect_download() as pdf:
        page.get_by_role("button", name="Download as PDF").click()
    assert pdf.value.suggested_filename == (
        "westmere-evidence-pack-2025-04-01-to-2026-03-31.pdf")
    reader = PdfReader(pdf.value.path())
    catalog: Any = reader.trailer["/Root"]  # a DictionaryObject; pypdf types it as PdfObject
    assert "/StructTreeRoot" in catalog

    with page.expect_download() as word:
        page.get_by_role("button", name="Download as Word document").click()
    document = docx.Document(io.BytesIO(open(word.value.path(), "rb").read()))  # noqa: SIM115
    assert document.paragraphs[0].text == "Inspection evidence pack: Westmere"
    assert AuditEntry.objects.filter(action="evidence_pack.download").count() == 2
