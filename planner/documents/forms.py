"""The 自评 form: the 政府保障, 教育质量 and 社会认可 items that are not in the statistics table, as
entered by the office and kept in the workspace (its settings, under ``FORM_SETTING``).

The items are the standard's (``items`` in its YAML, ``metrics.standards.AssessmentItem``); an item
not entered stays ``None`` and the documents mark it 〔待填报〕 — a value is never assumed.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from metrics.standards import ITEM_PARTS, Standard, load_standard

__all__ = [
    "FORM_SETTING",
    "INSPECTION_LEVELS",
    "PARTS",
    "RECORD_NAMES",
    "TOPICS",
    "AssessmentForm",
    "CountyProfile",
    "FormItem",
    "Practice",
    "Record",
    "form_items",
]

FORM_SETTING = "assessment_form"
"""The key of the form in a workspace's settings dict."""

PARTS = ITEM_PARTS

INSPECTION_LEVELS = {"city": "市级复核", "province": "省级评估", "national": "国家认定"}
"""Which inspection a 迎评工作方案 prepares for (县级自评 → 市级复核 → 省级评估 → 国家认定)."""


class FormItem(BaseModel):
    """One figure or 是/否 to enter: its rule against the threshold and the item it belongs to."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str
    part: Literal["guarantee", "quality", "recognition", "veto"]
    name: str
    unit: str = ""
    rule: Literal["ge", "le", "lt", "yesno"]
    threshold: float
    source: str
    item: str = ""
    """The standard's item this measure belongs to (its key), e.g. exchange for both 交流轮岗 ratios."""

    def met(self, value: float) -> bool:
        if self.rule == "ge":
            return value >= self.threshold - 1e-9
        if self.rule == "le":
            return value <= self.threshold + 1e-9
        if self.rule == "lt":
            return value < self.threshold
        return value >= 1

    def requirement(self) -> str:
        """The rule as written in a report: 不低于85%, 低于0.15, 达到要求."""
        if self.rule == "yesno":
            return "达到要求"
        word = {"ge": "不低于", "le": "不高于", "lt": "低于"}[self.rule]
        return f"{word}{self.threshold:g}{self.unit}"


_SHIPPED = {"quality": "quality_2017", "basic": "basic_2012"}


@lru_cache(maxsize=8)
def _standard(name: str) -> Standard:
    return load_standard(_SHIPPED.get(name, name))


def form_items(standard: Standard | str) -> tuple[FormItem, ...]:
    """What the office enters for a standard (or a target, basic/quality), in the document's order."""
    std = standard if isinstance(standard, Standard) else _standard(standard)
    return tuple(
        FormItem(
            key=m.key,
            part=item.part,
            name=m.name,
            unit=m.unit,
            rule=m.rule,
            threshold=m.threshold,
            source=item.source,
            item=item.key,
        )
        for item in std.items
        for m in item.measures
    )


RecordKey = Literal[
    "investment",
    "teachers_added",
    "buildings_area",
    "training_sessions",
    "exchange_teachers",
    "equipment_wan",
]


class Record(BaseModel):
    """A recorded fact of the work done (经验交流材料 and 工作总结 quote only these): 投入, 新增教师 …"""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: RecordKey
    value: float = Field(ge=0)
    year: int | None = None
    note: str = ""


RECORD_NAMES = {
    "investment": ("累计投入资金", "万元"),
    "buildings_area": ("新建改扩建校舍", "㎡"),
    "equipment_wan": ("购置教学仪器设备", "万元"),
    "teachers_added": ("新增专任教师", "人"),
    "training_sessions": ("开展教师培训", "人次"),
    "exchange_teachers": ("交流轮岗教师", "人次"),
}
"""Each kind of record: its name in a sentence and its unit (the page's form and the CLI's --form)."""

Topic = Literal["conditions", "teachers", "balance", "quality", "other"]
TOPICS = {
    "conditions": "改善办学条件",
    "teachers": "加强教师队伍",
    "balance": "统筹资源配置、缩小校际差距",
    "quality": "提高教育质量",
    "other": "其他",
}
"""What a 主要做法 is about: an 经验交流材料 puts the figures of that kind beside it."""


