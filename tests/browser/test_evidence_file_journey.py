"""Issue 14, item 5 in a real browser: an officer uploads evidence to a commitment, first a
program renamed .pdf (refused, with the error linked to the field), then a real PDF, which is
listed in the workspace and, being public on a published commitment, on the public page with
its type and size; then removes it, after an "Are you sure?" page. axe-core on every page;
screenshots in test-results/screenshots/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from saidanddone.areas.models import Area
from saidanddone.commitments.evidence_files import WRONG_TYPE
from saidanddone.commitments.models import Commitment, EvidenceFile
from tests.browser.conftest import axe_violations, screenshot, sign_in
from tests.commitments import evidence_samples as samples

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_uploads_a_pdf_after_a_disguised_program_is_refused(
        live_server: Any, page: Any, area: Area, settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    base = live_server.url
    commitment = Commitment.objects.filter(area=area, published_in__isnull=False).first()
    sign_in(page, base, "officer")
    page.goto(base + reverse("workspace:commitment_detail", args=[area.slug, commitment.pk]))
    form = "form:has(input[name='action'][value='file'])"

    page.get_by_text("Upload an evidence file", exact=True).first.click()
    page.locator(f"{form} input[name='title']").fill("Annual transport review")
    page.locator(f"{form} input[type='file']").set_input_files(files=[{
        "name": "Annual transport review.pdf", "mimeType": "application/pdf",
        "buffer": samples.windows_exe()}])
    page.locator(f"{form} button[type='submit']").click()
    summary = page.locator(".govuk-error-summary")
    assert WRONG_TYPE in summary.inner_text()
    # The summary's link leads to the file field, where the same message stands.
    assert summary.locator("a").first.get_attribute("href") == "#id_file_file"
    assert WRONG_TYPE in page.locator("#id_file_file-error").inner_text()
    assert not EvidenceFile.objects.exists()
    assert not (tmp_path / "media").exists() or not any((tmp_path / "media").rglob("*.*"))
    assert axe_violations(page) == [], "refused upload"
    screenshot(page, "evidence-file-refused")

    page.locator(f"{form} input[type='file']").set_input_files(files=[{
        "name": "Annual transport review.pdf", "mimeType": "application/pdf",
        "buffer": samples.pdf() + b"%" * (240 * 1024)}])
    page.locator(f"{form} input[name='public']").check()
    page.locator(f"{form} button[type='submit']").click()
    page.wait_for_url("**/commitments/**")
    assert page.locator(".govuk-error-summary").count() == 0
    record = EvidenceFile.objects.get()
    address = reverse("workspace:evidence_file", args=[area.slug, record.pk])
    link = page.locator(f"a[href='{address}']")
    assert link.inner_text() == "Annual transport review.pdf"
    assert "PDF, 240 KB, public once published" in page.locator("main").inner_text()
    assert record.path.read_bytes().startswith(b"%PDF-")
    assert axe_violations(page) == [], "listed"
    screenshot(page, "evidence-file-listed")

    page.goto(base + reverse("public:commitment", args=[area.slug, commitment.pk]))
    public_link = page.locator(
        f"a[href='{reverse('public:evidence_file', args=[area.slug, record.pk])}']")
    assert public_link.inner_text().startswith("Annual transport review (PDF, 240 KB)")
    assert axe_violations(page) == [], "public page"
    screenshot(page, "evidence-file-public")

    # Removing it asks first, on a page of its own (no script), then it is gone everywhere.
    page.goto(base + reverse("workspace:commitment_detail", args=[area.slug, commitment.pk]))
    page.get_by_role("link", name="Remove evidence: Annual transport review").click()
    page.wait_for_url("**/remove/")
    assert page.locator("h1").inner_text() == (
        "Are you sure you want to remove \u201cAnnual transport review\u201d?")
    assert "Annual transport review.pdf" in page.locator("main").inner_text()
    assert axe_violations(page) == [], "are you sure"
    screenshot(page, "evidence-file-remove-confirm")
    page.get_by_role("button", name="Yes, remove it").click()
    page.wait_for_url("**/commitments/**")
    assert "Removed \u201cAnnual transport review\u201d." in page.locator("main").inner_text()
    assert not EvidenceFile.objects.exists()
    assert axe_violations(page) == [], "removed"
    screenshot(page, "evidence-file-removed")
