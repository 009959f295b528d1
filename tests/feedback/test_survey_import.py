"""Survey exports: the columns chosen by what they hold, a consent column, several free-text
questions, the good rows imported and the bad ones given back, re-imports recognised, and the
upload never left on disk."""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from saidanddone.feedback import services, surveys
from saidanddone.feedback.models import FeedbackItem, SurveyImport, SurveyUpload
from tests.helpers import check_page, text_of

pytestmark = pytest.mark.django_db

URL = reverse("workspace:survey_import", args=["westmere"])

GOOD_CSV = (
    "Respondent ID,Submitted,Are you a...,Any other comments?\n"
    "1001,03/02/2026,Parent/carer,The annual review was really well run this year.\n"
    "1002,04/02/2026,Young person,I want more clubs after school.\n"
    "1003,05/02/2026,Teacher,\n"
    "1004,06/02/2026,Parent,\"Transport letters arrive after term starts, again.\"\n"
)

TWO_QUESTIONS = (
    "Respondent ID,Date,Can we quote you?,What works well?,What should change?\n"
    "R-201,01/03/2026,Yes,The portage worker was kind and patient with us.,"
    "Letters about the annual review come far too late to prepare.\n"
    "R-202,02/03/2026,No,Our SENCo listens and acts on what we say.,\n"
    "R-203,02/03/2026,Paraphrase only,,The waiting list for speech therapy is too long.\n"
    "R-204,31/12/2099,Yes,A date in the future is wrong here.,\n"
    "R-205,yesterday-ish,No,The date in this row cannot be read.,\n"
    "R-206,03/03/2026,Maybe later,The consent answer in this row is not a yes or no.,\n"
)


def upload(client: Any, name: str, content: bytes) -> Any:
    return client.post(URL, {"step": "upload", "file": SimpleUploadedFile(name, content)},
                       follow=True)


def map_and(client: Any, step: str, **overrides: Any) -> Any:
    data: dict[str, Any] = {
        "step": step, "comments": ["Any other comments?"], "role": "Are you a...",
        "date": "Submitted", "respondent_id": "Respondent ID", "consent": "",
        "default_role": "parent", "default_consent": "paraphrase",
        "channel_name": "Annual survey 2026"}
    data.update(overrides)
    return client.post(URL, data)


def map_two(client: Any, step: str) -> Any:
    return map_and(client, step, comments=["What works well?", "What should change?"],
                   role="", date="Date", consent="Can we quote you?")


def test_upload_guesses_columns_previews_and_imports_all(client: Any, demo: Any,
                                                         officer: Any) -> None:
    client.force_login(officer)
    page = upload(client, "survey.csv", GOOD_CSV.encode())
    soup = check_page(page.content)
    ticked = [i["value"] for i in soup.select("input[name=comments][checked]")]
    assert ticked == ["Any other comments?"]
    assert soup.select_one("#id_respondent_id option[selected]")["value"] == "Respondent ID"
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


@pytest.mark.parametrize("id_header", ["Respondent ID", "Response ID", "ID"])
def test_the_comment_column_is_chosen_by_what_it_holds_never_an_id(id_header: str) -> None:
    header = [id_header, "Q1", "Q2", "Q3"]
    rows = [{id_header: str(9000 + n), "Q1": "01/03/2026", "Q2": "Parent",
             "Q3": f"Comment number {n}: the short breaks service has been a lifeline."}
            for n in range(10)]
    guess = surveys.guess_columns(header, rows)
    assert guess["comments"] == ["Q3"]
    # Even with nothing readable, the ID column is never the comment column.
    only_ids = surveys.guess_columns([id_header, "Comments"], [{id_header: "77",
                                                                "Comments": ""}])
    comments = only_ids["comments"]
    assert isinstance(comments, list) and id_header not in comments


@pytest.mark.parametrize(("answer", "consent"), [
    ("Yes", "verbatim"), ("yes, you can quote me", "verbatim"), ("Y", "verbatim"),
    ("No", "do_not_publish"), ("no thanks", "do_not_publish"), ("N", "do_not_publish"),
    ("Please don't quote me", "do_not_publish"),
    ("Only in your own words", "paraphrase"), ("Paraphrase only", "paraphrase"),
    ("Maybe later", None), ("", None),
])
def test_consent_answers_map_to_consent_and_no_never_becomes_paraphrase(
        answer: str, consent: str | None) -> None:
    assert surveys.consent_from(answer) == consent


