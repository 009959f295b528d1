"""Shapes of decision 0229: replies, requests and courtesies the importer reads (issue 12).

Each test is a small page written for it: a comment reported and answered in a paragraph a
colon hands on to, sections that each open with a reported request, a consultation outcome
that lost its labels, a reply that restates a suggestion, an answer that restates its point in
a list of answers. Each reader also has the page it must leave alone, and look-alike pages
(courtesies, a survey described, the format's name in a sentence) must yield no pairs.
"""

from __future__ import annotations

from datetime import date

import pytest

from saidanddone.importers import DocumentError, read_document
from saidanddone.importers.blocks import find_label
from saidanddone.importers.labeller import (
    _courtesies_and_questions,
    _sections_opening_with_requests,
    _suggestions_answered,
    _told_us_then_acted,
    _unlabelled_three_parts,
)
from saidanddone.importers.units import lines_from_text, split_line, split_units

TODAY = date(2025, 6, 1)


def read(text: str):  # type: ignore[no-untyped-def]
    return read_document(text.encode("utf-8"), "page.txt", today=TODAY)


def pairs(text: str) -> list[tuple[str, str]]:
    try:
        doc = read(text)
    except DocumentError:
        return []
    return [
        (" ".join(e.you_said), " ".join(e.we_did)) for e in doc.entries if e.you_said and e.we_did
    ]


def page(text: str):  # type: ignore[no-untyped-def]
    lines = lines_from_text(text)
    return lines, split_units(lines)


# ------------------------------------------------------------------- the format's own name


def test_the_first_half_of_the_format_name_inside_a_sentence_is_not_cut() -> None:
    units = split_line(0, "Staff set up a You said, we listened noticeboard outside the hall.")
    assert len(units) == 1


def test_the_format_name_heading_a_page_is_no_label() -> None:
    assert find_label("We Asked\u2026 You Said\u2026 We Did\u2026") is None
    assert find_label("We asked... You said... We did...") is None
    assert find_label("We asked: what should the new library offer?") is not None


def test_a_sentence_ends_after_a_straight_closing_quote() -> None:
    units = split_line(0, "The weakest answer was 'Lunch is tasty'. One carer said it was cold.")
    assert [u.text for u in units][-1] == "One carer said it was cold."


# ---------------------------------------------------------------- courtesies and questions


def test_courtesies_the_model_read_as_fields_are_dropped() -> None:
    lines, units = page(
        "Huge thanks to all the carers who came along.\n"
        "We are looking forward to meeting again in the autumn.\n"
        "If you want to join the group, please contact the family hub.\n"
        "We would like to thank the volunteers who made the tea.\n"
    )
    labels = ["SAID", "DID", "DID", "SAID"]
    assert _courtesies_and_questions(lines, units, labels) == ["O"] * 4


def test_a_courtesy_under_a_page_label_keeps_the_label() -> None:
    lines, units = page("You said:\nThank you for the new benches by the pond.\n")
    assert _courtesies_and_questions(lines, units, ["L-SAID", "SAID"]) == ["L-SAID", "SAID"]


def test_what_people_were_asked_is_the_question_not_an_answer() -> None:
    lines, units = page(
        "Pupils were asked to choose three clubs they would like after school.\n"
        "The first question was 'Do you feel safe at school?' and most said yes.\n"
        "Pupils asked for a chess club.\n"
    )
    labels = ["SAID", "SAID", "SAID"]
    assert _courtesies_and_questions(lines, units, labels) == ["ASK", "ASK", "SAID"]


def test_a_page_that_describes_its_survey_and_thanks_people_yields_no_pairs() -> None:
    text = (
        "Hazelmere Infant School\n"
        "Family survey results, Autumn 2024\n"
        "We are grateful to the 96 families who sent the survey back.\n"
        "Carers were asked to pick three strengths and three things to work on.\n"
        "The strengths have been shown as a picture of words on the hall display.\n"
        "The things to work on have been typed up and we have included each one.\n"
        "We are looking forward to sharing our plans with you next term.\n"
        "If you have any questions, please contact the school office.\n"
    )
    assert pairs(text) == []


def test_a_page_about_a_you_said_we_listened_board_yields_no_pairs() -> None:
    text = (
        "Brambleford Hospice\n"
        "Listening to families\n"
        "Our volunteers gathered comments from relatives over the winter months.\n"
        "The comments have been passed to the ward teams, who are reading them carefully.\n"
        "The quality team recommended a You said, we listened board in each unit.\n"
        "It was a very worthwhile piece of work and we would like to thank all who took part.\n"
        "We look forward to working with families again.\n"
        "Please get in touch with the quality team if you would like to be involved.\n"
    )
    assert pairs(text) == []


# ------------------------------------------------- a reported comment, answered below a colon


