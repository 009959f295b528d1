"""Bounded work for survey exports (issue 11; decisions 0211, 0212): a workbook that unpacks
too far is refused before openpyxl opens it, every read runs within the limits, and a big
export is read in the background with progress before the usual mapping step."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from saidanddone.analysis.readers import InputError
from saidanddone.core.models import UploadRead
from saidanddone.feedback import surveys
from saidanddone.feedback.models import FeedbackItem, SurveyUpload
from tests.helpers import check_page, text_of

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import upload_bombs as bombs

pytestmark = pytest.mark.django_db

URL = reverse("workspace:survey_import", args=["westmere"])

GOOD_CSV = (
    "Respondent ID,Submitted,Are you a...,Any other comments?\n"
    "1001,03/02/2026,Parent/carer,The annual review was really well run this year.\n"
    "1002,04/02/2026,Young person,I want more clubs after school.\n"
)


def upload(client: Any, name: str, content: bytes) -> Any:
    return client.post(URL, {"step": "upload", "file": SimpleUploadedFile(name, content)})


def counts() -> tuple[int, int, int]:
    return (FeedbackItem.objects.count(), SurveyUpload.objects.count(),
            UploadRead.objects.count())


HOSTILE = [
    ("survey.xlsx", lambda: bombs.xlsx_huge_shared_strings(0.1), "more than 100 times its size"),
    ("rows.xlsx", lambda: bombs.xlsx_huge_sheet(0.2), "more than 100 times its size"),
    ("wide.xlsx", lambda: bombs.xlsx_wide_rows(0.1), "the limit is 500"),
    ("laughs.xlsx", bombs.xlsx_entity_expansion, "could not be read"),
    ("wide.csv", lambda: bombs.csv_million_columns(0.01), "the limit is 500"),
    ("bomb.pdf", lambda: bombs.pdf_flate_bomb(0.02), ""),
]


@pytest.mark.parametrize(("name", "build", "says"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_exports_get_a_clear_message_and_save_nothing(
        client: Any, demo: Any, officer: Any, name: str, build: Any, says: str,
        django_capture_on_commit_callbacks: Any) -> None:
    client.force_login(officer)
    before = counts()
    with django_capture_on_commit_callbacks(execute=True):  # the worker reads after commit
        page = upload(client, name, build())
    if page.status_code == 302:
        assert "?reading=" in page["Location"]
        page = client.get(page["Location"])
    assert page.status_code == 200  # never a 500
    summary = check_page(page.content).select_one(".govuk-error-summary")
    assert summary is not None and says in summary.get_text()
    assert "Traceback" not in summary.get_text() and "survey-" not in summary.get_text()
    assert counts() == before


def test_the_unpacked_size_is_checked_before_the_workbook_is_opened() -> None:
    with pytest.raises(InputError, match="more than 100 times its size"):
        surveys.survey_parse("survey.xlsx", bombs.xlsx_huge_shared_strings(0.1))


def test_a_survey_read_stopped_by_the_cpu_limit_says_so(settings: Any) -> None:
    settings.SAIDANDDONE_UPLOAD_CPU_SECONDS = 1
    content = bombs.xlsx_huge_sheet(0.015)  # 45,000 rows: under the zip checks, slow to read
    with pytest.raises(InputError, match=r"“rows\.xlsx” took longer than 1 second to read"):
        surveys.survey_parse("rows.xlsx", content)


def test_a_big_export_is_read_in_the_background_then_mapped(
        client: Any, demo: Any, officer: Any, settings: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    settings.SAIDANDDONE_UPLOAD_BACKGROUND_BYTES = 100
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        sent = upload(client, "survey.csv", GOOD_CSV.encode())
    assert sent.status_code == 302 and "?reading=" in sent["Location"]
    waiting = client.get(sent["Location"])
    soup = check_page(waiting.content)
    assert soup.select_one('meta[http-equiv="refresh"]') is None  # WCAG 2.2.1: no auto reload
    assert soup.find("a", string="Check progress") is not None
    assert "Waiting to be read" in text_of(waiting.content)
    assert not SurveyUpload.objects.exists()

    queued[0]()  # the worker reads it
    mapped = client.get(sent["Location"], follow=True)
    soup = check_page(mapped.content)
    assert [i["value"] for i in soup.select("input[name=comments][checked]")] == [
        "Any other comments?"]
    assert SurveyUpload.objects.get().rows[0]["Respondent ID"] == "1001"
    assert not UploadRead.objects.exists()


def test_a_failed_background_survey_read_shows_its_message(
        client: Any, demo: Any, officer: Any, settings: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    settings.SAIDANDDONE_UPLOAD_BACKGROUND_BYTES = 100
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        sent = upload(client, "wide.csv", bombs.csv_million_columns(0.01))
    page = client.get(sent["Location"])
    assert "has 20,000 columns; the limit is 500" in text_of(page.content)
    assert counts() == (FeedbackItem.objects.count(), 0, 0)
