"""The typed arguments of the chat's tools (pydantic): what the reading of a question fills and what
an optional language model may call. Only types here, so that the answer modules and the tool table
both import this module and never each other."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "Args",
    "BasisArgs",
    "Change",
    "CompareArgs",
    "CountSchoolsArgs",
    "CvArgs",
    "DocumentArgs",
    "DocumentKind",
    "DraftArgs",
    "EditArgs",
    "ExportArgs",
    "Filters",
    "Fund",
    "GuaranteeItem",
    "GuaranteesArgs",
    "IndicatorAcrossArgs",
    "NoArgs",
    "PlanCostsArgs",
    "PlanQueryArgs",
    "PolicySearchArgs",
    "RankArgs",
    "ReviseArgs",
    "SchoolGapsArgs",
    "SchoolProfileArgs",
    "SettingsArgs",
    "SplitArgs",
    "Stage",
    "StageArgs",
    "StandardItemsArgs",
    "StandardRuleArgs",
    "TotalGapArgs",
    "TransferArgs",
    "TrendArgs",
    "WhatIfArgs",
]

Stage = Literal["primary", "junior"]
Kind = Literal["教学点", "民办", "一贯制", "九年一贯制", "十二年一贯制", "完全中学"]
GuaranteeItem = Literal[
    "school_size", "class_size", "large_class", "super_large_class", "average_class", "special_rooms"
]
Fund = Literal["construction", "personnel", "training"]
DocumentKind = Literal["self_report", "work_summary", "inspection_plan", "experience"]


class Args(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Filters(Args):
    """Which schools a question across schools is about (all of them when nothing is set)."""

    township: str | None = Field(None, description="只看这个乡镇（街道）的学校")
    townships_together: list[str] = Field(default_factory=list, description="合看这几个乡镇（街道）的学校")
    except_townships: list[str] = Field(default_factory=list, description="不看这些乡镇（街道）的学校")
    area_type: Literal["城区", "镇区", "乡村"] | None = Field(
        None, description="只看城区、镇区或乡村（农村）学校"
    )
    ownership: Literal["公办", "民办"] | None = Field(None, description="只看公办或民办学校")
    kind: Kind | None = Field(None, description="只看这一类学校")
    except_kinds: list[Kind] = Field(default_factory=list, description="不看这几类学校（如教学点不算）")
    schools: list[str] = Field(default_factory=list, description="只看这些学校（全称），如上一条回答列出的")
    except_schools: list[str] = Field(
        default_factory=list, description="不看这些学校（全称），如假设某校已补齐后其余学校的合计"
    )


class SchoolGapsArgs(Args):
    school: str = Field(description="学校全称")
    stage: Stage | None = None
    indicators: list[str] = Field(default_factory=list, description="只看这些指标（指标键）")
    also: list[str] = Field(default_factory=list, max_length=4, description="同时问到的其他学校（全称）")


class SchoolProfileArgs(Args):
    school: str = Field(description="学校全称")


class StageArgs(Filters):
    stage: Stage | None = Field(None, description="学段；不填为全部学段")
    by_town: bool = Field(False, description="按乡镇（街道）逐个列出在校生、班级和专任教师")
    totals: bool = Field(False, description="只问在校生、班级、专任教师的合计（不列逐校达标）")
    pick: Literal["most", "least"] | None = Field(
        None, description="按乡镇列出时，只问在校生最多或最少的乡镇（哪个最少）"
    )


class CountSchoolsArgs(Filters):
    stage: Stage | None = None
    status: Literal["passed", "failed", "short", "all", "each", "full", "passed_short"] = Field(
        "all",
        description="达标、未达标、有缺口（任一项指标未达到标准）、全部、逐所说达标与否（each）、"
        "各项指标都达到标准（full）、学校达标但有一项未达到（passed_short）",
    )
    indicator: str | None = Field(None, description="按某项指标判定达标（指标键）")
    also: list[str] = Field(default_factory=list, description="同时按这些指标判定（指标键）")
    both: bool = Field(False, description="几项指标都未达到（或都达到）才算；否则任一项即算")
    show: Literal["count", "list", "rate"] = "count"
    below_share: float | None = Field(None, gt=0, le=1, description="低于指标标准值的这一比例（85% → 0.85）")
    below_value: float | None = Field(None, description="低于这个值（指标的单位）")


class TotalGapArgs(Filters):
    stage: Stage | None = None
    indicator: str | None = None
    unit: Literal["人", "㎡", "万元", "间"] | None = Field(None, description="只合计这一单位的指标")


class RankArgs(Filters):
    stage: Stage | None = None
    indicator: str | None = None
    order: Literal["worst", "best"] = "worst"
    count: int | None = Field(None, ge=1, le=100)
    of: Literal["schools", "towns"] = Field("schools", description="排学校，还是排乡镇（街道）")
    by: Literal["overall", "value", "gap", "students"] | None = Field(
        None, description="按综合情况、指标值、缺口大小或在校生数排序；不填时有指标按指标值，否则按综合情况"
    )
    unit: Literal["人", "㎡", "万元", "间"] | None = Field(
        None, description="排乡镇时按这一单位的各项缺口合计排序（哪个乡镇缺的钱最多）"
    )
    students_above: int | None = Field(
        None, ge=0, description="只列在校生超过这个人数的学校（按在校生排序时）"
    )
    and_up: bool = Field(False, description="官员说的是“N人以上”（students_above 为 N-1），回答照此说")


class IndicatorAcrossArgs(Filters):
    indicator: str
    stage: Stage | None = None


class CvArgs(Filters):
    """差异系数; with a filter (不算民办, 教学点不算) recomputed over the schools kept."""

    stage: Stage | None = None
    indicators: list[str] = Field(default_factory=list)
    composite: bool = Field(False, description="问的是综合差异系数（各项差异系数的平均）")


class Change(Args):
    columns: list[str] = Field(description="上传表的数据列键，如 pe_art_teachers")
    amount: float = Field(gt=0, description="按该列单位的增加量（人、㎡、万元、间）")


class WhatIfArgs(Args):
    school: str
    stage: Stage | None = None
    changes: list[Change] = Field(min_length=1)


class TransferArgs(Args):
    source: str = Field(description="调出的学校（全称）")
    target: str = Field(description="调入的学校（全称）")
    columns: list[str] = Field(min_length=1, description="调动的数据列键，如 backbone_teachers")
    amount: float = Field(gt=0, description="调动的数量（按该列单位）")
    stage: Stage | None = Field(None, description="一贯制学校调动的学段")
    below: float | None = Field(None, gt=0, description="要把差异系数降到这个数以下（能降到0.45以下吗）")


class CompareArgs(Args):
    schools: list[str] = Field(default_factory=list, description="比较的学校（全称，两所以上）")
    townships: list[str] = Field(default_factory=list, description="比较的乡镇（两个以上）")
    stage: Stage | None = None
    indicators: list[str] = Field(default_factory=list, description="比较这些指标；不填为全部")
    by: Literal["value", "gap"] = Field("value", description="比指标值，还是比缺口")
    unit: Literal["人", "㎡", "万元", "间"] | None = Field(
        None, description="只比这一单位的缺口合计（如教师）"
    )


class SplitArgs(Args):
    """How a combined school's shared facilities are split between its stages (拆分)."""

    school: str | None = Field(None, description="学校全称；不填为各类学校的拆分规则")