def test_a_comment_reported_then_answered_in_the_paragraph_a_colon_hands_on_to() -> None:
    lines, units = page(
        "One grandparent commented that the car park gate is locked too early.\n"
        "I asked our site manager to explain:\n"
        "The gate closes at 4pm for safety. We now open the side gate until 5pm.\n"
    )
    assert [u.text for u in units][2].startswith("The gate closes")
    labels = ["O"] * 4
    readings = [(0.6, 0.1, 0.3), (0.2, 0.2, 0.6), (0.1, 0.3, 0.6), (0.0, 0.9, 0.1)]
    assert _told_us_then_acted(lines, units, labels, readings) == ["SAID", "DID", "DID", "DID"]
    # the paragraph under the colon holds nothing read as an action: left alone
    idle = [(0.6, 0.1, 0.3)] + [(0.2, 0.2, 0.6)] * 3
    assert _told_us_then_acted(lines, units, labels, idle) == labels


# ---------------------------------------------------- sections opening with a reported request

REQUEST_SECTIONS = (
    "Minutes and requests\n"
    "Online booking\n"
    "The forum asked us to let patients book blood tests online.\n"
    "Blood tests can now be booked through the practice website.\n"
    "Pharmacy collection\n"
    "Members requested that prescriptions go straight to a chosen pharmacy.\n"
    "This has been set up for every patient who asks at reception.\n"
)


def test_sections_that_each_open_with_a_request_are_pairs() -> None:
    lines, units = page(REQUEST_SECTIONS)
    labels = ["O", "O", "O", "SAID", "O", "O", "DID"]
    readings = [(0.1, 0.1, 0.8)] * 2 + [(0.6, 0.2, 0.2), (0.0, 1.0, 0.0)] * 2 + [(0.0, 1.0, 0.0)]
    read_ = _sections_opening_with_requests(lines, units, labels, readings[:7])
    assert read_ == ["O", "O", "SAID", "DID", "O", "SAID", "DID"]
    # an answer the roles model reads as feedback: not a section built so, and one is too few
    feedback = [*readings[:3], (0.9, 0.1, 0.0), *readings[4:7]]
    assert _sections_opening_with_requests(lines, units, labels, feedback) == labels


def test_one_section_opening_with_a_request_is_left_alone() -> None:
    lines, units = page("\n".join(REQUEST_SECTIONS.splitlines()[:4]) + "\n")
    labels = ["O"] * len(units)
    readings = [(0.1, 0.1, 0.8)] * len(units)
    assert _sections_opening_with_requests(lines, units, labels, readings) == labels


def test_what_people_were_asked_does_not_open_a_request_section() -> None:
    lines, units = page(
        "Online booking\n"
        "Patients were asked whether they would book blood tests online.\n"
        "Most would.\n"
        "Pharmacy collection\n"
        "Patients were asked whether they use one pharmacy.\n"
        "Nearly all do.\n"
    )
    labels = ["O"] * len(units)
    readings = [(0.1, 0.1, 0.8)] * len(units)
    assert _sections_opening_with_requests(lines, units, labels, readings) == labels


def test_a_page_of_request_sections_is_read_whole() -> None:
    found = pairs(REQUEST_SECTIONS)
    assert any("book blood tests online" in said and "website" in did for said, did in found)
    assert any("chosen pharmacy" in said and "reception" in did for said, did in found)


# ------------------------------------------------------ a consultation outcome without labels

OUTCOME = (
    "Riverside walk\n"
    "We asked for your views on plans to light the riverside walk at night.\n"
    "Nearly 300 people replied.\n"
    "Most wanted the lights but asked for them to be dimmed after midnight for the wildlife.\n"
    "The plans were changed to reflect this, and the lights will dim from midnight.\n"
)


def test_a_consultation_outcome_that_lost_its_labels_is_read_as_three_parts() -> None:
    lines, units = page(OUTCOME)
    labels = ["O", "DID", "O", "O", "O"]
    readings = [(0.0, 0.0, 1.0), (0.1, 0.5, 0.4), (0.3, 0.1, 0.6), (0.8, 0.1, 0.1),
                (0.1, 0.3, 0.6)]
    assert _unlabelled_three_parts(lines, units, labels, readings) == [
        "O", "ASK", "O", "SAID", "DID"
    ]


def test_an_invitation_to_give_views_with_no_outcome_is_left_alone() -> None:
    lines, units = page(
        "Riverside walk\n"
        "We asked for your views on plans to light the riverside walk at night.\n"
        "Most wanted the lights.\n"
        "The replies are being read and the outcome will be published in the spring.\n"
    )
    labels = ["O", "O", "SAID", "O"]
    readings = [(0.0, 0.0, 1.0), (0.1, 0.5, 0.4), (0.8, 0.1, 0.1), (0.1, 0.3, 0.6)]
    assert _unlabelled_three_parts(lines, units, labels, readings) == labels


