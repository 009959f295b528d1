from __future__ import annotations

import json
from pathlib import Path

import pytest

from saidanddone.analysis import REDACTION_TYPES, RedactionSpan, redact


def _found(text: str, **kwargs: object) -> list[tuple[str, str]]:
    result = redact(text, **kwargs)  # type: ignore[arg-type]
    return [(s.type, text[s.start : s.end]) for s in result.spans]


def test_redact_child_name_reads_naturally() -> None:
    result = redact("My son Jack has waited two years.")
    assert result.text == "My son [child's name] has waited two years."
    assert result.spans == (RedactionSpan("child_name", 7, 11),)


def test_redact_titles_and_full_child_names() -> None:
    found = _found("Our daughter, Amelia Jones, was helped by Mrs Patel.")
    assert ("child_name", "Amelia Jones") in found
    assert ("person_name", "Patel") in found


def test_redact_uses_the_areas_staff_and_school_lists() -> None:
    text = "Sarah Okafor at Brackenford Community College never replied."
    found = _found(text, names=["Sarah Okafor"], schools=["Brackenford Community College"])
    assert found == [("person_name", "Sarah Okafor"), ("school", "Brackenford Community College")]


@pytest.mark.parametrize(
    ("text", "kind", "detail"),
    [
        ("ring me on 07700 900123 please", "phone", "07700 900123"),
        ("tel (01632) 960 123", "phone", "(01632) 960 123"),
        ("call +44 7700 900 456", "phone", "+44 7700 900 456"),
        ("email jane.smith@example.co.uk", "email", "jane.smith@example.co.uk"),
        ("NHS number 943 476 5919", "nhs_number", "943 476 5919"),
        ("his number is 9434765919", "nhs_number", "9434765919"),
        ("NI number QQ 12 34 56 C", "ni_number", "QQ 12 34 56 C"),
        ("UPN A123456789012", "upn", "A123456789012"),
        ("DOB 12/03/2015", "date_of_birth", "12/03/2015"),
        ("she was born on 3rd March 2014", "date_of_birth", "3rd March 2014"),
        ("we live at 14 Mill Lane", "address", "14 Mill Lane"),
        ("postcode BK3 4RT", "postcode", "BK3 4RT"),
        ("he goes to St Mary's Primary School", "school", "St Mary's Primary School"),
    ],
)
def test_redact_finds_each_kind_of_detail(text: str, kind: str, detail: str) -> None:
    assert (kind, detail) in _found(text)


def test_redact_keeps_ordinary_text_untouched() -> None:
    text = "Will the council reply? May was a hard month; in 2019 we waited 20 weeks."
    assert redact(text).spans == ()
    assert redact(text).text == text


def test_redact_ignores_ten_digit_numbers_failing_the_nhs_checksum_without_context() -> None:
    assert _found("we waited 1234567890 seconds") == []


def test_redact_takes_a_cued_number_as_a_case_reference_not_an_nhs_number() -> None:
    assert _found("reference 1234567890 on the letter") == [("case_reference", "1234567890")]


def test_redact_span_types_are_all_documented() -> None:
    text = (
        "My son Jack (DOB 01/02/2014) at Hillside Academy, 12 Oak Road BK1 2AB, "
        "07700 900123, a@b.com, NHS 943 476 5919, QQ123456C, UPN A123456789012, Mr Smith, "
        "plan ref EHC/2024/00321, the only boy in year 6 with a hearing dog"
    )
    kinds = {s.type for s in redact(text).spans}
    assert kinds <= set(REDACTION_TYPES)
    assert len(kinds) == len(REDACTION_TYPES)


def test_redact_handles_a_very_long_comment() -> None:
    text = "My son Jack waited. " * 20000
    result = redact(text)
    assert result.text.count("[child's name]") == 20000


# ------------------------------------------------------- names in every position (issue 10)

