from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

from saidanddone.analysis import ModelError, ThemeModel, classify_sentiment, train_themes

TEMPLATES = {
    "transport": ["the taxi to school was late again", "our bus driver never turned up",
                  "the transport escort was brilliant", "home to school minibus is unreliable"],
    "ehc-plans": ["the EHCP took a year to arrive", "annual review of the plan was missed",
                  "the draft plan had mistakes", "needs assessment was refused"],
    "short-breaks": ["respite has been cut", "the holiday club was great for short breaks",
                     "no short breaks for months", "social care assessment took ages"],
}


def _data(n: int = 120, seed: int = 0) -> tuple[list[str], list[set[str]], list[str]]:
    r = random.Random(seed)
    texts, labels, sentiments = [], [], []
    for i in range(n):
        label = list(TEMPLATES)[i % 3]
        text = r.choice(TEMPLATES[label]) + r.choice([" and I am upset", " thank you so much", ""])
        texts.append(text)
        labels.append({label})
        sentiments.append("positive" if "thank" in text else "negative")
    return texts, labels, sentiments


@pytest.fixture(scope="module")
def trained() -> ThemeModel:
    texts, labels, sentiments = _data()
    return train_themes(texts, labels, base=ThemeModel.default(), sentiments=sentiments,
                        min_positives=5, words=True)


def test_trained_model_predicts_its_labels(trained: ThemeModel) -> None:
    assert trained.suggest("the taxi was late and the escort was rude")[0].label == "transport"
    assert trained.suggest("still waiting for the EHCP annual review")[0].label == "ehc-plans"


def test_trained_model_explains_with_words(trained: ThemeModel) -> None:
    top = trained.suggest("no respite or short breaks for months")[0]
    assert top.label == "short-breaks"
    assert top.words


def test_trained_model_keeps_base_rules_for_labels_without_examples(trained: ThemeModel) -> None:
    labels = [s.label for s in trained.suggest("CAMHS mental health support was poor")]
    assert "mental-health" in labels


def test_trained_sentiment_is_used(trained: ThemeModel) -> None:
    assert classify_sentiment("the holiday club, thank you so much", trained) == "positive"
    assert classify_sentiment("nothing to add", trained) is None


def test_labels_with_too_few_positives_are_skipped() -> None:
    texts, labels, _ = _data(60)
    labels[0] = labels[0] | {"rare"}
    model = train_themes(texts, labels, min_positives=5)
    assert model.info["skipped_labels"] == {"rare": 1}
    assert "rare" not in model.labels


def test_model_round_trips_through_plain_files(trained: ThemeModel, tmp_path: Path) -> None:
    trained.save(tmp_path / "m")
    files = sorted(p.name for p in (tmp_path / "m").iterdir())
    assert files == ["arrays.npz", "model.json", "vocab_chars.json", "vocab_words.json"]
    meta = json.loads((tmp_path / "m" / "model.json").read_text())
    assert meta["version"] == 2
    assert meta["vectors"]  # the encoder it read: its vectors mean nothing to another
    assert meta["info"]["fingerprint"].startswith("sha256:")
    assert "heldout" in meta["info"]
    with np.load(tmp_path / "m" / "arrays.npz", allow_pickle=False) as npz:
        assert "coef" in npz.files
    loaded = ThemeModel.load(tmp_path / "m")
    text = "the bus was late and respite was cut"
    assert loaded.suggest(text) == trained.suggest(text)


def test_load_refuses_other_versions(trained: ThemeModel, tmp_path: Path) -> None:
    trained.save(tmp_path / "m")
    meta_path = tmp_path / "m" / "model.json"
    meta = json.loads(meta_path.read_text())
    meta["version"] = 99
    meta_path.write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="version 99"):
        ThemeModel.load(tmp_path / "m")


def test_load_refuses_a_directory_without_a_model(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="not a model directory"):
        ThemeModel.load(tmp_path)


def test_rules_only_model_saves_and_loads(tmp_path: Path) -> None:
    ThemeModel.rules_only().save(tmp_path / "d")
    loaded = ThemeModel.load(tmp_path / "d")
    assert loaded.suggest("The taxi was late")[0].label == "transport"


def test_a_small_area_model_reads_meaning_and_borrows_the_default_sentiment() -> None:
    texts, labels, _ = _data(60)
    model = train_themes(texts, labels, base=ThemeModel.default(), min_positives=5)
    assert model.featurizer is None  # too few comments for a vocabulary of its own
    assert model.info["features"] == ["vectors"]
    # Words it never saw in training, the same meaning.
    assert model.suggest("the cab that takes him to class never arrives on time")[0].label \
        == "transport"
    assert model.sentiment is not None and model.sentiment.vector_columns
    assert classify_sentiment("Thank you, the escort is wonderful", model) == "positive"


def test_a_model_trained_on_another_encoders_vectors_is_refused(
    trained: ThemeModel, tmp_path: Path,
) -> None:
    trained.save(tmp_path / "m")
    meta_path = tmp_path / "m" / "model.json"
    meta = json.loads(meta_path.read_text())
    meta["vectors"] = "0" * 64
    meta_path.write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="another sentence encoder"):
        ThemeModel.load(tmp_path / "m")


def test_version_one_models_still_load(tmp_path: Path) -> None:
    texts, labels, _ = _data(60)
    model = train_themes(texts, labels, min_positives=5, words=True)
    assert model.featurizer is not None and model.linear is not None
    # As version 1 saved them: TF-IDF only, no vectors, no borrowed sentiment.
    model.vectors = False
    model.linear.coef = model.linear.coef[:, :model.featurizer.n_features]
    model.sentiment = None
    model.save(tmp_path / "v1")
    meta_path = tmp_path / "v1" / "model.json"
    meta = json.loads(meta_path.read_text())
    meta["version"] = 1
    meta.pop("vectors")
    meta_path.write_text(json.dumps(meta))
    loaded = ThemeModel.load(tmp_path / "v1")
    assert not loaded.vectors
    assert loaded.suggest("the taxi to school was late")[0].label == "transport"


def test_pipeline_rates_no_content_answers_only_with_trained_sentiment(
    trained: ThemeModel,
) -> None:
    from saidanddone.analysis import Analyser

    [with_model] = Analyser(trained).analyse(["Nothing, thank you"])
    [with_rules] = Analyser().analyse(["Nothing, thank you"])
    assert with_model.no_content and with_model.sentiment in {"positive", "neutral", "negative",
                                                               "mixed"}
    assert with_rules.no_content and with_rules.sentiment is None
    for text in ("", "Did not answer", "N/A"):
        [result] = Analyser(trained).analyse([text])
        assert result.no_content and result.sentiment is None


def test_themes_an_area_has_not_confirmed_enough_keep_the_default_reading() -> None:
    texts, labels, _ = _data(60)  # transport, EHC plans and short breaks only
    model = train_themes(texts, labels, base=ThemeModel.default(), min_positives=5)
    assert "bullying" in model.info["inherited_labels"]
    assert model.suggest("Older pupils bully him every day and call him names")[0].label \
        == "bullying"
    alone = train_themes(texts, labels, min_positives=5)  # no base: nothing to inherit
    assert "bullying" not in alone.labels