def test_a_consultation_outcome_page_is_read_whole() -> None:
    doc = read("Consultation outcomes\n" + OUTCOME)
    entry = next(e for e in doc.entries if e.we_asked)
    assert "light the riverside walk" in entry.we_asked
    assert any("dimmed after midnight" in s for s in entry.you_said)
    assert any("changed to reflect" in d for d in entry.we_did)


# ------------------------------------------------------------ a reply restating a suggestion


def test_a_reply_that_restates_a_suggestion_then_answers_it() -> None:
    lines, units = page(
        "Your idea that we open the pool earlier on Saturdays is one we have looked at. "
        "We cannot staff it before 8am. We will try 7.30am openings in August.\n"
    )
    labels = ["DID", "SAID", "DID"]
    assert _suggestions_answered(lines, units, labels) == ["SAID", "DID", "DID"]
    # nothing on the line read as an answer: left alone
    assert _suggestions_answered(lines, units, ["O", "SAID", "O"]) == ["O", "SAID", "O"]


# ------------------------------------------- an answer restating its point in a list of answers


def test_an_answer_restating_its_point_starts_the_next_answer() -> None:
    text = (
        "Your comments\n"
        "\u2022 You said the changing rooms were cold\n"
        "\u2022 You asked for a later swimming lesson for adults\n"
        "\u2022 You asked whether towels could be hired\n"
        "Our response\n"
        "\u2022 Changing rooms - new heaters were fitted in March.\n"
        "\u2022 Adult lessons - a 7pm lesson now runs on Tuesdays.\n"
        "You have also asked about towel hire. We will start hiring towels from June.\n"
    )
    doc = read(text)
    towels = next(e for e in doc.entries if any("towels could be hired" in s for s in e.you_said))
    assert any("hiring towels from June" in d for d in towels.we_did)
    lessons = next(e for e in doc.entries if any("swimming lesson" in s for s in e.you_said))
    assert not any("towel" in d for d in lessons.we_did)


@pytest.mark.parametrize("line", ["You also asked about parking.", "Some of you said it was late."])
def test_the_restated_point_is_recognised(line: str) -> None:
    from saidanddone.importers.labeller import _RESTATED

    assert _RESTATED.match(line)


# ------------------------------------------------------------------- a dated post and its reply

POST_AND_REPLY = (
    "Water fountains\n"
    "Posted by a student\n"
    "6 March 2025\n"
    "Why is the only water fountain in the library broken again?\n"
    "It has been out of order for weeks.\n"
    "Sam Okoro, Sabbatical Officer\n"
    "20 March 2025\n"
    "Hello,\n"
    "We have had the fountain repaired and asked for a second one on the ground floor.\n"
)


def test_a_dated_post_and_the_dated_reply_under_it_are_a_pair() -> None:
    from saidanddone.importers.labeller import _posts_and_replies

    lines, units = page(POST_AND_REPLY)
    assert len(units) == 9
    labels = ["O", "O", "PERIOD", "SAID", "DID", "O", "SECTION", "SAID", "DID"]
    readings = [(0.1, 0.1, 0.8)] * 3 + [(0.9, 0.0, 0.1), (0.6, 0.3, 0.1)] + [(0.1, 0.1, 0.8)] * 3
    readings += [(0.0, 0.9, 0.1)]
    assert _posts_and_replies(lines, units, labels, readings) == [
        "O", "O", "PERIOD", "SAID", "SAID", "O", "O", "O", "DID"
    ]


def test_a_thread_of_posts_with_no_answer_is_no_pair() -> None:
    from saidanddone.importers.labeller import _posts_and_replies

    lines, units = page(POST_AND_REPLY.replace(
        "We have had the fountain repaired and asked for a second one on the ground floor.",
        "Agreed, the one in the sports hall is broken too.",
    ))
    labels = ["O", "O", "PERIOD", "SAID", "DID", "O", "SECTION", "O", "SAID"]
    readings = [(0.1, 0.1, 0.8)] * 3 + [(0.9, 0.0, 0.1), (0.6, 0.3, 0.1)] + [(0.1, 0.1, 0.8)] * 3
    readings += [(0.8, 0.1, 0.1)]
    read_ = _posts_and_replies(lines, units, labels, readings)
    assert read_[4] == "SAID"  # the post's second sentence is said, not done
    assert "DID" not in read_


def test_a_page_with_labels_is_left_to_its_labels() -> None:
    from saidanddone.importers.labeller import _posts_and_replies

    lines, units = page("You said:\n" + POST_AND_REPLY)
    labels = ["L-SAID", "O", "O", "PERIOD", "SAID", "DID", "O", "SECTION", "SAID", "DID"]
    readings = [(0.3, 0.3, 0.4)] * len(units)
    assert _posts_and_replies(lines, units, labels, readings) == labels


def test_a_post_and_reply_page_is_read_whole() -> None:
    found = pairs(POST_AND_REPLY)
    assert any(
        "water fountain in the library" in said and "fountain repaired" in did
        for said, did in found
    )
