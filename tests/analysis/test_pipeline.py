from __future__ import annotations

from saidanddone.analysis.duplicates import DuplicateIndex
from saidanddone.analysis.emerging import find_emerging_themes
from saidanddone.analysis.pipeline import Analyser, find_duplicates, summarise
from saidanddone.analysis.plain_english import plain_english

LETTER = ("I am writing as a parent in Brackenford to object to the proposed cuts to SEND "
          "transport because children rely on it to get to school safely.")


def test_analyser_streams_every_stage_in_order() -> None:
    texts = ["My son Jack waited a year for his EHCP.", "n/a", "He is bullied every day at school."]
    results = list(Analyser(chunk_size=2).analyse(texts))
    assert [r.row for r in results] == [1, 2, 3]
    first = results[0]
    assert first.redacted == "My son [child's name] waited a year for his EHCP."
    assert first.redactions == (("child_name", 7, 11),)
    assert "ehc-plans" in [label for label, _ in first.themes]
    assert results[1].no_content and results[1].sentiment is None and results[1].themes == ()
    assert results[2].safeguarding[0].category == "bullying"
    assert set(first.to_json()) == {"row", "redacted", "redactions", "safeguarding", "themes",
                                    "sentiment", "no_content", "not_english", "duplicate_of",
                                    "campaign"}


def test_safeguarding_evidence_is_redacted() -> None:
    [result] = Analyser().analyse(["My daughter Amelia said she wants to die."])
    evidence = "My daughter [child's name] said she wants to die."
    [signal] = result.safeguarding
    assert (signal.category, signal.evidence) == ("suicide", evidence)


def test_near_duplicates_form_a_campaign_counted_once() -> None:
    texts = [LETTER, "The taxi was late.", LETTER.replace("Brackenford", "Lowmoor"),
             LETTER.upper()]
    dups = find_duplicates(texts)
    assert dups.duplicate_of == [None, None, 1, 1]
    assert dups.campaigns == {1}
    results = list(Analyser().analyse(texts, duplicates=dups))
    assert results[0].campaign == 1 and results[0].duplicate_of is None
    assert results[2].duplicate_of == 1 and results[3].campaign == 1
    summary = summarise(results)
    assert summary["campaigns"] == [{"id": 1, "size": 3, "example": LETTER}]
    transport = next(t for t in summary["themes"] if t["label"] == "transport")
    assert transport["count"] == 2  # the letter once, the taxi comment once


def test_short_repeats_are_duplicates_but_not_campaigns() -> None:
    index = DuplicateIndex()
    assert index.add(1, "Very good service") is None
    assert index.add(2, "Very poor service") is None
    assert index.add(3, "very good service!") == 1
    assert index.campaigns == set()
    results = list(Analyser().analyse(["Very good", "Very good"]))
    assert results[1].duplicate_of == 1 and results[1].campaign is None
    assert summarise(results)["sentiment"] == {"positive": 2}


def test_summary_quotes_skip_flagged_comments() -> None:
    results = Analyser().analyse(["The taxi was late and he is bullied on it.",
                                  "The taxi driver was lovely."])
    summary = summarise(results)
    transport = next(t for t in summary["themes"] if t["label"] == "transport")
    assert transport["quotes"] == ["The taxi driver was lovely."]
    assert summary["safeguarding"] == {"bullying": 1}


def test_emerging_themes_group_unexplained_comments() -> None:
    texts = [f"The new parking permits at the leisure centre are confusing {i}" for i in range(8)]
    texts += [f"Swimming lessons at the pool need a quiet session {i}" for i in range(8)]
    texts += ["Something else entirely", "Another unrelated remark here"]
    themes = find_emerging_themes(texts, min_size=5)
    assert len(themes) == 2
    assert all(t.size == 8 and 1 <= len(t.quotes) <= 3 for t in themes)
    for theme in themes:
        topic = "parking" if "parking" in theme.quotes[0] else "Swimming"
        assert all(topic in quote for quote in theme.quotes)
        assert set(theme.name.split(", ")) <= set(theme.quotes[0].lower().split())


def test_emerging_themes_need_enough_comments() -> None:
    assert find_emerging_themes(["one comment", "two comments"]) == []


def test_plain_english_flags_acronyms_long_sentences_and_reading_age() -> None:
    report = plain_english(
        "We trained every Special Educational Needs Co-ordinator (SENCo). CAMHS waits fell. "
        "The consolidated multi-agency commissioning arrangements, notwithstanding considerable "
        "organisational complexity across numerous partner organisations and services in the "
        "county and beyond it, were comprehensively restructured during the reporting period."
    )
    assert report.unexpanded_acronyms == ("CAMHS",)
    assert len(report.long_sentences) == 1
    assert report.reading_age > 12
    assert len(report.problems) == 3


def test_plain_english_accepts_known_acronyms_and_short_text() -> None:
    report = plain_english("CAMHS now replies in a week.", known_acronyms={"CAMHS": "CAMHS"})
    assert report.unexpanded_acronyms == ()
    assert report.long_sentences == ()


def test_summary_quotes_are_not_repeated() -> None:
    summary = summarise(Analyser().analyse(["The taxi was late.", "the taxi was late.",
                                            "The taxi never came."]))
    transport = next(t for t in summary["themes"] if t["label"] == "transport")
    assert transport["count"] == 3
    assert sorted(transport["quotes"]) == ["The taxi never came.", "The taxi was late."]
