"""The chat's answers as typed tools: a pydantic argument model and a function returning a Reply.

The rule router (planner.chat.intents) only fills arguments; an optional language model can bind
the same tools (``TOOLS``: name → Tool with its argument model and a one-line description).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from planner.chat import aggregates, costs, data, documents, files, guarantees, plan, policy, trend
from planner.chat.types import ChatContext, ChatState, Reply

__all__ = ["TOOLS", "Tool", "call"]

Stage = Literal["primary", "junior"]

NO_DATA = "还没有学校数据。请在左侧上传学校数据表（.xlsx/.csv），或选择“使用示例数据”。"


class Args(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SchoolGapsArgs(Args):
    school: str = Field(description="学校全称")
    stage: Stage | None = None
    indicators: list[str] = Field(default_factory=list, description="只看这些指标（指标键）")
    also: list[str] = Field(default_factory=list, max_length=4, description="同时问到的其他学校（全称）")


class StageArgs(Args):
    stage: Stage | None = Field(None, description="学段；不填为全部学段")


class CountSchoolsArgs(Args):
    stage: Stage | None = None
    status: Literal["passed", "failed", "all"] = "all"
    indicator: str | None = Field(None, description="按某项指标判定达标（指标键）")
    show: Literal["count", "list", "rate"] = "count"
    kind: Literal["教学点", "民办", "一贯制"] | None = Field(None, description="只数这一类学校")
    township: str | None = Field(None, description="只数这个乡镇（街道）的学校")


class TotalGapArgs(Args):
    stage: Stage | None = None
    indicator: str | None = None
    unit: Literal["人", "㎡", "万元", "间"] | None = Field(None, description="只合计这一单位的指标")


class RankArgs(Args):
    stage: Stage | None = None
    indicator: str | None = None
    order: Literal["worst", "best"] = "worst"
    count: int | None = Field(None, ge=1, le=100)


class IndicatorAcrossArgs(Args):
    indicator: str
    stage: Stage | None = None


class CvArgs(Args):
    stage: Stage | None = None
    indicators: list[str] = Field(default_factory=list)


class Change(Args):
    columns: list[str] = Field(description="上传表的数据列键，如 pe_art_teachers")
    amount: float = Field(gt=0, description="按该列单位的增加量（人、㎡、万元、间）")


class WhatIfArgs(Args):
    school: str
    stage: Stage | None = None
    changes: list[Change] = Field(min_length=1)


class TrendArgs(Args):
    stage: Stage | None = Field(None, description="学段；不填为全部学段")
    indicators: list[str] = Field(default_factory=list, description="只看这些指标（指标键）")


class PlanQueryArgs(Args):
    aspect: Literal["school", "year", "years", "cost", "tasks"] = "tasks"
    school: str | None = None
    year: int | None = None
    year_index: int | None = Field(None, description="方案的第几年（1 起；-1 为最后一年）")
    indicator: str | None = Field(None, description="只看补这项指标的任务（指标键）")


class PolicySearchArgs(Args):
    question: str
    examples: bool = Field(False, description="是否要示例方案（含“XXXX年”占位的范本）")


class ExportArgs(Args):
    format: Literal["docx", "markdown"] = "docx"


class NoArgs(Args):
    pass


class DraftArgs(Args):
    region: str | None = None
    start_year: int | None = Field(None, ge=2000, le=2100)
    years: int | None = Field(None, ge=1, le=10)
    level: str | None = None
    standard: str | None = None


DocumentKind = Literal["self_report", "work_summary", "inspection_plan", "experience"]


class DocumentArgs(Args):
    kind: DocumentKind = Field(description="文稿种类：自评报告、工作总结、迎评工作方案、经验交流材料")


class ReviseArgs(Args):
    action: Literal["add", "rewrite", "delete"]
    section: str = Field(description="部分名称；按第几部分修改时为空")
    topic: str = ""
    item: int | None = None
    part: int | None = Field(None, ge=1, le=20, description="第几部分（一、为 1）")
    kind: DocumentKind | None = Field(None, description="话中点名的文稿种类（把工作总结的第二部分重写）")


class SettingsArgs(Args):
    start_year: int | None = Field(None, ge=2000, le=2100)
    years: int | None = Field(None, ge=1, le=10)
    level: str | None = None


@dataclass(frozen=True)
class Tool:
    name: str
    args: type[Args]
    run: Callable[..., Reply]
    description: str
    needs_data: bool = True


def _school_gaps(a: SchoolGapsArgs, ctx: ChatContext, state: ChatState) -> Reply:
    reply = data.school_reply(ctx.evaluation, a.school, a.stage, tuple(a.indicators))
    reply.text = _with_guarantees(reply.text, ctx, a.school)
    for other in a.also:
        more = data.school_reply(ctx.evaluation, other, a.stage, tuple(a.indicators))
        reply.text += "\n\n" + _with_guarantees(more.text, ctx, other)
        reply.tables.extend(more.tables)
    if a.also:
        reply.listed = (a.school, *a.also)
    return reply


def _with_guarantees(text: str, ctx: ChatContext, school: str) -> str:
    """A school answer also names the 政府保障 items the school misses, and never calls them met."""
    failed = guarantees.failed_lines(ctx.evaluation, ctx.schools, school)
    if not failed:
        return text
    text = text.replace("全部指标都达到标准。", "资源配置各项指标都达到标准。")
    text = text.replace("学校**达标**", "资源配置**达标**")
    return text + "\n政府保障程度未达到：" + "；".join(failed) + "。"


def _verdict(a: StageArgs, ctx: ChatContext, state: ChatState) -> Reply:
    return aggregates.verdict_reply(ctx.evaluation, a.stage)


def _drag(a: StageArgs, ctx: ChatContext, state: ChatState) -> Reply:
    return aggregates.drag_reply(ctx.evaluation, a.stage)


def _count(a: CountSchoolsArgs, ctx: ChatContext, state: ChatState) -> Reply:
    return aggregates.count_reply(ctx.evaluation, a.stage, a.status, a.indicator, a.show, a.kind, a.township)


def _total(a: TotalGapArgs, ctx: ChatContext, state: ChatState) -> Reply:
    return aggregates.total_gap_reply(ctx.evaluation, a.stage, a.indicator, a.unit)


def _rank(a: RankArgs, ctx: ChatContext, state: ChatState) -> Reply:
    return aggregates.rank_reply(ctx.evaluation, a.stage, a.indicator, a.order, a.count)


def _indicator(a: IndicatorAcrossArgs, ctx: ChatContext, state: ChatState) -> Reply:
    return data.indicator_reply(ctx.evaluation, (a.indicator,), a.stage)


def _cv(a: CvArgs, ctx: ChatContext, state: ChatState) -> Reply:
    return data.cv_reply(ctx.evaluation, a.stage, tuple(a.indicators))


def _overview(a: StageArgs, ctx: ChatContext, state: ChatState) -> Reply:
    return data.overview_reply(ctx.evaluation, a.stage)


TEACHER_COLUMNS = (
    "teachers",
    "teachers_above_degree",
    "teachers_mid_title",
    "backbone_teachers",
    "pe_art_teachers",
)


def _what_if(a: WhatIfArgs, ctx: ChatContext, state: ChatState) -> Reply:
    changes = tuple((col, c.amount) for c in a.changes for col in c.columns)
    reply = data.what_if_reply(ctx.evaluation, ctx.schools, a.school, a.stage, changes)
    combined = len(ctx.evaluation.school(a.school)) > 1
    if combined and a.stage is None and any(col in TEACHER_COLUMNS for col, _ in changes):
        reply.text = "（未说明学段，增加的教师计入小学部；可说“初中部”）\n\n" + reply.text
    return reply


def _help(a: NoArgs, ctx: ChatContext, state: ChatState) -> Reply:
    return help_reply(ctx)


def example_questions(ctx: ChatContext) -> list[str]:
    """Questions that work on the loaded data (a real school name, the configured region)."""
    school = "城关第二小学"
    if ctx.evaluation is not None and ctx.evaluation.schools:
        judged = [s for s in ctx.evaluation.schools if s.unmet] or list(ctx.evaluation.schools)
        school = judged[0].name
    region = ctx.region or "本镇"
    return [
        f"{school}哪些指标没达标？差多少？",
        f"{whole_area(ctx)}达标情况怎样？",
        "初中骨干教师的差异系数是多少？",
        "哪几所学校最差？",
        "班额有什么要求？",
        f"如果给{school}增加2名骨干教师会怎样？",
        f"生成{region}{ctx.start_year}—{ctx.start_year + ctx.years - 1}年优质均衡实施方案",
    ]


def help_reply(ctx: ChatContext, prefix: str = "") -> Reply:
    text = (
        prefix + "我可以回答这些问题（点击下面的示例即可提问）：\n\n"
        "- **学校差距**：某校哪些指标没达标、差多少、怎样才能达标\n"
        "- **全域判定**：能否通过认定、几所学校达标、达标率、哪项指标最拖后腿、各校排名\n"
        "- **差距合计**：全县还要补多少教师、多少平方米、多少万元设备\n"
        "- **指标与差异系数**：各学段差异系数、某项指标各校情况\n"
        "- **政策依据**：某项要求出自哪个文件（附文号和条款）\n"
        "- **年度对比**：和上一统计年度比，各项指标、差异系数、达标学校有什么变化\n"
        "- **审计工作簿**：导出Excel，每项指标和差异系数都是可核对的公式\n"
        "- **模拟测算**：如果给某校增加教师、校舍、设备，指标和差异系数会怎样变化\n"
        "- **实施方案**：生成方案，问方案安排了什么、哪几年、总投入，修改、导出Word\n"
        "- **其他文稿**：起草自评报告、工作总结、迎评工作方案、经验交流材料，可按部分重写、导出Word"
    )
    return Reply(text, kind="help", suggestions=example_questions(ctx))


TOOLS: dict[str, Tool] = {
    t.name: t
    for t in (
        Tool("school_gaps", SchoolGapsArgs, _school_gaps, "某校各项指标、是否达标、差多少 / a school's gaps"),
        Tool("verdict", StageArgs, _verdict, "学段或全域能否通过认定及原因 / stage or county verdict"),
        Tool("drag", StageArgs, _drag, "最拖后腿的指标 / the indicator that drags most"),
        Tool("count_schools", CountSchoolsArgs, _count, "达标/未达标学校数、名单、达标率 / counts and rates"),
        Tool("total_gap", TotalGapArgs, _total, "各校差距合计（人、㎡、万元、间）/ totals of gaps"),
        Tool("rank", RankArgs, _rank, "学校排名（总体或某项指标）/ rankings"),
        Tool(
            "indicator_across",
            IndicatorAcrossArgs,
            _indicator,
            "某项指标各校情况 / one indicator across schools",
        ),
        Tool("cv", CvArgs, _cv, "差异系数 / coefficients of variation"),
        Tool("overview", StageArgs, _overview, "全域达标概况 / overview"),
        Tool("trend", TrendArgs, trend.trend, "与上一统计年度比较的变化 / change since last year"),
        Tool("what_if", WhatIfArgs, _what_if, "模拟给某校增加资源 / what-if for one school"),
        Tool(
            "plan_query",
            PlanQueryArgs,
            plan.plan_query,
            "方案安排（某校、某年、年限、总投入）/ plan questions",
        ),
        Tool("policy_search", PolicySearchArgs, policy.policy_search, "政策条文检索并引用 / policy", False),
        Tool("export", ExportArgs, plan.export, "导出方案 Word/Markdown / export the plan", False),
        Tool("workbook", NoArgs, files.workbook, "导出审计工作簿 Excel / the audit workbook (.xlsx)"),
        Tool("help", NoArgs, _help, "使用帮助 / help", False),
        Tool("draft", DraftArgs, plan.draft, "生成实施方案 / draft a plan"),
        Tool(
            "document",
            DocumentArgs,
            documents.document,
            "起草自评报告、工作总结、迎评工作方案、经验交流材料 / draft a document of the cycle",
        ),
        Tool("revise", ReviseArgs, plan.revise, "修改方案某部分 / revise the plan", False),
        Tool("settings", SettingsArgs, plan.settings, "修改方案年份与年限 / plan settings"),
        Tool("versions", NoArgs, plan.versions, "方案版本记录 / plan versions", False),
    )
}


# --- 政府保障 items and the plan's money (issue-chat2) ---
class GuaranteesArgs(Args):
    items: list[guarantees.Item] = Field(default_factory=list, description="所问的政府保障项目；不填为全部")
    school: str | None = Field(None, description="学校全称；不填为各校")
    stage: Stage | None = None


class PlanCostsArgs(Args):
    fund: costs.Fund | None = Field(None, description="只问这一项经费；不填为合计")
    year: int | None = Field(None, description="只问这一年")
    year_index: int | None = Field(None, description="方案的第几年（1 起；-1 为最后一年）")
    yearly: bool = Field(False, description="是否分年度列出")


def _guarantees(a: GuaranteesArgs, ctx: ChatContext, state: ChatState) -> Reply:
    return guarantees.guarantee_reply(ctx.evaluation, ctx.schools, tuple(a.items), a.school, a.stage)


def _plan_costs(a: PlanCostsArgs, ctx: ChatContext, state: ChatState) -> Reply:
    year = a.year
    if year is None and a.year_index:
        chosen = state.plan.settings if state.plan is not None else plan.plan_settings(ctx, state)
        span = list(range(chosen.start_year, chosen.end_year + 1))
        index = a.year_index - 1 if a.year_index > 0 else a.year_index
        year = span[index] if -len(span) <= index < len(span) else chosen.end_year + a.year_index
    return costs.funds_reply(ctx, state, a.fund, year, a.yearly)


TOOLS.update(
    {
        t.name: t
        for t in (
            Tool(
                "guarantees",
                GuaranteesArgs,
                _guarantees,
                "政府保障：学校规模、班额、大班额、专用教室 / guarantees",
            ),
            Tool("plan_costs", PlanCostsArgs, _plan_costs, "方案资金测算：建设、人员、培训经费 / plan money"),
        )
    }
)


def call(name: str, args: Args | dict, ctx: ChatContext, state: ChatState) -> Reply:
    """Run one tool with validated arguments; the reply records which tool answered."""
    tool = TOOLS[name]
    model = args if isinstance(args, tool.args) else tool.args.model_validate(args)
    if tool.needs_data and ctx.evaluation is None:
        return Reply(NO_DATA, kind="no_data", intent=name)
    reply = tool.run(model, ctx, state)
    reply.intent = name
    # The answers say 全域 for the whole area; the context knows whether it is a 镇, 县 or 区.
    whole = whole_area(ctx)
    reply.text = reply.text.replace("全域", whole)
    reply.tables = [dataclasses.replace(t, title=t.title.replace("全域", whole)) for t in reply.tables]
    return reply


def whole_area(ctx: ChatContext) -> str:
    """全县, 全区, 全镇 … from the region's name, else from the level."""
    for ending in ("街道", "县", "区", "市", "镇", "乡"):
        if ctx.region.endswith(ending):
            return "全" + ending
    return {"town": "全镇", "district": "全区", "county": "全县", "city": "全市"}.get(ctx.level, "全域")
