"""Readers: bytes in any supported format -> a flat list of blocks.

The real format is found from the bytes, not from the file name. Every reader turns library
errors into ``DocumentError`` with a plain-English message.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from saidanddone.analysis.files import (
    FileRefused,
    text_encoding,
)
from saidanddone.analysis.files import check_zip as _check_zip
from saidanddone.importers.blocks import BULLET, Block, clean, find_label, one_line
from saidanddone.importers.dates import is_period
from saidanddone.importers.model import DocumentError

MAX_BYTES = 20 * 1024 * 1024
"""The largest file accepted (20 MB): bigger than any real "You said, we did" document."""


MAX_ROWS = 20_000
"""The most spreadsheet rows read from one file."""

MAX_COLUMNS = 1_000
"""The most columns a table row may have: a real table has a few dozen at most."""

MAX_BLOCKS = 20_000
"""The most paragraphs, headings, list items and table rows read from one document. A long
real document has a few thousand; past this, reading and recognising take minutes."""




MAX_PDF_PAGES = 2_000
"""The most pages read from a PDF."""

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class Parsed:
    """What a reader found: its blocks, a title hint and the format's name."""

    blocks: tuple[Block, ...]
    title: str | None
    kind: str
    fallback: tuple[Block, ...] = ()
    text: str | None = None  # a plain-text document as written, for the labeller


# ----------------------------------------------------------------------------------- detect


