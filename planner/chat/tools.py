"""The chat's answers as typed tools: an argument model (planner.chat.args) and a function returning a
Reply. The router (planner.chat.router) only fills arguments; an optional language model can bind the
same tools (``TOOLS``: name → Tool with its argument model and a one-line description).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from metrics.standards import load_standard
from planner.chat import (
    aggregates,
    compare,
    costs,
    data,
    documents,
    edits,
    files,
    guarantees,
    plan,
    policy,
    standard,
    transfer,
    trend,
)
from planner.chat.args import (
    Args,
    CompareArgs,
    CountSchoolsArgs,
    CvArgs,
    DocumentArgs,
    DraftArgs,
    EditArgs,
    ExportArgs,
    GuaranteesArgs,
    IndicatorAcrossArgs,
    NoArgs,
    PlanCostsArgs,
    PlanQueryArgs,
    PolicySearchArgs,
    RankArgs,
    ReviseArgs,
    SchoolGapsArgs,
    SchoolProfileArgs,
    SettingsArgs,
    SplitArgs,
    StageArgs,
    StandardItemsArgs,
    StandardRuleArgs,
    TotalGapArgs,
    TransferArgs,
    TrendArgs,
    WhatIfArgs,
)
from planner.chat.types import ChatContext, ChatState, Reply
from planner.chat.where import where_of

__all__ = ["TOOLS", "Tool", "call", "example_questions", "help_reply", "whole_area"]

NO_DATA = "还没有学校数据。请在左侧上传学校数据表（.xlsx/.csv），或选择“使用示例数据”。"


@dataclass(frozen=True)
class Tool:
    name: str
    args: type[Args]
    run: Callable[..., Reply]
    description: str
    needs_data: bool = True


def _draft(a: DraftArgs, ctx: ChatContext, state: ChatState) -> Reply:
    """A plan drafted; 从2026年9月开始 said with it moves its first year's steps to that month."""
    reply = plan.draft(a, ctx, state)
    if not a.start_month or not reply.new_plan or state.plan is None:
        return reply
    start = EditArgs(action="start", start_year=state.plan.settings.start_year, start_month=a.start_month)
    moved = edits.edit(start, ctx, state)
    return dataclasses.replace(reply, text=f"{reply.text}\n\n{moved.text}")


def _school_gaps(a: SchoolGapsArgs, ctx: ChatContext, state: ChatState) -> Reply:
    reply = data.school_reply(ctx.evaluation, a.school, a.stage, tuple(a.indicators), ctx.schools)
    if ctx.evaluation.school(a.school, a.stage):
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
    return aggregates.verdict_reply(ctx.evaluation, where_of(a, ctx.evaluation))


def _drag(a: StageArgs, ctx: ChatContext, state: ChatState) -> Reply:
    return aggregates.drag_reply(ctx.evaluation, where_of(a, ctx.evaluation))


def _count(a: CountSchoolsArgs, ctx: ChatContext, state: ChatState) -> Reply:
    where = where_of(a, ctx.evaluation)
    return aggregates.count_reply(
        ctx.evaluation,
        where,
        a.status,
        a.indicator,
        a.show,
        tuple(a.also),
        a.both,
        a.below_share,
        a.below_value,
    )


def _total(a: TotalGapArgs, ctx: ChatContext, state: ChatState) -> Reply:
    return aggregates.total_gap_reply(ctx.evaluation, where_of(a, ctx.evaluation), a.indicator, a.unit)


def _rank(a: RankArgs, ctx: ChatContext, state: ChatState) -> Reply:
    where = where_of(a, ctx.evaluation)
    if a.of == "towns":
        return aggregates.rank_towns(ctx.evaluation, where, a.indicator, a.order, a.count, a.by, a.unit)
    if a.students_above is not None:
        return aggregates.students_above(ctx.evaluation, where, a.students_above, a.and_up)
    return aggregates.rank_reply(ctx.evaluation, where, a.indicator, a.order, a.count, a.by)


def _indicator(a: IndicatorAcrossArgs, ctx: ChatContext, state: ChatState) -> Reply:
    reply = data.indicator_reply(ctx.evaluation, (a.indicator,), a.stage, where_of(a, ctx.evaluation))
    if not reply.text:
        reply.text = f"数据中没有{where_of(a, ctx.evaluation).label()}的参评学校。"
    return reply


def _cv(a: CvArgs, ctx: ChatContext, state: ChatState) -> Reply:
    where = where_of(a, ctx.evaluation)
    return data.cv_reply(ctx.evaluation, a.stage, tuple(a.indicators), a.composite, where)


