"""`saidanddone import-document PATH [--json]`."""

from __future__ import annotations

import json

import pytest

from saidanddone.importers import read_path, to_json_dict
from saidanddone.importers.cli import main

from .conftest import FIXTURES, TODAY


def test_json_output_has_exactly_the_documented_keys(capsys: pytest.CaptureFixture[str]) -> None:
    code = main([str(FIXTURES / "labelled.html"), "--json", "--today", TODAY.isoformat()])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert set(out) == {
        "title", "period", "entries", "indicators", "acronyms", "contacts", "warnings"
    }
    assert set(out["entries"][0]) == {
        "title",
        "period",
        "heading",
        "we_asked",
        "you_said",
        "we_did",
        "commitments",
    }
    assert set(out["entries"][0]["commitments"][0]) == {
        "text", "status", "due", "done_on", "owner"
    }
    assert out["indicators"][0]["points"][0] == {"date": "2023-04-30", "value": 412}
    assert {"code", "message", "entry"} == set(out["warnings"][0])


def test_to_json_dict_gives_month_only_dates_as_the_last_day() -> None:
    doc = read_path(FIXTURES / "labelled.txt", today=TODAY)
    data = to_json_dict(doc)
    assert data["entries"][0]["commitments"][0]["done_on"] == "2023-05-31"


def test_summary_without_json_is_readable(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(FIXTURES / "table.csv")]) == 0
    out = capsys.readouterr().out
    assert "4 responses" in out and "Warnings:" in out


def test_bad_file_prints_a_message_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code = main([str(FIXTURES / "not-said.txt"), "--json"])
    captured = capsys.readouterr()
    assert code == 2
    assert "No “You said / We did” structure" in captured.err
    assert "Traceback" not in captured.err and captured.out == ""


def test_area_option_is_not_served_here(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(FIXTURES / "labelled.txt"), "--area", "brackenford"]) == 2
    assert "database" in capsys.readouterr().err
