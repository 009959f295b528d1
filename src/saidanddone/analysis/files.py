"""The one place that reads a file people hand us: its text encoding, and the limits a
zip-based file (DOCX, XLSX) must keep before any library unpacks it.

Every reader goes through here: the document importer (uploads, in memory), the survey import
and the command line (files on disk, streamed). Each turns ``FileRefused`` into its own error
type; the message already says what is wrong and what to do.
"""

from __future__ import annotations

import codecs
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

__all__ = [
    "MAX_UNZIPPED_BYTES",
    "MAX_ZIP_ENTRIES",
    "MAX_ZIP_RATIO",
    "ZIP_RATIO_FLOOR",
    "FileRefused",
    "check_zip",
    "text_encoding",
]

MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
"""The most a DOCX or XLSX may expand to when unzipped (protects against zip bombs)."""

MAX_ZIP_RATIO = 100
"""How many times its packed size a DOCX or XLSX may expand. Real Office files expand about 5
to 20 times; a zip bomb expands thousands of times."""

MAX_ZIP_ENTRIES = 10_000
"""The most files a DOCX or XLSX may hold (a real one holds a few dozen, plus its images)."""

ZIP_RATIO_FLOOR = 10 * 1024 * 1024
"""Files that unpack to less than this are not refused for their ratio: a tiny document of
repeated text can expand 100 times and still cost nothing to read."""

# Encodings a spreadsheet or page from an English council plausibly comes in. A guess outside
# these (Big5 for a CSV of English comments, say) is a wrong guess, so the file is refused.
_PLAUSIBLE = {
    "cp1252", "windows-1252", "latin-1", "latin_1", "iso-8859-1", "iso8859-1", "iso-8859-15",
    "iso8859-15", "cp1250", "windows-1250", "utf-16", "utf-16-le", "utf-16-be", "ascii",
    "mac-roman", "mac_roman",
}
_SAMPLE = 1 << 16


class FileRefused(ValueError):
    """A file that is not read; the message says why and what to do."""


def _chunks(source: bytes | Path) -> Iterator[bytes]:
    if isinstance(source, bytes):
        for first in range(0, len(source), 1 << 20):
            yield source[first : first + (1 << 20)]
        return
    with source.open("rb") as fh:
        while block := fh.read(1 << 20):
            yield block


def _decodes(source: bytes | Path, encoding: str) -> bool:
    """Whether the whole of ``source`` is valid ``encoding``, read in blocks (a large file on
    disk never sits in memory)."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    try:
        for block in _chunks(source):
            decoder.decode(block)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _utf16_without_mark(head: bytes) -> str | None:
    """UTF-16 with no byte-order mark has a zero in every other byte of English text."""
    if head[1::2].count(0) > len(head) // 4:
        return "utf-16-le"
    if head[0::2].count(0) > len(head) // 4:
        return "utf-16-be"
    return None


def text_encoding(source: bytes | Path, name: str) -> str:
    """The encoding to read ``source`` with: UTF-8 (with or without a byte-order mark),
    UTF-16, else Windows-1252 (Excel's commonest export in England), else what
    charset-normalizer finds, if that is an encoding such a file plausibly has."""
    head = next(_chunks(source), b"")[:_SAMPLE]
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:
        wide = _utf16_without_mark(head)
        if wide is None:
            raise FileRefused(
                f"{name} looks like a binary file, not text; save it as CSV (UTF-8), XLSX or "
                "a web page and try again."
            )
        return wide
    if _decodes(source, "utf-8"):
        return "utf-8"
    if _decodes(source, "cp1252"):
        return "cp1252"
    from charset_normalizer import from_bytes

    best = from_bytes(head).best()
    guess = str(best.encoding) if best is not None and best.encoding else ""
    if guess.lower().replace("_", "-") not in _PLAUSIBLE and guess.lower() not in _PLAUSIBLE:
        raise FileRefused(
            f"{name} is not readable text: its character encoding is unknown"
            + (f" (it looks like {guess})" if guess else "")
            + ". Save it as UTF-8 and try again."
        )
    return guess


def check_zip(source: bytes | Path, name: str) -> None:
    """Refuse a zip-based file (DOCX, XLSX) that would expand too far, before any library
    unpacks it: the sizes come from the archive's own directory, which costs nothing to read.
    A member that claims less than it holds is stopped by ``zipfile`` itself, which never
    reads past the declared size."""
    try:
        opened = io.BytesIO(source) if isinstance(source, bytes) else source.open("rb")
        with opened, zipfile.ZipFile(opened) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise FileRefused(f"{name} is damaged and cannot be opened.") from exc
    if len(members) > MAX_ZIP_ENTRIES:
        raise FileRefused(
            f"{name} holds {len(members):,} parts; a real document holds far fewer "
            f"(the limit is {MAX_ZIP_ENTRIES:,}). It was not read."
        )
    total = sum(info.file_size for info in members)
    packed = sum(info.compress_size for info in members)
    if total > MAX_UNZIPPED_BYTES:
        raise FileRefused(
            f"{name} unpacks to more than {MAX_UNZIPPED_BYTES // (1024 * 1024)} MB, "
            "which is far larger than any real document; it was not read."
        )
    if total > ZIP_RATIO_FLOOR and total > MAX_ZIP_RATIO * max(packed, 1):
        raise FileRefused(
            f"{name} unpacks to {total // (1024 * 1024):,} MB from "
            f"{max(packed, 1) / (1024 * 1024):.1f} MB, more than {MAX_ZIP_RATIO} times its "
            "size; real documents do not expand like that (it may be a “zip bomb”). It was "
            "not read."
        )