def test_two_questions_consent_and_bad_rows(client: Any, demo: Any, officer: Any) -> None:
    """Each answer is its own comment, linked to its row, with its question; "No" is not
    published; the good rows import and the bad rows come back with a reason."""
    client.force_login(officer)
    soup = check_page(upload(client, "spring.csv", TWO_QUESTIONS.encode()).content)
    ticked = {i["value"] for i in soup.select("input[name=comments][checked]")}
    assert ticked == {"What works well?", "What should change?"}
    assert soup.select_one("#id_consent option[selected]")["value"] == "Can we quote you?"
    preview = text_of(map_two(client, "preview").content)
    assert "4 comments to import" in preview
    assert "3 rows cannot be imported" in preview
    assert "Row 5: the date 31 December 2099 is in the future." in preview
    assert "Row 6: 'yesterday-ish' in 'Date' is not a date." in preview
    assert "Row 7: 'Maybe later' in 'Can we quote you?' is not a yes or a no." in preview

    bad = map_two(client, "bad_rows")
    assert bad["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(bad.content.decode())))
    assert [r["Row in the original file"] for r in rows] == ["5", "6", "7"]
    assert rows[1][surveys.REASON_COLUMN] == "'yesterday-ish' in 'Date' is not a date."
    assert rows[2]["Respondent ID"] == "R-206"  # the row as it was, ready to correct

    before = FeedbackItem.objects.count()
    map_two(client, "save")
    assert FeedbackItem.objects.count() == before + 4
    items = FeedbackItem.objects.filter(survey_import__isnull=False).order_by(
        "survey_row", "survey_question")
    assert [(i.survey_row, i.survey_question, i.consent) for i in items] == [
        (2, "What should change?", "verbatim"), (2, "What works well?", "verbatim"),
        (3, "What works well?", "do_not_publish"), (4, "What should change?", "paraphrase")]
    assert items[0].survey_import == items[1].survey_import


def test_reimporting_the_same_file_warns_and_skips_every_row(client: Any, demo: Any,
                                                             officer: Any) -> None:
    client.force_login(officer)
    upload(client, "survey.csv", GOOD_CSV.encode())
    map_and(client, "save")
    count = FeedbackItem.objects.count()
    upload(client, "survey-again.csv", GOOD_CSV.encode())
    text = text_of(map_and(client, "preview").content)
    today = timezone.localdate()
    assert f"This file was imported on {today.day} {today:%B %Y}" in text
    assert f"3 of these rows were imported on {today.day} {today:%B %Y}: they will be " \
           "skipped." in text
    assert "0 comments to import" in text
    page = map_and(client, "save")
    assert "imported before" in text_of(page.content)
    assert FeedbackItem.objects.count() == count


def test_reimporting_the_same_rows_in_a_new_export_skips_only_those(demo: Any,
                                                                    officer: Any) -> None:
    """The same answers, re-exported with another column order and extra rows, and no
    respondent id: recognised by their words and date."""
    first = surveys.survey_parse("a.csv", b"Date,Comment\n01/03/2026,Clubs are great.\n"
                                          b"02/03/2026,Buses are late.\n")
    mapping = surveys.Mapping(comments=("Comment",), date="Date")
    today = dt.date(2026, 3, 20)
    services.survey_import(area=demo, rows=surveys.survey_read(first, mapping,
                                                               today=today).rows,
                           channel_name="Spring", by=officer)
    second = surveys.survey_parse("b.csv", b"Comment,Date\nclubs are GREAT!,01/03/2026\n"
                                           b"Buses are late.,02/03/2026\n"
                                           b"New comment.,03/03/2026\n")
    record = services.survey_import(area=demo, rows=surveys.survey_read(second, mapping,
                                                                        today=today).rows,
                                    channel_name="Spring", by=officer)
    assert (record.comments, record.skipped_duplicates) == (1, 2)
    assert FeedbackItem.objects.filter(channel__name="Spring").count() == 3


def test_xlsx_export_imports(client: Any, demo: Any, officer: Any) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Timestamp", "Your comment"])
    sheet.append(["2026-03-01", "Short breaks have been brilliant."])
    sheet.append(["2026-03-02", "Nobody told us about the Local Offer."])
    buffer = io.BytesIO()
    book.save(buffer)
    client.force_login(officer)
    upload(client, "export.xlsx", buffer.getvalue())
    before = FeedbackItem.objects.count()
    map_and(client, "save", comments=["Your comment"], role="", date="Timestamp",
            respondent_id="")
    assert FeedbackItem.objects.count() == before + 2


@pytest.mark.parametrize(("name", "content"), [
    ("empty.csv", b""),
    ("binary.csv", b"\x00\x01\x02\xff" * 200),
    ("broken.xlsx", b"PK\x03\x04 not really a spreadsheet"),
])
def test_bad_file_gets_a_clear_message(client: Any, demo: Any, officer: Any, name: str,
                                       content: bytes) -> None:
    client.force_login(officer)
    before = FeedbackItem.objects.count()
    page = upload(client, name, content)
    assert page.status_code == 200
    soup = check_page(page.content)
    assert soup.select_one(".govuk-error-summary") is not None
    # The message names their file, never the temporary copy it was read from.
    assert tempfile.gettempdir() not in text_of(page.content)
    assert FeedbackItem.objects.count() == before
    assert not SurveyUpload.objects.exists()


def test_wrong_column_lists_the_available_ones(client: Any, demo: Any, officer: Any) -> None:
    client.force_login(officer)
    upload(client, "survey.csv", GOOD_CSV.encode())
    page = map_and(client, "preview", comments=["Comments please"])
    assert page.status_code == 200
    assert "Select which columns hold comments" in text_of(page.content)


def _upload_dir_files() -> list[Any]:
    folder = Path(settings.MEDIA_ROOT) / services.LEGACY_UPLOAD_FOLDER
    return list(folder.rglob("*")) if folder.exists() else []


@pytest.fixture(autouse=True)
def _own_media_folder(settings: Any, tmp_path: Any) -> None:
    """Each test reads its own media folder, so files from another run cannot answer for it."""
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_purge_removes_exports_an_earlier_release_left_on_disk(demo: Any) -> None:
    folder = Path(settings.MEDIA_ROOT) / services.LEGACY_UPLOAD_FOLDER
    folder.mkdir(parents=True)
    (folder / "left-behind.csv").write_text("id,comment\n1,words\n")
    assert services.survey_uploads_purge() == 1
    assert _upload_dir_files() == []


def test_an_abandoned_import_leaves_nothing_on_disk_and_is_purged(
        client: Any, demo: Any, officer: Any, tmp_path: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    client.force_login(officer)
    upload(client, "private.csv", GOOD_CSV.encode())
    map_and(client, "preview")
    # The officer walks away here. Nothing of the export is on disk: not in the upload
    # directory, not in the temporary directory.
    assert _upload_dir_files() == []
    assert list(tmp_path.iterdir()) == []
    upload_row = SurveyUpload.objects.get()
    # The periodic clean-up deletes it once it has waited too long.
    assert services.survey_uploads_purge() == 0
    later = timezone.now() + dt.timedelta(hours=services.SURVEY_UPLOAD_HOURS + 1)
    assert services.survey_uploads_purge(now=later) == 1
    assert not SurveyUpload.objects.filter(pk=upload_row.pk).exists()


def test_cancel_deletes_the_upload_at_once(client: Any, demo: Any, officer: Any) -> None:
    client.force_login(officer)
    upload(client, "private.csv", GOOD_CSV.encode())
    page = client.post(URL, {"step": "cancel"}, follow=True)
    assert "The uploaded file has been deleted" in text_of(page.content)
    assert not SurveyUpload.objects.exists()
    assert _upload_dir_files() == []


def test_an_import_keeps_nothing_of_the_upload(client: Any, demo: Any, officer: Any) -> None:
    client.force_login(officer)
    upload(client, "survey.csv", GOOD_CSV.encode())
    map_and(client, "save")
    assert not SurveyUpload.objects.exists()
    assert SurveyImport.objects.get().comments == 3


def test_the_daily_retention_run_deletes_unfinished_uploads(client: Any, demo: Any,
                                                           officer: Any) -> None:
    from django.core.management import call_command

    client.force_login(officer)
    upload(client, "private.csv", GOOD_CSV.encode())
    SurveyUpload.objects.update(
        created_at=timezone.now() - dt.timedelta(hours=services.SURVEY_UPLOAD_HOURS + 1))
    out = io.StringIO()
    call_command("retention", stdout=out)
    assert "Deleted 1 survey uploads" in out.getvalue()
    assert not SurveyUpload.objects.exists()


def test_the_same_answer_twice_in_one_file_is_stored_once_and_the_preview_says_so(
        client: Any, demo: Any, officer: Any) -> None:
    twice = GOOD_CSV + "1004,06/02/2026,Parent,\"Transport letters arrive after term starts, " \
                       "again.\"\n"
    client.force_login(officer)
    upload(client, "survey.csv", twice.encode())
    text = text_of(map_and(client, "preview").content)
    assert "3 comments to import" in text and "1 repeated in this file" in text
    before = FeedbackItem.objects.count()
    map_and(client, "save")
    assert FeedbackItem.objects.count() == before + 3


# The save is idempotent: the upload is the preview's one-time token (issue 11, decision 0207).

def test_two_saves_of_one_preview_store_one_import(demo: Any, officer: Any) -> None:
    saved = services.survey_upload_create(area=demo, name="survey.csv", by=officer,
                                          content=GOOD_CSV.encode())
    # Rows without a fingerprint (no respondent id): only the token stops the second save.
    rows = [surveys.SurveyRow(line=2, text="Clubs after school, please.",
                              respondent_role="young_person", received_on=dt.date(2026, 2, 4))]
    before = FeedbackItem.objects.count()
    services.survey_import(area=demo, rows=rows, channel_name="Survey", by=officer,
                           upload=saved)
    with pytest.raises(ValueError, match="This import was already saved"):
        services.survey_import(area=demo, rows=rows, channel_name="Survey", by=officer,
                               upload=saved)
    assert SurveyImport.objects.count() == 1
    assert FeedbackItem.objects.count() == before + 1


def test_a_double_click_on_save_stores_one_import_and_says_so(client: Any, demo: Any,
                                                              officer: Any) -> None:
    client.force_login(officer)
    upload(client, "survey.csv", GOOD_CSV.encode())
    before = FeedbackItem.objects.count()
    map_and(client, "save")
    again = client.post(URL, {"step": "save"}, follow=True)
    assert "This import was already saved" in text_of(again.content)
    assert SurveyImport.objects.count() == 1
    assert FeedbackItem.objects.count() == before + 3