class TrendArgs(Args):
    stage: Stage | None = Field(None, description="学段；不填为全部学段")
    indicators: list[str] = Field(default_factory=list, description="只看这些指标（指标键）")


class PlanQueryArgs(Args):
    aspect: Literal["school", "year", "years", "cost", "tasks"] = "tasks"
    school: str | None = None
    year: int | None = None
    year_index: int | None = Field(None, description="方案的第几年（1 起；-1 为最后一年）")
    indicator: str | None = Field(None, description="只看补这项指标的任务（指标键）")
    unit: Literal["人", "㎡", "万元", "间"] | None = Field(
        None, description="只看这一单位的任务（人＝招聘教师，㎡＝建设，万元＝设备，间＝教室）"
    )


class PolicySearchArgs(Args):
    question: str
    examples: bool = Field(False, description="是否要示例方案（含“XXXX年”占位的范本）")


class StandardItemsArgs(Args):
    standard: str | None = Field(None, description="标准键（quality_2017、basic_2012）；不填为当前标准")
    part: Literal["resources", "guarantee", "quality", "recognition", "veto"] = Field(
        "resources", description="资源配置指标，或政府保障程度、教育质量、社会认可度、一票否决的条目"
    )


class StandardRuleArgs(Args):
    """A requirement of the standard worked out for a school of a given size (24个班 → 2间音乐教室)."""

    item: str = Field(description="指标键，或 special_rooms、class_size、school_size、cv（差异系数的上限）")
    standard: str | None = Field(None, description="标准键（quality_2017、basic_2012）；不填为当前标准")
    stage: Stage | None = None
    students: int | None = Field(None, ge=1, description="在校生数")
    classes: int | None = Field(None, ge=1, description="班级数")
    share: float | None = Field(None, gt=0, le=1, description="所问的标准值的比例（85% → 0.85）")


