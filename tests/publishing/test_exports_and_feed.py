"""Exports and the feed (issue 11): no spreadsheet formula comes alive in any CSV the service
writes, the Atom feed's summaries are plain text, and error messages name no server path."""

from __future__ import annotations

import csv
import io
import uuid
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django import forms
from django.urls import reverse

from saidanddone.commitments import services as commitments
from saidanddone.commitments.models import Commitment
from saidanddone.core.errors import without_paths
from saidanddone.core.spreadsheets import FORMULA_STARTS, safe_cell
from saidanddone.core.views import run_service
from saidanddone.feedback.surveys import BadRow, bad_rows_csv
from saidanddone.publishing.models import Publication, PublicationVersion
from tests.helpers import sign_in

FORMULAS = ["=HYPERLINK(\"https://evil.example\",\"Click\")", "+44 7700 900123", "-2+3",
            "@SUM(A1:A9)", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("value", FORMULAS)
def test_a_formula_like_cell_is_shown_as_text(value: str) -> None:
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Plain words", "", "2026-03-01", "'already quoted", 12, None])
def test_other_cells_are_left_as_they_are(value: Any) -> None:
    assert safe_cell(value) == value


def no_live_formula(body: str, planted: list[str]) -> None:
    cells = [cell for row in csv.reader(io.StringIO(body)) for cell in row]
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)]
    for value in planted:  # the words are all there, behind a quote
        assert "'" + value in cells


@pytest.mark.django_db
def test_the_open_data_csv_has_no_live_formula(client: Any, demo: Any) -> None:
    publication = Publication.objects.get(area=demo, state="published")
    version = publication.versions.get()
    content = version.content
    response = content["responses"][0]
    response["title"], response["you_said"] = FORMULAS[0], FORMULAS[1]
    response["commitments"][0]["text"] = FORMULAS[2]
    response["commitments"][0]["owner_team"] = FORMULAS[3]
    response["commitments"][0]["partners"] = FORMULAS[4]
    content["title"] = FORMULAS[5]
    PublicationVersion.objects.filter(pk=version.pk).update(content=content)
    body = client.get(reverse("public:publication_csv",
                              args=["westmere", publication.slug])).content.decode()
    no_live_formula(body, FORMULAS)


@pytest.mark.django_db
def test_the_subject_access_export_has_no_live_formula(client: Any, demo: Any,
                                                       admin_user: Any) -> None:
    comment = "=HYPERLINK(\"https://evil.example\") from parent-7@example.org"
    client.post(reverse("public:feedback_form", args=["westmere"]), {
        "respondent_role": "parent", "topic": "transport", "consent": "paraphrase",
        "comment": comment, "key": str(uuid.uuid4()), "website": ""})
    sign_in(client, admin_user)
    export = client.post(reverse("workspace:data_protection", args=["westmere"]),
                         {"terms": "parent-7@example.org", "format": "csv"})
    assert export.status_code == 200
    no_live_formula(export.content.decode(), [comment])


def test_the_survey_bad_rows_file_uses_the_same_rule() -> None:
    body = bad_rows_csv(["Comment"], [BadRow(line=2, reason="-no date",
                                             values={"Comment": "@everyone come"})])
    no_live_formula(body, ["-no date", "@everyone come"])


@pytest.mark.django_db
def test_the_feed_sends_plain_text_summaries(client: Any, demo: Any, officer: Any) -> None:
    c = Commitment.objects.filter(area=demo, published_in__isnull=False,
                                  status="planned").first()
    reason = "Done <script>alert(1)</script> & <b>early</b>."
    commitments.commitment_set_status(commitment=c, status="done", reason=reason, by=officer)
    soup = BeautifulSoup(client.get(reverse("public:feed", args=["westmere"])).content, "xml")
    summaries = soup.find_all("summary")
    assert summaries and all(s["type"] == "text" for s in summaries)
    assert reason in [s.get_text() for s in summaries]


@pytest.mark.parametrize(("message", "hidden"), [
    ("[Errno 2] No such file or directory: '/tmp/survey-x1y2.xlsx'", "survey-x1y2"),
    ("/srv/saidanddone/lib/python3.11/site-packages/openpyxl/reader.py: bad", "/srv/"),
    ("Error reading file:/var/tmp/upload.csv line 3", "upload.csv"),
    (r"Cannot open C:\Users\council\AppData\Local\Temp\a.xlsx now", "Users"),
])
def test_error_messages_name_no_server_path(message: str, hidden: str) -> None:
    assert hidden not in without_paths(message)
    assert "the file" in without_paths(message)


@pytest.mark.parametrize("kept", [
    "See https://www.gov.uk/children-with-special-educational-needs/extra-SEN-help",
    "Open 24/7, and/or by appointment on 1/2/2026.",
])
def test_words_that_only_look_like_paths_are_kept(kept: str) -> None:
    assert without_paths(kept) == kept


def test_a_service_error_with_a_path_reaches_the_form_without_it() -> None:
    form = forms.Form(data={})
    form.is_valid()

    def failing() -> None:
        raise ValueError("cannot read /home/app/var/models/westmere/meta.json: bad JSON")

    assert run_service(form, failing) is None
    assert form.non_field_errors() == ["cannot read the file: bad JSON"]
