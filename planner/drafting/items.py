"""Where the county stands on each item of the standard's other parts (政府保障程度, 教育质量, 社会认可度,
一票否决): what the school rows decide (学校规模, 班额, 音乐、美术专用教室) and what the office entered
in the 自评 form (by measure key). An item without a value is ``pending``: the plan marks it for the
office to fill, never assumes it.

The items are the standard's (``metrics.standards.AssessmentItem``, from its YAML); their requirement
texts become facts, so every number a task quotes is traced to the standard.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from metrics import Evaluation, GuaranteeCheck
from metrics.standards import AssessmentItem, ItemMeasure
from planner.drafting.facts import FactKey as K
from planner.drafting.facts import FactSheet

__all__ = ["ItemState", "MeasureState", "item_facts", "item_key", "item_states"]

Status = Literal["met", "unmet", "pending"]


@dataclass(frozen=True)
class MeasureState:
    measure: ItemMeasure
    value: float | None

    @property
    def met(self) -> bool | None:
        return None if self.value is None else self.measure.met(self.value)


@dataclass(frozen=True)
class ItemState:
    item: AssessmentItem
    measures: tuple[MeasureState, ...]
    checked: int
    """Schools the rows let the computed part judge (0: not computed, or no data)."""
    failing: tuple[GuaranteeCheck, ...]
    """The computed checks a school fails."""

    @property
    def status(self) -> Status:
        if self.failing or any(m.met is False for m in self.measures):
            return "unmet"
        if any(m.met is None for m in self.measures) or (self.item.computed and not self.checked):
            return "pending"
        return "met"

    @property
    def pending(self) -> tuple[MeasureState, ...]:
        return tuple(m for m in self.measures if m.value is None)


def item_states(
    evaluation: Evaluation, assessed: Mapping[str, float | None] | None = None
) -> list[ItemState]:
    """Every item of the standard in its order, with the computed checks and the entered values."""
    assessed = assessed or {}
    out = []
    for item in evaluation.standard.items:
        checks = [g for g in evaluation.guarantees if g.item in item.computed]
        measures = tuple(MeasureState(m, assessed.get(m.key)) for m in item.measures)
        checked = len({g.name for g in checks})
        out.append(ItemState(item, measures, checked, tuple(g for g in checks if not g.met)))
    return out


def item_key(item: AssessmentItem, measure: str, scope: str | None = None) -> K:
    return K("item", field=item.key, scope=scope, measure=measure)


def item_facts(sheet: FactSheet, states: list[ItemState], scope: str = "全县", area: str = "县域") -> None:
    """Each item's requirement (quoted as a fact: its figures are the standard's; the standard's
    全县 / 县域 read as the plan's own ``scope`` / ``area``), the entered values and the computed
    counts."""
    for st in states:
        item = st.item
        label = f"{item.part_name}第{item.number}项"
        text = item.requirement.replace("全县", scope).replace("县域", area)
        sheet.add(item_key(item, "requirement"), item.requirement, display=text, label=label)
        sheet.add(item_key(item, "number"), item.number, display=f"第{item.number}项", label=label)
        for m in st.measures:
            if m.value is not None:
                shown = (
                    ("是" if m.value >= 1 else "否")
                    if m.measure.rule == "yesno"
                    else f"{m.value:g}{m.measure.unit}"
                )
                sheet.add(
                    item_key(item, "value", m.measure.key),
                    m.value,
                    m.measure.unit,
                    display=shown,
                    label=m.measure.name,
                )
        if item.computed:
            rows = [g.row for g in st.failing]
            sheet.add(item_key(item, "checked"), st.checked, "所", label=f"{item.name}核查学校")
            failing = len({g.name for g in st.failing})
            sheet.add(item_key(item, "failing"), failing, "所", rows=rows, label=f"{item.name}不达标学校")
