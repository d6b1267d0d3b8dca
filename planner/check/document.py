"""What the checker reads: a plan's paragraphs, tables and (when known) facts, from a Plan, its JSON
(``python -m planner draft --json``) or the exported Word file."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from pathlib import Path

from planner.model import Plan

__all__ = ["CheckError", "Para", "PlanDoc", "Table", "load_doc"]


class CheckError(ValueError):
    """A file the checker cannot read; the message is Chinese."""


@dataclass(frozen=True)
class Para:
    text: str
    section: str = ""
    """The section's title (or key), for messages and for which task group a sentence is in."""
    fact_keys: tuple[str, ...] | None = None
    """None when the source (a Word file) does not record them."""


@dataclass(frozen=True)
class Table:
    title: str
    headers: list[str]
    rows: list[list[str]]
    note: str = ""
    """The 注 under the table (a Word file's notes are read as paragraphs instead)."""

    def column(self, name: str) -> int | None:
        return self.headers.index(name) if name in self.headers else None


@dataclass
class PlanDoc:
    title: str
    paragraphs: list[Para]
    tables: list[Table]
    facts: dict[str, str] | None = None
    """Fact id → display string; None for a Word file."""
    region: str = ""
    level: str = ""
    budget: float | None = None
    allowed: set[str] = field(default_factory=set)
    """Numbers that need no fact: the plan's years, the issue date, cited 文号."""
    kind: str = "plan"
    """plan (实施方案) or document (the other kinds: 自评报告, 工作总结 …)."""
    rules: dict = field(default_factory=dict)
    """The plan's planning rules (``PlanSettings.rules``) when the file records them."""

    def table(self, *headers: str) -> Table | None:
        """The first table whose headers include all of ``headers``."""
        return next((t for t in self.tables if all(h in t.headers for h in headers)), None)


def from_plan(plan: Plan) -> PlanDoc:
    """The plan as the checker reads it: a copy, so editing the document never edits the plan."""
    return from_json(copy.deepcopy(plan.to_json()))


def from_json(data: dict) -> PlanDoc:
    try:
        settings = data.get("settings", {})
        paragraphs = [
            Para(
                (p.get("lead", "") or "") + p["text"],
                s.get("title") or s["key"],
                tuple(p.get("fact_keys", ())) if p.get("origin", "draft") == "draft" else None,
            )
            for s in data["sections"]
            for p in s["paragraphs"]
        ]
        tables = [
            Table(t["title"], list(t["headers"]), t.get("cells", []), t.get("note", ""))
            for t in data.get("annexes", [])
        ]
        facts = {f["key"]: f["display"] for f in data["facts"]} if "facts" in data else None
    except (KeyError, TypeError) as exc:
        raise CheckError(f"方案 JSON 缺少必要内容：{exc}") from None
    allowed = {str(settings.get("start_year", ""))}
    start, years = settings.get("start_year"), settings.get("years")
    if isinstance(start, int) and isinstance(years, int):
        allowed |= {str(start + i) for i in range(years)}
    day = str(settings.get("issue_date", ""))
    allowed |= {part.lstrip("0") for part in day.split("-") if part}
    for s in data["sections"]:
        for p in s["paragraphs"]:
            for src in p.get("sources", ()):
                allowed |= set(_numbers(str(src.get("doc_no", ""))))
                allowed |= set(_numbers(str(src.get("title", ""))))
    return PlanDoc(
        data.get("title", ""),
        paragraphs,
        tables,
        facts,
        settings.get("region", ""),
        settings.get("level", ""),
        settings.get("yearly_budget_wan"),
        allowed,
        "document" if str(data.get("template", "")).startswith("kinds/") else "plan",
        dict(settings.get("rules") or {}),
    )


def from_docx(path: Path) -> PlanDoc:
    from docx import Document

    doc = Document(str(path))
    texts = [p.text for p in doc.paragraphs if p.text.strip()]
    title = texts[0] if texts else ""
    paragraphs, section = [], ""
    for text in texts[1:]:
        if _is_heading(text):
            section = text.split("、", 1)[-1].split("）", 1)[-1]
        paragraphs.append(Para(text, section))
    tables = []
    captions = [t for t in texts if t.startswith("附件") and "．" not in t and len(t) < 40]
    for n, t in enumerate(doc.tables):
        rows = [[c.text for c in row.cells] for row in t.rows]
        caption = captions[n] if n < len(captions) else ""
        tables.append(Table(caption, rows[0] if rows else [], rows[1:]))
    region = title.split("推进", 1)[0] if "推进" in title else ""
    from planner.documents.templates import TITLE_MARKS

    kind = "document" if any(mark in title for mark in TITLE_MARKS) else "plan"
    return PlanDoc(title, paragraphs, tables, None, region, "", None, set(), kind)


def load_doc(path: str | Path) -> PlanDoc:
    """A .json plan (from ``--json``) or an exported .docx."""
    path = Path(path)
    if not path.is_file():
        raise CheckError(f"找不到文件：{path}")
    if path.suffix.lower() == ".json":
        try:
            return from_json(json.loads(path.read_text(encoding="utf-8")))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise CheckError(f"{path.name} 不是有效的方案 JSON：{exc}") from None
    if path.suffix.lower() == ".docx":
        try:
            return from_docx(path)
        except Exception as exc:  # python-docx raises several kinds for a broken file
            raise CheckError(f"{path.name} 无法作为 Word 文件读取：{exc}") from None
    raise CheckError(f"{path.name}：只能检查 .docx 或 .json 方案文件。")


def _is_heading(text: str) -> bool:
    return len(text) < 30 and (text[:2].rstrip("、") in "一二三四五六七八九十" or text.startswith("（"))


def _numbers(text: str) -> list[str]:
    import re

    return re.findall(r"\d+(?:\.\d+)?", text)
