"""The lock file is the one source of installed versions (decision 0216)."""

from __future__ import annotations

import importlib.util
import tomllib
import urllib.request
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements.lock"


def _audit_module():
    spec = importlib.util.spec_from_file_location("audit_script", ROOT / "scripts" / "audit.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = project["dependencies"] + project["optional-dependencies"]["dev"]
    return [Requirement(line) for line in lines]


def _locked() -> dict[str, str]:
    return {canonicalize_name(n): v for n, v in _audit_module().pinned(LOCK).items()}


def test_every_declared_dependency_is_locked_inside_its_range() -> None:
    locked = _locked()
    for requirement in _declared():
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{name} is in pyproject.toml but not in requirements.lock"
        assert requirement.specifier.contains(locked[name], prereleases=True), (
            f"requirements.lock pins {name}=={locked[name]}, outside {requirement.specifier}: "
            "run `make lock`"
        )


def test_every_declared_dependency_has_a_floor() -> None:
    for requirement in _declared():
        assert any(s.operator == ">=" for s in requirement.specifier), requirement


def test_every_locked_version_is_checked_by_hash() -> None:
    blocks = LOCK.read_text().split("\n")
    pins = [i for i, line in enumerate(blocks) if "==" in line and not line.startswith("#")]
    for index in pins:
        assert "--hash=sha256:" in blocks[index + 1], f"no hash for {blocks[index]}"


def test_the_installed_versions_are_the_locked_ones() -> None:
    locked = _locked()
    for requirement in _declared():
        name = canonicalize_name(requirement.name)
        assert metadata.version(requirement.name) == locked[name], (
            f"{name} installed {metadata.version(requirement.name)}, locked {locked[name]}: "
            "run `make setup`"
        )


def test_an_audit_that_reaches_no_database_says_so_and_fails(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Port 9 (discard) on this machine: nothing listens, the connection is refused for real.
    nowhere = [("pypi", urllib.request.Request("http://127.0.0.1:9/pypi/django/5.2/json"))]
    assert _audit_module().main(nowhere) == 2
    assert "AUDIT NOT DONE" in capsys.readouterr().err
