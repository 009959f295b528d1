from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import pytest
from openpyxl import Workbook

from saidanddone.analysis.cli import analyse_main, train_main

COMMENTS = {
    "transport": ["The taxi to school was late again", "Our bus driver never turned up",
                  "The transport escort was brilliant", "The school minibus is unreliable"],
    "ehc-plans": ["The EHCP took a year to arrive", "The annual review of the plan was missed",
                  "The draft plan had mistakes in it", "The needs assessment was refused"],
}


def _write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def _labelled(path: Path, n: int = 60) -> Path:
    r = random.Random(3)
    rows = [["id", "comment", "rating", "transport", "ehc-plans"]]
    for i in range(n):
        label = "transport" if i % 2 else "ehc-plans"
        text = r.choice(COMMENTS[label])
        rows.append([str(i), text, r.choice(["1", "2", "4", "5"]),
                     "1" if label == "transport" else "", "1" if label == "ehc-plans" else "0"])
    rows.append(["999", "", "3", "1", ""])  # empty text: skipped
    return _write_csv(path, rows)


def test_train_then_analyse_writes_one_json_line_per_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _labelled(tmp_path / "labelled.csv")
    model = tmp_path / "model"
    assert train_main([str(data), "--text-column", "comment", "--label-columns-after", "rating",
                       "--sentiment-column", "rating", "--out", str(model)]) == 0
    err = capsys.readouterr().err
    assert "1 with empty text skipped" in err
    assert (model / "model.json").exists()
    comments = _write_csv(tmp_path / "in.csv", [["comment"], ["My son Jack's taxi was late"],
                                                ["n/a"], ["The EHCP annual review was late"]])
    out, summary = tmp_path / "out.jsonl", tmp_path / "summary.json"
    assert analyse_main([str(comments), "--text-column", "comment", "--model", str(model),
                         "--out", str(out), "--summary", str(summary)]) == 0
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["row"] for line in lines] == [1, 2, 3]
    assert lines[0]["redacted"] == "My son [child's name]'s taxi was late"
    assert lines[0]["themes"][0]["label"] == "transport"
    assert lines[0]["sentiment"] in {"positive", "neutral", "negative", "mixed"}
    assert lines[1]["no_content"] is True and lines[1]["sentiment"] is None
    assert lines[2]["themes"][0]["label"] == "ehc-plans"
    report = json.loads(summary.read_text())
    # Its own two labels, and the default model's reading of the others (inherited).
    assert {"transport", "ehc-plans"} <= {t["label"] for t in report["themes"]}


def test_train_reports_skipped_labels(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [["comment", "a", "rare"]] + [[f"comment number {i}", "1" if i % 2 else "", ""]
                                        for i in range(40)]
    rows[1][2] = "1"
    data = _write_csv(tmp_path / "d.csv", rows)
    assert train_main([str(data), "--text-column", "comment", "--label-columns", "a,rare",
                       "--out", str(tmp_path / "m")]) == 0
    assert "rare (1)" in capsys.readouterr().err


def test_missing_column_lists_the_available_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _labelled(tmp_path / "labelled.csv")
    assert analyse_main([str(data), "--text-column", "text"]) == 2
    err = capsys.readouterr().err
    assert "no text column 'text'" in err and "'comment'" in err and "Traceback" not in err


def test_bad_label_values_name_the_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _write_csv(tmp_path / "d.csv", [["comment", "a"], ["x", "1"], ["y", "yes please"],
                                            ["z", "2"]])
    assert train_main([str(data), "--text-column", "comment", "--label-columns", "a",
                       "--out", str(tmp_path / "m")]) == 2
    assert "'a' on rows 3, 4" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "the file is empty"), (b"\x00\x01\x02\x03binary\x00", "binary file"),
     (b"comment\n\x81\x8d\x8f\x90\x9d\xff\xfe\x00", "binary")],
)
def test_bad_files_get_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(content)
    assert analyse_main([str(path), "--text-column", "comment"]) != 0
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_windows_1252_text_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "in.csv"
    text = "comment\nThe caf\u00e9 \u2013 it\u2019s \u00a35 for parking\n"
    path.write_bytes(text.encode("cp1252"))
    out = tmp_path / "o.jsonl"
    assert analyse_main([str(path), "--text-column", "comment", "--out", str(out)]) == 0
    assert "\u00a35" in json.loads(out.read_text())["redacted"]


def test_missing_model_directory_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _labelled(tmp_path / "labelled.csv")
    assert analyse_main([str(data), "--text-column", "comment", "--model",
                         str(tmp_path / "nope")]) == 3
    assert "not a model directory" in capsys.readouterr().err


def test_reads_xlsx_and_jsonl(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Comment"])
    sheet.append(["The taxi was late"])
    book.save(tmp_path / "in.xlsx")
    (tmp_path / "in.jsonl").write_text('{"comment": "The taxi was late"}\n\n', encoding="utf-8")
    for name in ("in.xlsx", "in.jsonl"):
        out = tmp_path / f"{name}.out"
        assert analyse_main([str(tmp_path / name), "--text-column", "comment",
                             "--out", str(out)]) == 0
        [line] = out.read_text().splitlines()
        assert json.loads(line)["themes"][0]["label"] == "transport"


def test_a_ten_megabyte_comment_is_analysed(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    big = "My son Jack waits for the taxi every day. " * 250_000
    _write_csv(path, [["comment"], [big], ["short one"]])
    out = tmp_path / "o.jsonl"
    assert analyse_main([str(path), "--text-column", "comment", "--out", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    first = json.loads(lines[0])
    assert first["redacted"].count("[child's name]") == 250_000
