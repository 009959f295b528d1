"""Exact outputs of the redactor's building blocks (docs/mutation.md).

The held-out measure in test_redaction.py judges the redactor as a whole; these pin the exact
text and spans for small invented comments, and the helpers' boundaries (the NHS check digit,
where a word ends, which of two overlapping spans wins), so a one-token change in
analysis/redaction.py fails a test here."""

from __future__ import annotations

import pytest

from saidanddone.analysis.redaction import (
    RedactionSpan,
    _nhs_checksum_ok,
    _resolve,
    _word_end,
    apply_spans,
    redact,
)


@pytest.mark.parametrize(("text", "redacted", "spans"), [
    ("My son Tom is 7 and his NHS number is 943 476 5919.",
     "My son [child's name] is 7 and his NHS number is [NHS number].",
     [("child_name", 7, 10), ("nhs_number", 38, 50)]),
    ("Call me on 07700 900123 or write to jo.bloggs@example.com",
     "Call me on [phone number] or write to [email address]",
     [("phone", 11, 23), ("email", 36, 57)]),
    ("We live at 12 Acacia Avenue, Westmere WM1 2AB.",
     "We live at [address] [postcode].",
     [("address", 11, 37), ("postcode", 38, 45)]),
    ("Our daughter Amelia goes to Riverside Primary School.",
     "Our daughter [child's name] goes to [school].",
     [("child_name", 13, 19), ("school", 28, 52)]),
    ("Mrs Patel was very kind.", "Mrs [name] was very kind.", [("person_name", 4, 9)]),
    ("The hospital said 401 023 2137.", "The hospital said [NHS number].",
     [("nhs_number", 18, 30)]),
])
def test_exact_redactions(text: str, redacted: str, spans: list[tuple[str, int, int]]) -> None:
    result = redact(text)
    assert result.text == redacted
    assert [(s.type, s.start, s.end) for s in result.spans] == spans


def test_the_areas_own_names_are_removed_and_its_services_kept() -> None:
    result = redact("Ms Okonkwo-Reyes at Hope House helped.", names=["Okonkwo-Reyes"],
                    keep=["Hope House"])
    assert result.text == "Ms [name] at Hope House helped."


@pytest.mark.parametrize(("digits", "ok"), [
    ("9434765919", True),
    ("4010232137", True),
    ("9434765918", False),  # wrong check digit
    ("943476591", False),  # too short
    ("94347659190", False),  # too long
])
def test_the_nhs_check_digit(digits: str, ok: bool) -> None:
    assert _nhs_checksum_ok(digits) is ok


def test_a_check_digit_of_eleven_reads_as_zero_and_ten_is_never_valid() -> None:
    # The weights are 10 down to 2. "000000001": total 2, check 11 - 2 = 9.
    assert _nhs_checksum_ok("0000000019")
    # "100000000": total 10, check 1.
    assert _nhs_checksum_ok("1000000001")
    # Total 0: 11 - 0 = 11, which reads as 0.
    assert _nhs_checksum_ok("0000000000")
    # "000000006": total 12, 11 - 1 = 10: no check digit makes it valid.
    assert not any(_nhs_checksum_ok("000000006" + d) for d in "0123456789")


@pytest.mark.parametrize(("text", "end", "expected"), [
    ("Zielinski went", 4, 9),
    ("O'Brien's car", 1, 7),  # the possessive 's is not part of the name
    ("Smith-Jones x", 2, 11),
    ("Tom", 3, 3),
    ("Tom- and", 2, 3),  # a hyphen not followed by a letter ends the word
    ("Jo's.", 1, 2),
    ("Tom-", 2, 3),  # a hyphen at the very end
    ("Al-B", 1, 4),  # a one-letter part after the hyphen still belongs
    ("O'Brien's, x", 1, 7),
])
def test_where_a_word_ends(text: str, end: int, expected: int) -> None:
    assert _word_end(text, end) == expected


def test_overlapping_spans_keep_the_higher_priority_then_the_longer_then_the_earlier() -> None:
    assert _resolve([], 10) == []
    assert _resolve([(0, 5, 1, "person_name"), (2, 8, 2, "address")], 10) == [
        RedactionSpan("address", 2, 8)]
    assert _resolve([(0, 5, 1, "person_name"), (3, 10, 1, "school")], 10) == [
        RedactionSpan("school", 3, 10)]
    assert _resolve([(0, 4, 1, "school"), (4, 8, 1, "person_name")], 10) == [
        RedactionSpan("school", 0, 4), RedactionSpan("person_name", 4, 8)]


def test_neighbouring_spans_of_one_kind_merge_across_one_character_only() -> None:
    assert _resolve([(0, 3, 1, "person_name"), (4, 9, 1, "person_name")], 10) == [
        RedactionSpan("person_name", 0, 9)]
    assert _resolve([(0, 3, 1, "person_name"), (5, 9, 1, "person_name")], 10) == [
        RedactionSpan("person_name", 0, 3), RedactionSpan("person_name", 5, 9)]
    assert _resolve([(0, 3, 1, "person_name"), (4, 9, 1, "address")], 10) == [
        RedactionSpan("person_name", 0, 3), RedactionSpan("address", 4, 9)]


def test_spans_are_replaced_by_their_placeholders_in_place() -> None:
    text = "Tom at 1 Elm Road"
    spans = [RedactionSpan("child_name", 0, 3), RedactionSpan("address", 7, 17)]
    assert apply_spans(text, spans) == "[child's name] at [address]"
    assert apply_spans(text, []) == text


def test_the_areas_own_lists_are_used_exactly() -> None:
    # A staff name written in lower case with two spaces: only the area's list finds it.
    assert redact("Thanks to okonkwo-reyes for the help.").text == (
        "Thanks to okonkwo-reyes for the help.")
    assert redact("Thanks to okonkwo  reyes for the help.", names=["Okonkwo Reyes"]).text == (
        "Thanks to [name] for the help.")
    # A kept service whose name starts with a first name stays whole.
    assert redact("Call Mary Seacole Centre on 0800 123 4567.").text == (
        "Call [name] Seacole Centre on [phone number].")
    assert redact("Call Mary Seacole Centre on 0800 123 4567.",
                  keep=["Mary  Seacole Centre"]).text == (
        "Call Mary Seacole Centre on [phone number].")
    # The area's schools, however spaced.
    assert redact("She is at Brookfield now.").text == "She is at Brookfield now."
    assert redact("She is at brook  field now.", schools=["Brook Field"]).text == (
        "She is at [school] now.")