class Practice(BaseModel):
    """One 主要做法 as the office wrote it: a short title (经验交流材料 uses it as a heading), the text,
    and what it is about (the figures quoted beside it). Quoted as typed; its figures are the office's."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = ""
    text: str
    topic: Topic = "other"

    @classmethod
    def parse(cls, line: str, topic: Topic = "other") -> Practice:
        """ "标题：说明" (one line of the page's text box) → a practice; no colon: text only."""
        head, sep, rest = line.strip().partition("：")
        if sep and rest.strip() and len(head) <= 30:
            return cls(title=head.strip(), text=rest.strip(), topic=topic)
        return cls(text=line.strip(), topic=topic)


class CountyProfile(BaseModel):
    """县情 the statistics do not hold, as the office enters it (None: not entered, printed 〔待填报〕)."""

    model_config = ConfigDict(extra="forbid")

    area_km2: float | None = Field(None, gt=0, description="县域面积（平方公里）")
    population_wan: float | None = Field(None, gt=0, description="常住人口（万人）")
    townships: int | None = Field(None, ge=1, description="辖乡镇（街道）数")
    overview: str = Field("", description="区位、经济社会发展概况（按填写原文引用）")


class AssessmentForm(BaseModel):
    """What the office entered: item key → value (None: not entered yet), 主要做法 in its own words,
    and recorded facts of the work done."""

    model_config = ConfigDict(extra="forbid")

    values: dict[str, float | None] = Field(default_factory=dict)
    practices: list[Practice] = Field(default_factory=list)
    """主要做法, typed by the office (quoted as typed; their figures are the office's); a plain string is
    read as a practice's text (forms saved before practices had titles)."""
    records: list[Record] = Field(default_factory=list)
    recognition_year: int | None = Field(None, ge=1990, le=2100, description="基本均衡国家认定年份")
    inspection_date: date | None = Field(None, description="督导评估日期（迎评工作方案由此倒排各阶段）")
    inspection_level: Literal["city", "province", "national"] | None = Field(
        None, description="迎接哪一级评估：city 市级复核、province 省级评估、national 国家认定"
    )
    addressee: str = Field("", description="主送机关，如“××市人民政府教育督导委员会”")
    copy_to: str = Field("", description="抄送机关（版记），可不填")
    profile: CountyProfile = Field(default_factory=CountyProfile)

    @field_validator("practices", mode="before")
    @classmethod
    def _plain_practices(cls, value):
        if isinstance(value, list):
            return [
                {"text": v} if isinstance(v, str) else v for v in value if not isinstance(v, str) or v.strip()
            ]
        return value

    def value(self, key: str) -> float | None:
        return self.values.get(key)

    def missing(self, standard: Standard | str) -> list[FormItem]:
        return [i for i in form_items(standard) if self.value(i.key) is None]

    @classmethod
    def from_settings(cls, settings: dict) -> AssessmentForm:
        """The form kept in a workspace's settings (an empty form when none was saved)."""
        return cls.model_validate(settings.get(FORM_SETTING) or {})

    def to_settings(self, settings: dict) -> dict:
        return {**settings, FORM_SETTING: self.model_dump(mode="json")}


_FIELD_NAMES = {
    "values": "各评估项目的填报值（项目代码 → 数值；是/否填 1 或 0）",
    "practices": "主要做法，每条含 title（小标题）、text（说明）、topic（方面）",
    "records": "工作记录，每条含 key（"
    + "、".join(f"{k} {n}" for k, (n, _) in RECORD_NAMES.items())
    + "）、value、year、note",
    "profile": "县情：area_km2 县域面积、population_wan 常住人口（万人）、townships 乡镇数、overview 概况",
    "title": "小标题",
    "text": "说明",
    "topic": "方面：" + "、".join(f"{k} {v}" for k, v in TOPICS.items()),
    "key": "记录项目：" + "、".join(f"{k} {n}" for k, (n, _) in RECORD_NAMES.items()),
    "value": "数值",
    "year": "年份",
    "note": "备注",
}


def _described(model: type[BaseModel]) -> list[str]:
    return [
        f"{name}（{_FIELD_NAMES.get(name) or f.description or ''}）".replace("（）", "")
        for name, f in model.model_fields.items()
    ]


def form_error(exc) -> str:
    """A pydantic error on a --form file in Chinese: the field that is unknown (with the accepted
    ones listed) or the value that is wrong, by its place in the file ("practices 第2条 title")."""
    err = exc.errors()[0]
    loc = [str(p) for p in err.get("loc", ())]
    where = ".".join(f"第{int(p) + 1}条" if p.isdigit() else p for p in loc)
    parent = AssessmentForm
    for p in loc[:-1]:
        if p.isdigit():
            continue
        sub = {"practices": Practice, "records": Record, "profile": CountyProfile}.get(p)
        parent = sub or parent
    if err.get("type") == "extra_forbidden":
        accepted = "；".join(_described(parent))
        return f"填报表（--form）中有未知的字段“{where}”。可用的字段：{accepted}。"
    if err.get("type") == "missing":
        return f"填报表（--form）缺少必填的字段“{where}”。可用的字段：{'；'.join(_described(parent))}。"
    value = err.get("input")
    shown = f"“{value}”" if isinstance(value, (str, int, float)) else ""
    return f"填报表（--form）的字段“{where}”的值{shown}不正确（{err.get('msg', '')}），请按说明填写。"
