"""Every upload is read in a child process within limits (issue 11, decision 0211).

The hostile files come from ``benchmarks/upload_bombs.py`` at a small scale, so the tests are
quick; the benchmark runs them at full size under the production limits.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from saidanddone.importers import DocumentError
from saidanddone.importers.bounded import (
    MB,
    Limits,
    ReadLimitError,
    read_document_bounded,
    read_table_bounded,
    run_bounded,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import upload_bombs as bombs

QUICK = Limits(cpu_seconds=10, memory_bytes=512 * MB, wall_seconds=20)


# Targets for the child: module-level, so the fork server's child can import them.

def spin(*, progress: Any) -> None:
    progress("Spinning")
    while True:
        pass


def hog_memory(*, progress: Any) -> bytes:
    return b"x" * (2048 * MB)


def sleep_long(*, progress: Any) -> None:
    time.sleep(60)


def die_by_signal(*, progress: Any) -> None:
    os.kill(os.getpid(), 11)


def exit_badly(*, progress: Any) -> None:
    os._exit(3)


def answer(value: int, *, progress: Any) -> int:
    progress("Adding")
    return value + 1


def test_the_child_returns_plain_data_and_reports_progress() -> None:
    phases: list[str] = []
    outcome = run_bounded(answer, 41, filename="sum.txt", limits=QUICK,
                          on_progress=phases.append)
    assert outcome.value == 42
    assert phases == ["Adding"]
    assert outcome.peak_rss_bytes > 0


def test_a_child_stopped_by_the_cpu_limit_says_it_took_too_long() -> None:
    started = time.monotonic()
    with pytest.raises(ReadLimitError) as caught:
        run_bounded(spin, filename="slow.docx",
                    limits=Limits(cpu_seconds=1, memory_bytes=512 * MB, wall_seconds=20))
    assert time.monotonic() - started < 15
    assert caught.value.limit == "time"
    assert "“slow.docx” took longer than 1 second to read" in caught.value.message


def test_a_child_past_the_memory_limit_says_it_needs_more_memory() -> None:
    with pytest.raises(ReadLimitError) as caught:
        run_bounded(hog_memory, filename="big.xlsx",
                    limits=Limits(cpu_seconds=10, memory_bytes=256 * MB, wall_seconds=20))
    assert caught.value.limit == "memory"
    assert "“big.xlsx” needs more memory than 256 MB to read" in caught.value.message
    assert caught.value.peak_rss_bytes < 256 * MB


def test_a_child_past_the_wall_clock_limit_is_killed() -> None:
    started = time.monotonic()
    with pytest.raises(ReadLimitError) as caught:
        run_bounded(sleep_long, filename="stuck.pdf",
                    limits=Limits(cpu_seconds=10, memory_bytes=512 * MB, wall_seconds=1))
    assert time.monotonic() - started < 10
    assert "“stuck.pdf” took longer than 1 second to read" in caught.value.message


def test_a_child_that_crashes_gives_a_message_not_a_traceback() -> None:
    with pytest.raises(DocumentError) as caught:
        run_bounded(die_by_signal, filename="odd.docx", limits=QUICK)
    assert "“odd.docx”" in caught.value.message


def test_a_deeply_nested_page_is_stopped_by_the_cpu_limit() -> None:
    with pytest.raises(ReadLimitError) as caught:
        read_document_bounded(bombs.html_deep_nesting(0.05), "nested.html",
                              limits=Limits(cpu_seconds=2, memory_bytes=512 * MB,
                                            wall_seconds=20))
    assert "“nested.html” took longer than 2 seconds to read" in caught.value.message


HOSTILE_DOCUMENTS = [
    ("docx zip bomb", "bomb.docx", lambda: bombs.docx_repeated_paragraphs(0.02), "zip bomb"),
    ("docx 25,000 paragraphs", "long.docx", lambda: bombs.docx_many_small_paragraphs(0.25),
     "the limit is 20,000"),
    ("docx nested 5,000 deep", "nested.docx", lambda: bombs.docx_deep_nesting(0.1),
     "could not be read"),
    ("docx billion laughs", "laughs.docx", bombs.docx_entity_expansion, "could not be read"),
    ("xlsx huge sharedStrings", "survey.xlsx", lambda: bombs.xlsx_huge_shared_strings(0.1),
     "zip bomb"),
    ("xlsx 2,000 columns", "wide.xlsx", lambda: bombs.xlsx_wide_rows(0.1),
     "the limit is 1,000"),
    ("xlsx billion laughs", "laughs.xlsx", bombs.xlsx_entity_expansion, "could not be read"),
    ("pdf Flate bomb", "bomb.pdf", lambda: bombs.pdf_flate_bomb(0.02), "decompression bomb"),
    ("csv 20,000 columns", "wide.csv", lambda: bombs.csv_million_columns(0.01),
     "the limit is 1,000"),
]


@pytest.mark.parametrize(("name", "filename", "build", "says"), HOSTILE_DOCUMENTS,
                         ids=[h[0] for h in HOSTILE_DOCUMENTS])
def test_hostile_documents_get_a_clear_message(name: str, filename: str, build: Any,
                                               says: str) -> None:
    with pytest.raises(DocumentError) as caught:
        read_document_bounded(build(), filename, limits=QUICK)
    assert f"“{filename}”" in caught.value.message
    assert says in caught.value.message


def test_the_survey_reader_refuses_a_workbook_that_unpacks_too_far() -> None:
    with pytest.raises(DocumentError) as caught:
        read_table_bounded(bombs.xlsx_huge_shared_strings(0.1), "survey.xlsx", limits=QUICK,
                           max_rows=50_000, max_columns=500)
    assert "more than 100 times its size" in caught.value.message


def test_the_survey_reader_refuses_too_many_columns() -> None:
    with pytest.raises(DocumentError) as caught:
        read_table_bounded(bombs.csv_million_columns(0.001), "wide.csv", limits=QUICK,
                           max_rows=50_000, max_columns=500)
    assert "has 2,000 columns; the limit is 500" in caught.value.message


def test_the_survey_reader_returns_the_rows() -> None:
    table = read_table_bounded(b"Comment,Role\nThe bus was late,Parent\n", "s.csv",
                               limits=QUICK, max_rows=10, max_columns=10)
    assert table.header == ["Comment", "Role"]
    assert table.rows == [{"Comment": "The bus was late", "Role": "Parent"}]


def test_a_child_that_exits_without_an_answer_says_the_file_could_not_be_read() -> None:
    with pytest.raises(DocumentError) as caught:
        run_bounded(exit_badly, filename="odd.pdf", limits=QUICK)
    assert not isinstance(caught.value, ReadLimitError)
    assert "“odd.pdf” is damaged or in a form we cannot read" in caught.value.message
