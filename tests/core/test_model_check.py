"""A missing or altered model file stops start-up with a clear message (issue 10, bad input)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from saidanddone.analysis import encoder, safeguarding, themes
from saidanddone.core.checks import check_analysis_models, check_importer_model
from saidanddone.importers import labeller


def _copy_for_damage(tmp_path: Path, monkeypatch: Any, module: Any, attribute: str) -> Path:
    """A shipped model directory, copied for a test to damage; the caches forget the real one
    for the test's length (the caller's fixture forgets the copy afterwards)."""
    copy = tmp_path / attribute.lower()
    shutil.copytree(getattr(module, attribute), copy)
    monkeypatch.setattr(module, attribute, copy)
    _forget_models()
    return copy


def _forget_models() -> None:
    safeguarding.default_safeguarding_model.cache_clear()
    encoder.get_encoder.cache_clear()
    themes._default_model.cache_clear()
    themes._encoder_identity.cache_clear()


@pytest.fixture
def broken_model_dir(tmp_path: Path, monkeypatch: Any) -> Iterator[Path]:
    yield _copy_for_damage(tmp_path, monkeypatch, encoder, "ENCODER_DIR")
    _forget_models()


@pytest.fixture
def broken_theme_dir(tmp_path: Path, monkeypatch: Any) -> Iterator[Path]:
    yield _copy_for_damage(tmp_path, monkeypatch, themes, "DEFAULT_MODEL_DIR")
    _forget_models()


def test_the_shipped_models_pass_the_check() -> None:
    assert check_analysis_models(None) == []


def test_a_missing_model_file_fails_the_check_and_start_up(broken_model_dir: Path) -> None:
    (broken_model_dir / "model.int8.onnx").unlink()
    [error] = check_analysis_models(None)
    assert error.id == "saidanddone.E010"
    assert "model.int8.onnx" in error.msg and "missing" in error.msg
    with pytest.raises(SystemCheckError, match="E010"):
        call_command("check")


def test_an_altered_model_file_fails_the_check(broken_model_dir: Path) -> None:
    with (broken_model_dir / "tokenizer.json").open("a") as fh:
        fh.write(" ")
    [error] = check_analysis_models(None)
    assert "not the one this release was built with" in error.msg


def test_an_altered_theme_model_fails_the_check(broken_theme_dir: Path) -> None:
    with (broken_theme_dir / "arrays.npz").open("ab") as fh:
        fh.write(b"\0")
    [error] = check_analysis_models(None)
    assert error.id == "saidanddone.E010"
    assert "arrays.npz" in error.msg


def test_theme_heads_trained_on_another_encoder_fail_the_check(broken_theme_dir: Path) -> None:
    import json

    meta = json.loads((broken_theme_dir / "model.json").read_text())
    meta["vectors"] = "0" * 64
    (broken_theme_dir / "model.json").write_text(json.dumps(meta))
    manifest = json.loads((broken_theme_dir / "MANIFEST.json").read_text())
    manifest["sha256"]["model.json"] = __import__("hashlib").sha256(
        (broken_theme_dir / "model.json").read_bytes()).hexdigest()
    (broken_theme_dir / "MANIFEST.json").write_text(json.dumps(manifest))
    [error] = check_analysis_models(None)
    assert "another sentence encoder" in error.msg


@pytest.fixture
def broken_importer_dir(tmp_path: Path, monkeypatch: Any) -> Iterator[Path]:
    copy = tmp_path / "importer"
    shutil.copytree(labeller.MODEL_DIR, copy)
    monkeypatch.setattr(labeller, "MODEL_DIR", copy)
    labeller._models.cache_clear()
    yield copy
    labeller._models.cache_clear()


def test_the_shipped_importer_model_passes_the_check() -> None:
    assert check_importer_model(None) == []


@pytest.mark.parametrize("name", ["labeller.crfsuite", "roles.npz", "gate.json"])
def test_an_altered_importer_model_fails_the_check_and_start_up(
    broken_importer_dir: Path, name: str
) -> None:
    with (broken_importer_dir / name).open("ab") as fh:
        fh.write(b"\0")
    [error] = check_importer_model(None)
    assert error.id == "saidanddone.E011" and name in error.msg
    with pytest.raises(SystemCheckError, match="E011"):
        call_command("check")


def test_a_missing_importer_model_is_a_clear_error_not_a_crash(broken_importer_dir: Path) -> None:
    from saidanddone.importers import read_document

    (broken_importer_dir / "roles.npz").unlink()
    [error] = check_importer_model(None)
    assert "missing" in error.msg
    with pytest.raises(labeller.LabellerModelError, match="missing"):
        read_document(b"You said: the bus is late\nWe did: we added a bus", "page.txt")
