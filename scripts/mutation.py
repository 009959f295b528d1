"""Mutation testing of the modules that guard people, one module at a time (decision 0228).

    .venv/bin/python scripts/mutation.py MODULE     # or: make mutation MODULE=disclosure
    .venv/bin/python scripts/mutation.py MODULE --minutes 10   # time-boxed
    .venv/bin/python scripts/mutation.py --list

Each module has its own files to mutate, the functions whose mutants count, and its own
targeted test files: mutmut runs only those tests, with one worker, so a run takes one core
of a shared machine and minutes, not the whole suite. The run happens in var/mutation/MODULE/
(a pyproject.toml that is this project's plus a [tool.mutmut] table for the module, and links
to src/ and tests/), so the repository's own files are never rewritten. At the end it prints
mutants generated / killed / surviving and the diff of every survivor; docs/mutation.md keeps
the figures and a reason for each survivor.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
S = "saidanddone"

# name: (files to mutate, mutant-name patterns that count, targeted test files)
MODULES: dict[str, tuple[list[str], list[str], list[str]]] = {
    "permissions": (
        ["src/saidanddone/areas/permissions.py", "src/saidanddone/areas/selectors.py"],
        [f"{S}.areas.permissions.*", f"{S}.areas.selectors.x_role_of__*"],
        ["tests/areas/test_mutation_kills.py", "tests/areas/test_actors.py"],
    ),
    "disclosure": (
        ["src/saidanddone/publishing/disclosure.py"],
        [f"{S}.publishing.disclosure.*"],
        ["tests/publishing/test_disclosure_exact.py", "tests/publishing/test_disclosure.py"],
    ),
    "lifecycle": (
        ["src/saidanddone/commitments/rules.py"],
        [f"{S}.commitments.rules.*"],
        ["tests/commitments/test_mutation_kills.py", "tests/commitments/test_figures_and_dates.py"],
    ),
    "checks": (
        ["src/saidanddone/publishing/checks.py"],
        [f"{S}.publishing.checks.*"],
        ["tests/publishing/test_checks.py", "tests/publishing/test_publication_rules.py"],
    ),
    "redaction": (
        ["src/saidanddone/analysis/redaction.py"],
        [f"{S}.analysis.redaction.*"],
        ["tests/analysis/test_mutation_kills.py", "tests/analysis/test_redaction.py"],
    ),
    "names": (
        ["src/saidanddone/analysis/names.py"],
        [f"{S}.analysis.names.*"],
        ["tests/analysis/test_mutation_kills.py", "tests/analysis/test_redaction.py"],
    ),
    "safeguarding": (
        ["src/saidanddone/analysis/safeguarding.py"],
        [f"{S}.analysis.safeguarding.*"],
        ["tests/analysis/test_safeguarding_exact.py", "tests/analysis/test_safeguarding.py"],
    ),
    # The feedback service that routes a flagged comment to the safeguarding contacts.
    "alerts": (
        ["src/saidanddone/feedback/services.py"],
        [f"{S}.feedback.services.x_feedback_apply_analysis__*",
         f"{S}.feedback.services.x_safeguarding_alert_create__*",
         f"{S}.feedback.services.x__alert_wait__*",
         f"{S}.feedback.services.x_safeguarding_alert_send__*",
         f"{S}.feedback.services.x_safeguarding_alerts_send_due__*"],
        ["tests/feedback/test_alert_wait_exact.py", "tests/feedback/test_safeguarding_email.py"],
    ),
}

# End-to-end tests left out of a module's mutation run: each needs the test database, which a
# mutant's fresh pytest session would build again (half a minute of CPU per mutant). They still
# run in the suite; the module's exact tests reach the same functions.
DESELECT: dict[str, list[str]] = {
    "disclosure": [
        "tests/publishing/test_disclosure.py::test_the_public_page_shows_no_recoverable_small_number",
        "tests/publishing/test_disclosure.py::test_the_reg56_report_shows_no_recoverable_small_number",
    ],
}

# What mutmut's exit codes mean (mutmut.stats.status_by_exit_code, kept short here).
STATUS = {1: "killed", 3: "killed", 0: "survived", 5: "no tests", 33: "no tests",
          36: "timeout", 24: "timeout", -24: "timeout", 152: "timeout", 255: "timeout",
          None: "not checked"}


def toml_list(items: list[str]) -> str:
    return "[" + ", ".join(json.dumps(i) for i in items) + "]"


def prepare(name: str) -> Path:
    files, _patterns, tests = MODULES[name]
    tests = [t for t in tests if (ROOT / t).exists()]
    args = ["-p", "no:cacheprovider", "-q", "-x"]
    for node in DESELECT.get(name, []):
        args += ["--deselect", node]
    work = ROOT / "var" / "mutation" / name
    work.mkdir(parents=True, exist_ok=True)
    for link in ("src", "tests"):
        target = work / link
        if not target.is_symlink():
            target.symlink_to(ROOT / link)
    config = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    config += (
        "\n[tool.mutmut]\n"
        'source_paths = ["src"]\n'
        f"only_mutate = {toml_list(files)}\n"
        f"pytest_add_cli_args_test_selection = {toml_list(tests)}\n"
        # -x: a mutant is killed by the first failing test (the fast exact tests come first).
        f"pytest_add_cli_args = {toml_list(args)}\n"
        # Each mutant runs in a fresh pytest session, which builds the test database first
        # (about half a minute of CPU): the time limit allows for it.
        "timeout_constant = 45.0\n"
        "timeout_multiplier = 3.0\n"
        # Fork each mutant from a server that has only collected the tests: a worker forked
        # from the process that ran the database tests can inherit a held lock and hang.
        'process_isolation = "forkserver"\n'
    )
    (work / "pyproject.toml").write_text(config, encoding="utf-8")
    return work


def results(name: str, work: Path) -> dict[str, str]:
    files, patterns, _tests = MODULES[name]
    found: dict[str, str] = {}
    for file in files:
        meta = work / "mutants" / (file + ".meta")
        if not meta.exists():
            continue
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        for key, code in codes.items():
            if any(fnmatch(key, p) for p in patterns):
                found[key] = STATUS.get(code, "suspicious")
    return found


def main(argv: list[str]) -> int:
    if not argv or argv[0] == "--list" or argv[0] not in MODULES:
        print("Modules:", ", ".join(MODULES))
        return 0 if argv and argv[0] == "--list" else 2
    name = argv[0]
    minutes = float(argv[2]) if len(argv) > 2 and argv[1] == "--minutes" else 0.0
    work = prepare(name)
    _files, patterns, _tests = MODULES[name]
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="saidanddone.settings.test")
    env.pop("PYTHONPATH", None)  # mutmut puts the mutated copy of src/ first on the path
    mutmut = str(ROOT / ".venv" / "bin" / "mutmut")
    with open(work / "run.log", "w", encoding="utf-8") as log:
        run = subprocess.Popen([mutmut, "run", "--max-children", "1", *patterns],  # noqa: S603
                               cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
        try:
            run.wait(timeout=minutes * 60 if minutes else None)
        except subprocess.TimeoutExpired:
            # Time-boxed: stop mutmut and its workers (its own process group); the mutants
            # not reached are counted as "not checked".
            os.killpg(run.pid, signal.SIGTERM)
            run.wait()
    found = results(name, work)
    counts: dict[str, int] = {}
    for status in found.values():
        counts[status] = counts.get(status, 0) + 1
    summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    print(f"{name}: {len(found)} mutants; {summary}")
    unchecked = sorted(key for key, status in found.items() if status == "not checked")
    if unchecked:
        print(f"not checked (the time box ran out): {len(unchecked)}: " + " ".join(
            key.rsplit(".", 1)[-1] for key in unchecked))
    for key, status in sorted(found.items()):
        if status not in ("killed", "not checked"):
            diff = subprocess.run([mutmut, "show", key], cwd=work, env=env,  # noqa: S603
                                  capture_output=True, text=True, check=False).stdout
            print(f"--- {status}: {key}\n{diff}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
