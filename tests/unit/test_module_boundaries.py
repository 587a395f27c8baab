"""Modules use each other only through their public surface (``opsdesk.<module>``).

import-linter checks the direction of imports between layers; this checks their depth:
``from opsdesk.inventory.models import Reservation`` in another module couples it to a
file layout the inventory module is free to change.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "opsdesk"
# The toolbox every module may reach into, and the shells that wire modules together.
OPEN = {"kernel", "config"}
SHELLS = {"web", "cli", "app", "registry", "worker", "migrations", "__main__", "__init__"}


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text())
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
    return found


def _violations() -> list[str]:
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        owner = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        if owner in SHELLS:
            continue
        for line, module in _imports(path):
            parts = module.split(".")
            if parts[0] != "opsdesk" or len(parts) < 3:
                continue
            target = parts[1]
            if target not in OPEN and target != owner:
                problems.append(f"{path.relative_to(PACKAGE)}:{line} imports {module}")
    return problems


def test_modules_import_each_other_only_through_their_public_surface() -> None:
    assert _violations() == []
