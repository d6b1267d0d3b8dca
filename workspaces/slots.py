"""Document slots: the plan, each yearly 工作总结, the 自评报告, the 迎评方案 and the 经验材料 are separate
documents of a workspace, each with its own versions; saving one never touches another.

A slot is named by a :class:`SlotKey` (kind, and the 统计年度 for a yearly kind). The page tells the
store which slot a document belongs to (planner.documents.slot_of); :func:`slot_of_payload` reads it
from a stored version's JSON, for versions saved before slots existed (old exports)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["KIND_NAMES", "SLOT_KINDS", "YEARLY_KINDS", "SlotKey", "slot_of_payload"]

SLOT_KINDS = ("plan", "self_report", "work_summary", "inspection_plan", "experience")
"""Every kind, in the order the page lists them."""
YEARLY_KINDS = frozenset({"work_summary"})
"""Kinds with one document per 统计年度."""
KIND_NAMES = {
    "plan": "实施方案",
    "self_report": "自评报告",
    "work_summary": "工作总结",
    "inspection_plan": "迎评工作方案",
    "experience": "经验交流材料",
}
_TEMPLATE_PREFIX = "kinds/"


@dataclass(frozen=True, order=True)
class SlotKey:
    """Which document: its kind, and its 统计年度 when the kind is yearly (else None)."""

    kind: str = "plan"
    year: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in SLOT_KINDS:
            raise ValueError(f"unknown document kind {self.kind!r}")
        if self.kind not in YEARLY_KINDS and self.year is not None:
            object.__setattr__(self, "year", None)

    @property
    def name(self) -> str:
        """2024年度工作总结, 自评报告 …"""
        base = KIND_NAMES[self.kind]
        return f"{self.year}年度{base}" if self.year is not None else base

    @property
    def stored_year(self) -> int:
        """The plans table's ``year`` column: 0 for a kind that is not yearly."""
        return self.year or 0

    @classmethod
    def stored(cls, kind: str, year: int) -> SlotKey:
        return cls(kind, year or None)

    @property
    def order(self) -> tuple[int, int]:
        """Sort key for listing: the kind's place, then the newest year first."""
        return (SLOT_KINDS.index(self.kind), -(self.year or 0))


def slot_of_payload(payload: Any) -> SlotKey:
    """The slot of a version stored as codec JSON: a document drafted from a ``kinds/<kind>`` template
    is that kind (a 工作总结 of its settings' data year); anything else is the plan."""
    fields = payload.get("fields") if isinstance(payload, dict) else None
    template = fields.get("template") if isinstance(fields, dict) else None
    if not isinstance(template, str) or not template.startswith(_TEMPLATE_PREFIX):
        return SlotKey()
    kind = template.removeprefix(_TEMPLATE_PREFIX)
    if kind not in SLOT_KINDS:
        return SlotKey()
    year = None
    if kind in YEARLY_KINDS:
        settings = fields.get("settings")
        data = settings.get("data") if isinstance(settings, dict) else None
        value = data.get("data_year") if isinstance(data, dict) else None
        year = value if isinstance(value, int) else None
    return SlotKey(kind, year)
