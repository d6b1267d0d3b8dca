"""The 自评 form: the 政府保障, 教育质量 and 社会认可 items that are not in the statistics table, as
entered by the office and kept in the workspace (its settings, under ``FORM_SETTING``).

The items are data (templates/kinds/form_items.yaml); an item not entered stays ``None`` and the
documents mark it 〔待填报〕 — a value is never assumed.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from planner.drafting.templates import TEMPLATES_DIR

__all__ = ["FORM_SETTING", "PARTS", "RECORD_NAMES", "AssessmentForm", "FormItem", "Record", "form_items"]

FORM_SETTING = "assessment_form"
"""The key of the form in a workspace's settings dict."""

PARTS = {"guarantee": "政府保障程度", "quality": "教育质量", "recognition": "社会认可度"}


class FormItem(BaseModel):
    """One item to enter: its rule against the threshold and where the rule comes from."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str
    part: Literal["guarantee", "quality", "recognition"]
    name: str
    unit: str = ""
    rule: Literal["ge", "le", "lt", "yesno"]
    threshold: float
    targets: tuple[Literal["basic", "quality"], ...]
    source: str

    def met(self, value: float) -> bool:
        if self.rule == "ge":
            return value >= self.threshold - 1e-9
        if self.rule == "le":
            return value <= self.threshold + 1e-9
        if self.rule == "lt":
            return value < self.threshold
        return value >= 1

    def requirement(self) -> str:
        """The rule as written in a report: 不低于85%, 低于0.15, 做到."""
        if self.rule == "yesno":
            return "达到要求"
        word = {"ge": "不低于", "le": "不高于", "lt": "低于"}[self.rule]
        return f"{word}{self.threshold:g}{self.unit}"


class _ItemsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    items: list[FormItem]


@lru_cache(maxsize=4)
def _items(path: Path) -> tuple[FormItem, ...]:
    return tuple(_ItemsFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8"))).items)


def form_items(target: str, path: Path | None = None) -> tuple[FormItem, ...]:
    """The items a standard of ``target`` (basic/quality) asks for, in the file's order."""
    return tuple(
        i for i in _items(path or TEMPLATES_DIR / "kinds" / "form_items.yaml") if target in i.targets
    )


class Record(BaseModel):
    """A recorded fact of the work done (经验交流材料 and 工作总结 quote only these): 投入, 新增教师 …"""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: Literal["investment", "teachers_added", "buildings_area", "training_sessions"]
    value: float = Field(ge=0)
    year: int | None = None
    note: str = ""


RECORD_NAMES = {
    "investment": ("累计投入资金", "万元"),
    "teachers_added": ("新增专任教师", "人"),
    "buildings_area": ("新建改扩建校舍", "㎡"),
    "training_sessions": ("开展教师培训", "人次"),
}


class AssessmentForm(BaseModel):
    """What the office entered: item key → value (None: not entered yet), 主要做法 in its own words,
    and recorded facts of the work done."""

    model_config = ConfigDict(extra="forbid")

    values: dict[str, float | None] = Field(default_factory=dict)
    practices: list[str] = Field(default_factory=list)
    """主要做法, typed by the office (quoted as typed; their figures are the office's)."""
    records: list[Record] = Field(default_factory=list)
    recognition_year: int | None = Field(None, ge=1990, le=2100, description="基本均衡国家认定年份")
    inspection_date: date | None = Field(None, description="督导评估日期（迎评工作方案由此倒排各阶段）")

    def value(self, key: str) -> float | None:
        return self.values.get(key)

    def missing(self, target: str) -> list[FormItem]:
        return [i for i in form_items(target) if self.value(i.key) is None]

    @classmethod
    def from_settings(cls, settings: dict) -> AssessmentForm:
        """The form kept in a workspace's settings (an empty form when none was saved)."""
        return cls.model_validate(settings.get(FORM_SETTING) or {})

    def to_settings(self, settings: dict) -> dict:
        return {**settings, FORM_SETTING: self.model_dump(mode="json")}
