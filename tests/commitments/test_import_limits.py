"""Bounded work for every upload on the document import page (issue 11; decisions 0211, 0212).

Hostile files give a clear message and save nothing; big files are read in the background
while the page shows progress, and the preview and save that follow are today's.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from saidanddone.commitments.models import Commitment, Indicator, Response
from saidanddone.commitments.tasks import read_document_upload
from saidanddone.core import uploads
from saidanddone.core.models import UploadRead
from tests.helpers import check_page, sign_in, text_of

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import upload_bombs as bombs

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "importers" / "fixtures"


def url() -> str:
    return reverse("workspace:document_import", args=["westmere"])


def upload(client: Any, name: str, content: bytes) -> Any:
    return client.post(url(), {"document": SimpleUploadedFile(name, content)})


def counts() -> tuple[int, int, int, int]:
    return (Response.objects.count(), Commitment.objects.count(), Indicator.objects.count(),
            UploadRead.objects.count())


HOSTILE = [
    ("bomb.docx", lambda: bombs.docx_repeated_paragraphs(0.02), "zip bomb"),
    ("long.docx", lambda: bombs.docx_many_small_paragraphs(0.25), "the limit is 20,000"),
    ("nested.docx", lambda: bombs.docx_deep_nesting(0.1), "could not be read"),
    ("laughs.docx", bombs.docx_entity_expansion, "could not be read"),
    ("survey.xlsx", lambda: bombs.xlsx_huge_shared_strings(0.1), "zip bomb"),
    ("wide.xlsx", lambda: bombs.xlsx_wide_rows(0.1), "the limit is 1,000"),
    ("bomb.pdf", lambda: bombs.pdf_flate_bomb(0.02), "decompression bomb"),
    ("wide.csv", lambda: bombs.csv_million_columns(0.01), "the limit is 1,000"),
]


@pytest.mark.parametrize(("name", "build", "says"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_files_get_a_clear_message_and_save_nothing(
        client: Any, demo: Any, officer: Any, name: str, build: Any, says: str,
        django_capture_on_commit_callbacks: Any) -> None:
    """Read at once or (the zip bombs, which unpack far) in the background: the same end."""
    sign_in(client, officer)
    before = counts()
    with django_capture_on_commit_callbacks(execute=True):  # the worker reads after commit
        page = upload(client, name, build())
    if page.status_code == 302:
        page = client.get(page["Location"])
    assert page.status_code == 200  # never a 500
    summary = check_page(page.content).select_one(".govuk-error-summary")
    assert summary is not None and says in summary.get_text()
    assert counts() == before


def test_a_read_stopped_by_the_cpu_limit_shows_the_limit(client: Any, demo: Any, officer: Any,
                                                        settings: Any) -> None:
    settings.SAIDANDDONE_UPLOAD_CPU_SECONDS = 1
    sign_in(client, officer)
    before = counts()
    page = upload(client, "long.docx", bombs.docx_many_small_paragraphs(0.15))
    assert page.status_code == 200
    assert "“long.docx” took longer than 1 second to read" in text_of(page.content)
    assert counts() == before


def test_a_read_past_the_memory_limit_shows_the_limit(client: Any, demo: Any, officer: Any,
                                                     settings: Any) -> None:
    settings.SAIDANDDONE_UPLOAD_MEMORY_MB = 150
    settings.SAIDANDDONE_UPLOAD_BACKGROUND_BYTES = 20 * 1024 * 1024  # read while waiting
    sign_in(client, officer)
    before = counts()
    page = upload(client, "wide.csv", bombs.csv_million_columns(0.5))
    assert page.status_code == 200
    assert "“wide.csv” needs more memory than 150 MB to read" in text_of(page.content)
    assert counts() == before


def test_a_big_document_is_read_in_the_background_with_progress_then_previewed_and_saved(
        client: Any, demo: Any, officer: Any, settings: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    settings.SAIDANDDONE_UPLOAD_BACKGROUND_BYTES = 1000
    sign_in(client, officer)
    before = Response.objects.filter(area=demo).count()
    with django_capture_on_commit_callbacks(execute=False) as queued:
        sent = upload(client, "labelled.docx", (FIXTURES / "labelled.docx").read_bytes())
    assert sent.status_code == 302 and "?reading=" in sent["Location"]
    read = UploadRead.objects.get()
    assert read.status == UploadRead.Status.WAITING and read.size > 1000

    waiting = client.get(sent["Location"])
    soup = check_page(waiting.content)
    assert soup.select_one('meta[http-equiv="refresh"]') is None  # WCAG 2.2.1: no auto reload
    assert "Waiting to be read" in text_of(waiting.content)
    assert soup.find("a", string="Check progress") is not None

    assert len(queued) == 1
    queued[0]()  # the worker's turn: the task reads it
    read.refresh_from_db()
    assert read.status == UploadRead.Status.READY and bytes(read.content) == b""

    back = client.get(url())  # the officer comes back to the import page, address forgotten
    assert back.status_code == 302 and back["Location"] == sent["Location"]
    preview = client.get(sent["Location"])
    soup = check_page(preview.content)
    boxes = soup.select("input[name=keep]")
    assert len(boxes) >= 2
    assert not UploadRead.objects.exists()  # taken by the preview
    assert Response.objects.filter(area=demo).count() == before
    page = client.post(url(), {"action": "save", "keep": ["0", "1"],
                               "payload": soup.select_one("input[name=payload]")["value"]},
                       follow=True)
    assert "Saved 2 draft responses" in text_of(page.content)
    assert Response.objects.filter(area=demo).count() == before + 2


def test_progress_shows_the_phase_while_reading(client: Any, demo: Any, officer: Any,
                                               settings: Any) -> None:
    settings.SAIDANDDONE_UPLOAD_BACKGROUND_BYTES = 1000
    sign_in(client, officer)
    read = UploadRead.objects.create(area=demo, by=officer, kind=UploadRead.Kind.DOCUMENT,
                                     name="report.docx", size=5000, content=b"x",
                                     status=UploadRead.Status.READING,
                                     phase="Finding what people said and what was done")
    page = client.get(url() + f"?reading={read.pk}")
    assert "Being read" in text_of(page.content)
    assert "Finding what people said and what was done" in text_of(page.content)


def test_a_failed_background_read_shows_its_message_and_saves_nothing(
        client: Any, demo: Any, officer: Any, settings: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    settings.SAIDANDDONE_UPLOAD_BACKGROUND_BYTES = 1000
    sign_in(client, officer)
    before = counts()
    with django_capture_on_commit_callbacks(execute=True):
        sent = upload(client, "bomb.pdf", bombs.pdf_flate_bomb(0.02))
    assert UploadRead.objects.get().status == UploadRead.Status.FAILED
    page = client.get(sent["Location"])
    summary = check_page(page.content).select_one(".govuk-error-summary")
    assert summary is not None and "decompression bomb" in summary.get_text()
    assert counts() == before  # the failed read is gone too


def test_another_officers_read_is_not_shown(client: Any, demo: Any, officer: Any,
                                            admin_user: Any) -> None:
    read = UploadRead.objects.create(area=demo, by=admin_user, kind=UploadRead.Kind.DOCUMENT,
                                     name="theirs.docx", size=5000, content=b"x")
    sign_in(client, officer)
    page = client.get(url() + f"?reading={read.pk}")
    assert "theirs.docx" not in text_of(page.content)
    assert "has been read already or has expired" in text_of(page.content)
    assert client.get(url() + "?reading=not-a-uuid").status_code == 200


def test_the_task_reads_once(demo: Any, officer: Any) -> None:
    read = UploadRead.objects.create(area=demo, by=officer, kind=UploadRead.Kind.DOCUMENT,
                                     name="labelled.docx", size=1,
                                     content=(FIXTURES / "labelled.docx").read_bytes())
    assert read_document_upload.call(str(read.pk)) is True
    assert read_document_upload.call(str(read.pk)) is False  # queued twice: read once
    read.refresh_from_db()
    assert read.status == UploadRead.Status.READY and read.result["entries"]


def test_a_fault_while_reading_fails_the_read_with_a_message(demo: Any, officer: Any) -> None:
    def broken_reader(content: bytes, name: str, progress: Any) -> Any:
        raise RuntimeError("the database went away")

    read = UploadRead.objects.create(area=demo, by=officer, kind=UploadRead.Kind.DOCUMENT,
                                     name="report.docx", size=1, content=b"x")
    assert uploads.upload_read_run(read_id=str(read.pk), reader=broken_reader) is True
    read.refresh_from_db()
    assert read.status == UploadRead.Status.FAILED and bytes(read.content) == b""
    assert "fault on our side" in read.message and "database" not in read.message


def test_the_reader_reports_its_phases(demo: Any, officer: Any) -> None:
    from saidanddone.commitments.imports import document_read

    phases: list[str] = []
    document_read((FIXTURES / "labelled.docx").read_bytes(), "labelled.docx", phases.append)
    assert phases == ["Reading the text", "Finding what people said and what was done",
                      "Checking dates, figures and personal details"]


def test_small_files_are_read_at_once_and_big_or_far_unpacking_ones_in_the_background(
        settings: Any) -> None:
    settings.SAIDANDDONE_UPLOAD_BACKGROUND_BYTES = 2 * 1024 * 1024
    assert not uploads.reads_in_background((FIXTURES / "labelled.docx").read_bytes())
    assert uploads.reads_in_background(b"x" * (3 * 1024 * 1024))
    assert uploads.reads_in_background(bombs.docx_repeated_paragraphs(0.02))  # 20 MB unpacked


def test_reads_nobody_came_back_for_are_deleted_by_the_daily_run(demo: Any, officer: Any) -> None:
    import datetime as dt
    import io

    from django.core.management import call_command
    from django.utils import timezone

    old = UploadRead.objects.create(area=demo, by=officer, kind=UploadRead.Kind.DOCUMENT,
                                    name="old.docx", size=1, content=b"x")
    UploadRead.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=uploads.KEEP_HOURS + 1))
    fresh = UploadRead.objects.create(area=demo, by=officer, kind=UploadRead.Kind.SURVEY,
                                      name="new.csv", size=1, content=b"x")
    out = io.StringIO()
    call_command("retention", stdout=out)
    assert "Deleted 1 uploads read in the background" in out.getvalue()
    assert list(UploadRead.objects.all()) == [fresh]
