"""Safeguarding: the explicit-phrase rules, the learned model, and the two together.

Sentences here are written for these tests; the model is measured on material nobody here
wrote in benchmarks/analysis_shared_safety.py, never tuned to these lines.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from saidanddone.analysis import (
    SAFEGUARDING_CATEGORIES,
    Analyser,
    ModelFileError,
    SafeguardingModel,
    default_safeguarding_model,
    detect_safeguarding,
)
from saidanddone.analysis.encoder import ENCODER_DIR

HELD_OUT = Path(__file__).parent / "data" / "safeguarding_heldout.jsonl"


def _categories(text: str) -> list[str]:
    return [s.category for s in detect_safeguarding(text)]


def _flagged(texts: list[str]) -> list[bool]:
    return [bool(r.safeguarding) for r in Analyser().analyse(texts)]


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("My son has started self-harming again.", "self_harm"),
        ("She told me she wants to kill herself.", "suicide"),
        ("My daughter said her stepdad hits her when mum is out.", "abuse"),
        ("He was left alone at home all day with no food in the house.", "neglect"),
        ("He was restrained by two staff and put in an isolation room.", "unsafe_practice"),
        ("He is being bullied every single day on the bus.", "bullying"),
        ("The police think he is involved in county lines.", "exploitation"),
        ("There is domestic violence at home and the children see it.", "domestic_abuse"),
        ("She ran away from home twice last month.", "missing"),
        ("I think he is being radicalised by people he met online.", "radicalisation"),
        ("I am at breaking point and I can't cope any more.", "carer_breaking_point"),
    ],
)
def test_rules_raise_each_category_on_an_explicit_phrase(text: str, category: str) -> None:
    assert category in _categories(text)


def test_rules_give_the_evidence_span() -> None:
    text = "The plan was late. Last week he said he wants to kill himself. Please help."
    [signal] = detect_safeguarding(text)
    assert signal.category == "suicide"
    assert signal.evidence == "Last week he said he wants to kill himself."
    assert text[signal.start : signal.end] == signal.evidence
    assert (signal.source, signal.score) == ("rules", 1.0)


@pytest.mark.parametrize(
    "text",
    [
        "He has never been bullied at this school.",
        "No concerns about restraint at all.",
        "The wait is killing me.",
        "Refusing the assessment would be career suicide for the head.",
        "She has a dog grooming course on Saturdays.",
        "The county lines awareness evening was really useful.",
        "The self-harm training for staff was excellent.",
        "Our solicitor called it an abuse of process.",
        "Staff restrained their enthusiasm when the inspector came.",
        "It feels like banging my head against a brick wall.",
    ],
)
def test_rules_set_aside_negations_figures_of_speech_and_topics(text: str) -> None:
    assert _categories(text) == []


def test_rules_keep_a_concern_after_but() -> None:
    assert "bullying" in _categories("Not much to say, but he is bullied at lunch")


def test_categories_are_the_documented_eleven() -> None:
    assert len(SAFEGUARDING_CATEGORIES) == 11
    assert default_safeguarding_model().classes[1:] == SAFEGUARDING_CATEGORIES


# ---------------------------------------------------------------------------- the model


@pytest.mark.parametrize(
    "text",
    [
        "since the exclusion he has given his football boots and his games to his cousin and "
        "says he won't be needing them",
        "her new friend is 23, picks her up from college in his car and buys her vapes",
        "he comes home with cash and a second phone and won't say where he's been",
        "two of them sat on him in the quiet room and he came home with a carpet burn",
        "i honestly think if nobody helps us soon i will do something i regret, i'm not "
        "safe to be left with him tonight",
    ],
)
def test_the_model_flags_indirect_concerns_the_rules_cannot_see(text: str) -> None:
    assert detect_safeguarding(text) == []
    [result] = Analyser().analyse([text])
    assert result.safeguarding, text
    assert result.safeguarding[0].source == "model"
    assert 0.0 < result.safeguarding[0].score <= 1.0


@pytest.mark.parametrize(
    "text",
    [
        "The new portal is lovely and I found the short breaks page straight away.",
        "He fell over in PE and grazed his knee; the school rang me and filled in the form.",
        "The transport team changed the pick-up time without telling us, which was annoying.",
        "Thank you to the speech therapist, she has been brilliant with our son.",
    ],
)
def test_the_model_leaves_ordinary_comments_alone(text: str) -> None:
    assert _flagged([text]) == [False]


def test_a_model_signal_points_at_the_most_concerning_sentence() -> None:
    text = ("The annual review was finally booked for March. The new SENCo seems kind. "
            "Last night she told me she has been saving up her tablets so she can go to sleep "
            "and not wake up. We are still waiting for the OT report.")
    [result] = Analyser().analyse([text])
    [signal] = result.safeguarding
    assert "tablets" in signal.evidence
    assert text[signal.start : signal.end].startswith("Last night")


def test_an_area_threshold_decides_whether_the_model_flags() -> None:
    model = default_safeguarding_model()
    text = "He's been really quiet and not eating much since his dad moved back in."
    assert detect_safeguarding(text) == []
    score = float(1 - model.probabilities(model.encoder.encode([text]))[0, 0])
    flags = {
        threshold: bool(next(iter(Analyser(safeguarding_threshold=threshold).analyse([text])))
                        .safeguarding)
        for threshold in (0.05, 0.95)
    }
    assert flags[0.05] is (score >= 0.05)
    assert flags[0.95] is (score >= 0.95)
    assert flags[0.05] or not flags[0.95]  # lowering the threshold never flags less


@pytest.mark.skipif(not HELD_OUT.exists(), reason="the project's held-out set is absent")
def test_the_combined_detector_holds_on_the_projects_held_out_set() -> None:
    """Written for this project by a separate hand and never trained on (see its README)."""
    rows = [json.loads(line) for line in HELD_OUT.open(encoding="utf-8") if line.strip()]
    flagged = _flagged([r["text"] for r in rows])
    concerns = [f for f, r in zip(flagged, rows, strict=True) if r["label"]]
    others = [f for f, r in zip(flagged, rows, strict=True) if not r["label"]]
    assert sum(concerns) / len(concerns) >= 0.85
    assert sum(others) / len(others) <= 0.15


# ------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "text",
    [
        "x" * 50_000,
        "ok " * 20_000,
        "😀😡💔 " * 300,
        "مرحبا Привет 你好 He is waiting for his plan",
        "WHY HAS NOBODY REPLIED TO MY EMAIL ABOUT THE TAXI",
        "no punctuation at all just a long run of words about the bus and the review " * 40,
        "",
        "   \n\t  ",
    ],
)
def test_any_text_is_analysed_without_crashing(text: str) -> None:
    [result] = Analyser().analyse([text])
    assert isinstance(result.safeguarding, tuple)


def test_a_concern_deep_in_a_very_long_comment_is_still_found() -> None:
    filler = "We have been waiting for the annual review and the taxi keeps changing. " * 400
    text = filler + "He has started self-harming and hides the cuts. " + filler
    [result] = Analyser().analyse([text])
    assert any(s.category == "self_harm" for s in result.safeguarding)


def test_a_missing_model_file_fails_with_a_clear_message(tmp_path: Path) -> None:
    broken = tmp_path / "encoder"
    shutil.copytree(ENCODER_DIR, broken)
    (broken / "safeguarding_head.json").unlink()
    with pytest.raises(ModelFileError, match="missing"):
        SafeguardingModel(broken)


def test_an_altered_model_file_fails_with_a_clear_message(tmp_path: Path) -> None:
    broken = tmp_path / "encoder"
    shutil.copytree(ENCODER_DIR, broken)
    head = broken / "safeguarding_head.json"
    head.write_text(head.read_text().replace("0", "1", 1))
    with pytest.raises(ModelFileError, match="not the one this release was built with"):
        SafeguardingModel(broken)


def test_a_comments_score_does_not_depend_on_the_comments_beside_it() -> None:
    """Intake reads one comment, an import or the CLI reads thousands: the same words must get
    the same decision either way."""
    text = "Short breaks saved our family last summer. Please don't cut them."
    neighbours = ["ok", "The bus was late " * 30,
                  "she has been hiding food and is scared to go home", "Thank you"]
    alone = next(iter(Analyser().analyse([text])))
    crowded = list(Analyser().analyse([*neighbours[:2], text, *neighbours[2:]]))[2]
    assert [(s.category, s.score) for s in alone.safeguarding] == [
        (s.category, s.score) for s in crowded.safeguarding]
    model = default_safeguarding_model()
    single = model.encoder.encode([text])
    batch = model.encoder.encode([*neighbours, text])[-1:]
    assert abs(single - batch).max() == 0.0
