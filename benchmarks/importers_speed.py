"""How long one document takes to import, per format.

    .venv/bin/python benchmarks/importers_speed.py [--repeat N]

Reads every fixture in tests/importers/fixtures/ and, when present, the shared seed page
(../shared/seed/you-said-we-did-2019.txt), and prints the median and worst wall-clock time of
``read_document`` for each (the first, cold call -- imports included -- is reported apart).
"""

from __future__ import annotations

import argparse
import contextlib
import html
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from saidanddone.importers import DocumentError, read_document  # noqa: E402

FIXTURES = ROOT / "tests" / "importers" / "fixtures"
SEED = ROOT.parent / "shared" / "seed" / "you-said-we-did-2019.txt"
TODAY = date(2025, 1, 1)


def _time(data: bytes, name: str) -> float:
    start = time.perf_counter()
    with contextlib.suppress(DocumentError):
        read_document(data, name, today=TODAY)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    files = sorted(
        p
        for p in FIXTURES.iterdir()
        if p.suffix in {".html", ".txt", ".docx", ".pdf", ".csv", ".xlsx"}
    )
    if SEED.exists():
        files.insert(0, SEED)
    inputs = [(p.name, p.read_bytes()) for p in files]
    if SEED.exists():
        # the seed as a saved web page, built here at run time (never stored in the repository)
        body = "".join(f"<p>{html.escape(line)}</p>" for line in SEED.read_text().splitlines())
        page = (
            "<html><head><title>You said, we did</title></head><body><div class='cookie-banner'>"
            "<p>We use cookies.</p></div><header><nav><ul><li><a href='/'>Home</a></li></ul></nav>"
            f"</header><main>{body}</main><footer><p>Footer links</p></footer></body></html>"
        )
        inputs.insert(1, ("seed-as-web-page.html", page.encode("utf-8")))
    cold = _time(inputs[0][1], inputs[0][0])
    print(f"first call (cold, imports included): {cold * 1000:.0f} ms")
    print(f"{'document':40} {'bytes':>8} {'median ms':>10} {'max ms':>8}")
    for name, data in inputs:
        times = [_time(data, name) for _ in range(args.repeat)]
        print(
            f"{name:40} {len(data):8d} {statistics.median(times) * 1000:10.1f} "
            f"{max(times) * 1000:8.1f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
