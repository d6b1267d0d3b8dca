"""One place that decides what a workspace covers: its region's name and level, read from the data.

One 乡镇 in the rows → that 镇/乡 (its name is the region, its level from the last character); several
→ the county or district's name is asked, and its last character (县/旗, 区, 市) gives the level. The
page, the greeting, the examples and the documents all read the level from here."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from planner.drafting.levels import Level, level_of, level_words

__all__ = ["LEVEL_NAMES", "Scope", "level_name", "name_problem", "scope_of", "towns_of"]

LEVEL_NAMES: dict[str, str] = {"town": "镇/乡", "county": "县", "district": "区", "city": "县级市"}
"""How the page names each level (县级市 is a county-level city)."""


@dataclass(frozen=True)
class Scope:
    """A workspace's coverage: ``region`` is "" while the name is still to be asked."""

    region: str
    level: Level
    towns: tuple[str, ...]

    @property
    def needs_name(self) -> bool:
        return not self.region

    @property
    def label(self) -> str:
        """镇级方案, 乡级方案, 县级方案, 区级方案, 县级市方案."""
        return level_words(self.level, self.region).label


def towns_of(frame: pd.DataFrame) -> tuple[str, ...]:
    """The 乡镇 the rows name (blank cells left out), in name order."""
    if "township" not in frame:
        return ()
    return tuple(sorted({str(t).strip() for t in frame["township"].dropna() if str(t).strip()}))


def scope_of(frame: pd.DataFrame, name: str = "") -> Scope:
    """The scope of these rows: named ``name`` when given (its last character says the level), else
    the one 乡镇 they name; several 乡镇 and no name leave the name to ask (level county meanwhile)."""
    towns = towns_of(frame)
    name = " ".join(str(name).split())
    default: Level = "town" if len(towns) <= 1 else "county"
    if not name and len(towns) == 1:
        name = towns[0]
    if not name:
        return Scope("", default, towns)
    level = level_of(name, default)
    if len(towns) > 1 and level == "town":
        level = default  # several 乡镇 are never one town's plan
    return Scope(name, level, towns)


def name_problem(name: str, towns: tuple[str, ...]) -> str | None:
    """Why ``name`` cannot name these rows' region (a Chinese sentence), or None when it can."""
    name = " ".join(str(name).split())
    if not name:
        if len(towns) > 1:
            return "请填写县（区、县级市）的名称，例如“清河县”。"
        return "请填写镇（乡、县、区）的名称，例如“城关镇”或“清河县”。"
    if len(towns) > 1 and level_of(name, "town") == "town":
        listed = "、".join(towns[:3]) + ("等" if len(towns) > 3 else "")
        return (
            f"数据中有{len(towns)}个乡镇（{listed}），请填写它们所在的县、区或县级市的全称，"
            "例如“清河县”：方案层级按最后一个字确定。"
        )
    return None


def level_name(level: str) -> str:
    """镇/乡, 县, 区, 县级市 (the level itself when unknown)."""
    return LEVEL_NAMES.get(level, level)
