"""Which document slot of the workspace a drafted document belongs to (workspaces.slots): the plan,
the 工作总结 of its data year, the 自评报告, the 迎评工作方案 or the 经验交流材料."""

from __future__ import annotations

from typing import Any

from workspaces.slots import YEARLY_KINDS, SlotKey

__all__ = ["slot_of"]

_PREFIX = "kinds/"


def slot_of(document: Any) -> SlotKey:
    """The slot of a Plan (a 实施方案, or a document drafted from a ``kinds/<kind>`` template)."""
    template = getattr(document, "template", "") or ""
    if not template.startswith(_PREFIX):
        return SlotKey()
    kind = template.removeprefix(_PREFIX)
    settings = getattr(document, "settings", None)
    year = getattr(settings, "data_year", None) if kind in YEARLY_KINDS else None
    try:
        return SlotKey(kind, year)
    except ValueError:  # a kind the store does not list: kept with the plan rather than lost
        return SlotKey()