def _overview(a: StageArgs, ctx: ChatContext, state: ChatState) -> Reply:
    if a.by_town:
        return data.headcount_by_town(ctx.evaluation, where_of(a, ctx.evaluation), ctx.schools, a.pick)
    if a.totals:
        return data.headcount_reply(ctx.evaluation, where_of(a, ctx.evaluation), ctx.schools, ctx.region)
    return data.overview_reply(ctx.evaluation, a.stage, where_of(a, ctx.evaluation), ctx.schools)


def _profile(a: SchoolProfileArgs, ctx: ChatContext, state: ChatState) -> Reply:
    return data.profile_reply(ctx.evaluation, ctx.schools, a.school)


def _compare(a: CompareArgs, ctx: ChatContext, state: ChatState) -> Reply:
    if len(a.schools) >= 2:
        return compare.compare_schools(ctx.evaluation, tuple(a.schools), a.stage, tuple(a.indicators), a.by)
    if len(a.townships) >= 2:
        return compare.compare_towns(
            ctx.evaluation, tuple(a.townships), a.stage, tuple(a.indicators), a.by, a.unit
        )
    return Reply("请说出要比较的两所学校或两个乡镇，例如“城关二小和城关三小比较一下”。", kind="clarify")


def _transfer(a: TransferArgs, ctx: ChatContext, state: ChatState) -> Reply:
    return transfer.transfer_reply(
        ctx.evaluation, ctx.schools, a.source, a.target, tuple(a.columns), a.amount, a.stage, a.below
    )


def _standard_items(a: StandardItemsArgs, ctx: ChatContext, state: ChatState) -> Reply:
    current = ctx.evaluation.standard if ctx.evaluation is not None else None
    return standard.standard_items_reply(current, a.standard, a.part)


def _standard_rule(a: StandardRuleArgs, ctx: ChatContext, state: ChatState) -> Reply:
    std = ctx.evaluation.standard
    if a.standard and a.standard != std.key:
        std = load_standard(a.standard)
    return standard.standard_rule_reply(std, a.item, a.stage, a.students, a.classes, a.share)


def _revise(a: ReviseArgs, ctx: ChatContext, state: ChatState) -> Reply:
    if a.action == "rewrite" and documents.about_document(a, state):
        return documents.rewrite(a, ctx, state)
    return plan.revise(a, ctx, state)


def _split(a: SplitArgs, ctx: ChatContext, state: ChatState) -> Reply:
    return standard.split_reply(ctx.evaluation, ctx.schools, a.school)


def _basis(a: NoArgs, ctx: ChatContext, state: ChatState) -> Reply:
    return standard.basis_reply(state, ctx.evaluation.standard if ctx.evaluation is not None else None)


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
        Tool("draft", DraftArgs, _draft, "生成实施方案 / draft a plan"),
        Tool(
            "document",
            DocumentArgs,
            documents.document,
            "起草自评报告、工作总结、迎评工作方案、经验交流材料 / draft a document of the cycle",
        ),
        Tool("revise", ReviseArgs, _revise, "修改方案某部分 / revise the plan", False),
        Tool("settings", SettingsArgs, plan.settings, "修改方案年份与年限 / plan settings"),
        Tool("versions", NoArgs, plan.versions, "方案版本记录 / plan versions", False),
        Tool("compare", CompareArgs, _compare, "比较两所以上学校或乡镇 / compare schools or towns"),
        Tool(
            "school_profile",
            SchoolProfileArgs,
            _profile,
            "学校基本情况：类型、公办民办、学生、班级 / profile",
        ),
        Tool("transfer", TransferArgs, _transfer, "模拟在两校之间调动教师或设备 / transfer between schools"),
        Tool(
            "standard_items",
            StandardItemsArgs,
            _standard_items,
            "评估标准的指标和条目 / the standard's indicators and items",
            False,
        ),
        Tool(
            "standard_rule",
            StandardRuleArgs,
            _standard_rule,
            "按标准计算某规模学校的要求（如24个班配几间音乐教室）/ a requirement worked out",
        ),
        Tool("basis", NoArgs, _basis, "方案依据的文件 / the plan's basis documents", False),
        Tool(
            "split_rule",
            SplitArgs,
            _split,
            "一贯制、完全中学的设施如何在学段间拆分 / how a combined school's facilities are split",
        ),
        Tool("edit", EditArgs, edits.edit, "改方案的句子或开始时间 / edit a sentence or the start", False),
    )
}


def _guarantees(a: GuaranteesArgs, ctx: ChatContext, state: ChatState) -> Reply:
    names = None
    w = where_of(a, ctx.evaluation)
    if a.school is None and w.narrowed:
        names = tuple(dict.fromkeys(s.name for s in ctx.evaluation.schools if w.keep_school(s)))
    return guarantees.guarantee_reply(
        ctx.evaluation, ctx.schools, tuple(a.items), a.school, a.stage, names, w.label(""), a.above
    )


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
