from __future__ import annotations

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
    assert _found("reference 1234567890 on the letter") == []


def test_redact_span_types_are_all_documented() -> None:
    text = (
        "My son Jack (DOB 01/02/2014) at Hillside Academy, 12 Oak Road BK1 2AB, "
        "07700 900123, a@b.com, NHS 943 476 5919, QQ123456C, UPN A123456789012, Mr Smith"
    )
    kinds = {s.type for s in redact(text).spans}
    assert kinds <= set(REDACTION_TYPES)
    assert len(kinds) == len(REDACTION_TYPES)


def test_redact_handles_a_very_long_comment() -> None:
    text = "My son Jack waited. " * 20000
    result = redact(text)
    assert result.text.count("[child's name]") == 20000
