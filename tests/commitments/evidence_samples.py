"""Small files of each kind, built here from their formats' own rules (no sample is copied in),
and a helper that adds an evidence file with its bytes written, as a committed upload would."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from typing import Any

from django.test import TestCase

from saidanddone.areas import permissions
from saidanddone.areas.models import Membership
from saidanddone.commitments import services
from saidanddone.commitments.models import Commitment, Evidence, EvidenceFile


def pdf() -> bytes:
    return (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
            b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
            b"trailer\n<< /Root 1 0 R >>\n%%EOF\n")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def png(width: int = 4, height: int = 3) -> bytes:
    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n"
            + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + _chunk(b"IDAT", zlib.compress(rows)) + _chunk(b"IEND", b""))


def jpeg(width: int = 16, height: int = 8) -> bytes:
    app0 = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof = struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00"
    return (b"\xff\xd8" + b"\xff\xe0" + struct.pack(">H", len(app0) + 2) + app0
            + b"\xff\xc0" + struct.pack(">H", len(sof) + 2) + sof + b"\xff\xd9")


def docx(text: str = "Annual transport review") -> bytes:
    from docx import Document  # python-docx, already a dependency of the importers

    document = Document()
    document.add_heading(text, level=1)
    document.add_paragraph("What we changed, and what families told us since.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def zip_bomb_docx() -> bytes:
    """A DOCX shape whose document part unpacks to 1000 times its packed size."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (20 * 1024 * 1024))
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "not a Word document")
    return buffer.getvalue()


def windows_exe() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\0" * 200 + b"PE\0\0"


def html_page() -> bytes:
    return b"<!doctype html><html><body><script>alert(1)</script></body></html>"


def add_file(*, commitment: Commitment, by: Any, public: bool, content: bytes | None = None,
             name: str = "Annual transport review.pdf",
             title: str = "Annual transport review") -> Evidence:
    """Upload through the service and run its after-commit step (writing the bytes), as the
    end of a real request's transaction would."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.evidence_file_add(commitment=commitment, title=title, by=by, name=name,
                                          content=pdf() if content is None else content,
                                          public=public)


def public_evidence_file(area: Any) -> EvidenceFile:
    """A public file on one of the area's published commitments, made once."""
    found = EvidenceFile.objects.filter(area=area, public=True).first()
    if found is not None:
        return found
    commitment = Commitment.objects.filter(area=area, published_in__isnull=False).first()
    editor = Membership.objects.filter(area=area, role__in=permissions.EDIT_RESPONSES).first()
    return add_file(commitment=commitment, by=editor.user, public=True).file
