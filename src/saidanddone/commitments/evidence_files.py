"""What an evidence file is, read from its bytes (issue 14, item 5; decision 0220).

The name a browser sends and the type it claims are the uploader's words; the bytes are the
file. So the type is decided here by its opening bytes (and, for DOCX, by the parts the zip
holds), and the stored name is ours, never theirs. No decoding library is used: the header
checks below are a few lines each, and nothing is rendered or unpacked beyond the zip's own
directory (checked first with the importers' zip-bomb guard).
"""

from __future__ import annotations

import io
import re
import struct
import unicodedata
import zipfile
from dataclasses import dataclass

from saidanddone.importers.formats import check_zip
from saidanddone.importers.model import DocumentError

WRONG_TYPE = "The selected file must be a PDF, Word document, PNG or JPEG"
EMPTY = "The selected file is empty"
# Far beyond any real photograph or scan; a header that claims more is not a real image.
MAX_IMAGE_SIDE = 30_000


@dataclass(frozen=True)
class Kind:
    extension: str
    content_type: str
    label: str  # what families read beside the link: "PDF, 240 KB"
    inline: bool  # shown in the browser (PDF, images) or downloaded (DOCX)


PDF = Kind("pdf", "application/pdf", "PDF", True)
DOCX = Kind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "Word document", False)
PNG = Kind("png", "image/png", "PNG image", True)
JPEG = Kind("jpg", "image/jpeg", "JPEG image", True)
KINDS = {k.extension: k for k in (PDF, DOCX, PNG, JPEG)}

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def too_big_message(max_mb: int) -> str:
    return f"The selected file must be smaller than {max_mb} MB"


def kind_of(content: bytes, *, max_bytes: int, max_mb: int, name: str = "The file") -> Kind:
    """The kind of an upload, from its content; ``ValueError`` with the message the officer
    reads when it is empty, too big, or not one of the four kinds."""
    if not content:
        raise ValueError(EMPTY)
    if len(content) > max_bytes:
        raise ValueError(too_big_message(max_mb))
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(PNG_SIGNATURE):
        _check_png(content)
        return PNG
    if content.startswith(b"\xff\xd8\xff"):
        _check_jpeg(content)
        return JPEG
    if content.startswith(b"PK\x03\x04"):
        _check_docx(content, name)
        return DOCX
    raise ValueError(WRONG_TYPE)


def _sane(width: int, height: int) -> None:
    if not (0 < width <= MAX_IMAGE_SIDE and 0 < height <= MAX_IMAGE_SIDE):
        raise ValueError(WRONG_TYPE)


def _check_png(content: bytes) -> None:
    # The first chunk must be IHDR: length 13, then width and height (big-endian).
    if len(content) < 24 or content[12:16] != b"IHDR":
        raise ValueError(WRONG_TYPE)
    width, height = struct.unpack(">II", content[16:24])
    _sane(width, height)


# Start-of-frame markers carry the dimensions; C4 (DHT), C8 (JPG) and CC (DAC) do not.
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _check_jpeg(content: bytes) -> None:
    """Walk the segments after SOI to the first start-of-frame and check its size."""
    at = 2
    while at + 4 <= len(content):
        if content[at] != 0xFF:
            raise ValueError(WRONG_TYPE)
        marker = content[at + 1]
        if marker == 0xFF:  # padding
            at += 1
            continue
        if marker in {0xD8, 0x01} or 0xD0 <= marker <= 0xD7:  # no length
            at += 2
            continue
        if marker in {0xD9, 0xDA}:  # end of image, or scan data before any frame
            break
        length = struct.unpack(">H", content[at + 2:at + 4])[0]
        if length < 2:
            break
        if marker in _SOF:
            if at + 9 > len(content):
                break
            height, width = struct.unpack(">HH", content[at + 5:at + 9])
            _sane(width, height)
            return
        at += 2 + length
    raise ValueError(WRONG_TYPE)


def _check_docx(content: bytes, name: str) -> None:
    try:
        check_zip(content, name)
    except DocumentError as exc:
        raise ValueError(str(exc)) from exc
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = set(archive.namelist())
    if not {"[Content_Types].xml", "word/document.xml"} <= names:
        raise ValueError(WRONG_TYPE)


def clean_name(name: str) -> str:
    """The uploaded name, for display and the download's filename only: no folders, no
    control or odd characters, at most 150 characters. Never used as a path."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFKC", base)
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>|:*?')
    base = re.sub(r"\s+", " ", base).strip(" .")
    return base[-150:] or "evidence"


def human_size(size: int) -> str:
    """"240 KB", "1.2 MB": as families read it beside a link."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"
