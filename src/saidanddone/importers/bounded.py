"""Reading an untrusted upload in a child process, with limits on CPU time, memory and wall time.

Every upload the web app reads (a "You said, we did" document, a survey export) goes through
``read_document_bounded`` or ``read_table_bounded``. The libraries that read DOCX, XLSX, PDF and
HTML can be made to spend minutes and gigabytes on a small hostile file; here they do it in a
child process that the kernel stops (``RLIMIT_CPU``, ``RLIMIT_AS``) and the parent kills when it
runs past the wall-clock limit. The parent gets plain data back (picklable dataclasses) or a
``ReadLimitError`` whose message names the file and the limit. Nothing is saved by a read, so a
stopped read leaves nothing behind.

Children come from a fork server that has already imported the readers, so a read starts in a
few milliseconds and never inherits the web process's threads or database connections
(decision 0211).
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from saidanddone.analysis.readers import InputError, read_rows
from saidanddone.importers.api import read_document
from saidanddone.importers.formats import check_zip
from saidanddone.importers.model import DocumentError, ImportedDocument

MB = 1024 * 1024

Progress = Callable[[str], None]
"""Called with a short phrase ("Reading the text") as the child moves through its work."""

# What the fork server imports once, so that no child pays for it.
_PRELOAD = [
    "saidanddone.importers.bounded",
    "saidanddone.importers.api",
    "saidanddone.analysis.readers",
    "openpyxl",
    "docx",
    "pypdf",
    "bs4",
    "lxml.etree",
    "trafilatura",
    "charset_normalizer",
    "saidanddone.importers.warm",  # loads the page reader's models once, for every child
]


@dataclass(frozen=True)
class Limits:
    """How much one read may use. ``memory_bytes`` bounds the child's resident memory: its
    address space may grow by no more than ``memory_bytes`` less what is resident when the read
    starts (the readers' libraries), so every page it could touch fits under the limit."""

    cpu_seconds: int = 20
    memory_bytes: int = 512 * MB
    wall_seconds: float = 25.0
    start_method: str = "forkserver"


@dataclass(frozen=True)
class Outcome:
    """A finished read: the value, and what the child used (for benchmarks and logs)."""

    value: Any
    seconds: float
    peak_rss_bytes: int


@dataclass(frozen=True)
class Table:
    """A survey export as read: its column names and its rows (dicts of strings)."""

    header: list[str]
    rows: list[dict[str, str]] = field(default_factory=list)


class ReadLimitError(DocumentError):
    """A read stopped at a limit: ``limit`` is "time" or "memory"; ``peak_rss_bytes`` what the
    child had used when it was stopped (0 when not known)."""

    def __init__(self, message: str, *, limit: str, peak_rss_bytes: int = 0) -> None:
        super().__init__(message)
        self.limit = limit
        self.peak_rss_bytes = peak_rss_bytes


def time_message(filename: str, seconds: float) -> str:
    return (
        f"“{filename}” took longer than {seconds:g} second{'' if seconds == 1 else 's'} to "
        "read, so it was not imported. "
        "It is far bigger or more complicated than a “You said, we did” document or a survey "
        "export should be; split it into smaller files or save it again in a simpler format."
    )


def memory_message(filename: str, memory_bytes: int) -> str:
    return (
        f"“{filename}” needs more memory than {memory_bytes // MB} MB to read, so it was not "
        "imported. It is far bigger or more complicated than a “You said, we did” document or "
        "a survey export should be; split it into smaller files or save it again in a simpler "
        "format."
    )


def _unreadable(filename: str) -> str:
    return f"“{filename}” is damaged or in a form we cannot read, so it was not imported."


def nesting_message(filename: str) -> str:
    return (
        f"“{filename}” is nested too deeply to read (its parts are inside one another thousands "
        "of times), so it was not imported. Save it again from the program that made it."
    )


# ----------------------------------------------------------------------------------- parent

_context_cache: dict[str, Any] = {}
_last_peak = [0]


def last_peak_rss() -> int:
    """The peak resident memory of this process's most recent child read, in bytes (for the
    benchmark: a read that ends in a message still reports what it used)."""
    return _last_peak[0]


def _context(method: str) -> Any:
    if method not in _context_cache:
        ctx = multiprocessing.get_context(method)
        if method == "forkserver":
            ctx.set_forkserver_preload(_PRELOAD)
        _context_cache[method] = ctx
    return _context_cache[method]


def _peak_rss(pid: int | None) -> int:
    """The child's peak resident memory so far (VmHWM), 0 once it has gone."""
    if pid is None:
        return 0
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def run_bounded(
    target: Callable[..., Any],
    *args: Any,
    filename: str,
    limits: Limits,
    on_progress: Progress | None = None,
) -> Outcome:
    """Call ``target(*args, progress=...)`` in a child process within ``limits``.

    The child's ``DocumentError`` comes back as a ``DocumentError`` with the same message; a
    limit reached gives ``ReadLimitError``; any other failure in the child becomes a
    ``DocumentError`` saying the file could not be read (never a traceback or a path).
    """
    ctx = _context(limits.start_method)
    receiver, sender = ctx.Pipe(duplex=False)
    child = ctx.Process(
        target=_child_main, args=(sender, target, args, limits, filename), daemon=True
    )
    started = time.monotonic()
    child.start()
    sender.close()
    peak = 0
    final: tuple[str, Any, int] | None = None
    try:
        while final is None:
            left = limits.wall_seconds - (time.monotonic() - started)
            if left <= 0:
                child.kill()
                child.join()
                _last_peak[0] = peak
                raise ReadLimitError(
                    time_message(filename, limits.wall_seconds), limit="time", peak_rss_bytes=peak
                )
            peak = max(peak, _peak_rss(child.pid))
            if not receiver.poll(min(0.05, left)):
                continue
            try:
                message = receiver.recv()
            except (EOFError, OSError):
                break  # the child died without a word: the kernel stopped it
            if message[0] == "progress":
                if on_progress is not None:
                    on_progress(message[1])
            else:
                final = message
    finally:
        receiver.close()
    child.join(5)
    if child.exitcode is None:
        child.kill()
        child.join()
    seconds = time.monotonic() - started
    _last_peak[0] = peak
    if final is None:
        if child.exitcode == -signal.SIGXCPU or (
            child.exitcode == -signal.SIGKILL and seconds >= limits.cpu_seconds
        ):
            raise ReadLimitError(
                time_message(filename, limits.cpu_seconds), limit="time", peak_rss_bytes=peak
            )
        if child.exitcode is not None and child.exitcode > 0:  # Python itself gave up
            raise DocumentError(_unreadable(filename))
        # A reader written in C that cannot allocate aborts or crashes rather than raising.
        raise ReadLimitError(
            memory_message(filename, limits.memory_bytes), limit="memory", peak_rss_bytes=peak
        )
    kind, value, child_peak = final
    peak = max(peak, child_peak)
    _last_peak[0] = peak
    if kind == "ok":
        return Outcome(value, seconds, peak)
    if kind == "memory":
        raise ReadLimitError(
            memory_message(filename, limits.memory_bytes), limit="memory", peak_rss_bytes=peak
        )
    if kind == "time":
        raise ReadLimitError(
            time_message(filename, limits.cpu_seconds), limit="time", peak_rss_bytes=peak
        )
    raise DocumentError(str(value))


# ----------------------------------------------------------------------------------- child


def _resident_and_mapped() -> tuple[int, int]:
    rss = size = 0
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) * 1024
            elif line.startswith("VmSize:"):
                size = int(line.split()[1]) * 1024
    return rss, size


