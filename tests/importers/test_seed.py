"""The shared seed page (a real council's page as text), read from ../shared; skipped if absent."""

from __future__ import annotations

from datetime import date

from saidanddone.importers import ImportedDocument


def test_seed_has_at_least_32_responses(seed: ImportedDocument) -> None:
    assert len(seed.entries) >= 32


def test_seed_has_six_you_said_blocks(seed: ImportedDocument) -> None:
    assert sum(1 for e in seed.entries if e.you_said) == 6


def test_seed_you_said_blocks_hold_eleven_quotes_with_bullets_split(seed: ImportedDocument) -> None:
    assert sum(len(e.you_said) for e in seed.entries) == 11
    assert sorted(len(e.you_said) for e in seed.entries if e.you_said) == [1, 1, 1, 1, 3, 4]


def test_seed_quotes_lose_their_quotation_marks_and_ellipses(seed: ImportedDocument) -> None:
    for entry in seed.entries:
        for quote in entry.you_said:
            assert not quote.startswith(('"', "\u201c", "...", "\u2026"))


def test_seed_warns_about_exactly_one_empty_response(seed: ImportedDocument) -> None:
    empty = [w for w in seed.warnings if w.code == "empty_response"]
    assert len(empty) == 1
    assert empty[0].entry is not None and seed.entries[empty[0].entry].we_did == ()


def test_seed_waiting_list_is_one_indicator_with_two_points(seed: ImportedDocument) -> None:
    assert len(seed.indicators) == 1
    indicator = seed.indicators[0]
    assert "waiting list" in indicator.name.lower()
    assert [(p.date, p.value) for p in indicator.points] == [
        (date(2019, 4, 30), 1261.0),
        (date(2019, 12, 31), 707.0),
    ]


def test_seed_has_at_least_two_dated_promises_now_overdue(seed: ImportedDocument) -> None:
    dated = [c for e in seed.entries for c in e.commitments if c.status == "planned" and c.due]
    assert {c.due for c in dated} >= {date(2020, 1, 31), date(2019, 6, 30)}
    assert len([w for w in seed.warnings if w.code == "promise_overdue"]) >= 2


def test_seed_completion_dates_are_read(seed: ImportedDocument) -> None:
    done = {c.done_on for e in seed.entries for c in e.commitments if c.status == "done"}
    assert {date(2019, 10, 31), date(2019, 9, 30)} <= done


def test_seed_acronyms_expanded_and_unexplained(seed: ImportedDocument) -> None:
    found = {a.short: a.expansion for a in seed.acronyms}
    assert found["ELSA"] == "Emotional Literacy Support Assistant"
    assert found["DMO"] == "Designated Medical Officer"
    assert found["DfE"] == "Department for Education"
    for short in ("SENCo", "CAMHS", "NEET", "PFI", "EHCP"):
        assert found[short] is None


def test_seed_team_phone_lines_and_mailbox_are_organisational_contacts(
    seed: ImportedDocument,
) -> None:
    kinds = {c.kind for c in seed.contacts}
    assert {"phone", "email"} <= kinds
    assert not [w for w in seed.warnings if w.code == "identifying_text"]


def test_seed_page_feedback_box_is_not_part_of_the_last_response(seed: ImportedDocument) -> None:
    last = seed.entries[-1]
    assert not any("feedback" in text.lower() for text in last.we_did)


def test_seed_title_and_period(seed: ImportedDocument) -> None:
    assert seed.title == "You said, we did"
    assert {e.period for e in seed.entries} == {"2019"}