def _kept(text: str, detail: str, **kwargs: object) -> bool:
    """Whether ``detail`` survives redaction (in any letter case), as the benchmarks measure."""
    return detail.lower() in redact(text, **kwargs).text.lower()  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Tomasz has been waiting since March for speech therapy.", ["Tomasz"]),
        ("My name is Eilidh and I am writing about the transport.", ["Eilidh"]),
        ("I'm Kwabena's dad and nobody has called us back.", ["Kwabena"]),
        ("This is Precious, mum of two boys at the special school.", ["Precious"]),
        ("our grandson Oisín has no place for September", ["Oisín"]),
        ("The twins, Ayaan and Zofia, both need the bus.", ["Ayaan", "Zofia"]),
        ("my son ravi is still waiting for his assessment", ["ravi"]),
        ("My daughter Noor was upset. Now Noor says she won't go back.", ["Noor"]),
        ("Will is eight and loves trains.", ["Will"]),
        ("We adopted Grace when she was two and she has FASD.", ["Grace"]),
        ("Mrs Adebayo-Clarke at the hub was brilliant.", ["Adebayo-Clarke"]),
        ("Poppy-Mae has global developmental delay.", ["Poppy-Mae"]),
        ("Please call Małgorzata Wiśniewska back about her son.", ["Małgorzata", "Wiśniewska"]),
        ("Siobhán O'Sullivan here, grandmother and kinship carer.", ["Siobhán", "O'Sullivan"]),
        ("Yesterday Chidinma came home crying again.", ["Chidinma"]),
        ("Ruby Sharples, born 3rd March 2016, still has no plan.", ["Ruby", "Sharples"]),
    ],
)
def test_redact_removes_names_in_every_position(text: str, names: list[str]) -> None:
    for name in names:
        assert not _kept(text, name), (name, redact(text).text)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Will anyone from the council reply to my email?", "Will"),
        ("Mark my words, this will end up at tribunal.", "Mark"),
        ("Hope House gave us a weekend of respite.", "Hope"),
        ("Patience is running out for a lot of families.", "Patience"),
        ("The Summer holidays are the hardest time for us.", "Summer"),
        ("We had an amber warning about the weather and the bus still came.", "amber"),
        ("The Durham office sent the letter to the wrong address.", "Durham"),
        ("He was diagnosed with Tourette's at ten.", "Tourette"),
        ("The SENCo and the OTs met with us in May.", "May"),
    ],
)
def test_redact_leaves_words_that_only_look_like_names(text: str, word: str) -> None:
    assert _kept(text, word), redact(text).text


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("Our plan reference is WM-12345 and it is wrong.", "WM-12345"),
        ("EHC/2023/04411 has the wrong school on it.", "EHC/2023/04411"),
        ("case no 774512, please update it", "774512"),
        ("We live at 5 Heol Y Felin and the bus never comes.", "5 Heol Y Felin"),
        ("Flat 3, Maes yr Haf, is where letters should go.", "Maes yr Haf"),
        ("DOB 04/07/2015", "04/07/2015"),
        ("date of birth: 12.11.14", "12.11.14"),
        ("she was born on the 9th of May 2013", "9th of May 2013"),
        ("d.o.b 2015-06-30", "2015-06-30"),
    ],
)
def test_redact_removes_references_addresses_and_dates_of_birth(text: str, detail: str) -> None:
    assert not _kept(text, detail), redact(text).text


def test_redact_keeps_the_areas_allow_listed_services_and_helplines() -> None:
    text = "Hope Lodge were lovely and SENDIASS on 01632 960 555 helped; my number is 07700 900123"
    result = redact(text, keep=["Hope Lodge", "01632 960 555"])
    assert "Hope Lodge" in result.text
    assert "01632 960 555" in result.text
    assert "07700 900123" not in result.text


def test_redact_keeps_a_published_helpline_number_but_not_a_personal_one() -> None:
    text = "The SENDIASS helpline (01632 960 555) was great. Ring me on 07700 900456."
    result = redact(text)
    assert "01632 960 555" in result.text
    assert "07700 900456" not in result.text


@pytest.mark.skipif(not (Path(__file__).parent / "data" / "redaction_heldout.jsonl").exists(),
                    reason="the project's held-out redaction set is absent")
def test_redact_holds_on_the_projects_held_out_set() -> None:
    """Written for this project by a separate hand, never used to build the lists."""
    rows = [json.loads(line) for line in
            (Path(__file__).parent / "data" / "redaction_heldout.jsonl").open(encoding="utf-8")]
    names = kept_names = details = kept_details = clean = over = 0
    for row in rows:
        result = redact(row["text"])
        if not row["pii"]:
            clean += 1
            over += bool(result.spans)
        for detail, kind in zip(row["pii"], row["pii_kinds"], strict=True):
            kept = detail.lower() in result.text.lower()
            details += 1
            kept_details += kept
            if kind == "name":
                names += 1
                kept_names += kept
    assert 1 - kept_names / names >= 0.90
    assert 1 - kept_details / details >= 0.93
    assert over / clean <= 0.05


def test_redact_takes_the_whole_of_an_accented_name_after_a_cue() -> None:
    result = redact("I am writing about my grandson Kacper Zieliński, who is 9.")
    assert "ński" not in result.text
    assert result.text == "I am writing about my grandson [child's name], who is 9."


def test_redact_removes_every_later_mention_of_a_name_found_once() -> None:
    # The second and third mentions have no cue of their own; only the first one has.
    text = "My son Xandrel loves trains. Xandrel, like his dad, is tall. ask xandrel yourself"
    result = redact(text)
    assert "xandrel" not in result.text.lower(), result.text


@pytest.mark.parametrize(
    "text",
    [
        "Everyone knows who she is: she's the only girl in year 4 with a purple wheelchair.",
        "He is the only lad at the youth club who signs, so please don't quote this.",
    ],
)
def test_redact_removes_a_description_that_fits_one_child(text: str) -> None:
    result = redact(text)
    assert "[identifying description]" in result.text
    assert "purple wheelchair" not in result.text and "who signs" not in result.text


def test_redact_leaves_ordinary_uses_of_only() -> None:
    text = "We were the only ones at the meeting and it was only an hour long."
    assert redact(text).spans == ()
