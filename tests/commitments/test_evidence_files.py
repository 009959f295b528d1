"""Evidence files (issue 14, item 5; decision 0220): the type is read from the content, the
size is limited, the file lives under its area with our name, only those allowed may open it,
and it goes with its record (and is swept if ever left behind)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase
from django.urls import reverse

from saidanddone.commitments import services
from saidanddone.commitments.evidence_files import WRONG_TYPE, clean_name, human_size
from saidanddone.commitments.models import Commitment, Evidence, EvidenceFile
from saidanddone.core.audit import AuditAction
from saidanddone.core.models import AuditEntry
from saidanddone.publishing.models import Publication
from tests.commitments import evidence_samples as samples
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def files_on_disk(media: Path) -> list[Path]:
    return sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []


@pytest.fixture
def published(demo: Any) -> Commitment:
    """A commitment of the demo area that a published version made public."""
    return Commitment.objects.filter(area=demo, published_in__isnull=False).first()


# The type, by content --------------------------------------------------------------------------

@pytest.mark.parametrize(("build", "name", "content_type", "extension"), [
    (samples.pdf, "review.pdf", "application/pdf", "pdf"),
    (samples.docx, "review.docx",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    (samples.png, "chart.png", "image/png", "png"),
    (samples.jpeg, "photo.jpeg", "image/jpeg", "jpg"),
    # The name says nothing: a PDF called .png is still a PDF, stored and served as one.
    (samples.pdf, "misnamed.png", "application/pdf", "pdf"),
])
def test_each_accepted_type_is_recognised_by_its_content(
        commitment: Commitment, officer: Any, media: Path, build: Any, name: str,
        content_type: str, extension: str) -> None:
    content = build()
    evidence = samples.add_file(commitment=commitment, by=officer, public=False,
                                content=content, name=name)
    record = evidence.file
    assert (record.content_type, record.extension) == (content_type, extension)
    assert record.size == len(content)
    assert record.sha256 == hashlib.sha256(content).hexdigest()
    assert record.original_name == name
    stored = media / str(commitment.area_id) / "evidence" / f"{record.pk}.{extension}"
    assert stored.read_bytes() == content
    assert files_on_disk(media) == [stored]


@pytest.mark.parametrize(("build", "name"), [
    (samples.windows_exe, "Annual review.pdf"),
    (samples.html_page, "Annual review.pdf"),
    (samples.plain_zip, "Annual review.docx"),
    (lambda: b"GIF89a\x01\x00\x01\x00", "picture.png"),
    (lambda: b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "broken.png"),  # a signature, no header
    (lambda: samples.png(width=0), "empty.png"),
    (lambda: samples.jpeg(width=60_000), "huge.jpg"),
    (lambda: b"\xff\xd8\xff" + b"\0" * 50, "broken.jpg"),
])
def test_anything_else_is_refused_and_nothing_is_saved(
        commitment: Commitment, officer: Any, media: Path, build: Any, name: str) -> None:
    with pytest.raises(ValueError, match=WRONG_TYPE):
        samples.add_file(commitment=commitment, by=officer, public=True, content=build(),
                         name=name)
    assert not Evidence.objects.filter(commitment=commitment, kind="file").exists()
    assert not EvidenceFile.objects.exists()
    assert files_on_disk(media) == []


def test_a_zip_bomb_dressed_as_a_word_document_is_refused(
        commitment: Commitment, officer: Any, media: Path) -> None:
    with pytest.raises(ValueError, match="zip bomb"):
        samples.add_file(commitment=commitment, by=officer, public=False,
                         content=samples.zip_bomb_docx(), name="review.docx")
    assert not EvidenceFile.objects.exists()
    assert files_on_disk(media) == []


def test_a_file_over_the_size_limit_is_refused(
        commitment: Commitment, officer: Any, media: Path, settings: Any) -> None:
    settings.SAIDANDDONE_EVIDENCE_MAX_MB = 1
    big = samples.pdf() + b"%" * (1024 * 1024)
    with pytest.raises(ValueError, match="must be smaller than 1 MB"):
        samples.add_file(commitment=commitment, by=officer, public=False, content=big)
    assert not EvidenceFile.objects.exists()
    assert files_on_disk(media) == []


def test_a_rolled_back_upload_leaves_nothing_on_disk(
        commitment: Commitment, officer: Any, media: Path) -> None:
    class Abandoned(Exception):
        pass

    with (TestCase.captureOnCommitCallbacks(execute=True) as callbacks,
          pytest.raises(Abandoned), transaction.atomic()):
        services.evidence_file_add(commitment=commitment, title="Review", by=officer,
                                   name="review.pdf", content=samples.pdf(), public=False)
        raise Abandoned
    assert callbacks == []  # the write went with the rolled-back transaction
    assert not EvidenceFile.objects.exists()
    assert files_on_disk(media) == []


def test_the_uploaded_name_is_never_a_path_and_is_cleaned(
        commitment: Commitment, officer: Any, media: Path) -> None:
    evidence = samples.add_file(commitment=commitment, by=officer, public=False,
                                name="../../etc/passwd\x00<script>.pdf")
    assert evidence.file.original_name == "passwd<script>.pdf".replace("<", "").replace(">", "")
    (stored,) = files_on_disk(media)
    assert stored.parent == media / str(commitment.area_id) / "evidence"
    assert clean_name("C:\\Users\\Sam Smith\\Desktop\\ letter .pdf") == "letter .pdf"
    assert clean_name("") == "evidence"


def test_sizes_read_as_families_expect() -> None:
    assert human_size(240 * 1024) == "240 KB"
    assert human_size(300) == "1 KB"
    assert human_size(int(1.5 * 1024 * 1024)) == "1.5 MB"


def test_upload_and_removal_are_audited_in_plain_words(
        commitment: Commitment, officer: Any) -> None:
    evidence = samples.add_file(commitment=commitment, by=officer, public=False)
    services.evidence_delete(evidence=evidence, by=officer)
    upload = AuditEntry.objects.get(action="evidence.file_upload")
    removal = AuditEntry.objects.get(action="evidence.delete")
    assert upload.after["public"] is False
    assert upload.after["sha256"] == removal.before["sha256"]
    assert removal.before["public"] is False
    assert AuditAction("evidence.delete").label.startswith("Removed evidence")


def test_an_analyst_may_not_upload(commitment: Commitment, analyst: Any, media: Path) -> None:
    from django.core.exceptions import PermissionDenied
    with pytest.raises(PermissionDenied):
        samples.add_file(commitment=commitment, by=analyst, public=False)
    assert files_on_disk(media) == []


# Serving: who may open which file --------------------------------------------------------------

def workspace_url(area: Any, record: EvidenceFile) -> str:
    return reverse("workspace:evidence_file", args=[area.slug, record.pk])


def public_url(area: Any, record: EvidenceFile) -> str:
    return reverse("public:evidence_file", args=[area.slug, record.pk])


def test_a_staff_only_file_opens_for_members_only(
        client: Any, demo: Any, published: Commitment, officer: Any,
        other_officer: Any) -> None:
    record = samples.add_file(commitment=published, by=officer, public=False).file
    assert client.get(public_url(demo, record)).status_code == 404
    assert client.get(workspace_url(demo, record)).status_code == 302  # to sign in
    sign_in(client, other_officer)
    assert client.get(workspace_url(demo, record)).status_code == 404
    assert client.get(public_url(demo, record)).status_code == 404
    sign_in(client, officer)
    response = client.get(workspace_url(demo, record))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == samples.pdf()
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith("inline")
    # Even a member cannot open a staff-only file at the public address.
    assert client.get(public_url(demo, record)).status_code == 404


def test_a_public_file_is_public_only_once_its_commitment_is_published(
        client: Any, demo: Any, commitment: Commitment, officer: Any) -> None:
    record = samples.add_file(commitment=commitment, by=officer, public=True).file
    assert not commitment.published_in.exists()
    assert client.get(public_url(demo, record)).status_code == 404
    version = Publication.objects.filter(area=demo, state="published").first().versions.first()
    commitment.published_in.add(version)
    response = client.get(public_url(demo, record))
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" not in response["Cache-Control"]


def test_another_areas_address_does_not_open_a_public_file(
        client: Any, demo: Any, other_area: Any, published: Commitment, officer: Any) -> None:
    record = samples.add_file(commitment=published, by=officer, public=True).file
    assert client.get(public_url(other_area, record)).status_code == 404


def test_a_word_document_downloads_and_an_image_shows_inline(
        client: Any, demo: Any, published: Commitment, officer: Any) -> None:
    word = samples.add_file(commitment=published, by=officer, public=True,
                            content=samples.docx(), name="Transport review.docx").file
    image = samples.add_file(commitment=published, by=officer, public=True,
                             content=samples.png(), name="chart.png").file
    response = client.get(public_url(demo, word))
    assert response["Content-Disposition"].startswith("attachment")
    assert "Transport review.docx" in response["Content-Disposition"]
    assert response["Content-Type"] == word.content_type
    response = client.get(public_url(demo, image))
    assert response["Content-Disposition"].startswith("inline")
    assert response["Content-Type"] == "image/png"


def test_the_public_page_lists_a_public_file_with_its_type_and_size_and_hides_a_staff_one(
        client: Any, demo: Any, published: Commitment, officer: Any) -> None:
    samples.add_file(commitment=published, by=officer, public=True,
                     content=samples.pdf() + b"%" * (240 * 1024))
    samples.add_file(commitment=published, by=officer, public=False,
                     title="Internal panel minutes", name="minutes.pdf")
    page = client.get(reverse("public:commitment", args=[demo.slug, published.pk]))
    text = page.content.decode()
    assert "Annual transport review" in text
    assert "(PDF, 240 KB)" in text
    assert "Internal panel minutes" not in text
    assert "minutes.pdf" not in text


def test_a_public_file_whose_title_may_name_a_family_waits_for_a_check(
        client: Any, demo: Any, published: Commitment, officer: Any) -> None:
    evidence = samples.add_file(commitment=published, by=officer, public=True,
                                title="Letter to Mrs Jane Smith at 14 Elm Road")
    assert evidence.held
    assert client.get(public_url(demo, evidence.file)).status_code == 404
    # A staff-only file's words never reach the public, so they are not held.
    staff = samples.add_file(commitment=published, by=officer, public=False,
                             title="Letter to Mrs Jane Smith at 14 Elm Road")
    assert not staff.held


# Removal, retention and erasure ----------------------------------------------------------------

def test_removing_the_evidence_removes_its_file_from_disk(
        commitment: Commitment, officer: Any, media: Path) -> None:
    evidence = samples.add_file(commitment=commitment, by=officer, public=False)
    assert len(files_on_disk(media)) == 1
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.evidence_delete(evidence=evidence, by=officer)
    assert files_on_disk(media) == []
    assert not EvidenceFile.objects.exists()


def test_deleting_the_commitment_takes_its_files_with_it(
        commitment: Commitment, officer: Any, media: Path) -> None:
    samples.add_file(commitment=commitment, by=officer, public=True)
    with TestCase.captureOnCommitCallbacks(execute=True):
        commitment.delete()
    assert files_on_disk(media) == []


def test_retention_sweeps_files_whose_records_are_gone_and_audits_it(
        commitment: Commitment, officer: Any, media: Path) -> None:
    kept = samples.add_file(commitment=commitment, by=officer, public=False).file
    left_behind = "0f0e0d0c-0000-4000-8000-000000000000.pdf"
    orphan = media / str(commitment.area_id) / "evidence" / left_behind
    orphan.write_bytes(samples.pdf())
    call_command("retention", stdout=io.StringIO())
    assert files_on_disk(media) == [kept.path]
    entry = AuditEntry.objects.get(action="evidence.file_sweep")
    assert entry.area == commitment.area
    assert entry.before["path"].endswith(left_behind)


# The page: the form, a refusal, the list -------------------------------------------------------

def test_the_commitment_page_uploads_a_file_and_refuses_a_disguised_one(
        client: Any, demo: Any, commitment: Commitment, officer: Any, media: Path) -> None:
    sign_in(client, officer)
    url = reverse("workspace:commitment_detail", args=[demo.slug, commitment.pk])
    response = client.post(url, {
        "action": "file", "title": "Annual transport review",
        "file": SimpleUploadedFile("review.pdf", samples.windows_exe(), "application/pdf")})
    assert response.status_code == 200
    page = response.content.decode()
    assert WRONG_TYPE in page
    assert "govuk-error-summary" in page
    assert 'href="#id_file_file"' in page  # the summary names the field
    assert 'id="id_file_file-error"' in page
    assert not EvidenceFile.objects.exists()
    assert files_on_disk(media) == []
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, {
            "action": "file", "title": "Annual transport review", "public": "on",
            "file": SimpleUploadedFile("review.pdf", samples.pdf(), "text/html")})
    assert response.status_code == 302
    record = EvidenceFile.objects.get()
    assert record.public and record.content_type == "application/pdf"
    page = client.get(url).content.decode()
    assert workspace_url(demo, record) in page
    assert "review.pdf" in page
    assert len(files_on_disk(media)) == 1


def test_deleting_an_area_leaves_none_of_its_files(
        other_area: Any, other_officer: Any, media: Path) -> None:
    response = services.response_create(area=other_area, title="Transport",
                                         you_said="Buses were late.", by=other_officer)
    commitment = services.commitment_create(response=response, text="Fix the buses.",
                                            owner_team="Transport", by=other_officer)
    samples.add_file(commitment=commitment, by=other_officer, public=True)
    samples.add_file(commitment=commitment, by=other_officer, public=False,
                     content=samples.png(), name="chart.png")
    assert len(files_on_disk(media)) == 2
    with TestCase.captureOnCommitCallbacks(execute=True):
        other_area.delete()
    assert files_on_disk(media) == []


def test_a_public_files_words_pass_the_publication_checks_and_a_staff_files_are_not_public(
        demo: Any, officer: Any) -> None:
    from saidanddone.publishing import services as publishing
    from saidanddone.publishing.checks import publication_checks

    response = services.response_create(area=demo, title="Better signposting",
                                        you_said="Families could not find advice.", by=officer)
    commitment = services.commitment_create(response=response, text="Add an advice page.",
                                            owner_team="Local Offer Team", by=officer)
    draft = publishing.publication_create(
        area=demo, title="Spring update", period_label="Spring 2026",
        period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 3, 31),
        responses=[response], by=officer)
    personal = "Letter to Mrs Okafor, 07700 900123"

    def personal_problems() -> list[Any]:
        return [p for p in publication_checks(draft).blocking
                if p.code == "personal" and "evidence" in p.message]

    staff = samples.add_file(commitment=commitment, by=officer, public=False, title=personal)
    assert personal_problems() == []
    services.evidence_delete(evidence=staff, by=officer)
    samples.add_file(commitment=commitment, by=officer, public=True, title=personal)
    assert personal_problems() != []