class ExportArgs(Args):
    format: Literal["docx", "markdown"] = "docx"


class NoArgs(Args):
    pass


BasisArgs = NoArgs


class DraftArgs(Args):
    region: str | None = None
    start_year: int | None = Field(None, ge=2000, le=2100)
    start_month: int | None = Field(None, ge=1, le=12, description="从几月开始（起草时就说了月份）")
    years: int | None = Field(None, ge=1, le=10)
    level: str | None = None
    standard: str | None = None


class DocumentArgs(Args):
    kind: DocumentKind = Field(description="文稿种类：自评报告、工作总结、迎评工作方案、经验交流材料")


class ReviseArgs(Args):
    action: Literal["add", "rewrite", "delete"]
    section: str = Field(description="部分名称；按第几部分修改时为空")
    topic: str = ""
    item: int | None = None
    part: int | None = Field(None, ge=1, le=20, description="第几部分（一、为 1）")
    kind: DocumentKind | None = Field(None, description="话中点名的文稿种类（把工作总结的第二部分重写）")


class EditArgs(Args):
    """A sentence-level edit of the current plan, or a new start, done without a language model."""

    action: Literal["insert", "replace", "delete", "start", "set", "label"] = Field(
        description="加一句、替换、删去、改开始时间，把某部分的主句改成所给的话（set），"
        "或把方案中某一角色的值统一改成所给的话（label：责任单位、组长）"
    )
    section: str = Field("", description="部分或小节名称（保障措施、加强组织领导）；不填为全文")
    text: str = Field("", description="要加入的句子，或替换后的文字")
    old: str = Field("", description="要替换或删除的原文")
    start_year: int | None = Field(None, ge=2000, le=2100)
    start_month: int | None = Field(None, ge=1, le=12)


class SettingsArgs(Args):
    start_year: int | None = Field(None, ge=2000, le=2100)
    years: int | None = Field(None, ge=1, le=10)
    level: str | None = None


class GuaranteesArgs(Filters):
    items: list[GuaranteeItem] = Field(default_factory=list, description="所问的政府保障项目；不填为全部")
    school: str | None = Field(None, description="学校全称；不填为各校")
    stage: Stage | None = None
    above: int | None = Field(None, description="只列最大班额超过这个人数的学校（官员说的数，如“超过48”）")


class PlanCostsArgs(Args):
    fund: Fund | None = Field(None, description="只问这一项经费；不填为合计")
    year: int | None = Field(None, description="只问这一年")
    year_index: int | None = Field(None, description="方案的第几年（1 起；-1 为最后一年）")
    yearly: bool = Field(False, description="是否分年度列出")