_MARGIN = 24 * MB


def _apply_limits(limits: Limits) -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 1))
    rss, mapped = _resident_and_mapped()
    # Pages mapped but not yet resident (libraries' code, reserved arenas) can become resident
    # too; a margin keeps the peak under the limit when they do.
    room = max(limits.memory_bytes - rss - _MARGIN, 32 * MB)
    resource.setrlimit(resource.RLIMIT_AS, (mapped + room, mapped + room))
    # A core dump of a stopped read would write the upload's text to disk.
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _own_peak() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _child_main(
    sender: Any, target: Callable[..., Any], args: tuple[Any, ...], limits: Limits, filename: str
) -> None:
    # The CPU limit's first signal ends the child; the parent reads that as "took too long".
    signal.signal(signal.SIGXCPU, signal.SIG_DFL)
    _apply_limits(limits)

    def progress(phase: str) -> None:
        sender.send(("progress", phase))

    outcome: tuple[str, Any]
    try:
        outcome = ("ok", target(*args, progress=progress))
    except ReadLimitError as exc:
        outcome = (exc.limit, exc.message)
    except DocumentError as exc:
        outcome = ("error", exc.message)
    except MemoryError:
        outcome = ("memory", None)
    except RecursionError:
        outcome = ("error", nesting_message(filename))
    except Exception:  # a library's own error on a hostile file: say so, name no internals
        outcome = ("error", _unreadable(filename))
    try:
        sender.send((outcome[0], outcome[1], _own_peak()))
    except MemoryError:
        sender.send(("memory", None, _own_peak()))
    finally:
        sender.close()


