"""A missing or altered model file stops start-up with a clear message (issue 10, bad input)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from saidanddone.analysis import encoder, safeguarding
from saidanddone.core.checks import check_analysis_models


@pytest.fixture
def broken_model_dir(tmp_path: Path, monkeypatch: Any) -> Path:
    """The shipped model directory, copied, for a test to damage; the caches forget the real
    one for the test's length."""
    copy = tmp_path / "encoder"
    shutil.copytree(encoder.ENCODER_DIR, copy)
    monkeypatch.setattr(encoder, "ENCODER_DIR", copy)
    safeguarding.default_safeguarding_model.cache_clear()
    encoder.get_encoder.cache_clear()
    yield copy
    safeguarding.default_safeguarding_model.cache_clear()
    encoder.get_encoder.cache_clear()


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
