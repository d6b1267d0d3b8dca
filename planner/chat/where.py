"""Which schools an answer across schools covers: a 学段, a 乡镇, 公办/民办, a kind of school, or the
schools a previous answer listed. One filter for every answer, and the words that name it."""

from __future__ import annotations

from dataclasses import dataclass

from metrics.result import STAGE_NAMES, SchoolResult

__all__ = ["KIND_TEST", "Where", "where_of"]

KIND_TEST = {
    "教学点": lambda s: s.school_type == "教学点",
    "民办": lambda s: s.ownership == "民办",
    "一贯制": lambda s: "一贯制" in s.school_type,
}


@dataclass(frozen=True)
class Where:
    stage: str | None = None
    township: str | None = None
    ownership: str | None = None
    kind: str | None = None
    schools: tuple[str, ...] = ()

    @property
    def narrowed(self) -> bool:
        """True when the schools are narrowed by more than a 学段 (a town, a kind, a list …)."""
        return bool(self.township or self.ownership or self.kind or self.schools)

    def keep(self, s: SchoolResult) -> bool:
        return (
            (self.stage is None or s.stage == self.stage)
            and (self.township is None or s.township == self.township)
            and (self.ownership is None or s.ownership == self.ownership)
            and (self.kind is None or KIND_TEST[self.kind](s))
            and (not self.schools or s.name in self.schools)
        )

    def keep_school(self, s: SchoolResult) -> bool:
        """Like ``keep`` but ignoring the 学段 (a combined school's parts are judged together)."""
        return Where(None, self.township, self.ownership, self.kind, self.schools).keep(s)

    def inner(self) -> str:
        """城关镇公办小学: the 乡镇, ownership, 学段 and kind named."""
        kind = "" if self.kind == "民办" and self.ownership == "民办" else self.kind or ""
        return (self.township or "") + (self.ownership or "") + STAGE_NAMES.get(self.stage or "", "") + kind

    def label(self, whole: str = "全域") -> str:
        """城关镇公办小学, 这些学校中的初中, 全域 …"""
        return ("这些学校中的" if self.schools else "") + self.inner() or (
            "这些学校" if self.schools else whole
        )

    def among(self, n: int, whole: str = "全域") -> str:
        """全域参评的28所学校, 石桥镇参评的5所学校, 这4所学校, 这3所石桥镇小学."""
        inner = self.inner()
        if self.schools:
            return f"这{n}所{inner if inner.endswith(('小学', '初中')) else inner + '学校'}"
        return f"{inner or whole}参评的{n}所学校"

    def without_stage(self) -> Where:
        return Where(None, self.township, self.ownership, self.kind, self.schools)


def where_of(args: object) -> Where:
    """The filter of a tool's arguments (fields it lacks are unset)."""
    return Where(
        stage=getattr(args, "stage", None),
        township=getattr(args, "township", None),
        ownership=getattr(args, "ownership", None),
        kind=getattr(args, "kind", None),
        schools=tuple(getattr(args, "schools", None) or ()),
    )
