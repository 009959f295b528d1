"""Every shape, in every format: the same fictional document gives the same structure."""

from __future__ import annotations

from datetime import date

import pytest

from saidanddone.importers import ImportedDocument

from .conftest import FIXTURES, TODAY


def load(name: str) -> ImportedDocument:
    from saidanddone.importers import read_path

    return read_path(FIXTURES / name, today=TODAY)


TEXT_FORMATS = ["html", "txt", "docx", "pdf"]
TABLE_FORMATS = ["html", "csv", "xlsx", "docx"]


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_labelled_pairs_give_one_entry_per_response(fmt: str) -> None:
    doc = load(f"labelled.{fmt}")
    assert len(doc.entries) == 5
    assert doc.title == "You said, we did"


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_labelled_periods_and_headings_are_kept(fmt: str) -> None:
    doc = load(f"labelled.{fmt}")
    first, third = doc.entries[0], doc.entries[2]
    assert first.period is not None and first.period.startswith("Quarter 1 (April 2023")
    assert first.heading == "Getting an assessment"
    assert third.period == "January 2024"
    assert third.heading == "Information and advice"


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_we_will_after_we_did_stays_in_the_same_response(fmt: str) -> None:
    entry = load(f"labelled.{fmt}").entries[0]
    assert len(entry.we_did) == 2
    assert entry.we_did[1].startswith("By March 2024 we will write")


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_bulleted_quotes_under_you_said_become_separate_quotes(fmt: str) -> None:
    entry = load(f"labelled.{fmt}").entries[1]
    assert len(entry.you_said) == 3
    assert entry.you_said[0] == "The speech therapist only comes to school once a term."


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_outcome_label_is_part_of_the_response(fmt: str) -> None:
    entry = load(f"labelled.{fmt}").entries[1]
    assert entry.we_did[-1].startswith("Therapy plans are now shared")


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_empty_we_did_is_warned(fmt: str) -> None:
    doc = load(f"labelled.{fmt}")
    empty = [w.entry for w in doc.warnings if w.code == "empty_response"]
    assert empty == [3]


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_response_without_you_said_is_warned(fmt: str) -> None:
    doc = load(f"labelled.{fmt}")
    assert [w.entry for w in doc.warnings if w.code == "no_you_said"] == [2, 3, 4]


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_past_promise_date_is_warned(fmt: str) -> None:
    doc = load(f"labelled.{fmt}")
    overdue = [w.entry for w in doc.warnings if w.code == "promise_overdue"]
    assert 0 in overdue and 4 in overdue


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_figures_with_dates_become_an_indicator(fmt: str) -> None:
    doc = load(f"labelled.{fmt}")
    assert len(doc.indicators) == 1
    points = [(p.date, p.value) for p in doc.indicators[0].points]
    assert points == [(date(2023, 4, 30), 412.0), (date(2024, 3, 31), 268.0)]
    assert "families waiting" in doc.indicators[0].name.lower()


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_service_contacts_are_kept(fmt: str) -> None:
    doc = load(f"labelled.{fmt}")
    values = {(c.kind, c.value) for c in doc.contacts}
    assert ("email", "sendinfo@brackenford.gov.uk") in values
    assert ("phone", "01632 960 123") in values


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_a_childs_name_in_a_quote_is_warned(fmt: str) -> None:
    doc = load(f"labelled.{fmt}")
    assert [w.entry for w in doc.warnings if w.code == "identifying_text"] == [1]


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_commitment_statuses_and_dates(fmt: str) -> None:
    doc = load(f"labelled.{fmt}")
    first = doc.entries[0].commitments
    assert first[0].status == "done" and first[0].done_on == date(2023, 5, 31)
    assert any(c.status == "planned" and c.due == date(2024, 3, 31) for c in first)
    assert doc.entries[1].commitments[0].status == "in_progress"
    spring = doc.entries[4].commitments[0]
    assert spring.status == "planned" and spring.due == date(2024, 5, 31)
    launched = doc.entries[2].commitments[0]
    assert launched.status == "done" and launched.done_on == date(2023, 9, 30)


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_acronyms_expanded_and_not(fmt: str) -> None:
    found = {a.short: a.expansion for a in load(f"labelled.{fmt}").acronyms}
    assert found["BPCF"] == "Brackenford Parent Carer Forum"
    assert found["SENCo"] == "special educational needs coordinator"
    assert found["ELSA"] is None


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_page_feedback_box_is_left_out(fmt: str) -> None:
    doc = load(f"labelled.{fmt}")
    assert not any("this page" in t for e in doc.entries for t in e.we_did)


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_we_asked_you_said_we_did_three_parts(fmt: str) -> None:
    doc = load(f"asked.{fmt}")
    assert len(doc.entries) == 2
    first = doc.entries[0]
    assert first.we_asked == "How easy is it to find information about short breaks?"
    assert first.you_said[0].startswith("64% of the 230 families")
    assert first.period == "Academic year 2022 to 2023"
    assert any("64%" in f for f in first.figures)
    assert not [w for w in doc.warnings if w.code == "no_you_said"]


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_heading_stating_the_ask_followed_by_bullets(fmt: str) -> None:
    doc = load(f"headings.{fmt}")
    assert [e.heading for e in doc.entries] == [
        "More help for children waiting for an autism assessment",
        "Clearer letters about annual reviews",
    ]
    assert doc.entries[0].period == "2022"
    assert len(doc.entries[0].we_did) == 2
    assert doc.entries[0].commitments[1].due == date(2023, 1, 31)


@pytest.mark.parametrize("fmt", TABLE_FORMATS)
def test_table_rows_become_entries_under_theme_headings(fmt: str) -> None:
    doc = load(f"table.{fmt}")
    assert [e.heading for e in doc.entries] == [
        "Transport",
        "Transport",
        "Short breaks",
        "Short breaks",
    ]
    first = doc.entries[0]
    assert first.you_said == ("Taxis arrived late so children missed the start of school.",)
    assert first.we_did[0] == "We changed the contract with the taxi firm in March 2023."
    assert first.we_did[1].startswith("Evidence: Late arrivals fell")


@pytest.mark.parametrize("fmt", TABLE_FORMATS)
def test_table_evidence_figures_become_an_indicator(fmt: str) -> None:
    doc = load(f"table.{fmt}")
    assert [(p.date, p.value) for p in doc.indicators[0].points] == [
        (date(2023, 1, 31), 57.0),
        (date(2023, 6, 30), 12.0),
    ]


@pytest.mark.parametrize("fmt", TABLE_FORMATS)
def test_table_row_with_empty_we_did_is_warned(fmt: str) -> None:
    doc = load(f"table.{fmt}")
    assert [w.entry for w in doc.warnings if w.code == "empty_response"] == [3]


@pytest.mark.parametrize("name", ["labelled-windows-1252.txt", "labelled-utf16.txt"])
def test_other_text_encodings_read_the_same(name: str) -> None:
    doc = load(name)
    assert len(doc.entries) == 5
    assert doc.entries[0].you_said[0].startswith("We waited months")
