"""Reading comments from CSV, XLSX or JSONL, with clear messages for bad input.

Rows stream one at a time (XLSX in read-only mode), so a large file never sits in memory.
The text encoding and the zip limits of a workbook follow the one rule every reader shares
(``analysis.files``): binary files, undecodable text and zip bombs are refused with a message.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from saidanddone.analysis.files import FileRefused, check_zip, text_encoding

__all__ = ["InputError", "read_header", "read_rows"]

MAX_FIELD = 64 * 1024 * 1024  # a single comment may be very long (tested with 10 MB)


class InputError(ValueError):
    """Input the command cannot read; the message says why and what to do."""


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        return "xlsx"
    if suffix in {".jsonl", ".ndjson", ".json"}:
        return "jsonl"
    return "csv"


def _check_file(path: Path) -> None:
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if not path.is_file():
        raise InputError(f"{path}: not a file")
    if path.stat().st_size == 0:
        raise InputError(f"{path}: the file is empty")


def _encoding(path: Path) -> str:
    """By the one encoding rule every reader shares (``analysis.files``)."""
    try:
        encoding = text_encoding(path, str(path))
    except FileRefused as exc:
        raise InputError(str(exc)) from None
    if encoding not in {"utf-8", "utf-8-sig"}:
        print(f"note: {path.name} is not UTF-8; reading it as {encoding}", file=sys.stderr)
    return encoding


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_rows(path: str | Path) -> tuple[list[str], Iterator[dict[str, str]]]:
    """The file's column names and an iterator over its rows (dicts of strings)."""
    p = Path(path)
    _check_file(p)
    kind = _kind(p)
    if kind == "xlsx":
        return _read_xlsx(p)
    if kind == "jsonl":
        return _read_jsonl(p)
    return _read_csv(p)


def read_header(path: str | Path) -> list[str]:
    return read_rows(path)[0]


def _read_csv(path: Path) -> tuple[list[str], Iterator[dict[str, str]]]:
    csv.field_size_limit(MAX_FIELD)
    encoding = _encoding(path)
    fh = path.open("r", encoding=encoding, newline="", errors="strict")
    sample = fh.read(1 << 16)
    fh.seek(0)
    first_line = sample.split("\n", 1)[0]
    delimiter = max(",;\t|", key=first_line.count) if first_line else ","
    if first_line.count(delimiter) == 0:
        delimiter = ","
    reader = csv.reader(fh, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        fh.close()
        raise InputError(f"{path}: the file is empty") from None
    except csv.Error as exc:
        fh.close()
        raise InputError(f"{path}: not a readable CSV file ({exc})") from None
    header = [h.strip() for h in header]
    if not any(header):
        fh.close()
        raise InputError(f"{path}: the first row (the column names) is empty")

    def rows() -> Iterator[dict[str, str]]:
        with fh:
            try:
                for line in reader:
                    if not line:
                        continue
                    yield {h: (line[i] if i < len(line) else "") for i, h in enumerate(header)}
            except csv.Error as exc:
                raise InputError(f"{path}, line {reader.line_num}: {exc}") from None
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{path}: text in an unexpected encoding ({exc.reason}); save the file "
                    "as CSV (UTF-8) and try again"
                ) from None

    return header, rows()


def _read_xlsx(path: Path) -> tuple[list[str], Iterator[dict[str, str]]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        check_zip(path, str(path))  # before openpyxl unpacks anything
    except FileRefused as exc:
        raise InputError(str(exc)) from None
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise InputError(f"{path}: not a readable XLSX workbook ({exc})") from None
    sheet = workbook.worksheets[0]
    values = sheet.iter_rows(values_only=True)
    try:
        header = [_cell(v).strip() for v in next(values)]
    except StopIteration:
        workbook.close()
        raise InputError(f"{path}: the first sheet is empty") from None

    def rows() -> Iterator[dict[str, str]]:
        try:
            for line in values:
                if line is None or all(v is None for v in line):
                    continue
                yield {h: _cell(line[i]) if i < len(line) else "" for i, h in enumerate(header)}
        finally:
            workbook.close()

    return header, rows()


def _read_jsonl(path: Path) -> tuple[list[str], Iterator[dict[str, str]]]:
    encoding = _encoding(path)
    fh = path.open("r", encoding=encoding)
    first: dict[str, Any] | None = None
    number = 0
    for line in fh:
        number += 1
        if line.strip():
            first = _json_line(path, number, line)
            break
    if first is None:
        fh.close()
        raise InputError(f"{path}: the file is empty")
    header = list(first)

    def rows() -> Iterator[dict[str, str]]:
        n = number
        with fh:
            assert first is not None
            yield {k: _cell(v) for k, v in first.items()}
            for line in fh:
                n += 1
                if line.strip():
                    yield {k: _cell(v) for k, v in _json_line(path, n, line).items()}

    return header, rows()


def _json_line(path: Path, number: int, line: str) -> dict[str, Any]:
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}, line {number}: not valid JSON ({exc.msg})") from None
    if not isinstance(value, dict):
        raise InputError(f"{path}, line {number}: each line must be a JSON object")
    return value

