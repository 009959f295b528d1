"""Families and officers as they use the feedback pages, in a real browser.

A young person sends the young people's form and sees the young people's thank-you page with
Childline, and "send something else" takes them back to the young people's form. An officer
imports a survey export with a consent column, two free-text questions and some bad rows:
the columns are chosen for them, they download the bad rows, import the good ones, and when
they upload the same file again they are warned and nothing is doubled. Each page is checked
with axe-core and photographed into var/shots/.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from saidanddone.areas.models import Area
from saidanddone.feedback.models import FeedbackItem
from tests.browser.conftest import ROOT, axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = ROOT / "var" / "shots"

SURVEY = (
    "Response ID,Date completed,Can we quote you?,What is working well?,"
    "What would you change?\n"
    "5001,02/03/2026,Yes,The new SENCo at our school really listens to us.,"
    "The annual review papers should come two weeks before the meeting.\n"
    "5002,03/03/2026,No,Short breaks on Saturdays have been a lifeline for our family.,\n"
    "5003,04/03/2026,Yes,,The speech and language therapy waiting list is far too long.\n"
    "5004,31/12/2099,Yes,This row has a date in the future.,\n"
    "5005,04/03/2026,Ask me later,This row has an answer to the consent question we cannot read.,\n"
)


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_a_young_person_ends_on_their_own_thank_you_page(live_server: Any, page: Any,
                                                         area: Area) -> None:
    page.goto(live_server.url + reverse("public:feedback_form_young", args=[area.slug]))
    page.get_by_label("I am a child or young person").check()
    page.get_by_label("Tell us what you think").fill(
        "I would like a quiet room at lunchtime because the hall is too loud.")
    page.get_by_label("Only in your own words, not mine").check()
    page.get_by_role("button", name="Send").click()
    page.wait_for_load_state()
    assert page.url.endswith(reverse("public:feedback_thanks_young", args=[area.slug]))
    assert page.locator("h1").inner_text() == "Thank you for telling us"
    assert "0800 1111" in page.locator("main").inner_text()
    assert page.get_by_role("link", name="childline.org.uk").get_attribute("href") == \
        "https://www.childline.org.uk/"
    assert axe_violations(page) == []
    shot(page, "young-people-thank-you")
    page.get_by_role("link", name="Send us something else").click()
    page.wait_for_load_state()
    assert page.url.endswith(reverse("public:feedback_form_young", args=[area.slug]))
    assert page.locator("h1").inner_text() == "Tell us what you think"


def test_an_officer_imports_the_good_rows_gets_the_bad_back_and_is_warned_on_reimport(
        live_server: Any, page: Any, area: Area, tmp_path: Path) -> None:
    export = tmp_path / "spring-survey.csv"
    export.write_text(SURVEY, encoding="utf-8")
    sign_in(page, live_server.url, "officer")
    url = live_server.url + reverse("workspace:survey_import", args=[area.slug])
    page.goto(url)
    page.set_input_files("input[type=file]", str(export))
    page.get_by_role("button", name="Upload").click()
    page.wait_for_load_state()

    # The columns were chosen by what they hold: both questions, never the response ID.
    assert page.get_by_label("What is working well?").is_checked()
    assert page.get_by_label("What would you change?").is_checked()
    assert not page.get_by_label("Response ID").is_checked()
    assert page.locator("#id_consent").input_value() == "Can we quote you?"
    assert page.locator("#id_respondent_id").input_value() == "Response ID"
    page.get_by_label("Name of the survey").fill("Spring survey 2026")
    page.get_by_role("button", name="Preview").click()
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert "4 comments to import" in main
    assert "2 rows cannot be imported" in main
    assert "is not a yes or a no" in main
    assert axe_violations(page) == []
    shot(page, "survey-import-preview")

    with page.expect_download() as download:
        page.get_by_role("button", name="Download the rows that cannot be imported (CSV)")\
            .click()
    saved = tmp_path / "bad.csv"
    download.value.save_as(saved)
    with saved.open(encoding="utf-8") as fh:
        bad = list(csv.DictReader(fh))
    assert [row["Response ID"] for row in bad] == ["5004", "5005"]
    assert all(row["Why it was not imported"] for row in bad)

    before = FeedbackItem.objects.filter(area=area).count()
    page.get_by_role("button", name="Import 4 comments").click()
    page.wait_for_load_state()
    assert "Imported 4 comments" in page.locator("main").inner_text()
    assert FeedbackItem.objects.filter(area=area).count() == before + 4
    no_quote = FeedbackItem.objects.get(area=area, survey_row=3)
    assert no_quote.consent == "do_not_publish"
    shot(page, "survey-import-done")

    # The same export again: warned, and nothing would be doubled.
    page.goto(url)
    page.set_input_files("input[type=file]", str(export))
    page.get_by_role("button", name="Upload").click()
    page.wait_for_load_state()
    page.get_by_label("Name of the survey").fill("Spring survey 2026")
    page.get_by_role("button", name="Preview").click()
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert "This file was imported on" in main
    assert "3 of these rows were imported on" in main and "they will be skipped" in main
    assert "0 comments to import" in main
    assert page.get_by_role("button", name="Import 0 comments").count() == 0
    assert axe_violations(page) == []
    shot(page, "survey-import-reimport-warning")
    page.get_by_role("button", name="Cancel import").click()
    page.wait_for_load_state()
    assert FeedbackItem.objects.filter(area=area).count() == before + 4


def test_a_subject_access_search_keeps_the_terms_out_of_the_address(
        live_server: Any, page: Any, area: Area) -> None:
    sign_in(page, live_server.url, "admin")
    url = live_server.url + reverse("workspace:data_protection", args=[area.slug])
    page.goto(url)
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    page.get_by_label("Details the person gave to find their comments").fill("07700 900123")
    page.get_by_role("button", name="Find comments").click()
    page.wait_for_load_state()
    assert "1 comment found" in page.locator("main").inner_text()
    assert page.url == url
    assert seen and not any("900123" in u for u in seen)
    assert axe_violations(page) == []
    shot(page, "subject-access-results")
