"""Hostile uploads: does every one finish within 30 s and 512 MB with a clear message? (issue 11)

Builds each hostile file at run time (nothing is stored in the repository) and feeds it through
the two readers the web app uses: ``commitments.imports.document_read`` (the document import,
what the page and the background worker call) and ``feedback.surveys.survey_parse`` (the survey
import). Each read runs in the bounded child process with the production limits (20 s CPU,
512 MB, 30 s by the clock). For each file it prints the wall time, the child's peak resident
memory (its VmHWM, read while it runs, and its own ``ru_maxrss`` at the end: the fork server's
children are not this process's children, so ``RUSAGE_CHILDREN`` cannot see them) and the
message the officer sees. Exits non-zero when any file takes more than 30 s, uses more than
512 MB, reads without a message, or fails without a clear one.

    PYTHONPATH=src .venv/bin/python benchmarks/upload_bombs.py [--only NAME] [--scale 1.0]

``--scale`` shrinks the files (the tests use the same generators at a small scale).
"""

from __future__ import annotations

import argparse
import functools
import io
import os
import sys
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

MB = 1024 * 1024
WALL_LIMIT = 30.0
MEMORY_LIMIT = 512 * MB

# --------------------------------------------------------------------------------- builders

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    "{overrides}</Types>"
)
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _zip(parts: dict[str, bytes | Iterator[bytes]]) -> bytes:
    """A zip of ``parts``; a part given as chunks is streamed, so a 1 GB part costs no memory."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, body in parts.items():
            if isinstance(body, bytes):
                archive.writestr(name, body)
            else:
                with archive.open(name, "w", force_zip64=True) as out:
                    for chunk in body:
                        out.write(chunk)
    return buffer.getvalue()


def _docx(document: bytes | Iterator[bytes]) -> bytes:
    overrides = (
        '<Override PartName="/word/document.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    )
    return _zip({
        "[Content_Types].xml": _CONTENT_TYPES.format(overrides=overrides).encode(),
        "_rels/.rels": (
            b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
            b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'officeDocument" Target="word/document.xml"/></Relationships>'
        ),
        "word/document.xml": document,
    })


def _repeat(head: bytes, unit: bytes, count: int, tail: bytes) -> Iterator[bytes]:
    yield head
    block = unit * max(1, 65536 // len(unit))
    per_block = max(1, 65536 // len(unit))
    left = count
    while left > 0:
        take = min(left, per_block)
        yield block if take == per_block else unit * take
        left -= take
    yield tail


def docx_repeated_paragraphs(scale: float = 1.0) -> bytes:
    """1 GB of one repeated paragraph packed into about 1 MB: the classic zip bomb."""
    unit = b"<w:p><w:r><w:t>You said the bus was late. We did talk to the firm.</w:t></w:r></w:p>"
    count = int(1024 * MB * scale) // len(unit)
    return _docx(_repeat(f"<w:document {_W}><w:body>".encode(), unit, count,
                         b"</w:body></w:document>"))


def docx_many_small_paragraphs(scale: float = 1.0) -> bytes:
    """Just under the zip checks (9 MB unpacked, about 60 times): 100,000 short paragraphs,
    each different, which every reader must walk one by one."""
    paragraphs = [
        f"<w:p><w:r><w:t>You said item {n} needed a reply. We did reply {n}.</w:t></w:r></w:p>"
        for n in range(int(100_000 * scale))
    ]
    return _docx(f"<w:document {_W}><w:body>{''.join(paragraphs)}</w:body></w:document>".encode())


def docx_deep_nesting(scale: float = 1.0) -> bytes:
    """Tables inside tables inside tables, 50,000 deep."""
    depth = int(50_000 * scale)
    body = b"<w:tbl><w:tr><w:tc>" * depth + b"<w:p/>" + b"</w:tc></w:tr></w:tbl>" * depth
    return _docx(f"<w:document {_W}><w:body>".encode() + body + b"</w:body></w:document>")


def docx_entity_expansion(scale: float = 1.0) -> bytes:
    """The "billion laughs": entities that expand to entities, ten times over."""
    lol = ['<!ENTITY lol0 "You said, we did. ">']
    lol += [f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10}">' for n in range(1, 10)]
    doc = (f'<?xml version="1.0"?><!DOCTYPE w:document [{"".join(lol)}]>'
           f"<w:document {_W}><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>"
           "</w:body></w:document>")
    return _docx(doc.encode())


def _xlsx(sheet: bytes | Iterator[bytes], shared: bytes | Iterator[bytes] | None = None) -> bytes:
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    overrides = (
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
        'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
        'worksheet+xml"/>'
    )
    rels = (
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    )
    parts: dict[str, bytes | Iterator[bytes]] = {}
    if shared is not None:
        overrides += (
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        )
        rels += (
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        )
        parts["xl/sharedStrings.xml"] = shared
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    parts.update({
        "[Content_Types].xml": _CONTENT_TYPES.format(overrides=overrides).encode(),
        "_rels/.rels": (
            f'<?xml version="1.0"?><Relationships xmlns="{pkg}"><Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ).encode(),
        "xl/workbook.xml": (
            f'<?xml version="1.0"?><workbook {ns} {rel}><sheets><sheet name="Survey" '
            'sheetId="1" r:id="rId1"/></sheets></workbook>'
        ).encode(),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0"?><Relationships xmlns="{pkg}">{rels}</Relationships>'
        ).encode(),
        "xl/worksheets/sheet1.xml": sheet,
    })
    return _zip(parts)


_SHEET_HEAD = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
               b'spreadsheetml/2006/main"><sheetData>')
_SHEET_TAIL = b"</sheetData></worksheet>"


def xlsx_huge_shared_strings(scale: float = 1.0) -> bytes:
    """A header row and a sharedStrings part of 190 MB (under the 200 MB cap, packed 300
    times): the survey import loaded all of it before this issue."""
    unit = b"<si><t>My son waited two years for his assessment and nobody called.</t></si>"
    count = int(190 * MB * scale) // len(unit)
    shared = _repeat(b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/'
                     b'spreadsheetml/2006/main">', unit, count, b"</sst>")
    sheet = (_SHEET_HEAD + b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
             b'<row r="2"><c r="A2" t="s"><v>1</v></c></row>' + _SHEET_TAIL)
    return _xlsx(sheet, shared)


def xlsx_huge_sheet(scale: float = 1.0) -> bytes:
    """Three million rows of one inline string each."""
    unit = b'<row><c t="inlineStr"><is><t>The bus was late again this week.</t></is></c></row>'
    count = int(3_000_000 * scale)
    return _xlsx(_repeat(_SHEET_HEAD, unit, count, _SHEET_TAIL))


def xlsx_wide_rows(scale: float = 1.0) -> bytes:
    """Under the zip checks (8 MB unpacked): rows of 20,000 cells each."""
    cells = b'<c t="inlineStr"><is><t>x</t></is></c>' * int(20_000 * scale)
    rows = b"".join(b"<row>" + cells + b"</row>" for _ in range(10))
    return _xlsx(_SHEET_HEAD + rows + _SHEET_TAIL)


def xlsx_entity_expansion(scale: float = 1.0) -> bytes:
    lol = ['<!ENTITY lol0 "Families said the wait was too long. ">']
    lol += [f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10}">' for n in range(1, 10)]
    sheet = (f'<?xml version="1.0"?><!DOCTYPE worksheet [{"".join(lol)}]>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             '<sheetData><row><c t="inlineStr"><is><t>Comment</t></is></c></row>'
             '<row><c t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>')
    return _xlsx(sheet.encode())


def _pdf(stream: bytes, pages: int = 1) -> bytes:
    """A PDF of ``pages`` pages that all draw the one (already Flate-compressed) ``stream``."""
    kids = " ".join(f"{5 + n} 0 R" for n in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        f"<< /Length {len(stream)} /Filter /FlateDecode >>\nstream\n".encode() + stream
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    objects += [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
        b"/Resources << /Font << /F1 4 0 R >> >> >>"
    ] * pages
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
              .encode())
    return out.getvalue()


def _deflate(unit: bytes, total: int) -> bytes:
    packer = zlib.compressobj(9)
    block = unit * max(1, MB // len(unit))
    parts = [packer.compress(block) for _ in range(max(1, total // len(block)))]
    return b"".join(parts) + packer.flush()


def pdf_flate_bomb(scale: float = 1.0) -> bytes:
    """One page whose content stream inflates to 2 GB of blank space from about 2 MB: few
    drawing operations, so only a limit on the inflated size stops it early."""
    return _pdf(_deflate(b" " * 64, int(2048 * MB * scale)))


def pdf_many_pages(scale: float = 1.0) -> bytes:
    """2,000 pages (the page limit) that all draw one 12 MB text stream (under the stream
    limit): 24 GB of drawing from a 40 kB file."""
    stream = _deflate(b"BT /F1 12 Tf 72 712 Td (You said we did) Tj ET\n", int(12 * MB * scale))
    return _pdf(stream, max(2, int(2000 * scale)))


def html_deep_nesting(scale: float = 1.0) -> bytes:
    """17 MB: half a million nested elements around one paragraph."""
    depth = int(17 * MB * scale) // 34
    return (b"<!DOCTYPE html><html><body><main>" + b"<div><section>" * depth
            + b"<p>You said: the bus was late. We did: we spoke to the firm.</p>"
            + b"</section></div>" * depth + b"</main></body></html>")


def html_huge_text(scale: float = 1.0) -> bytes:
    """17 MB of "You said / We did" paragraphs, every one different: work for every step."""
    parts = [b"<!DOCTYPE html><html><head><title>You said, we did</title></head><body><main>"]
    size, n = 0, 0
    target = int(17 * MB * scale)
    while size < target:
        block = (f"<h2>Theme {n}</h2><p><strong>You said:</strong> the wait for assessment "
                 f"number {n} was too long and nobody told us why.</p><p><strong>We did:"
                 f"</strong> we wrote to {n} families and set a date for the review.</p>"
                 ).encode()
        parts.append(block)
        size += len(block)
        n += 1
    parts.append(b"</main></body></html>")
    return b"".join(parts)


def csv_million_columns(scale: float = 1.0) -> bytes:
    """Two rows of two million columns each."""
    count = int(2_000_000 * scale)
    return b"q," * (count - 1) + b"q\n" + b"yes," * (count - 1) + b"yes\n"


def csv_one_huge_line(scale: float = 1.0) -> bytes:
    """17 MB on one line, no separators: a "field" far past any comment."""
    return b"Comment\n" + b"a" * int(17 * MB * scale) + b"\n"


@dataclass(frozen=True)
class Hostile:
    name: str
    filename: str
    build: Callable[[float], bytes]
    survey: bool = False  # fed to the survey import too


HOSTILE = [
    Hostile("docx-zip-bomb", "bomb.docx", docx_repeated_paragraphs),
    Hostile("docx-many-paragraphs", "long.docx", docx_many_small_paragraphs),
    Hostile("docx-deep-nesting", "nested.docx", docx_deep_nesting),
    Hostile("docx-entities", "laughs.docx", docx_entity_expansion),
    Hostile("xlsx-shared-strings", "survey.xlsx", xlsx_huge_shared_strings, survey=True),
    Hostile("xlsx-huge-sheet", "rows.xlsx", xlsx_huge_sheet, survey=True),
    Hostile("xlsx-wide-rows", "wide.xlsx", xlsx_wide_rows, survey=True),
    Hostile("xlsx-entities", "laughs.xlsx", xlsx_entity_expansion, survey=True),
    Hostile("pdf-flate-bomb", "bomb.pdf", pdf_flate_bomb),
    Hostile("pdf-many-pages", "pages.pdf", pdf_many_pages),
    Hostile("html-deep-nesting", "nested.html", html_deep_nesting),
    Hostile("html-17mb-text", "page.html", html_huge_text),
    Hostile("csv-million-columns", "wide.csv", csv_million_columns, survey=True),
    Hostile("csv-huge-line", "line.csv", csv_one_huge_line, survey=True),
]


# --------------------------------------------------------------------------------- running


@dataclass(frozen=True)
class Result:
    name: str
    path: str
    size: int
    seconds: float
    peak_rss: int
    message: str


def _measure(name: str, path: str, size: int, call: Callable[[], object]) -> Result:
    """Time one read; its message is the refusal, or what the reader returned as a message."""
    from saidanddone.importers.bounded import ReadLimitError, last_peak_rss

    started = time.monotonic()
    try:
        said = call()
    except ReadLimitError as exc:
        message, peak = exc.message, exc.peak_rss_bytes
    except ValueError as exc:
        message, peak = str(getattr(exc, "message", exc)), last_peak_rss()
    else:
        message, peak = (said if isinstance(said, str) else ""), last_peak_rss()
    return Result(name, path, size, time.monotonic() - started, peak, message)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", help="run only the hostile files whose name contains this")
    parser.add_argument("--scale", type=float, default=1.0)
    options = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saidanddone.settings.test")
    import django

    django.setup()
    from saidanddone.commitments.imports import document_read
    from saidanddone.feedback.surveys import Mapping, survey_parse, survey_read

    def survey_preview(content: bytes, name: str) -> str:
        """Read an export as the upload step does, then check its rows as the preview does:
        a file that reads cleanly may still have rows the preview refuses, with a reason."""
        parsed = survey_parse(name, content)
        read = survey_read(parsed, Mapping(comments=tuple(parsed.header)),
                           today=date.today())
        return f"read; the preview refuses {read.errors[0]}" if read.errors else ""

    results: list[Result] = []
    for hostile in HOSTILE:
        if options.only and options.only not in hostile.name:
            continue
        data = hostile.build(options.scale)
        name = hostile.filename
        results.append(_measure(hostile.name, "document", len(data),
                                functools.partial(document_read, data, name)))
        if hostile.survey:
            results.append(_measure(hostile.name, "survey", len(data),
                                    functools.partial(survey_preview, data, name)))
        last = results[-1]
        print(f"{last.name} {last.path}: {last.seconds:.1f} s", file=sys.stderr)
    failures = 0
    print("| File | Import | Size | Wall time | Child peak memory | Within limits | Message |")
    print("|---|---|---:|---:|---:|---|---|")
    for r in results:
        ok = r.seconds <= WALL_LIMIT and r.peak_rss <= MEMORY_LIMIT and bool(r.message)
        failures += not ok
        message = r.message.split(". ")[0].replace("|", "/")
        print(f"| {r.name} | {r.path} | {r.size / MB:.1f} MB | {r.seconds:.1f} s | "
              f"{r.peak_rss / MB:.0f} MB | {'yes' if ok else 'NO'} | {message} |")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
