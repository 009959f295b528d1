"""The floors stay true (docs/architecture.md, decision 0226): imports inside functions are the
exception, each one saying why.

import-linter's layers contract (pyproject.toml, run by `lint-imports`) keeps every import
pointing down a floor. This test keeps the imports that escape to function level few and
explained. Three kinds are allowed, and nothing else:

- registration in ``AppConfig.ready()``: a signals or checks module, or a hook onto a floor
  below, imported once the app registry is ready (Django needs the models loaded first);
- a task importing its own app's services, when those services import the task module at the
  top (the one lazy pattern for tasks: the services enqueue the task, the task runs them);
- at most ``MAX_CYCLE_BREAKERS`` others, each with a comment naming the cycle it breaks.

Each must carry a comment on its line or the line above. Migrations are left out: a data
migration imports app code inside its function on purpose, so that it runs the code of the day.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
PACKAGE = SRC / "saidanddone"
MAX_CYCLE_BREAKERS = 3


@dataclass(frozen=True)
class LazyImport:
    path: Path
    line: int
    module: str
    function: str
    comment: str

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(SRC)}:{self.line} ({self.module})"


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(node: ast.Import | ast.ImportFrom, path: Path) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:  # relative: resolve against this module's package
        base = _module_name(path).split(".")
        if path.name != "__init__.py":
            base = base[:-1]
        base = base[: len(base) - (node.level - 1)]
        return [".".join(base + ([node.module] if node.module else []))]
    return [node.module or ""]


def _comment(lines: list[str], line: int) -> str:
    """The comment on the import's line, or on the line just above it."""
    for text in (lines[line - 1], lines[line - 2] if line >= 2 else ""):
        if "#" in text:
            return text.split("#", 1)[1].strip()
    return ""


def lazy_imports(source: str, path: Path) -> list[LazyImport]:
    """Imports of project modules made inside a function of ``source``."""
    tree = ast.parse(source)
    lines = source.splitlines()
    found: list[LazyImport] = []

    def walk(node: ast.AST, function: str | None, owner: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                walk(child, child.name if function is None else function, owner)
            elif isinstance(child, ast.ClassDef):
                walk(child, function, child.name)
            elif isinstance(child, (ast.Import, ast.ImportFrom)) and function is not None:
                for module in _imported(child, path):
                    if module.split(".")[0] == "saidanddone":
                        found.append(LazyImport(path, child.lineno, module, function,
                                                _comment(lines, child.lineno)))
            else:
                walk(child, function, owner)

    walk(tree, None, None)
    return found


def _imports_at_top(path: Path, module: str) -> bool:
    """``path`` imports ``module`` (or a name from it) at module level."""
    if not path.exists():
        return False
    package, _, name = module.rpartition(".")
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Import) and any(a.name == module for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and not node.level:
            if node.module == module:
                return True
            if node.module == package and any(a.name == name for a in node.names):
                return True
    return False


def _is_registration(lazy: LazyImport) -> bool:
    return lazy.path.name == "apps.py" and lazy.function == "ready"


def _is_task_running_its_services(lazy: LazyImport) -> bool:
    """A task importing its own app's services, which import this task module at the top (so
    importing them at the top here would make a cycle). Services reached through another
    module count too (publishing: services -> pages -> tasks)."""
    if lazy.path.name != "tasks.py":
        return False
    app = lazy.path.parent
    tasks = _module_name(lazy.path)
    if lazy.module != tasks.rpartition(".")[0] + ".services":
        return False
    return any(_imports_at_top(app / f"{name}.py", tasks)
               for name in ("services", *_imported_at_top_by(app / "services.py", app)))


def _imported_at_top_by(path: Path, app: Path) -> list[str]:
    """Modules of the same app that ``path`` imports at the top (one step)."""
    prefix = _module_name(app) + "."
    names = []
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(prefix):
            names.append((node.module or "").removeprefix(prefix).split(".")[0])
    return names


def classify(found: list[LazyImport]) -> tuple[list[LazyImport], list[LazyImport]]:
    """(allowed patterns, cycle breakers that count against MAX_CYCLE_BREAKERS)."""
    allowed = [i for i in found if _is_registration(i) or _is_task_running_its_services(i)]
    return allowed, [i for i in found if i not in allowed]


def project_lazy_imports() -> list[LazyImport]:
    found: list[LazyImport] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        found += lazy_imports(path.read_text(), path)
    return found


def test_at_most_three_imports_inside_functions_break_cycles_and_say_which() -> None:
    allowed, breakers = classify(project_lazy_imports())
    assert len(breakers) <= MAX_CYCLE_BREAKERS, (
        f"{len(breakers)} imports inside functions (at most {MAX_CYCLE_BREAKERS}): import at "
        "the top, or move the code to the floor it belongs to (docs/architecture.md):\n"
        + "\n".join(i.where for i in breakers))
    unexplained = [i.where for i in breakers if "cycle" not in i.comment.lower()]
    assert not unexplained, ("An import inside a function must name the cycle it breaks in a "
                             "comment:\n" + "\n".join(unexplained))
    silent = [i.where for i in allowed if not i.comment]
    assert not silent, "Say why in a comment:\n" + "\n".join(silent)


def test_the_count_sees_an_import_inside_a_function() -> None:
    """The counter itself: a lazy import, a nested one and a relative one are all seen; one at
    the top, or of another package, is not."""
    source = (
        "from saidanddone.core import audit\n"
        "import json\n"
        "def f():\n"
        "    from saidanddone.areas.models import Area  # breaks the x cycle\n"
        "    import json\n"
        "    def g():\n"
        "        from . import services\n"
        "class C:\n"
        "    def m(self):\n"
        "        import saidanddone.themes.models\n"
    )
    path = PACKAGE / "feedback" / "example.py"
    found = lazy_imports(source, path)
    assert [(i.line, i.module) for i in found] == [
        (4, "saidanddone.areas.models"), (7, "saidanddone.feedback"),
        (10, "saidanddone.themes.models")]
    assert found[0].comment == "breaks the x cycle"
    _, breakers = classify(found)
    assert len(breakers) == 3


def test_a_task_importing_services_that_do_not_import_it_is_not_excused() -> None:
    """The task pattern is excused only where the cycle is real."""
    commitments_task = LazyImport(PACKAGE / "commitments" / "tasks.py", 1,
                                  "saidanddone.commitments.services", "run", "services")
    feedback_task = LazyImport(PACKAGE / "feedback" / "tasks.py", 1,
                               "saidanddone.feedback.services", "run", "services")
    assert not _is_task_running_its_services(commitments_task)
    assert _is_task_running_its_services(feedback_task)
