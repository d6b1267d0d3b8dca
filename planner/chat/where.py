"""Which schools an answer across schools covers: a 学段, 乡镇 (one, several, or all but some), 公办/民办,
a kind of school, 城区/镇区/农村, or the schools a previous answer listed. One filter for every answer,
and the words that name it."""

from __future__ import annotations

from dataclasses import dataclass, replace

from metrics.result import STAGE_NAMES, Evaluation, SchoolResult

__all__ = ["AREA_WORDS", "KIND_TEST", "Where", "where_of"]

KIND_TEST = {
    "教学点": lambda s: s.school_type == "教学点",
    "民办": lambda s: s.ownership == "民办",
    "一贯制": lambda s: "一贯制" in s.school_type,
    "九年一贯制": lambda s: "九年" in s.school_type and "一贯" in s.school_type,
    "十二年一贯制": lambda s: "十二年" in s.school_type,
    "完全中学": lambda s: "完全中学" in s.school_type,
}
AREA_WORDS = {"城区": "城区", "镇区": "镇区", "乡村": "农村"}
"""城乡分类 in the data → how an answer names it."""


@dataclass(frozen=True)
class Where:
    stage: str | None = None
    township: str | None = None
    ownership: str | None = None
    kind: str | None = None
    schools: tuple[str, ...] = ()
    towns: tuple[str, ...] = ()
    """Several 乡镇 together (东桥镇和新集乡加起来)."""
    not_towns: tuple[str, ...] = ()
    """All but these 乡镇 (除了城关镇)."""
    area_type: str | None = None
    """城区, 镇区 or 乡村 (the data's 城乡分类)."""
    area_names: frozenset[str] = frozenset()
    """The schools of ``area_type`` (the results do not carry the 城乡分类)."""
    not_kinds: tuple[str, ...] = ()
    """Kinds of school left out (教学点不算)."""
    not_schools: tuple[str, ...] = ()
    """Schools left out (the others' total once one is assumed fixed)."""

    @property
    def narrowed(self) -> bool:
        """True when the schools are narrowed by more than a 学段 (a town, a kind, a list …)."""
        return bool(
            self.township
            or self.ownership
            or self.kind
            or self.schools
            or self.towns
            or self.not_towns
            or self.area_type
            or self.not_kinds
            or self.not_schools
        )

    def keep(self, s: SchoolResult) -> bool:
        return (
            (self.stage is None or s.stage == self.stage)
            and (self.township is None or s.township == self.township)
            and (not self.towns or s.township in self.towns)
            and s.township not in self.not_towns
            and (self.ownership is None or s.ownership == self.ownership)
            and (self.kind is None or KIND_TEST[self.kind](s))
            and (not self.schools or s.name in self.schools)
            and (self.area_type is None or s.name in self.area_names)
            and not any(KIND_TEST[k](s) for k in self.not_kinds)
            and s.name not in self.not_schools
        )

    def keep_school(self, s: SchoolResult) -> bool:
        """Like ``keep`` but ignoring the 学段 (a combined school's parts are judged together)."""
        return self.without_stage().keep(s)

    def at(self, stage: str | None) -> Where:
        return replace(self, stage=stage)

    def without_stage(self) -> Where:
        return replace(self, stage=None)

    def inner(self) -> str:
        """城关镇公办小学, 城关镇以外农村小学: the 乡镇, area, ownership, 学段 and kind named."""
        kind = "" if self.kind == "民办" and self.ownership == "民办" else self.kind or ""
        towns = self.township or "、".join(self.towns)
        if self.not_towns:
            towns += "、".join(self.not_towns) + "以外"
        area = AREA_WORDS.get(self.area_type or "", "")
        inner = towns + area + (self.ownership or "") + STAGE_NAMES.get(self.stage or "", "") + kind
        if self.not_kinds:
            inner += "（不含" + "、".join(self.not_kinds) + "）"
        if self.not_schools:
            inner += "（不含" + "、".join(self.not_schools) + "）"
        return inner

    def _named(self, whole: str) -> str:
        inner = self.inner()
        return whole + inner if inner.startswith("（") and not self.schools else inner

    def label(self, whole: str = "全域") -> str:
        """城关镇公办小学, 这些学校中的初中, 全域（不含教学点） …"""
        return ("这些学校中的" if self.schools else "") + self._named(whole) or (
            "这些学校" if self.schools else whole
        )

    def among(self, n: int, whole: str = "全域") -> str:
        """全域参评的28所学校, 石桥镇参评的5所学校, 这4所学校, 这3所石桥镇小学."""
        inner = self._named(whole)
        if self.schools:
            return f"这{n}所{inner if inner.endswith(('小学', '初中')) else inner + '学校'}"
        return f"{inner or whole}参评的{n}所学校"


def where_of(args: object, evaluation: Evaluation | None = None) -> Where:
    """The filter of a tool's arguments (fields it lacks are unset); the evaluation gives the schools of
    a 城乡分类."""
    area = getattr(args, "area_type", None)
    names: frozenset[str] = frozenset()
    if area and evaluation is not None and "urban_rural" in evaluation.table:
        table = evaluation.table
        names = frozenset(table.loc[table["urban_rural"] == area, "name"])
    return Where(
        stage=getattr(args, "stage", None),
        township=getattr(args, "township", None),
        ownership=getattr(args, "ownership", None),
        kind=getattr(args, "kind", None),
        schools=tuple(getattr(args, "schools", None) or ()),
        towns=tuple(getattr(args, "townships_together", None) or ()),
        not_towns=tuple(getattr(args, "except_townships", None) or ()),
        area_type=area,
        area_names=names,
        not_kinds=tuple(getattr(args, "except_kinds", None) or ()),
        not_schools=tuple(getattr(args, "except_schools", None) or ()),
    )
