"""The ``saidanddone`` console script.

Commands that need no database (``train``, ``analyse``, ``import-document`` without ``--area``)
run straight from the pure packages, so they work on a machine with no Django settings at all.
Everything else is a Django management command of this project, run with the project's settings.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Sequence

# Commands served by the pure packages: name -> "module:function" taking argv, returning exit code.
PURE_COMMANDS: dict[str, str] = {
    "train": "saidanddone.analysis.cli:train_main",
    "analyse": "saidanddone.analysis.cli:analyse_main",
    "import-document": "saidanddone.importers.cli:main",
}

# The project's own management commands, listed in `saidanddone --help`.
PROJECT_COMMANDS: dict[str, str] = {
    "setup": "migrate the database and load the demo area if the database is empty",
    "demo": "load (or with --reset, reload) the fictional demo area",
    "createarea": "create a local area with the default theme taxonomy",
    "addmember": "give a user a role in an area (creating the user if needed)",
    "loophealth": "print an area's loop health figures",
    "retention": "delete original feedback text past each area's retention schedule (daily)",
    "serve": "serve the product on http://127.0.0.1:8000 (development server)",
    "worker": "run background tasks from the database queue (survives database restarts)",
    "sweep": "re-queue abandoned tasks, queue comments never analysed, retry safeguarding mail",
    "digest": "e-mail each owner team its weekly digest of commitments to look at (cron)",
    "import-document": "read a 'You said, we did' document (--json; --area SLUG stores drafts)",
    "train": "train a theme and sentiment model from a labelled CSV",
    "analyse": "redact, triage and classify comments from a CSV, XLSX or JSONL file",
}

# Thin aliases onto Django's own commands.
ALIASES = {"serve": "runserver", "import-document": "import_document"}


def _help() -> str:
    width = max(len(n) for n in PROJECT_COMMANDS)
    lines = [
        "usage: saidanddone COMMAND [options]",
        "",
        "Said & Done: hear what families say, commit, deliver and publish 'You said, we did'.",
        "",
        "Commands:",
    ]
    lines += [f"  {name.ljust(width)}  {text}" for name, text in sorted(PROJECT_COMMANDS.items())]
    lines += [
        "",
        "Any Django management command also works (for example: migrate, createsuperuser).",
        "Run `saidanddone COMMAND --help` for a command's options.",
    ]
    return "\n".join(lines)


def _has_area(args: list[str]) -> bool:
    return any(a == "--area" or a.startswith("--area=") for a in args)


def _load(target: str) -> Callable[[list[str]], int]:
    module, _, func = target.partition(":")
    command: Callable[[list[str]], int] = getattr(importlib.import_module(module), func)
    return command


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(_help())
        return 0
    name, rest = args[0], args[1:]
    # import-document with --area stores drafts in an area, so it needs the database.
    if name in PURE_COMMANDS and not (name == "import-document" and _has_area(rest)):
        return _load(PURE_COMMANDS[name])(rest)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saidanddone.settings.local")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["saidanddone", ALIASES.get(name, name), *rest])
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
