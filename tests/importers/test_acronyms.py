"""Acronyms: expanded in the text, or never expanded."""

from __future__ import annotations

import pytest

from saidanddone.analysis.acronyms import Acronym, find_acronyms


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ask the Special Educational Needs Coordinator (SENCo).",
            "Special Educational Needs Coordinator",
        ),
        (
            "Ask the SENCo (special educational needs coordinator).",
            "special educational needs coordinator",
        ),
        (
            "CAMHS \u2013 Child and Adolescent Mental Health Services",
            "Child and Adolescent Mental Health Services",
        ),
        ("The Department for Education (DfE) wrote.", "Department for Education"),
        (
            "Young people Not in Education, Employment or Training (NEET).",
            "Not in Education, Employment or Training",
        ),
        (
            "The ELSA Emotional Literacy Support Assistant) programme",
            "Emotional Literacy Support Assistant",
        ),
    ],
)
def test_expansion_is_found_in_each_written_form(text: str, expected: str) -> None:
    found = find_acronyms(text)
    assert found[0].expansion == expected


def test_unexpanded_acronym_has_no_expansion() -> None:
    assert find_acronyms("Speak to the PFI team.") == [Acronym("PFI", None)]


def test_plurals_and_possessives_count_as_the_acronym() -> None:
    assert [a.short for a in find_acronyms("Two EHCPs and the SENCo's view.")] == ["EHCP", "SENCo"]


def test_ordinary_and_shouted_words_and_roman_numerals_are_skipped() -> None:
    assert find_acronyms("YOU SAID: Part II of the Plan. WE DID this.") == []


def test_first_expansion_wins_and_order_is_first_use() -> None:
    text = "The BPCF met. Brackenford Parent Carer Forum (BPCF) agreed. The DMO came."
    assert find_acronyms(text) == [
        Acronym("BPCF", "Brackenford Parent Carer Forum"),
        Acronym("DMO", None),
    ]