# ----------------------------------------------------------------------------------- readers


def _read_document(
    data: bytes, filename: str, today: date | None, *, progress: Progress
) -> ImportedDocument:
    return read_document(data, filename, today=today, progress=progress)


def read_document_bounded(
    data: bytes,
    filename: str,
    *,
    limits: Limits,
    today: date | None = None,
    on_progress: Progress | None = None,
) -> ImportedDocument:
    """``read_document`` in a child process within ``limits`` (see ``run_bounded``)."""
    outcome = run_bounded(
        _read_document, data, filename, today, filename=filename, limits=limits,
        on_progress=on_progress,
    )
    document: ImportedDocument = outcome.value
    return document


def _read_table(
    content: bytes, name: str, max_rows: int, max_columns: int, *, progress: Progress
) -> Table:
    """A survey export's header and rows. The readers work on a path, so the bytes go to a
    private temporary file, deleted before this returns whatever happens."""
    xlsx = name.lower().endswith((".xlsx", ".xlsm"))
    if xlsx or content.startswith(b"PK\x03\x04"):
        progress("Checking the workbook")
        check_zip(content, name)  # before openpyxl unpacks anything
    handle, raw_path = tempfile.mkstemp(suffix=".xlsx" if xlsx else ".csv", prefix="survey-")
    path = Path(raw_path)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        progress("Reading the rows")
        try:
            header, reader = read_rows(path)
            if len(header) > max_columns:
                raise DocumentError(
                    f"“{name}” has {len(header):,} columns; the limit is {max_columns:,}. "
                    "Remove the columns you do not need and upload it again."
                )
            rows: list[dict[str, str]] = []
            for row in reader:
                if len(rows) >= max_rows:
                    raise DocumentError(
                        f"“{name}” has more than {max_rows:,} rows. Split it into parts."
                    )
                rows.append(row)
        except InputError as exc:
            if xlsx and "not a readable XLSX" in str(exc):  # openpyxl's words are for developers
                raise DocumentError(
                    f"“{name}” looks like an Excel workbook but could not be read. Open it "
                    "and save it again as .xlsx, or save it as CSV."
                ) from None
            # The readers name the (temporary) path: the officer only knows their file.
            raise DocumentError(str(exc).replace(f"{path}: ", "").replace(str(path), name)) \
                from None
    finally:
        path.unlink(missing_ok=True)
    return Table(header, rows)


def read_table_bounded(
    content: bytes,
    name: str,
    *,
    limits: Limits,
    max_rows: int,
    max_columns: int,
    on_progress: Progress | None = None,
) -> Table:
    """A survey export (CSV or XLSX) read in a child process within ``limits``."""
    outcome = run_bounded(
        _read_table, content, name, max_rows, max_columns, filename=name, limits=limits,
        on_progress=on_progress,
    )
    table: Table = outcome.value
    return table
