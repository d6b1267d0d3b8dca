"""What the checker reads: a plan's paragraphs, tables and (when known) facts, from a Plan, its JSON
(``python -m planner draft --json``) or the exported Word file."""

from __future__ import annotations

import copy
import json
import re
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
    document: str = ""
    """For a document, its kind (self_report, work_summary, inspection_plan, experience), when known."""
    headings: list[tuple[int, str]] = field(default_factory=list)
    """The numbered parts' titles with their level (1: 一、, 2: （一）), without the ordinals."""
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
                (p.get("lead", "") or "")
                + p["text"]
                + (f"〔责任单位：{p['units']}〕" if p.get("units") else ""),
                s.get("title") or s["key"],
                tuple(p.get("fact_keys", ())) if p.get("origin", "draft") == "draft" else None,
            )
            for s in data["sections"]
            for p in s["paragraphs"]
        ]
        headings = [
            (s["level"], s["title"]) for s in data["sections"] if s.get("level") in (1, 2) and s.get("title")
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
    template = str(data.get("template", ""))
    return PlanDoc(
        data.get("title", ""),
        paragraphs,
        tables,
        facts,
        settings.get("region", ""),
        settings.get("level", ""),
        settings.get("yearly_budget_wan"),
        allowed,
        "document" if template.startswith("kinds/") else "plan",
        template.removeprefix("kinds/") if template.startswith("kinds/") else "",
        headings,
        dict(settings.get("rules") or {}),
    )


def from_docx(path: Path) -> PlanDoc:
    from docx import Document

    doc = Document(str(path))
    texts = [p.text for p in doc.paragraphs if p.text.strip()]
    title = texts[0] if texts else ""
    paragraphs, section, headings = [], "", []
    for p in doc.paragraphs:
        text = p.text
        if not text.strip() or text == texts[0]:
            continue
        if p.style.name.startswith("Heading") or _is_heading(text):
            section = (
                text.split("、", 1)[-1].split("）", 1)[-1] if text[:1] in "一二三四五六七八九十（" else text
            )
            level = int(p.style.name.split()[-1]) if p.style.name.startswith("Heading") else 1
            headings.append((level, section))
        paragraphs.append(Para(text, section))
    tables = []
    captions = [t for t in texts if t.startswith("附件") and "．" not in t and len(t) < 40]
    for n, t in enumerate(doc.tables):
        rows = [[c.text for c in row.cells] for row in t.rows]
        caption = captions[n] if n < len(captions) else ""
        tables.append(Table(caption, rows[0] if rows else [], rows[1:]))
    region = region_of(title)
    from planner.documents.templates import TITLE_MARKS

    document = next((k for mark, k in TITLE_MARKS.items() if mark in title), "")
    kind = "document" if document else "plan"
    return PlanDoc(title, paragraphs, tables, None, region, "", None, set(), kind, document, headings)


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


_REGION_END = re.compile(r"\d{4}年|推进|巩固|义务教育|迎接|关于|县域")


def region_of(title: str) -> str:
    """The region a document's title begins with: the text before 推进, 义务教育, 迎接, a year …

    >>> region_of("北山县2025年度推进义务教育优质均衡发展工作总结")
    '北山县'
    >>> region_of("城关镇义务教育优质均衡发展自评报告")
    '城关镇'
    >>> region_of("示例区迎接义务教育优质均衡发展督导评估工作方案")
    '示例区'
    >>> region_of("青河县巩固义务教育基本均衡发展成果三年行动方案（2026—2028年）")
    '青河县'
    """
    m = _REGION_END.search(title)
    return title[: m.start()] if m and m.start() > 0 else ""


def _is_heading(text: str) -> bool:
    return len(text) < 30 and (text[:2].rstrip("、") in "一二三四五六七八九十" or text.startswith("（"))


def _numbers(text: str) -> list[str]:
    return re.findall(r"\d+(?:\.\d+)?", text)
