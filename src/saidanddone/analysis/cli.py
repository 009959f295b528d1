"""``saidanddone train`` and ``saidanddone analyse``: the analysis engine from the command line.

No database: files in, files out. Errors go to stderr as one clear message with a non-zero exit
status, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from itertools import islice
from pathlib import Path
from typing import IO, Any, NoReturn

from saidanddone.analysis.pipeline import (
    CHUNK_SIZE,
    Analyser,
    CommentResult,
    Summariser,
    find_duplicates,
    with_duplicates,
)
from saidanddone.analysis.readers import InputError, read_rows
from saidanddone.analysis.redaction import Redactor, apply_spans
from saidanddone.analysis.taxonomy import DEFAULT_TAXONOMY
from saidanddone.analysis.themes import ModelError, ThemeModel, sentiment_from_value, train_themes

__all__ = ["analyse_main", "train_main"]

EXIT_INPUT = 2
EXIT_MODEL = 3


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        raise _Usage(f"{self.prog}: error: {message}")


class _Usage(Exception):
    pass


def _fail(message: str, code: int = EXIT_INPUT) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code


def _column(name: str, header: Sequence[str], what: str) -> str:
    if name in header:
        return name
    folded = {h.strip().lower(): h for h in header}
    if name.strip().lower() in folded:
        return folded[name.strip().lower()]
    available = ", ".join(repr(h) for h in header)
    raise InputError(f"no {what} column {name!r}; the columns are: {available}")


class _Progress:
    """A tqdm bar on a terminal; a plain line every few seconds otherwise."""

    def __init__(self, total: int | None, what: str) -> None:
        self.what = what
        self.count = 0
        self.start = self.last = time.monotonic()
        self.bar: Any = None
        if sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit=" comments", desc=what, file=sys.stderr)

    def update(self, n: int) -> None:
        self.count += n
        if self.bar is not None:
            self.bar.update(n)
            return
        now = time.monotonic()
        if now - self.last >= 5:
            self.last = now
            rate = self.count / max(now - self.start, 1e-9)
            print(f"{self.what}: {self.count:,} rows ({rate:,.0f}/s)", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
        elapsed = time.monotonic() - self.start
        rate = self.count / max(elapsed, 1e-9)
        print(
            f"{self.what}: {self.count:,} rows in {elapsed:,.1f}s ({rate:,.0f}/s)",
            file=sys.stderr,
            flush=True,
        )


# ---- train ------------------------------------------------------------------------------------

_TRUE = {"1", "1.0", "true", "yes", "y"}
_FALSE = {"", "0", "0.0", "false", "no", "n"}


def train_main(argv: list[str]) -> int:
    parser = _Parser(
        prog="saidanddone train",
        description="Train a theme (and optionally sentiment) model from a labelled file.",
    )
    parser.add_argument("input", help="labelled CSV, XLSX or JSONL file")
    parser.add_argument("--text-column", required=True, help="the column holding the comment")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--label-columns", help="comma-separated label columns (1, 0 or blank)")
    group.add_argument("--label-columns-after", metavar="NAME",
                       help="every column after NAME is a label column")
    parser.add_argument("--sentiment-column",
                        help="1-2 positive, 3 neutral, 4-5 negative, or the words (mixed too)")
    parser.add_argument("--out", required=True, help="model directory to write")
    parser.add_argument("--min-positives", type=int, default=10,
                        help="labels with fewer positive rows are skipped (default 10)")
    try:
        args = parser.parse_args(argv)
    except _Usage as exc:
        print(exc, file=sys.stderr)
        return EXIT_INPUT
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    try:
        return _train(args)
    except InputError as exc:
        return _fail(str(exc))
    except (OSError, ModelError) as exc:
        return _fail(str(exc), EXIT_MODEL)
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except (MemoryError, RuntimeError, ValueError, TypeError) as exc:  # never a traceback
        return _fail(f"unexpected problem ({type(exc).__name__}: {exc}); please report it", 1)


def _train(args: argparse.Namespace) -> int:
    header, rows = read_rows(args.input)
    text_col = _column(args.text_column, header, "text")
    if args.label_columns:
        label_cols = [_column(c.strip(), header, "label") for c in args.label_columns.split(",")
                      if c.strip()]
    else:
        after = _column(args.label_columns_after, header, "--label-columns-after")
        label_cols = header[header.index(after) + 1 :]
    label_cols = [c for c in label_cols if c and c != text_col]
    if not label_cols:
        raise InputError("no label columns given")
    sent_col = (
        _column(args.sentiment_column, header, "sentiment") if args.sentiment_column else None
    )
    texts: list[str] = []
    labels: list[set[str]] = []
    sentiments: list[str | None] = []
    bad: dict[str, list[int]] = {}
    bad_sentiment: list[int] = []
    skipped_empty = 0
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        text = row.get(text_col, "")
        row_labels = set()
        for col in label_cols:
            value = row.get(col, "").strip().lower()
            if value in _TRUE:
                row_labels.add(col)
            elif value not in _FALSE:
                bad.setdefault(col, []).append(number)
        if sent_col is not None:
            raw = row.get(sent_col, "")
            sentiment = sentiment_from_value(raw)
            if sentiment is None and raw.strip():
                bad_sentiment.append(number)
        else:
            sentiment = None
        if not text.strip():
            skipped_empty += 1
            continue
        texts.append(text)
        labels.append(row_labels)
        sentiments.append(sentiment)
    if bad:
        details = "; ".join(
            f"{col!r} on rows {_rows_text(numbers)}" for col, numbers in list(bad.items())[:10]
        )
        raise InputError(f"label columns must hold 1, 0 or blank; other values in {details}")
    if not texts:
        raise InputError(f"no rows with text in column {text_col!r}")
    if bad_sentiment:
        print(f"note: {len(bad_sentiment)} sentiment values not understood (rows "
              f"{_rows_text(bad_sentiment)}); those rows train themes only", file=sys.stderr)
    # Train on redacted text, as `analyse` predicts on redacted text: no model learns a name.
    redactor = Redactor()
    texts = [apply_spans(t, spans) if (spans := redactor.find(t)) else t for t in texts]
    slugs = {t.slug for t in DEFAULT_TAXONOMY}
    base = ThemeModel.default() if set(label_cols) <= slugs else None
    print(f"training on {len(texts):,} rows ({skipped_empty:,} with empty text skipped), "
          f"{len(label_cols)} label columns", file=sys.stderr)
    started = time.monotonic()
    model = train_themes(
        texts, labels, base=base,
        sentiments=sentiments if sent_col is not None else None,
        min_positives=args.min_positives,
    )
    model.info["source"] = {"file": Path(args.input).name, "text_column": text_col,
                            "label_columns": label_cols, "sentiment_column": sent_col,
                            "empty_rows_skipped": skipped_empty}
    model.info["training_seconds"] = round(time.monotonic() - started, 1)
    model.save(args.out)
    info = model.info
    trained = list(info.get("label_counts", {}))
    print(f"trained {len(trained)} labels in {info['training_seconds']}s; model saved to "
          f"{args.out}", file=sys.stderr)
    skipped = info.get("skipped_labels", {})
    never = [c for c in label_cols if c not in trained and c not in skipped]
    if skipped or never:
        listed = [f"{k} ({v})" for k, v in skipped.items()] + [f"{c} (0)" for c in never]
        print(f"skipped {len(listed)} labels with fewer than {args.min_positives} positives: "
              + ", ".join(listed), file=sys.stderr)
    if "heldout" in info:
        h = info["heldout"]
        print(f"held-back themes: micro-F1 {h['micro_f1']:.3f}, macro-F1 {h['macro_f1']:.3f}",
              file=sys.stderr)
    if "sentiment" in info and "heldout_accuracy" in info["sentiment"]:
        print(f"held-back sentiment accuracy {info['sentiment']['heldout_accuracy']:.3f}",
              file=sys.stderr)
    return 0


def _rows_text(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:10])
    return shown + (f" and {len(numbers) - 10} more" if len(numbers) > 10 else "")


# ---- analyse ----------------------------------------------------------------------------------

_WORKER: Analyser | None = None


def _init_worker(model_dir: str | None, names: list[str], schools: list[str],
                 keep: list[str], threshold: float | None) -> None:
    global _WORKER
    # One encoder thread per worker process: the processes already use every core.
    os.environ.setdefault("SAIDANDDONE_ENCODER_THREADS", "1")
    model = ThemeModel.load(model_dir) if model_dir else None
    _WORKER = Analyser(model, names=names, schools=schools, keep=keep,
                       safeguarding_threshold=threshold)


def _work(job: tuple[int, list[str]]) -> list[CommentResult]:
    assert _WORKER is not None
    first, texts = job
    return _WORKER.analyse_chunk(texts, first)


def _lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def analyse_main(argv: list[str]) -> int:
    parser = _Parser(
        prog="saidanddone analyse",
        description="Redact, triage and classify comments; one JSON line per input row.",
    )
    parser.add_argument("input", help="CSV, XLSX or JSONL file")
    parser.add_argument("--text-column", required=True)
    parser.add_argument("--model", help="model directory from `saidanddone train` "
                        "(default: the rules for the default SEND taxonomy)")
    parser.add_argument("--out", help="results file (JSON lines); default: standard output")
    parser.add_argument("--summary", help="write the summary (JSON) here")
    parser.add_argument("--names", help="file of staff names to redact, one a line")
    parser.add_argument("--schools", help="file of school and setting names, one a line")
    parser.add_argument("--keep", help="file of services and helplines never to redact, one a line")
    parser.add_argument("--safeguarding-threshold", type=float, default=None,
                        help="how readily the model flags a comment (0.05 to 0.95, lower flags "
                             "more; default: the model's own, chosen to favour recall)")
    parser.add_argument("--workers", type=int, default=0,
                        help="worker processes (default: one per CPU core, 1 = no workers)")
    try:
        args = parser.parse_args(argv)
    except _Usage as exc:
        print(exc, file=sys.stderr)
        return EXIT_INPUT
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        return _analyse(args)
    except InputError as exc:
        return _fail(str(exc))
    except ModelError as exc:
        return _fail(str(exc), EXIT_MODEL)
    except OSError as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except (MemoryError, RuntimeError, ValueError, TypeError) as exc:  # never a traceback
        return _fail(f"unexpected problem ({type(exc).__name__}: {exc}); please report it", 1)


def _texts(path: str, column: str | None = None) -> tuple[str, Iterator[str]]:
    header, rows = read_rows(path)
    if column is None:
        raise InputError("no text column")
    col = _column(column, header, "text")
    return col, (row.get(col, "") for row in rows)


def _analyse(args: argparse.Namespace) -> int:
    model_dir = args.model
    model = ThemeModel.load(model_dir) if model_dir else None
    names = _lines(Path(args.names)) if args.names else []
    schools = _lines(Path(args.schools)) if args.schools else []
    keep = _lines(Path(args.keep)) if args.keep else []
    threshold = args.safeguarding_threshold
    if threshold is not None and not 0.05 <= threshold <= 0.95:
        raise InputError("--safeguarding-threshold must be between 0.05 and 0.95")
    _, first_pass = _texts(args.input, args.text_column)
    duplicates = find_duplicates(first_pass)
    total = len(duplicates.duplicate_of)
    _, texts = _texts(args.input, args.text_column)
    workers = args.workers or min(os.cpu_count() or 1, 4)
    summariser = Summariser()
    progress = _Progress(total, "analysed")

    def chunks() -> Iterator[tuple[int, list[str]]]:
        row = 1
        while chunk := list(islice(texts, CHUNK_SIZE)):
            yield row, chunk
            row += len(chunk)

    with ExitStack() as stack:
        out: IO[str] = (
            stack.enter_context(open(args.out, "w", encoding="utf-8"))
            if args.out else sys.stdout
        )
        if workers > 1 and total > CHUNK_SIZE:
            ctx = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
            pool = stack.enter_context(
                ctx.Pool(workers, _init_worker, (model_dir, names, schools, keep, threshold))
            )
            batches: Iterator[list[CommentResult]] = pool.imap(_work, chunks())
        else:
            analyser = Analyser(model, names=names, schools=schools, keep=keep,
                                safeguarding_threshold=threshold)
            batches = (analyser.analyse_chunk(c, first) for first, c in chunks())
        for batch in batches:
            lines = []
            for result in batch:
                dup = duplicates.duplicate_of[result.row - 1]
                result = with_duplicates(result, dup, duplicates.campaigns)
                summariser.add(result)
                lines.append(json.dumps(result.to_json(), ensure_ascii=False))
            out.write("\n".join(lines) + "\n")
            progress.update(len(batch))
    progress.close()
    if args.summary:
        summary = summariser.summary()
        summary["model"] = (model.info.get("source", {}) if model else {"kind": "rules"})
        Path(args.summary).write_text(json.dumps(summary, indent=2, ensure_ascii=False),
                                      encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:  # pragma: no cover - python -m entry
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "train":
        return train_main(args[1:])
    if args and args[0] == "analyse":
        return analyse_main(args[1:])
    print("usage: python -m saidanddone.analysis.cli {train,analyse} ...", file=sys.stderr)
    return EXIT_INPUT


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

