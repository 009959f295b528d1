"""The learned block labeller and what is read around it (issue 12).

Pages here are written for these tests. The model is measured on pages nobody here wrote in
benchmarks/importers_real_pages.py and on the held-out pages in test_heldout_pages.py.
"""

from __future__ import annotations

from datetime import date

import pytest

from saidanddone.importers import DocumentError, read_document
from saidanddone.importers.annotated import AnnotationError, gold_labels, parse_page
from saidanddone.importers.dates import find_period, guess_status
from saidanddone.importers.units import lines_from_text, split_line, split_units

TODAY = date(2025, 1, 1)


def read(text: str, name: str = "page.txt"):  # type: ignore[no-untyped-def]
    return read_document(text.encode("utf-8"), name, today=TODAY)


# ------------------------------------------------------------------------------------ units


def test_a_flattened_table_row_splits_where_the_response_starts() -> None:
    units = split_line(0, "The minibus was always late We have changed the pick-up rota.")
    assert [u.text for u in units] == [
        "The minibus was always late",
        "We have changed the pick-up rota.",
    ]


def test_a_prose_pair_splits_at_so_we() -> None:
    units = split_line(0, "Families said the letters were long and confusing, so we rewrote them.")
    assert [u.text for u in units][-1] == "so we rewrote them."


def test_a_title_like_you_said_we_did_is_not_cut_in_two() -> None:
    assert len(split_line(0, "You said, we did")) == 1


def test_a_numbered_heading_keeps_its_number() -> None:
    assert [u.text for u in split_line(0, "2. Clearer letters")] == ["2. Clearer letters"]


def test_units_are_bounded_on_a_huge_page() -> None:
    text = "\n".join(f"Line {n} says something." for n in range(30_000))
    assert len(split_units(lines_from_text(text))) == 20_000


# ------------------------------------------------------------------------------------ periods


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("You said, we did: Quarter 1 2019/20", "Quarter 1 2019/20"),
        ("Feedback from January 2017", "January 2017"),
        ("Our plan for 2019 to 2021", "2019 to 2021"),
        ("Parent survey, September - October 2022", "September - October 2022"),
        ("Spring term 2025 update", "Spring term 2025"),
        ("Posted on 14 June 2022", None),
        ("Call 01632 960123", None),
    ],
)
def test_periods_are_found_in_headings_but_not_in_dates_or_numbers(
    text: str, period: str | None
) -> None:
    assert find_period(text) == period


def test_the_page_period_comes_from_its_title() -> None:
    doc = read(
        "You said, we did \u2013 Quarter 2 2024/25\n\n"
        "You said: the short breaks booking line was engaged all morning.\n"
        "We did: we added a call-back service in August.\n"
    )
    assert doc.period == "Quarter 2 2024/25"
    assert doc.entries[0].period == "Quarter 2 2024/25"


# ------------------------------------------------------------------------------------ status


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("We held three coffee mornings for parents in the autumn.", "done"),
        ("We are recruiting two more educational psychologists.", "in_progress"),
        ("We will publish the new transport policy in March.", "planned"),
        ("Unfortunately we are unable to extend the club to Saturdays.", "not_possible"),
        ("This is not possible this year because the hall is being rebuilt.", "not_possible"),
    ],
)
def test_each_action_takes_its_status_from_its_own_tense(sentence: str, status: str) -> None:
    assert guess_status(sentence) == status


def test_a_stated_status_owner_and_due_date_win_over_the_tense() -> None:
    doc = read(
        "You said, we did\n\n"
        "You said: nobody explained the annual review paperwork.\n"
        "We did: we will write a short guide with the Parent Carer Forum.\n"
        "Status: Complete\n"
        "Owner: SEND Casework Team\n"
        "Due: March 2025\n"
    )
    [commitment] = doc.entries[0].commitments
    assert commitment.status == "done"
    assert commitment.owner == "SEND Casework Team"


