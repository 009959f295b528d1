"""Survey exports: map the columns, see every row's problem, save all or nothing."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from saidanddone.feedback.models import FeedbackItem
from tests.helpers import check_page, sign_in, text_of

pytestmark = pytest.mark.django_db

GOOD_CSV = (
    "Submitted,Are you a...,Any other comments?\n"
    "03/02/2026,Parent/carer,The annual review was really well run this year.\n"
    "04/02/2026,Young person,I want more clubs after school.\n"
    "05/02/2026,Teacher,,\n"
    "06/02/2026,Parent,\"Transport letters arrive after term starts, again.\"\n"
)


def upload(client: Any, name: str, content: bytes) -> Any:
    return client.post(reverse("workspace:survey_import", args=["westmere"]),
                       {"step": "upload", "file": SimpleUploadedFile(name, content)}, follow=True)


def map_and(client: Any, step: str, **overrides: str) -> Any:
    data = {"step": step, "comment": "Any other comments?", "role": "Are you a...",
            "date": "Submitted", "default_role": "parent", "channel_name": "Annual survey 2026"}
    data.update(overrides)
    return client.post(reverse("workspace:survey_import", args=["westmere"]), data)


def test_upload_guesses_columns_previews_and_imports_all(client: Any, demo: Any,
                                                         officer: Any) -> None:
    sign_in(client, officer)
    page = upload(client, "survey.csv", GOOD_CSV.encode())
    soup = check_page(page.content)
    assert soup.select_one("#id_comment option[selected]")["value"] == "Any other comments?"
    before = FeedbackItem.objects.count()
    preview = map_and(client, "preview")
    assert "3 comments to import" in text_of(preview.content)
    assert "1 row without a comment" in text_of(preview.content)
    assert FeedbackItem.objects.count() == before
    map_and(client, "save")
    assert FeedbackItem.objects.count() == before + 3
    young = FeedbackItem.objects.get(text_original="I want more clubs after school.")
    assert young.respondent_role == "young_person" and young.channel.kind == "survey"
    assert young.received_on.isoformat() == "2026-02-04"


def test_rows_with_problems_are_listed_and_nothing_is_saved(client: Any, demo: Any,
                                                            officer: Any) -> None:
    bad = GOOD_CSV + "not a date,Parent,Something\n31/12/2099,Parent,Future\n07/02/2026,Llama,Hm\n"
    sign_in(client, officer)
    upload(client, "survey.csv", bad.encode())
    before = FeedbackItem.objects.count()
    page = map_and(client, "save")
    text = text_of(page.content)
    assert "3 rows cannot be imported" in text
    assert "Row 6: 'not a date'" in text and "Row 7" in text and "'Llama'" in text
    assert FeedbackItem.objects.count() == before


def test_xlsx_export_imports(client: Any, demo: Any, officer: Any) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Timestamp", "Your comment"])
    sheet.append(["2026-03-01", "Short breaks have been brilliant."])
    sheet.append(["2026-03-02", "Nobody told us about the Local Offer."])
    buffer = io.BytesIO()
    book.save(buffer)
    sign_in(client, officer)
    upload(client, "export.xlsx", buffer.getvalue())
    before = FeedbackItem.objects.count()
    map_and(client, "save", comment="Your comment", role="", date="Timestamp")
    assert FeedbackItem.objects.count() == before + 2


@pytest.mark.parametrize(("name", "content"), [
    ("empty.csv", b""),
    ("binary.csv", b"\x00\x01\x02\xff" * 200),
    ("broken.xlsx", b"PK\x03\x04 not really a spreadsheet"),
])
def test_bad_file_gets_a_clear_message(client: Any, demo: Any, officer: Any, name: str,
                                       content: bytes) -> None:
    sign_in(client, officer)
    before = FeedbackItem.objects.count()
    page = upload(client, name, content)
    assert page.status_code == 200
    soup = check_page(page.content)
    assert soup.select_one(".govuk-error-summary") is not None
    assert FeedbackItem.objects.count() == before


def test_wrong_column_lists_the_available_ones(client: Any, demo: Any, officer: Any) -> None:
    sign_in(client, officer)
    upload(client, "survey.csv", GOOD_CSV.encode())
    page = map_and(client, "preview", comment="Comments please")
    assert page.status_code == 200
    assert "Select which column holds the comment" in text_of(page.content)
