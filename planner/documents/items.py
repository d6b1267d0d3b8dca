"""Where the county stands on each item of a standard's 政府保障程度, 教育质量, 社会认可度 and 一票否决
parts, decided once from the school rows (学校规模, 班额, 专用教室) and the 自评 form: met, unmet or
pending (the office has not entered it, or the data cannot show it). Documents only word the result."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from metrics import Evaluation, GuaranteeCheck
from metrics.standards import AssessmentItem
from planner.documents.forms import AssessmentForm, FormItem, form_items

__all__ = ["INFO_CHECKS", "ItemStatus", "MeasureStatus", "Verdict", "item_statuses"]

Verdict = Literal["met", "unmet", "pending"]

INFO_CHECKS = frozenset({"小学平均班额", "初中平均班额"})
"""Checks that decide an item only when they fail: the 班额 rule is every class (the largest one), so
an average within its 学段's limit proves nothing, while one above it means some class is over it
(a 九年一贯制 school's 小学部 judged against 45, not the 初中's 50)."""


@dataclass(frozen=True)
class MeasureStatus:
    """A figure or 是/否 the office enters for an item, as entered (None: not yet)."""

    measure: FormItem
    value: float | None

    @property
    def met(self) -> bool | None:
        return None if self.value is None else self.measure.met(float(self.value))


@dataclass(frozen=True)
class ItemStatus:
    """One item: the school checks that decide it, the entered measures, and the verdict."""

    part: str
    number: int
    key: str
    name: str
    requirement: str
    checks: tuple[GuaranteeCheck, ...] = ()
    """The school rows' checks that decide the item (the largest class, not the average)."""
    info: tuple[GuaranteeCheck, ...] = ()
    measures: tuple[MeasureStatus, ...] = ()
    computed: tuple[str, ...] = ()
    """The check names the standard computes for it (empty data → the item is pending)."""

    @property
    def failed(self) -> tuple[GuaranteeCheck, ...]:
        return tuple(c for c in self.checks if not c.met)

    @property
    def missing(self) -> tuple[MeasureStatus, ...]:
        return tuple(m for m in self.measures if m.value is None)

    @property
    def unchecked(self) -> tuple[str, ...]:
        """Computed checks the data could not make (its columns are empty)."""
        have = {c.item for c in self.checks}
        return tuple(n for n in self.computed if n not in INFO_CHECKS and n not in have)

    @property
    def verdict(self) -> Verdict:
        if self.failed or any(m.met is False for m in self.measures):
            return "unmet"
        if self.missing or self.unchecked or not (self.checks or self.measures):
            return "pending"
        return "met"


def _status(item: AssessmentItem, checks: list[GuaranteeCheck], form: AssessmentForm, measures) -> ItemStatus:
    mine = [c for c in checks if c.item in item.computed]
    return ItemStatus(
        part=item.part,
        number=item.number,
        key=item.key,
        name=item.name,
        requirement=item.requirement,
        # an average above its 学段's limit decides (some class is over it); one within proves nothing
        checks=tuple(c for c in mine if c.item not in INFO_CHECKS or not c.met),
        info=tuple(c for c in mine if c.item in INFO_CHECKS and c.met),
        measures=tuple(MeasureStatus(m, form.value(m.key)) for m in measures if m.item == item.key),
        computed=item.computed,
    )


def item_statuses(ev: Evaluation, form: AssessmentForm) -> list[ItemStatus]:
    """Every item of the standard, in its order; school checks no item claims (a standard that lists
    学校规模 and 班额 among its 推进工作 without naming them) come first in the 政府保障 part, numbered 0."""
    std = ev.standard
    checks = list(ev.guarantees)
    measures = form_items(std)
    out = [_status(item, checks, form, measures) for item in std.items]
    claimed = {n for item in std.items for n in item.computed}
    extra = dict.fromkeys(c.item for c in checks if c.item not in claimed and c.item not in INFO_CHECKS)
    unclaimed = [
        ItemStatus(
            part="guarantee",
            number=0,
            key=name,
            name=name,
            requirement=_requirement(std.guarantees, name),
            checks=tuple(c for c in checks if c.item == name),
            computed=(name,),
        )
        for name in extra
    ]
    return [*unclaimed, *out]


def _requirement(rules: dict, name: str) -> str:
    """The rule of a computed check, from the standard's ``guarantees`` figures."""
    size, classes = rules.get("school_size") or {}, rules.get("class_size") or {}
    if name == "学校规模" and size:
        return (
            f"小学、初中规模不超过{size['single']:g}人，九年一贯制学校、十二年一贯制学校义务教育阶段"
            f"规模不超过{size['combined']:g}人"
        )
    if name == "班额" and classes:
        return f"小学、初中班额分别不超过{classes['primary']:g}人、{classes['junior']:g}人"
    return ""
