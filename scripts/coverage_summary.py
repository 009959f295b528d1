"""Print the suite's coverage figures and fail under the floor (decision 0228).

Run by scripts/test.sh after a whole-suite pytest run with --cov. The floor is
``[tool.coverage.report] fail_under`` in pyproject.toml, the one place it is written; the
figure it is checked against is coverage.py's total with branch measurement on (statements
and branches together). The branch figure alone is printed beside it.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import coverage

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    cov = coverage.Coverage(config_file=str(ROOT / "pyproject.toml"))
    cov.load()
    if not cov.get_option("run:branch"):
        print("Branch measurement is off: set branch = true in [tool.coverage.run].")
        return 1
    out = ROOT / "var" / "coverage.json"
    out.parent.mkdir(exist_ok=True)
    cov.json_report(outfile=str(out))
    totals = json.loads(out.read_text(encoding="utf-8"))["totals"]
    total = cov.report(file=io.StringIO())
    floor = float(cov.get_option("report:fail_under"))
    branches = 100 * totals["covered_branches"] / max(1, totals["num_branches"])
    print(f"Branch coverage: {total:.2f}% (statements and branches together; floor {floor:g}%)")
    statements = totals["percent_statements_covered"]
    print(f"  branches alone: {branches:.2f}% ({totals['covered_branches']} of "
          f"{totals['num_branches']}); statements alone: {statements:.2f}%")
    if total < floor:
        print(f"Coverage {total:.2f}% is under the floor of {floor:g}% (pyproject.toml, "
              "fail_under). Add tests for what you added; never lower the floor.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