def test_a_status_column_is_honoured_in_a_table() -> None:
    csv = (
        "You said,We did,Status,Owner\n"
        '"The hydrotherapy pool is closed too often","We will train two more lifeguards",'
        "Done,Leisure Services\n"
        '"Changing places toilet needed","We asked the trust for funding",Not possible,Estates\n'
    )
    doc = read_document(csv.encode(), "actions.csv", today=TODAY)
    assert [c.status for e in doc.entries for c in e.commitments] == ["done", "not_possible"]
    assert doc.entries[0].commitments[0].owner == "Leisure Services"


# ------------------------------------------------------------------------------------ entries


def test_we_asked_is_kept_as_the_question() -> None:
    doc = read(
        "We asked\nHow could the Local Offer website be easier to use?\n\n"
        "You said\nThe search does not find short breaks.\n\n"
        "We did\nWe rebuilt the search with families in June.\n"
    )
    [entry] = doc.entries
    assert entry.we_asked == "How could the Local Offer website be easier to use?"
    assert entry.you_said == ("The search does not find short breaks.",)


def test_every_entry_has_a_title_from_its_heading_or_first_sentence() -> None:
    doc = read(
        "Feedback | Action taken\n"
        "The bus pass forms take weeks to process. | We now process forms within five days. "
        "We also added an online form.\n"
        "Nobody told us the respite unit had closed for a month. | "
        "We have written to every family on the list.\n"
    )
    assert doc.entries
    for entry in doc.entries:
        assert entry.title and entry.title != "Untitled entry"
        assert len(entry.title.split()) <= 13


def test_a_look_alike_page_yields_no_pairs() -> None:
    page = (
        "How to make a complaint\n\n"
        "We want to hear from you if you are unhappy with our services.\n"
        "You can complain by phone, by e-mail or in writing.\n"
        "We will acknowledge your complaint within three working days.\n"
        "If you are still unhappy you can contact the Local Government Ombudsman.\n"
    )
    with pytest.raises(DocumentError):
        read(page)


def test_a_page_of_quotes_with_no_actions_yields_nothing() -> None:
    page = (
        "What young people said at the summer forum\n\n"
        "“I want to be asked before changes happen.”\n"
        "“College was scary at first but the staff helped.”\n"
        "“More clubs in the holidays please.”\n"
    )
    with pytest.raises(DocumentError):
        read(page)


def test_questions_and_answers_without_labels_pair_up() -> None:
    doc = read(
        "Parent forum: your questions answered\n\n"
        "• Why does the school bus arrive forty minutes early?\n"
        "We have asked the transport team to change the route so it arrives at 8.35.\n"
        "• Can there be a quiet room at lunchtime?\n"
        "Yes \u2013 the library is now open as a quiet room every lunchtime.\n"
    )
    assert len(doc.entries) == 2
    assert "bus" in doc.entries[0].you_said[0]
    assert "quiet room" in doc.entries[1].we_did[0]


# ------------------------------------------------------------------------------- training format


def test_the_annotated_format_gives_each_unit_its_role() -> None:
    page = parse_page(
        "t-1",
        True,
        "<<title|You said, we did>>\nYou said: <<said 1|the lift is broken>>\n"
        "We did: <<did 1 done|We fixed the lift.>>\n",
    )
    lines = lines_from_text(page.text)
    units = split_units(lines)
    assert gold_labels(page, lines, units) == ["TITLE", "SAID", "DID"]


@pytest.mark.parametrize(
    "marked",
    ["<<said|no entry number>>", "<<did 1 maybe|bad status>>", "<<said 1|unclosed"],
)
def test_malformed_annotations_are_refused(marked: str) -> None:
    with pytest.raises(AnnotationError):
        parse_page("t-2", True, marked)


def test_a_page_with_only_a_posted_date_takes_its_month_as_the_period() -> None:
    doc = read(
        "Swimming pool changes\n"
        "Posted 14 June 2022\n\n"
        "You said: the changing rooms were cold in the mornings.\n"
        "We did: we fixed the heating timer in May.\n"
    )
    assert doc.period == "June 2022"


def test_a_stated_period_wins_over_the_posted_date() -> None:
    doc = read(
        "Feedback round-up: Quarter 3 2023/24\n"
        "Posted 14 June 2024\n\n"
        "You said: the changing rooms were cold in the mornings.\n"
        "We did: we fixed the heating timer.\n"
    )
    assert doc.period == "Quarter 3 2023/24"