def _extension(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


_NAMED = {
    "pdf": "a PDF",
    "docx": "a Word document",
    "doc": "a Word document",
    "xlsx": "an Excel workbook",
    "xls": "an Excel workbook",
    "csv": "a CSV file",
    "html": "a web page",
    "htm": "a web page",
    "txt": "a text file",
}


def detect(data: bytes, filename: str) -> str:
    """The real format of ``data``: pdf, docx, xlsx, html, csv or text."""
    head = data[:2048]
    ext = _extension(filename)
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError) as exc:
            raise DocumentError(
                f"“{filename}” is a damaged or incomplete zip-based file (such as a Word or "
                "Excel file) and cannot be opened. Save it again and upload the new copy."
            ) from exc
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "content.xml" in names:
            raise DocumentError(
                f"“{filename}” is an OpenDocument file. Save it as Word (.docx), Excel (.xlsx) "
                "or PDF and upload that instead."
            )
        raise DocumentError(f"“{filename}” is a zip archive, not a document we can read.")
    if head.startswith(_OLE):
        if "EncryptedPackage".encode("utf-16-le") in data[:65536] or b"EncryptedPackage" in data:
            raise DocumentError(
                f"“{filename}” is password-protected. Remove the password (or save an "
                "unprotected copy) and upload it again."
            )
        raise DocumentError(
            f"“{filename}” is an old Word or Excel 97-2003 file. Open it and save it as .docx "
            "or .xlsx, then upload the new file."
        )
    if head.startswith(b"{\\rtf"):
        raise DocumentError(
            f"“{filename}” is a Rich Text (RTF) file. Save it as .docx and upload that."
        )
    for magic, name in (
        (b"\x89PNG", "a PNG image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"II*\x00", "a TIFF image"),
        (b"MM\x00*", "a TIFF image"),
    ):
        if head.startswith(magic):
            raise DocumentError(
                f"“{filename}” is {name}, which has no text to read. Upload the page, Word "
                "document or PDF the text was published in."
            )
    if _looks_binary(head):
        claimed = _NAMED.get(ext)
        what = (
            f"is named as {claimed} but is not one" if claimed else "is not a document we can read"
        )
        raise DocumentError(
            f"“{filename}” {what}: its contents are not text, HTML, Word, Excel, CSV or PDF."
        )
    return "text"


def _looks_binary(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return False
    if b"\x00" in head:
        # UTF-16 without a byte-order mark has a zero in every other byte
        return not (head[1::2].count(0) > len(head) // 4 or head[0::2].count(0) > len(head) // 4)
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > len(head) // 20


def decode(data: bytes, filename: str) -> str:
    """Bytes to text, by the one encoding rule every reader shares (``analysis.files``)."""
    try:
        encoding = text_encoding(data, f"“{filename}”")
    except FileRefused as exc:
        raise DocumentError(str(exc)) from None
    return data.decode(encoding, errors="replace")


# ----------------------------------------------------------------------------------- helpers


def _label_prefix(lead: str, rest: str) -> str:
    """Join a bold lead-in and its paragraph, adding a colon after a bare label."""
    lead, rest = lead.strip(), rest.strip()
    if lead and rest and not re.search(r"[:\u2013\u2014.\u2026-]$", lead):
        label = find_label(lead + ":")
        if label is not None and not label.rest:
            return f"{lead}: {rest}"
    return f"{lead} {rest}".strip() if lead else rest


def _block(kind: str, text: str, level: int = 0) -> Block | None:
    text = clean(text)
    if not text:
        return None
    if kind == "heading":
        return Block("heading", one_line(text), level or 2)
    if kind == "item":
        return Block("item", text)
    if kind == "quote":
        return Block("quote", text)
    return Block("para", text)


def _keep(blocks: Iterable[Block | None]) -> tuple[Block, ...]:
    return tuple(b for b in blocks if b is not None)


# ----------------------------------------------------------------------------------- text


def _heading_like(line: str) -> bool:
    words = line.split()
    return (
        0 < len(words) <= 12
        and len(line) <= 90
        and not re.search(r"[.,;:!?\u2026\"\u201d]$", line)
        and not BULLET.match(line)
        and (line[0].isupper() or line[0].isdigit())
        and (
            not re.fullmatch(r"[\d\s.,/%\u00a3$-]+", line)
            or re.fullmatch(r"(?:19|20)\d\d(?:\s*[/-]\s*\d{2,4})?", line) is not None
        )
    )


def text_blocks(text: str) -> tuple[Block, ...]:
    """Plain text: paragraphs split by blank lines; bullets, labels and headings found by shape."""
    blocks: list[Block | None] = []
    for chunk in re.split(r"\n\s*\n", clean(text)):
        lines = [line for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        if len(lines) == 2 and re.fullmatch(r"[=\-~]{3,}", lines[1]):
            blocks.append(_block("heading", lines[0], 1 if lines[1][0] == "=" else 2))
            continue
        if len(lines) == 1:
            md = re.match(r"^(#{1,6})\s+(.*)", lines[0])
            if md:
                blocks.append(_block("heading", md.group(2), len(md.group(1))))
                continue
            if _heading_like(lines[0]) and find_label(lines[0]) is None:
                blocks.append(_block("heading", lines[0], 2))
                continue
        blocks.extend(_lines_to_blocks(lines))
    return _keep(blocks)


def _lines_to_blocks(lines: list[str], *, reflow: bool = False) -> Iterator[Block | None]:
    """Join wrapped lines; a bullet, a label or (``reflow``) a paragraph end starts a block."""
    kind, buffer = "para", ""
    width = max((len(line) for line in lines), default=0)
    previous = ""
    for raw in lines:
        line = raw.strip()
        bullet = BULLET.match(line)
        starts = bullet is not None or find_label(line) is not None
        if reflow and not starts and previous:
            ended = re.search(r"[.!?:\u201d\"]$", previous) is not None
            short = len(previous) < 0.75 * width
            if (
                (ended and short)
                or (_heading_like(line) and ended and re.search(r"[.!?]$", previous) is not None)
                or (_heading_like(previous) and short and not ended and line[:1].isupper())
            ):
                starts = True
        if starts or not buffer:
            if buffer:
                yield _block(kind, buffer)
            if bullet is not None:
                kind, buffer = "item", line[bullet.end() :]
            else:
                kind, buffer = "para", line
        else:
            buffer = f"{buffer} {line}"
        previous = line
    if buffer:
        yield _block(kind, buffer)


# ----------------------------------------------------------------------------------- HTML

_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_DROP_TAGS = [
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "form",
    "iframe",
    "button",
    "select",
    "input",
    "textarea",
    "header",
    "nav",
    "footer",
    "aside",
    "dialog",
]
_DROP_HINT = re.compile(
    r"cookie|consent|gdpr|banner|breadcrumb|skip|site-?nav|navbar|menu|masthead|footer|header"
    r"|share|social|feedback|related|sidebar|search|alert-bar|back-to-top|print",
    re.IGNORECASE,
)


def _html_title(soup: Any) -> str | None:
    h1 = soup.find("h1")
    if h1 is not None and one_line(h1.get_text(" ")):
        return one_line(h1.get_text(" "))
    if soup.title is not None and soup.title.string:
        title = re.split(r"\s+[|\u2013\u2014-]\s+", one_line(str(soup.title.string)))[0]
        return title or None
    return None


def _soup_text(node: Any) -> str:
    """Text of an element, <br> as a line break, nested lists left out."""
    from bs4.element import NavigableString, Tag

    parts: list[str] = []
    for child in node.children:
        if isinstance(child, NavigableString):
            parts.append(str(child))
        elif isinstance(child, Tag):
            if child.name == "br":
                parts.append("\n")
            elif child.name in {"ul", "ol", "table"}:
                continue
            else:
                parts.append(_soup_text(child))
    return "".join(parts)


def _soup_para(node: Any) -> str:
    """A paragraph's text, with a bare bold label given its colon."""
    from bs4.element import Tag

    first = next((c for c in node.children if not (isinstance(c, str) and not c.strip())), None)
    if isinstance(first, Tag) and first.name in {"strong", "b", "em", "span"}:
        lead = _soup_text(first)
        whole = _soup_text(node)
        rest = whole.split(lead, 1)[1] if lead in whole else whole
        return _label_prefix(lead, rest)
    return _soup_text(node)


def _soup_walk(node: Any, out: list[Block | None], table: list[int]) -> None:
    from bs4.element import Tag

    for child in node.children:
        if not isinstance(child, Tag):
            if str(child).strip() and node.name in {"div", "section", "article", "main", "body"}:
                out.append(_block("para", str(child)))
            continue
        name = child.name
        if name in _HEADINGS:
            out.append(_block("heading", _soup_text(child), _HEADINGS[name]))
        elif name in {"p", "dt", "dd", "figcaption", "caption", "summary"}:
            out.append(_block("para", _soup_para(child)))
        elif name in {"ul", "ol"}:
            for item in child.find_all("li", recursive=False):
                out.append(_block("item", _soup_para(item)))
                for nested in item.find_all(["ul", "ol"], recursive=False):
                    _soup_walk_list(nested, out)
        elif name == "blockquote":
            inner = child.find_all(["p", "li"])
            if inner:
                out.extend(_block("quote", _soup_text(p)) for p in inner)
            else:
                out.append(_block("quote", _soup_text(child)))
        elif name == "table":
            table[0] += 1
            for row in child.find_all("tr"):
                if row.find_parent("table") is not child:
                    continue
                cells = tuple(
                    one_line(_soup_text(c)) if c.name == "th" else clean(_soup_text(c))
                    for c in row.find_all(["th", "td"], recursive=False)
                )
                if any(cells):
                    out.append(Block("row", " | ".join(c for c in cells if c), 0, cells, table[0]))
        else:
            _soup_walk(child, out, table)


def _soup_walk_list(node: Any, out: list[Block | None]) -> None:
    for item in node.find_all("li", recursive=False):
        out.append(_block("item", _soup_para(item)))
        for nested in item.find_all(["ul", "ol"], recursive=False):
            _soup_walk_list(nested, out)


def _soup_blocks(html: str, *, strip: bool = True) -> tuple[tuple[Block, ...], str | None]:
    """Blocks from a page; with ``strip``, its navigation, banners and footer removed first."""
    from bs4 import BeautifulSoup

    soup: Any = BeautifulSoup(html, "lxml")
    title = _html_title(soup)
    if strip:
        for tag in soup.find_all(_DROP_TAGS):
            if not tag.decomposed and not tag.find(["main", "article"]):
                tag.decompose()
        for tag in soup.find_all(True):
            if tag.decomposed or tag.attrs is None:
                continue
            role = str(tag.get("role") or "")
            hint = " ".join([str(tag.get("id") or ""), *(tag.get("class") or [])])
            unwanted = role in {"navigation", "banner", "contentinfo", "search"} or (
                hint and _DROP_HINT.search(hint)
            )
            if unwanted and not tag.find(["main", "article", "h1"]):
                tag.decompose()
    root = (
        soup.find("main") or soup.find(None, {"role": "main"}) or soup.find("article") or soup.body
    )
    out: list[Block | None] = []
    if root is not None:
        _soup_walk(root, out, [0])
    return _keep(out), title


def html_blocks(html: str) -> Parsed:
    """A saved web page: the main content found by trafilatura, the whole page as a fallback."""
    import trafilatura

    fallback, title = _soup_blocks(html)
    blocks: tuple[Block, ...] = ()
    try:
        main = trafilatura.extract(
            html,
            output_format="html",
            include_tables=True,
            include_formatting=True,
            include_links=False,
            include_comments=False,
            include_images=False,
            favor_recall=True,
            deduplicate=False,
        )
    except Exception:
        main = None
    if main:
        blocks = _soup_blocks(main, strip=False)[0]
    if not blocks:
        return Parsed(fallback, title, "html")
    return Parsed(blocks, title, "html", fallback)


def looks_like_html(text: str) -> bool:
    head = text[:4096].lower()
    if re.search(r"<!doctype\s+html|<html[\s>]|<body[\s>]|<head[\s>]", head):
        return True
    tags = re.findall(
        r"</?(?:p|div|h[1-6]|ul|li|table|tr|td|span|strong|br)\b[^>]*>", text[:20000], re.I
    )
    return len(tags) >= 3


# ----------------------------------------------------------------------------------- CSV


def _table_rows(
    rows: Iterable[Iterable[object]], table: int, filename: str = "The file"
) -> Iterator[Block]:
    for count, row in enumerate(rows):
        if count >= MAX_ROWS:
            break
        values = tuple(row)
        if len(values) > MAX_COLUMNS and any(v not in (None, "") for v in values[MAX_COLUMNS:]):
            name = f"“{filename}”" if filename != "The file" else filename
            raise DocumentError(
                f"Row {count + 1} of {name} has {len(values):,} columns; the limit is "
                f"{MAX_COLUMNS:,}. A real table has far fewer, so it was not read."
            )
        cells = tuple(clean("" if v is None else str(v)) for v in values[:MAX_COLUMNS])
        while cells and not cells[-1]:
            cells = cells[:-1]
        if any(cells):
            yield Block("row", " | ".join(c for c in cells if c), 0, cells, table)


CSV_SAMPLE_CHARS = 64 * 1024
"""How much of a text file is looked at to guess whether it is a CSV and how it is separated
(the sniffer's work grows faster than its input: a single 17 MB line would take minutes)."""


def _sample_lines(text: str) -> list[str]:
    """The first 20 lines, from the first ``CSV_SAMPLE_CHARS`` only, a line cut short left out."""
    lines = text[:CSV_SAMPLE_CHARS].splitlines()
    if len(text) > CSV_SAMPLE_CHARS and len(lines) > 1:
        lines = lines[:-1]
    return lines[:20]


def looks_like_csv(text: str) -> bool:
    lines = [line for line in _sample_lines(text) if line.strip()]
    if len(lines) < 2:
        return False
    try:
        dialect = csv.Sniffer().sniff("\n".join(lines[:10]), delimiters=",;\t|")
    except csv.Error:
        return False
    widths = [len(r) for r in csv.reader(lines, dialect)]
    return widths[0] >= 2 and sum(1 for w in widths if w == widths[0]) >= 0.8 * len(widths)


def csv_blocks(text: str, filename: str = "The file") -> Parsed:
    sample = "\n".join(_sample_lines(text))
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    rows = csv.reader(io.StringIO(text), dialect)
    try:
        blocks = tuple(_table_rows(rows, 1, filename))
    except csv.Error as exc:
        name = f"“{filename}”" if filename != "The file" else filename
        if "field larger than field limit" in str(exc):
            raise DocumentError(
                f"{name} could not be read as a CSV file: one cell holds more than "
                f"{csv.field_size_limit():,} characters, far more than any real table."
            ) from exc
        raise DocumentError(f"{name} could not be read as a CSV file: {exc}.") from exc
    return Parsed(blocks, None, "csv")


# ----------------------------------------------------------------------------------- zips


def check_zip(data: bytes, filename: str) -> None:
    """``analysis.files.check_zip``, as a ``DocumentError`` (the limits live there)."""
    try:
        _check_zip(data, f"“{filename}”")
    except FileRefused as exc:
        raise DocumentError(str(exc)) from None


def xlsx_blocks(data: bytes, filename: str) -> Parsed:
    from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]  # no stubs here

    check_zip(data, filename)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise DocumentError(
            f"“{filename}” looks like an Excel workbook but could not be read."
        ) from exc
    blocks: list[Block] = []
    try:
        for number, sheet in enumerate(book.worksheets, start=1):
            name = str(sheet.title)
            if is_period(name) or (
                len(book.worksheets) > 1 and not re.fullmatch(r"Sheet\d*", name)
            ):
                blocks.append(Block("heading", name, 2))
            blocks.extend(_table_rows(sheet.iter_rows(values_only=True), number, filename))
    finally:
        book.close()
    return Parsed(tuple(blocks), None, "xlsx")


def docx_blocks(data: bytes, filename: str) -> Parsed:
    import docx
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    check_zip(data, filename)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise DocumentError(
            f"“{filename}” looks like a Word document but could not be read."
        ) from exc
    paragraphs = sum(1 for _ in document.element.body.iter(qn("w:p")))
    if paragraphs > MAX_BLOCKS:
        raise DocumentError(_too_many(filename, paragraphs))
    out: list[Block | None] = []
    tables = 0
    title = one_line(document.core_properties.title or "") or None
    for part in document.iter_inner_content():
        if isinstance(part, Paragraph):
            out.append(_docx_paragraph(part))
        elif isinstance(part, Table):
            tables += 1
            for row in part.rows:
                seen: set[int] = set()
                cells: list[str] = []
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    cells.append(clean("\n".join(p.text for p in cell.paragraphs)))
                if any(cells):
                    out.append(
                        Block("row", " | ".join(c for c in cells if c), 0, tuple(cells), tables)
                    )
    return Parsed(_keep(out), title, "docx")


def _docx_paragraph(paragraph: Any) -> Block | None:
    text = str(paragraph.text)
    if not text.strip():
        return None
    style = str(paragraph.style.name if paragraph.style is not None else "")
    heading = re.match(r"(?:Heading\s*(\d)|Title)", style, re.IGNORECASE)
    if heading:
        return _block("heading", text, int(heading.group(1) or 1))
    runs = [r for r in paragraph.runs if r.text.strip()]
    if runs and runs[0].bold:
        lead = ""
        for run in paragraph.runs:
            if run.text.strip() and not run.bold:
                break
            lead += run.text
        whole = len(lead.strip()) == len(text.strip())
        if whole and _heading_like(text.strip()) and find_label(text) is None:
            return _block("heading", text, 3)
        text = _label_prefix(lead, text[len(lead) :])
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    if "list" in style.lower() or numbered or BULLET.match(text):
        return _block("item", BULLET.sub("", text, count=1))
    if "quote" in style.lower():
        return _block("quote", text)
    return _block("para", text)


# ----------------------------------------------------------------------------------- PDF


MAX_PDF_STREAM_BYTES = 16 * 1024 * 1024
"""The most one compressed PDF stream may expand to (a page of text is a few kilobytes)."""


def pdf_blocks(data: bytes, filename: str) -> Parsed:
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import LimitReachedError

    # pypdf's own limits on decompression (a Flate bomb) and parsing work, tighter than its
    # defaults: a "You said, we did" PDF has small text streams.
    try:
        with apply_configuration(
            zlib_maximum_output_length=MAX_PDF_STREAM_BYTES,
            lzw_maximum_output_length=MAX_PDF_STREAM_BYTES,
            run_length_maximum_output_length=MAX_PDF_STREAM_BYTES,
            brotli_maximum_output_length=MAX_PDF_STREAM_BYTES,
            array_based_stream_maximum_output_length=MAX_PDF_STREAM_BYTES,
            maximum_declared_stream_length=MAX_PDF_STREAM_BYTES,
            stream_decoding_work_maximum_length=4 * MAX_PDF_STREAM_BYTES,
        ):
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                unlocked: object
                try:
                    unlocked = reader.decrypt("")
                except Exception:
                    unlocked = 0
                if not unlocked:
                    raise DocumentError(
                        f"“{filename}” is a password-protected PDF. Remove the password and "
                        "upload it again."
                    )
            if len(reader.pages) > MAX_PDF_PAGES:
                raise DocumentError(
                    f"“{filename}” has {len(reader.pages):,} pages; the limit is "
                    f"{MAX_PDF_PAGES:,}. Split it into smaller documents."
                )
            pages = [page.extract_text() or "" for page in reader.pages]
            title = None
            if reader.metadata is not None and reader.metadata.title:
                title = one_line(str(reader.metadata.title)) or None
    except DocumentError:
        raise
    except LimitReachedError as exc:
        raise DocumentError(
            f"“{filename}” holds compressed data that expands far beyond any real document "
            "(it may be a “decompression bomb”), so it was not read."
        ) from exc
    except (MemoryError, RecursionError):
        raise  # the bounded reader names the limit
    except Exception as exc:  # pypdf raises many kinds of error on a damaged or hostile file
        raise DocumentError(
            f"“{filename}” looks like a PDF but is damaged and cannot be read."
        ) from exc
    if not "".join(pages).strip():
        raise DocumentError(
            f"“{filename}” has no text layer (it is probably scanned images), so there is no "
            "text to read. Upload the original Word document or web page instead."
        )
    page_lines = [[clean(line) for line in page.split("\n") if clean(line)] for page in pages]
    repeats = Counter(line for lines in page_lines for line in set(lines[:2] + lines[-2:]))
    lines: list[str] = []
    for page in page_lines:
        for line in page:
            if re.fullmatch(r"(?:page\s+)?\d{1,3}(?:\s+(?:of|/)\s+\d{1,3})?", line, re.IGNORECASE):
                continue
            if len(page_lines) > 2 and repeats[line] > len(page_lines) // 2:
                continue
            lines.append(line)
    blocks: list[Block | None] = []
    # a title: the first line when it looks like one
    if lines and _heading_like(lines[0]):
        blocks.append(_block("heading", lines[0], 1))
        lines = lines[1:]
    for block in _lines_to_blocks(lines, reflow=True):
        if (
            block is not None
            and block.kind == "para"
            and _heading_like(block.text)
            and find_label(block.text) is None
        ):
            blocks.append(Block("heading", block.text, 2))
            continue
        blocks.append(block)
    return Parsed(_keep(blocks), title, "pdf")


# ----------------------------------------------------------------------------------- entry


def _too_many(filename: str, count: int) -> str:
    return (
        f"“{filename}” has {count:,} paragraphs, rows or lines; the limit is {MAX_BLOCKS:,}. "
        "A “You said, we did” document is far shorter: split it into smaller documents."
    )


def parse(data: bytes, filename: str) -> Parsed:
    """Read ``data`` into blocks, whatever its format (see ``MAX_BLOCKS``)."""
    parsed = _parse(data, filename)
    if parsed.kind not in {"csv", "xlsx"} and len(parsed.blocks) > MAX_BLOCKS:  # rows: MAX_ROWS
        raise DocumentError(_too_many(filename, len(parsed.blocks)))
    return parsed


def _parse(data: bytes, filename: str) -> Parsed:
    if len(data) > MAX_BYTES:
        raise DocumentError(
            f"“{filename}” is {len(data) / (1024 * 1024):.1f} MB; the limit is "
            f"{MAX_BYTES // (1024 * 1024)} MB. Split it into smaller documents."
        )
    if not data.strip():
        raise DocumentError(f"“{filename}” is empty.")
    kind = detect(data, filename)
    if kind == "pdf":
        return pdf_blocks(data, filename)
    if kind == "docx":
        return docx_blocks(data, filename)
    if kind == "xlsx":
        return xlsx_blocks(data, filename)
    text = decode(data, filename)
    if not text.strip():
        raise DocumentError(f"“{filename}” is empty.")
    if looks_like_html(text):
        return html_blocks(text)
    if _extension(filename) in {"csv", "tsv"} or (
        _extension(filename) not in {"txt", "md", "text"} and looks_like_csv(text)
    ):
        return csv_blocks(text, filename)
    return Parsed(text_blocks(text), None, "text", text=text)
