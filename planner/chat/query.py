"""The typed reading of a question: what is asked (the measure) about whom (the scope: schools, a 乡镇,
the whole area, narrowed by 学段, 公办/民办, a kind of school or the list of the last answer), which
indicators, and how to order and cut it. The conversation keeps the last one, so that 那初中呢,
换成清水镇呢 and 其中哪些没达标 refine it."""

from __future__ import annotations

from dataclasses import dataclass, replace

__all__ = ["SUBJECT_MEASURES", "Query"]

SUBJECT_MEASURES = ("gaps", "verdict", "value", "describe", "guarantee", "what_if", "profile")
"""Measures asked of one subject (a school, a 乡镇 or the whole area); 城关三小呢 after one of them asks
it again of the school, after any other measure it asks how the school stands."""


@dataclass(frozen=True)
class Query:
    measure: str
    schools: tuple[str, ...] = ()
    towns: tuple[str, ...] = ()
    area: bool = False
    """The whole area was named (全县, 各校 …)."""
    stage: str | None = None
    ownership: str | None = None
    kind: str | None = None
    within: tuple[str, ...] = ()
    """Only the schools the last answer listed (其中, 这些学校)."""
    not_towns: tuple[str, ...] = ()
    """All 乡镇 but these (除了城关镇)."""
    area_type: str | None = None
    """城区, 镇区 or 乡村."""
    status: str | None = None
    """passed / failed: which schools a count or list keeps."""
    indicators: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    """政府保障 items (班额, 规模, 专用教室)."""
    not_kinds: tuple[str, ...] = ()
    """Kinds of school left out (教学点不算)."""
    not_schools: tuple[str, ...] = ()
    """Schools left out (要是把一小的运动场补齐了，还剩多少: the others' total)."""
    order: str | None = None
    """most / least."""
    by: str | None = None
    """value / gap / overall / students."""
    limit: int | None = None
    show: str | None = None
    """count / list / rate."""
    unit: str | None = None
    """人, ㎡, 万元 or 间: the indicators of one unit taken together (老师一共缺几个, 多少钱)."""
    of: str | None = None
    """towns: a ranking of 乡镇 rather than schools."""
    each: bool = False
    """School by school (各学校分别差什么)."""
    every: bool = False
    """Judged on all the indicators named (都), else on any of them."""
    ranking: bool = False
    """The whole order was asked (排名, 排个序), not the first few."""
    changes: tuple[tuple[tuple[str, ...], float], ...] = ()
    """What-if or transfer amounts: (upload columns, amount in their unit)."""
    students: int | None = None
    classes: int | None = None
    """A school's size for a requirement worked out (24个班要几间音乐教室)."""
    above: int | None = None
    """Students a school must exceed to be listed (在校生超过1500人的小学: 1500)."""
    and_up: bool = False
    """The bound was said as N以上 (above is N - 1), to be said back so."""
    rule: str | None = None
    """The requirement worked out: an indicator key, special_rooms, class_size or school_size."""
    below: float | None = None
    """A 差异系数 the official asks a simulation to get under (能降到0.45以下吗)."""
    standard: str | None = None
    """A standard named (基本均衡, 优质均衡)."""
    text: str = ""
    """The question as asked, for the policy index (and 基本均衡的呢 substitutes into it)."""
    tool: str = ""
    """The tool the query ran as (set when it is remembered)."""

    @property
    def subject(self) -> str:
        """school, town or area."""
        if self.schools:
            return "school"
        if self.towns:
            return "town"
        return "area"

    def with_(self, **changes: object) -> Query:
        return replace(self, **changes)
