"""No view, form or command writes to the database except through a service.

Read from the source: the places people act (views, forms, management commands, the admin)
may not call the ORM's writing methods themselves.
"""

from __future__ import annotations

import ast
from pathlib import Path

import saidanddone

WRITES = {"save", "delete", "create", "update", "bulk_create", "bulk_update",
          "get_or_create", "update_or_create", "set", "add", "remove", "clear"}
ROOT = Path(saidanddone.__file__).parent


def edge_modules() -> list[Path]:
    found = [p for p in ROOT.rglob("*.py")
             if p.name in {"views.py", "forms.py"} or "management" in p.parts]
    return sorted(found)


def test_there_are_edge_modules_to_check() -> None:
    assert len(edge_modules()) >= 8


def test_views_forms_and_commands_call_no_orm_write() -> None:
    offenders = []
    for path in edge_modules():
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in WRITES):
                receiver = ast.unparse(node.func.value)
                # Writes on plain Python containers (a dict, a form's data) are fine.
                if receiver.endswith(("objects", "all()")) or ".filter(" in receiver or \
                        node.func.attr in {"save", "delete", "bulk_create", "bulk_update",
                                           "update_or_create", "get_or_create"}:
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} {ast.unparse(node)}")
    assert offenders == []
