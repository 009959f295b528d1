"""Bad input gets a clear DocumentError message, never a traceback."""

from __future__ import annotations

import io
import zipfile

import pytest

from saidanddone.importers import MAX_BYTES, DocumentError, read_document, read_path

from .conftest import FIXTURES


def _error(data: bytes, name: str) -> str:
    with pytest.raises(DocumentError) as caught:
        read_document(data, name)
    return caught.value.message


def test_document_without_you_said_we_did_structure_says_so() -> None:
    for fmt in ("html", "txt", "docx", "pdf"):
        data = (FIXTURES / f"not-said.{fmt}").read_bytes()
        assert "No “You said / We did” structure" in _error(data, f"not-said.{fmt}")


def test_empty_file_is_refused() -> None:
    assert "empty" in _error(b"", "empty.txt")
    assert "empty" in _error(b"  \n\n ", "blank.txt")


def test_file_over_the_limit_is_refused_before_reading() -> None:
    message = _error(b"a" * (MAX_BYTES + 1), "huge.txt")
    assert "limit" in message and "20 MB" in message


def test_password_protected_pdf_is_refused() -> None:
    data = (FIXTURES / "locked.pdf").read_bytes()
    assert "password" in _error(data, "locked.pdf")


def test_encrypted_office_file_is_refused() -> None:
    data = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64 + "EncryptedPackage".encode("utf-16-le")
    )
    assert "password" in _error(data, "report.docx")


def test_old_word_file_asks_for_docx() -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
    assert ".docx" in _error(data, "report.doc")


def test_truncated_docx_is_reported_as_damaged() -> None:
    data = (FIXTURES / "labelled.docx").read_bytes()[:3000]
    assert "damaged" in _error(data, "labelled.docx")


def test_corrupt_pdf_is_reported() -> None:
    message = _error(b"%PDF-1.7\n" + b"\x01\x02garbage" * 50, "broken.pdf")
    assert "PDF" in message


def test_zip_that_is_not_an_office_file_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    assert "zip" in _error(buffer.getvalue(), "notes.docx")


def test_image_named_as_a_document_is_refused() -> None:
    message = _error(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "scan.docx")
    assert "image" in message


def test_binary_named_as_pdf_says_it_is_not_one() -> None:
    message = _error(bytes(range(256)) * 8, "report.pdf")
    assert "not one" in message


def test_text_saved_with_a_pdf_name_is_read_as_text() -> None:
    data = (FIXTURES / "labelled.txt").read_bytes()
    assert len(read_document(data, "labelled.pdf").entries) == 5


def test_missing_path_is_a_clear_error() -> None:
    with pytest.raises(DocumentError) as caught:
        read_path(FIXTURES / "no-such-file.docx")
    assert "There is no file" in caught.value.message


def test_document_error_is_a_value_error() -> None:
    assert issubclass(DocumentError, ValueError)
