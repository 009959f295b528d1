"""End-to-end speed and memory of `saidanddone train` and `saidanddone analyse`.

Generates N comments (benchmarks/analysis_data.py: perturbed FFT text, SEND comments with
personal details, campaign letters) into benchmarks/out/, trains on the labelled FFT rows
(timed), then runs `saidanddone analyse` with every stage on the N comments, sampling the
resident memory of the whole process tree (main process and workers) every 0.2 s.

    .venv/bin/python benchmarks/analysis_speed.py 1000000 [--rules]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"
sys.path.insert(0, str(ROOT / "benchmarks"))

from analysis_data import FFT, write_csv  # noqa: E402

CLI = [sys.executable, "-c", "import sys; from saidanddone.cli import main; sys.exit(main())"]


def _tree_rss(pid: int) -> int:
    """Resident memory (bytes) of ``pid`` and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
        except (OSError, IndexError):
            continue
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo.extend(children.get(p, []))
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


def _run(cmd: list[str]) -> tuple[float, int, int]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss(proc.pid))
        time.sleep(0.2)
    return time.perf_counter() - started, peak, proc.returncode


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("rows", type=int, nargs="?", default=200_000)
    parser.add_argument("--rules", action="store_true", help="default rules, no trained model")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    data = OUT / f"comments-{args.rows}.csv"
    if not data.exists():
        started = time.perf_counter()
        write_csv(data, args.rows)
        print(f"generated {args.rows:,} comments in {time.perf_counter() - started:.0f}s")
    model_args: list[str] = []
    if not args.rules and FFT.exists():
        model = OUT / "fft-model"
        elapsed, peak, rc = _run([
            *CLI,
            "train", str(FFT), "--text-column", "FFT answer", "--label-columns-after",
            "Comment sentiment", "--sentiment-column", "Comment sentiment", "--out", str(model)])
        print(f"train on FFT ({rc=}): {elapsed:.1f}s wall, peak memory {peak / 2**20:,.0f} MiB")
        model_args = ["--model", str(model)]
    elif not args.rules:
        print(f"note: {FFT} is absent; using the default rules")
    elapsed, peak, rc = _run([
        *CLI,
        "analyse", str(data), "--text-column", "comment", *model_args,
        "--out", str(OUT / "results.jsonl"), "--summary", str(OUT / "summary.json")])
    print(f"analyse {args.rows:,} comments ({rc=}, {'rules' if not model_args else 'FFT model'}): "
          f"{elapsed:.1f}s wall, {args.rows / elapsed:,.0f} comments/s, "
          f"peak memory {peak / 2**20:,.0f} MiB (all processes)")
    return rc


if __name__ == "__main__":
    sys.exit(main())
