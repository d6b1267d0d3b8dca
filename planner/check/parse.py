"""Reading figures back out of a plan's text and tables: amounts in 万元, lists of works with their
quantities, years, the annex tables by their columns. One reader per concept, shared by the checks."""

from __future__ import annotations

import re
from dataclasses import dataclass

from planner.check.document import PlanDoc, Table

__all__ = [
    "UNITS",
    "Work",
    "funds_table",
    "is_private",
    "money",
    "number",
    "projects_table",
    "quantity",
    "start_year",
    "unfunded_table",
    "wan",
    "works_in",
]

_WAN = re.compile(r"(\d+(?:\.\d+)?)万元")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
UNITS = {"平方米": "㎡", "㎡": "㎡", "万元": "万元", "间": "间", "人": "人", "台": "台", "册": "册"}


def wan(cell: str) -> float | None:
    """The first 万元 amount in a cell or sentence."""
    m = _WAN.search(cell)
    return float(m.group(1)) if m else None


def money(cell: str) -> float | None:
    """A 万元 amount, or a bare number in a table whose money columns state the unit once."""
    amount = wan(cell)
    if amount is not None:
        return amount
    return float(cell) if re.fullmatch(r"\s*\d+(?:\.\d+)?\s*", cell) else None


def number(text: str) -> float | None:
    """The first number in a text (5.88平方米 → 5.88)."""
    m = _NUMBER.search(text)
    return float(m.group(0)) if m else None


def quantity(cell: str) -> tuple[float, str] | None:
    """An amount and its unit (1800㎡ → (1800.0, ㎡); 3间 → (3.0, 间))."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(平方米|㎡|万元|间|人|台|册)\s*", cell)
    return (float(m.group(1)), UNITS[m.group(2)]) if m else None


@dataclass(frozen=True)
class Work:
    """One kind of work and its quantity as a list in the text gives it (新建…1800平方米)."""

    label: str
    amount: float
    unit: str


def works_in(text: str, labels: set[str]) -> list[Work]:
    """The works of a '、'-separated list, each a known ``label`` (the annexes' 项目) followed by its
    quantity: 扩建运动场地1800平方米、招聘体育、艺术专任教师2人 (a label may hold a 、); a quantity
    whose label is not known is returned with the text before it.

    >>> labels = {"扩建运动场地", "招聘体育、艺术专任教师"}
    >>> text = "扩建运动场地1800平方米、招聘体育、艺术专任教师2人"
    >>> [(w.label, w.amount, w.unit) for w in works_in(text, labels)]
    [('扩建运动场地', 1800.0, '㎡'), ('招聘体育、艺术专任教师', 2.0, '人')]
    """
    out = []
    for m in re.finditer(r"(\d+(?:\.\d+)?)(平方米|㎡|万元|间|人|台|册)", text):
        before = text[: m.start()]
        label = next((k for k in sorted(labels, key=len, reverse=True) if before.endswith(k)), "")
        if not label:
            label = re.split(r"[、，：；]", before)[-1]
        out.append(Work(label, float(m.group(1)), UNITS[m.group(2)]))
    return out


def start_year(cell: str) -> str:
    """The start year of an 实施时间 cell (2026年3—12月 → 2026年)."""
    m = re.match(r"(\d{4})年", cell)
    return f"{m.group(1)}年" if m else cell


def funds_table(doc: PlanDoc) -> Table | None:
    return doc.table("年度", "建设资金", "合计")


def projects_table(doc: PlanDoc) -> Table | None:
    return doc.table("实施时间", "资金渠道", "项目")


def unfunded_table(doc: PlanDoc) -> Table | None:
    """The 待安排项目清单 (by its title in a JSON plan; by its columns in a Word file)."""
    found = next((t for t in doc.tables if "待安排" in t.title), None)
    return found or doc.table("最早可安排年度") or doc.table("估算投资", "说明")


def is_private(table: Table, row: list[str]) -> bool:
    fund = table.column("资金渠道")
    return fund is not None and row[fund] == "举办者自筹"
