from __future__ import annotations

import ast
from pathlib import Path

import planner
from planner.drafting.context import DraftContext
from planner.drafting.facts import FactKey
from planner.settings import PlanSettings


def test_fact_keys_are_typed_and_print_a_stable_id():
    key = FactKey(
        "school", school="城关镇中心小学", stage="primary", indicator="books_per_student", measure="value"
    )
    assert key.id == "school.城关镇中心小学.primary.books_per_student.value"
    assert key == FactKey(
        "school", school="城关镇中心小学", stage="primary", indicator="books_per_student", measure="value"
    )
    assert key.school == "城关镇中心小学"


def test_the_context_records_the_keys_a_paragraph_uses(town):
    _, ev = town
    ctx = DraftContext(ev, PlanSettings(region="城关镇", start_year=2026))
    text = ctx.d(FactKey("schools", scope="total"))
    para = ctx.para(f"共{text}")
    assert para.text == "共5所" and para.fact_keys == ("schools.total",)
    assert ctx.take() == ()


def _imports(path: Path) -> set[str]:
    """Every planner module a file imports, at any depth of the file (lazy imports included)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("planner"):
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names if a.name.startswith("planner"))
    return names


def test_the_drafting_modules_import_each_other_without_a_cycle():
    root = Path(planner.__file__).parent
    graph = {
        f"planner.drafting.{p.stem}": _imports(p)
        for p in (root / "drafting").glob("*.py")
        if p.stem != "__init__"
    }
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        assert module not in path, " → ".join((*path, module))
        if module in done or module not in graph:
            return
        for dep in graph[module]:
            visit(dep, (*path, module))
        done.add(module)

    for module in graph:
        visit(module, ())
    assert "planner.drafting.draft" not in graph["planner.drafting.annexes"]


def test_a_retriever_is_asked_each_query_once_until_the_cache_is_cleared():
    from planner.drafting.context import clear_retrieval_cache, passages

    asked = []

    def retrieve(query):
        asked.append(query)
        return [{"title": "办法", "doc_no": "教督〔2017〕6号", "status": "现行"}]

    first = passages(retrieve, "差异系数")
    assert passages(retrieve, "差异系数") == first and asked == ["差异系数"]
    clear_retrieval_cache()
    passages(retrieve, "差异系数")
    assert asked == ["差异系数", "差异系数"]
