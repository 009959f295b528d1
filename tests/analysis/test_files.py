"""The one encoding rule and the one zip check, as every reader meets them."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from saidanddone.analysis.files import MAX_ZIP_ENTRIES, FileRefused, check_zip, text_encoding
from saidanddone.analysis.readers import InputError, read_rows
from saidanddone.importers.formats import decode
from saidanddone.importers.model import DocumentError

# Characters that differ between UTF-8, UTF-16 and Windows-1252 (a curly apostrophe, dashes).
COMMENT = "The SENCo\u2019s plan \u2013 finally \u2013 arrived after the café meeting (£5 parking)"


@pytest.mark.parametrize(("data", "expected"), [
    (COMMENT.encode("utf-8"), "utf-8"),
    (b"\xef\xbb\xbf" + COMMENT.encode("utf-8"), "utf-8-sig"),
    (COMMENT.encode("utf-16"), "utf-16"),
    (COMMENT.encode("utf-16-le"), "utf-16-le"),
    (COMMENT.encode("utf-16-be"), "utf-16-be"),
    (COMMENT.encode("cp1252"), "cp1252"),
])
def test_the_same_encoding_for_bytes_and_for_a_file(tmp_path: Path, data: bytes,
                                                    expected: str) -> None:
    path = tmp_path / "comments.csv"
    path.write_bytes(data)
    assert text_encoding(data, "upload") == expected
    assert text_encoding(path, "file") == expected


def test_importer_and_command_line_read_windows_text_alike(tmp_path: Path) -> None:
    data = ("comment\n" + COMMENT + "\n").encode("cp1252")
    path = tmp_path / "comments.csv"
    path.write_bytes(data)
    assert COMMENT in decode(data, "comments.csv")
    _, rows = read_rows(path)
    assert [row["comment"] for row in rows] == [COMMENT]


def test_binary_is_refused_by_both(tmp_path: Path) -> None:
    data = b"\x00\x01\x02\x03\xff" * 200
    path = tmp_path / "comments.csv"
    path.write_bytes(data)
    with pytest.raises(DocumentError, match="binary"):
        decode(data, "comments.csv")
    with pytest.raises(InputError, match="binary"):
        read_rows(path)


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_zip_bomb_workbook_is_refused_on_the_command_line_before_it_is_opened(
        tmp_path: Path) -> None:
    bomb = _zip({"xl/worksheets/sheet1.xml": b"\x00" * (120 * 1024 * 1024)})
    path = tmp_path / "survey.xlsx"
    path.write_bytes(bomb)
    with pytest.raises(InputError, match="zip bomb"):
        read_rows(path)


def test_too_many_parts_is_refused_from_bytes_and_from_a_file(tmp_path: Path) -> None:
    crowded = _zip({f"part{n}.xml": b"" for n in range(MAX_ZIP_ENTRIES + 1)})
    path = tmp_path / "crowded.xlsx"
    path.write_bytes(crowded)
    for source in (crowded, path):
        with pytest.raises(FileRefused, match="parts"):
            check_zip(source, "crowded.xlsx")


def test_a_real_small_workbook_passes(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["comment"])
    book.active.append(["More speech and language therapy please"])
    path = tmp_path / "survey.xlsx"
    book.save(path)
    check_zip(path, "survey.xlsx")
    header, rows = read_rows(path)
    assert header == ["comment"]
    assert [r["comment"] for r in rows] == ["More speech and language therapy please"]
