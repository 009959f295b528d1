"""Importing an existing "You said, we did" document into an area: preview, choose, save once."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from saidanddone.commitments.models import Commitment, Indicator, Response
from saidanddone.core.models import AuditEntry
from saidanddone.publishing.models import Publication
from tests.helpers import check_page, sign_in, text_of

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "importers" / "fixtures"
SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "you-said-we-did-2019.txt"


def upload(client: Any, name: str, data: bytes | None = None) -> Any:
    content = data if data is not None else (FIXTURES / name).read_bytes()
    return client.post(reverse("workspace:document_import", args=["westmere"]),
                       {"document": SimpleUploadedFile(name, content)})


def test_upload_shows_a_preview_and_saves_only_the_chosen_entries(client: Any, demo: Any,
                                                                  officer: Any) -> None:
    sign_in(client, officer)
    before = Response.objects.filter(area=demo).count()
    preview = upload(client, "labelled.docx")
    soup = check_page(preview.content)
    boxes = soup.select("input[name=keep]")
    assert len(boxes) >= 2
    assert Response.objects.filter(area=demo).count() == before  # nothing saved yet
    payload = soup.select_one("input[name=payload]")["value"]
    page = client.post(reverse("workspace:document_import", args=["westmere"]),
                       {"action": "save", "payload": payload, "keep": ["0", "1"]}, follow=True)
    assert "Saved 2 draft responses" in text_of(page.content)
    assert Response.objects.filter(area=demo).count() == before + 2
    entry = AuditEntry.objects.filter(area=demo, action="document.import").get()
    assert entry.after["entries"] == [0, 1] and entry.actor == officer


def test_imported_commitments_are_drafts_and_never_published(client: Any, demo: Any,
                                                             officer: Any) -> None:
    sign_in(client, officer)
    published_before = {p.pk: p.versions.count() for p in Publication.objects.filter(area=demo)}
    soup = check_page(upload(client, "table.xlsx").content)
    client.post(reverse("workspace:document_import", args=["westmere"]), {
        "action": "save", "payload": soup.select_one("input[name=payload]")["value"],
        "keep": [b["value"] for b in soup.select("input[name=keep]")]})
    imported = Commitment.objects.filter(area=demo, owner_team="Owner to be confirmed")
    assert imported.exists()
    assert not imported.filter(published_in__isnull=False).exists()
    assert {p.pk: p.versions.count()
            for p in Publication.objects.filter(area=demo)} == published_before


@pytest.mark.parametrize(("name", "data", "message"), [
    ("empty.docx", b"", "empty"),
    ("notes.pdf", b"%PDF-1.4 this is not really a pdf", ""),
    ("not-said.txt", None, ""),
    ("locked.pdf", None, ""),
    ("picture.docx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, ""),
])
def test_bad_document_gets_a_clear_message_and_saves_nothing(
        client: Any, demo: Any, officer: Any, name: str, data: bytes | None,
        message: str) -> None:
    sign_in(client, officer)
    before = (Response.objects.count(), Commitment.objects.count(), Indicator.objects.count())
    page = upload(client, name, data)
    assert page.status_code == 200
    soup = check_page(page.content)
    summary = soup.select_one(".govuk-error-summary")
    assert summary is not None, text_of(page.content)[:300]
    assert message in summary.get_text().lower()
    assert (Response.objects.count(), Commitment.objects.count(),
            Indicator.objects.count()) == before


def test_tampered_preview_is_refused(client: Any, demo: Any, officer: Any) -> None:
    sign_in(client, officer)
    before = Response.objects.count()
    page = client.post(reverse("workspace:document_import", args=["westmere"]),
                       {"action": "save", "payload": "forged", "keep": ["0"]})
    assert "expired" in text_of(page.content)
    assert Response.objects.count() == before


def test_forum_reviewer_cannot_import(client: Any, demo: Any, forum: Any) -> None:
    sign_in(client, forum)
    assert upload(client, "labelled.docx").status_code == 403


def test_command_stores_every_entry_as_drafts(demo: Any) -> None:
    out = io.StringIO()
    before = Response.objects.filter(area=demo).count()
    call_command("import_document", str(FIXTURES / "asked.html"), "--area", "westmere",
                 stdout=out)
    assert "Nothing has been published" in out.getvalue()
    assert Response.objects.filter(area=demo).count() > before


def test_command_with_a_bad_file_fails_cleanly(demo: Any, tmp_path: Path) -> None:
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04 broken zip")
    before = Response.objects.count()
    with pytest.raises(CommandError):
        call_command("import_document", str(bad), "--area", "westmere")
    assert Response.objects.count() == before


def test_seed_page_imports_into_an_area_with_its_waiting_list_indicator(demo: Any) -> None:
    if not SEED.exists():
        pytest.skip(f"the shared seed page is not at {SEED}")
    call_command("import_document", str(SEED), "--area", "westmere", stdout=io.StringIO())
    indicator = Indicator.objects.filter(area=demo, points__value=1261).distinct().get()
    assert indicator.points.count() == 2


def test_two_saves_of_one_preview_store_one_import(client: Any, demo: Any,
                                                   officer: Any) -> None:
    """A double click, or the back button and Save again: the preview's token is spent once."""
    sign_in(client, officer)
    soup = check_page(upload(client, "labelled.docx").content)
    payload = soup.select_one("input[name=payload]")["value"]
    url = reverse("workspace:document_import", args=["westmere"])
    before = Response.objects.filter(area=demo).count()
    first = client.post(url, {"action": "save", "payload": payload, "keep": ["0", "1"]},
                        follow=True)
    assert "Saved 2 draft responses" in text_of(first.content)
    second = client.post(url, {"action": "save", "payload": payload, "keep": ["0", "1"]})
    assert second.status_code == 200
    assert "This import was already saved" in text_of(second.content)
    assert Response.objects.filter(area=demo).count() == before + 2
    assert AuditEntry.objects.filter(area=demo, action="document.import").count() == 1
    # A new preview of the same file is a new import, if someone really means it.
    again = check_page(upload(client, "labelled.docx").content)
    third = client.post(url, {"action": "save", "keep": ["0"],
                              "payload": again.select_one("input[name=payload]")["value"]},
                        follow=True)
    assert "Saved 1 draft responses" in text_of(third.content) or \
        "Saved 1 draft response" in text_of(third.content)
