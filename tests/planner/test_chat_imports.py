"""The chat package's modules import each other one way: no module reaches itself through its imports
(the tool table imports the answers and their argument models; the answers import only the models)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "planner" / "chat"


def _imports(path: Path) -> set[str]:
    """Every planner.chat module a file imports, wherever the import stands (type-only ones too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith("planner.chat."):
                found.add(node.module.removeprefix("planner.chat."))
            elif node.module == "planner.chat":
                found |= {a.name for a in node.names if (PACKAGE / f"{a.name}.py").exists()}
    return found


def test_no_module_of_the_chat_imports_itself_through_others():
    graph = {p.stem: _imports(p) for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    cycles = []

    def visit(node: str, path: tuple[str, ...]) -> None:
        for nxt in graph.get(node, ()):
            if nxt in path:
                cycles.append((*path[path.index(nxt) :], nxt))
            elif nxt in graph:
                visit(nxt, (*path, nxt))

    for module in graph:
        visit(module, (module,))
    assert cycles == []
