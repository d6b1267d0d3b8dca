"""Plan tools of the chat: draft, change settings, add/rewrite/delete, export, versions, and questions
about the plan (what it schedules for a school or a year, its years, its total cost).

The drafting API is read from ``ctx.planner`` (a PlanApi of planner's functions, or stand-ins in tests)
so that this module only words the replies; the plan's text and figures come from that API.
"""

from __future__ import annotations

import inspect
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from metrics.columns import BY_KEY
from metrics.report import format_value
from planner.chat.types import ChatContext, ChatState, FileOut, PlanApi, Reply, Table
from planner.drafting.costs import FUND_NAMES, FUNDS

if TYPE_CHECKING:
    from planner.chat.args import DraftArgs, ExportArgs, NoArgs, PlanQueryArgs, ReviseArgs, SettingsArgs
    from planner.drafting.schedule import Schedule, ScheduleItem, YearPlan
    from planner.model import Plan
    from planner.settings import PlanSettings

__all__ = [
    "NOT_READY",
    "default_api",
    "draft",
    "excerpt",
    "export",
    "export_file",
    "plan_blocks",
    "plan_query",
    "plan_settings",
    "revise",
    "settings",
    "summary",
    "versions",
]

NOT_READY = "方案起草功能暂不可用。"
NO_PLAN = "还没有方案。可以先说“生成实施方案”。"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def default_api() -> PlanApi:
    """The drafting API: planner's public functions (tests may build a PlanApi of stand-ins)."""
    import planner

    return PlanApi(
        settings=planner.PlanSettings,
        draft_plan=planner.draft_plan,
        add_topic=planner.add_topic,
        add_paragraph=planner.add_paragraph,
        replace_section=planner.replace_section,
        regenerate_section=planner.regenerate_section,
        delete_item=planner.delete_item,
        export_docx=planner.export_docx,
        export_markdown=planner.export_markdown,
        build_schedule=planner.build_schedule,
    )


def _api(ctx: ChatContext, name: str) -> Any:
    return getattr(ctx.planner, name, None) if ctx.planner is not None else None


def plan_settings(ctx: ChatContext, state: ChatState, **changes: Any) -> PlanSettings:
    """PlanSettings from the page's settings, the current plan's settings and the message's changes."""
    make = _api(ctx, "settings")
    base = {
        "region": ctx.region or "本镇",
        "level": ctx.level,
        "start_year": ctx.start_year,
        "years": ctx.years,
    }
    if state.settings is not None:
        base.update({k: getattr(state.settings, k) for k in ("region", "level", "start_year", "years")})
    base.update({k: v for k, v in changes.items() if v is not None})
    return make(**base)


def summary(plan: Plan) -> str:
    sections = [s for s in getattr(plan, "sections", None) or [] if s.level == 1 and s.title]
    titles = "、".join(s.title for s in sections)
    title = getattr(plan, "title", "实施方案")
    opening = next(
        (s for s in getattr(plan, "sections", None) or [] if s.key == "preamble" and s.paragraphs), None
    )
    found = _BASED_ON.search(opening.paragraphs[0].text) if opening is not None else None
    basis = f"\n\n依据：{found.group(1)}等文件。" if found else ""  # what the plan says it rests on
    return f"**{title}**" + (f"\n\n共{len(sections)}部分：{titles}。" if titles else "") + basis


_SHOWN = 15
"""Schools with gaps a draft's reply names one by one (the rest are counted)."""


def gap_summary(ctx: ChatContext, region: str | None) -> str:
    """What the plan has to close, for the region asked (a 乡镇 of the data, else the whole area): the
    schools that miss indicators with the amounts, and the 差异系数 over their limit."""
    ev = ctx.evaluation
    if ev is None:
        return ""
    std = ev.standard
    towns = {s.township for s in ev.schools}
    town = region if region in towns else None
    scope = [s for s in ev.schools if s.passed is not None and (town is None or s.township == town)]
    if not scope:
        return ""
    short = [s for s in scope if s.unmet]
    short.sort(key=lambda s: (s.passed is not False, -len(s.unmet)))
    failing = sum(1 for s in scope if s.passed is False)
    label = town or "全域"
    lines = [f"{label}参评学校（学段）{len(scope)}个，其中{failing}个未达标，{len(short)}个有指标低于标准："]
    for s in short[:_SHOWN]:
        parts = "；".join(
            f"{std.indicator(k).short}需增加{format_value(s.gaps[k].shortfall, s.gaps[k].unit)}"
            for k in s.unmet
        )
        stage = {"primary": "小学", "junior": "初中"}.get(s.stage, s.stage)
        verdict = "未达标" if s.passed is False else "达标"
        lines.append(f"- {s.name}（{stage}，{verdict}）：{parts}")
    if len(short) > _SHOWN:
        lines.append(f"- 另有{len(short) - _SHOWN}个学校（学段）见方案附件。")
    totals: dict[str, float] = {}
    for s in short:
        for k in s.unmet:
            totals[k] = totals.get(k, 0.0) + s.gaps[k].shortfall
    if len(short) > 1:
        units = {k: next(s.gaps[k].unit for s in short if k in s.unmet) for k in totals}
        lines.append(
            "合计需增加："
            + "、".join(f"{std.indicator(k).short}{format_value(v, units[k])}" for k, v in totals.items())
            + "。"
        )
    for stage, result in ev.stages.items():
        over = "、".join(f"{std.indicator(k).short}{format_value(result.cv[k])}" for k in result.cv_failed)
        if over:
            name = {"primary": "小学", "junior": "初中"}.get(stage, stage)
            lines.append(f"{name}差异系数超过上限{format_value(result.cv_limit)}的：{over}（全域计算）。")
    return "\n".join(lines)


_BASED_ON = re.compile(r"根据(.+?)等?(?:文件|通知|意见)?精神")


def _retrieve(ctx: ChatContext):
    return ctx.search


def _drafted(ctx: ChatContext, settings: PlanSettings) -> Plan:
    draft = _api(ctx, "draft_plan")
    kwargs: dict[str, Any] = {"retrieve": _retrieve(ctx)}
    parameters = inspect.signature(draft).parameters
    if "schools_frame" in parameters:
        kwargs["schools_frame"] = ctx.schools
    if "assessed" in parameters and ctx.document_inputs is not None:
        values = ctx.document_inputs().form.values  # the 自评填报 form: the plan states each item's status
        if values:
            kwargs["assessed"] = dict(values)
    return draft(ctx.evaluation, settings, **kwargs)


def _draft(ctx: ChatContext, state: ChatState, settings: PlanSettings, label: str) -> Plan:
    plan = _drafted(ctx, settings)
    state.settings = settings
    state.set_plan(plan, label)
    return plan


def draft(args: DraftArgs, ctx: ChatContext, state: ChatState) -> Reply:
    if _api(ctx, "draft_plan") is None or _api(ctx, "settings") is None:
        return Reply(NOT_READY, kind="plan")
    if args.standard and args.standard != ctx.evaluation.standard.key:
        wanted = "优质均衡" if args.standard == "quality_2017" else "基本均衡"
        return Reply(
            f"当前按“{ctx.evaluation.standard.name}”计算。要起草{wanted}方案，请先在左侧把评估标准改为{wanted}。",
            kind="plan",
        )
    chosen = plan_settings(
        ctx, state, region=args.region, start_year=args.start_year, years=args.years, level=args.level
    )
    plan = _draft(ctx, state, chosen, f"第{len(state.versions) + 1}版：生成方案")
    gaps = gap_summary(ctx, getattr(chosen, "region", None))
    if gaps and "责任单位" in plan_markdown(ctx, plan):
        gaps += "\n各项任务的责任单位和完成时限见方案“主要任务”及附件。"
    text = "已生成方案初稿（文中数字均来自指标计算结果）：\n\n" + summary(plan)
    return Reply(
        text + (f"\n\n{gaps}" if gaps else ""),
        kind="plan",
        new_plan=True,
        plan_changed=True,
        suggestions=["主要任务里加一条关于留守儿童的内容", "把起始年改成2027年", "导出Word"],
    )


def settings(args: SettingsArgs, ctx: ChatContext, state: ChatState) -> Reply:
    if state.plan is None:
        return Reply(NO_PLAN, kind="plan", suggestions=["生成实施方案"])
    if _api(ctx, "draft_plan") is None:
        return Reply(NOT_READY, kind="plan")
    from planner.freshness import carry_hand_edits, hand_edited_sections

    old = state.plan
    chosen = plan_settings(ctx, state, start_year=args.start_year, years=args.years, level=args.level)
    if chosen == old.settings:
        return Reply(f"方案已经是{chosen.start_year}—{chosen.end_year}年，没有修改。", kind="plan")
    plan, kept = carry_hand_edits(old, _drafted(ctx, chosen))
    state.settings = chosen
    state.set_plan(plan, f"第{len(state.versions) + 1}版：{chosen.start_year}—{chosen.end_year}年")
    note = _kept_note(old, plan, kept, len(state.versions) - 1, hand_edited_sections)
    return Reply(
        f"已按{chosen.start_year}—{chosen.end_year}年重新生成方案。{note}\n\n" + summary(plan),
        kind="plan",
        plan_changed=True,
        new_plan=True,
        suggestions=["导出Word"],
    )


def _kept_note(
    old: Plan, new: Plan, kept: list[str], version: int, edited: Callable[[Plan], list[str]]
) -> str:
    """What happened to the official's hand edits in a regenerated plan: kept, or not in it any more."""
    lines = []
    if kept:
        names = "、".join(f"“{k}”" for k in kept)
        lines.append(f"已保留您手工修改的{names}（其中的年份和数字请按新设置核对）。")
    keys = {s.key for s in new.sections}
    gone = [s.title or s.key for s in old.sections if s.key in edited(old) and s.key not in keys]
    if gone:
        names = "、".join(f"“{t}”" for t in gone)
        lines.append(f"您在{names}中的手工修改不在新方案中（新方案没有这一部分）。")
    if lines:
        lines.append(f"原方案为第{version}版，可在“方案”页恢复。")
    return "\n\n" + "".join(lines) if lines else ""


def _revise(
    ctx: ChatContext, state: ChatState, section: str, api_name: str, label: str, done: str, *args: Any
) -> Reply:
    """Apply the planner revision ``api_name(plan, section, *args)``, record the version and show the
    section; a revision that cannot be applied is answered with its Chinese message."""
    if state.plan is None:
        return Reply(NO_PLAN, kind="plan", suggestions=["生成实施方案"])
    change = _api(ctx, api_name)
    if change is None:
        return Reply(NOT_READY, kind="plan")
    try:
        plan = change(state.plan, section, *args)
    except (KeyError, IndexError, ValueError) as exc:
        message = exc.args[0] if exc.args and isinstance(exc.args[0], str) else ""
        return Reply(message or "无法完成这处修改。", kind="plan")
    state.set_plan(plan, f"第{len(state.versions) + 1}版：{label}")
    return Reply(f"{done}\n\n" + excerpt(ctx, plan, section), kind="plan", plan_changed=True)


def plan_markdown(ctx: ChatContext, plan: Plan) -> str:
    export = _api(ctx, "export_markdown")
    if export is not None:
        return export(plan)
    return "\n\n".join(p.text for s in plan.sections for p in s.paragraphs)


def plan_blocks(ctx: ChatContext, plan: Plan) -> list[tuple[str, str]]:
    """The plan's Markdown cut at each top-level heading: (heading title, Markdown) in order; the part
    before the first heading (title and preamble) has the title ""."""
    blocks: list[tuple[str, list[str]]] = [("", [])]
    for line in plan_markdown(ctx, plan).splitlines():
        if line.startswith("## "):
            title = re.sub(r"^[一二三四五六七八九十]+、", "", line[3:]).strip()
            blocks.append((title, [line]))
        elif not line.startswith("# "):
            blocks[-1][1].append(line)
    return [(title, "\n".join(lines).strip()) for title, lines in blocks]


def _section_text(ctx: ChatContext, plan: Plan, title: str) -> str:
    for heading, text in plan_blocks(ctx, plan):
        if heading and (heading == title or title in heading):
            return text
    return ""


def revise(args: ReviseArgs, ctx: ChatContext, state: ChatState) -> Reply:
    """Add a topic, rewrite or delete an item of the 实施方案 (the other documents: documents.rewrite)."""
    section = args.section or _part_title(state.plan, args.part)
    if args.action == "add":
        return _revise(
            ctx,
            state,
            section,
            "add_topic",
            f"{section}增加{args.topic}",
            f"已在“{section}”中增加关于“{args.topic}”的内容。",
            args.topic,
            ctx.search,
        )
    if args.action == "rewrite":
        return _revise(
            ctx,
            state,
            section,
            "regenerate_section",
            f"重写{section}",
            f"已重写“{section}”。",
            ctx.evaluation,
            ctx.search,
            ctx.schools,
        )
    if state.plan is not None and args.item is None:
        return Reply(f"请说明删除“{section}”中的第几条，例如“删掉第三条任务”。", kind="plan")
    return _revise(
        ctx,
        state,
        section,
        "delete_item",
        f"删除{section}第{args.item}条",
        f"已删除“{section}”的第{args.item}条。",
        args.item,
    )


def _part_title(plan: Plan | None, part: int | None) -> str:
    """The title of the plan's ``part``-th top-level part (""; the revision then says what is there)."""
    parts = [s for s in getattr(plan, "sections", None) or [] if s.level == 1]
    return parts[part - 1].title if part and 0 < part <= len(parts) else ""


def excerpt(ctx: ChatContext, plan: Plan, section: str, limit: int = 600) -> str:
    text = _section_text(ctx, plan, section)
    return text if len(text) <= limit else text[:limit] + "……"


def export_file(ctx: ChatContext, plan: Plan, fmt: str = "docx") -> FileOut | None:
    """The plan as a Word or Markdown file, through the export API."""
    name = getattr(plan, "title", "实施方案") or "实施方案"
    if fmt == "markdown":
        export = _api(ctx, "export_markdown")
        if export is None:
            return None
        data = export(plan)
        return FileOut(f"{name}.md", data.encode("utf-8") if isinstance(data, str) else data, "text/markdown")
    export = _api(ctx, "export_docx")
    if export is None:
        return None
    return FileOut(f"{name}.docx", _docx_bytes(export, plan), DOCX_MIME)


def _docx_bytes(export: Callable[..., Any], plan: Plan) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "plan.docx"
        out = export(plan, target)
        if isinstance(out, bytes):
            return out
        return Path(out or target).read_bytes()


def export(args: ExportArgs, ctx: ChatContext, state: ChatState) -> Reply:
    if state.plan is None:
        return Reply(NO_PLAN, kind="plan", suggestions=["生成实施方案"])
    file = export_file(ctx, state.plan, args.format)
    if file is None:
        return Reply("导出功能暂不可用。", kind="plan")
    kind = "Word" if args.format == "docx" else "Markdown"
    return Reply(f"已导出{kind}文件“{file.name}”，点击下面的按钮下载。", kind="export", file=file)


def versions(args: NoArgs, ctx: ChatContext, state: ChatState) -> Reply:
    if not state.versions:
        return Reply(NO_PLAN, kind="plan", suggestions=["生成实施方案"])
    lines = [f"{i}. {label}" for i, (label, _) in enumerate(state.versions, 1)]
    return Reply("方案版本记录（在“方案”页可恢复任一版本）：\n\n" + "\n".join(lines), kind="plan")


# --- questions about the plan -----------------------------------------------------------------


def _schedule(ctx: ChatContext, chosen: PlanSettings) -> Schedule | None:
    """The plan's schedule, rebuilt from the same evaluation and settings (deterministic)."""
    build = _api(ctx, "build_schedule")
    if build is None:
        return None
    return build(ctx.evaluation, chosen, ctx.schools)


def _item_text(item: ScheduleItem) -> str:
    field = BY_KEY[item.field]
    amount = format_value(item.amount, field.unit)
    stage = {"primary": "小学", "junior": "初中"}.get(item.stage or "", "")
    where = f"{item.school}（{stage}）" if stage else item.school
    return f"{where}{field.header}增加{amount}（方案期内约{item.period_cost_wan:.2f}万元）"


def plan_query(args: PlanQueryArgs, ctx: ChatContext, state: ChatState) -> Reply:
    """What the current plan schedules: for one school, in one year, its years, its total cost."""
    reply = _plan_query(args, ctx, state)
    if state.plan is None and reply.text != NOT_READY:
        # No plan drafted yet: answer from the schedule the current settings would give, and say so.
        reply.text = "（还没有生成方案，以下按当前设置测算，生成方案后以方案为准）\n\n" + reply.text
        reply.suggestions = ["生成实施方案", *reply.suggestions]
    return reply


def _plan_query(args: PlanQueryArgs, ctx: ChatContext, state: ChatState) -> Reply:
    if _api(ctx, "settings") is None:
        return Reply(NOT_READY, kind="plan_query")
    chosen = state.plan.settings if state.plan is not None else plan_settings(ctx, state)
    first, last = chosen.start_year, chosen.end_year
    if args.aspect == "years":
        return Reply(f"当前方案为**{first}—{last}年**，共{chosen.years}年。", kind="plan_query")
    schedule = _schedule(ctx, chosen)
    if schedule is None:
        return Reply(NOT_READY, kind="plan_query")
    if args.aspect == "cost":
        rows = [[str(y.year), y.name, f"{y.cost_wan:.1f}"] for y in schedule.years]
        text = f"当前方案（{first}—{last}年）测算总投入约**{schedule.total_cost_wan:.1f}万元**。"
        if schedule.unscheduled:
            text += f"另有{len(schedule.unscheduled)}项任务未能在方案期内安排。"
        return Reply(
            text,
            kind="plan_query",
            tables=[Table(["年份", "阶段", "投入（万元）"], rows, title="分年度投入")],
        )
    items = schedule.items
    scope = f"{first}—{last}年"
    if args.indicator:
        items = [i for i in items if i.indicator == args.indicator]
    elif args.unit:
        items = [i for i in items if BY_KEY[i.field].unit == args.unit]
    year = args.year
    if args.year_index:
        years = [y.year for y in schedule.years]
        if not -len(years) <= (args.year_index - 1 if args.year_index > 0 else args.year_index) < len(years):
            return Reply(f"当前方案为{first}—{last}年，共{len(years)}年。", kind="plan_query")
        year = years[args.year_index - 1] if args.year_index > 0 else years[args.year_index]
    if args.aspect == "school" and args.school:
        items = [i for i in items if i.school == args.school]
        scope = args.school
    after: list[str] = []
    if args.aspect == "year" and year:
        if not first <= year <= last:
            return Reply(f"当前方案为{first}—{last}年，不含{year}年。", kind="plan_query")
        plan_year = next(y for y in schedule.years if y.year == year)
        ongoing = [i for i in items if i.start[0] < year <= i.finish[0]]
        items = [i for i in plan_year.items if i in items]
        scope = f"{year}年（{plan_year.name}，当年投入约{plan_year.cost_wan:.2f}万元）"
        after = _year_notes(plan_year, ongoing)
        if not items:
            said = "没有新开工的任务" if after else "没有安排任务（各项任务已在其他年度安排）"
            return Reply("\n".join([f"当前方案在{scope}{said}。", *after]), kind="plan_query")
    if not items:
        what = (
            f"没有为{args.school}安排任务（该校各项指标已达到标准，或不在方案范围内）"
            if args.school
            else "没有安排任务"
        )
        return Reply(f"当前方案{what}。", kind="plan_query")
    year_of = {id(i): y.year for y in schedule.years for i in y.items}
    rows = [
        [
            str(year_of.get(id(i), "")),
            i.school,
            BY_KEY[i.field].header,
            format_value(i.amount, BY_KEY[i.field].unit),
            f"{i.period_cost_wan:.2f}",
        ]
        for i in items
    ]
    lines = [f"当前方案在{scope}安排了{len(items)}项任务："]
    lines += [f"- {year_of.get(id(i), '')}年：{_item_text(i)}" for i in items[:12]]
    if len(items) > 12:
        lines.append(f"……共{len(items)}项，见下表。")
    lines += after
    headers = ["年份", "学校", "项目", "数量", "方案期内投入（万元）"]
    table = Table(headers, rows, title=f"方案安排（{scope}）")
    return Reply(
        "\n".join(lines),
        kind="plan_query",
        tables=[table],
        listed=tuple(dict.fromkeys(i.school for i in items)),
    )


def _year_notes(plan_year: YearPlan, ongoing: list[ScheduleItem]) -> list[str]:
    """What else a plan year holds besides the work it starts: work begun earlier and finished this year
    or later (续建), and its spending by fund with the salaries of teachers added in earlier years."""
    lines = []
    if ongoing:
        lines.append(f"续建项目（以前年度开工，{plan_year.year}年继续实施）：")
        lines += [
            f"- {_item_text(i)}，{i.start[0]}年{i.start[1]}月开工，{i.finish[0]}年{i.finish[1]}月完成"
            for i in ongoing
        ]
    costs = plan_year.costs
    if costs is not None and costs.public > 0:
        parts = []
        for fund in FUNDS:
            if costs.of(fund) <= 0:
                continue
            part = f"{FUND_NAMES[fund]}约{costs.of(fund):.2f}万元"
            if fund == "personnel" and plan_year.recurring_wan > 0.005:
                part += f"（含以前年度新增教师工资约{plan_year.recurring_wan:.2f}万元）"
            parts.append(part)
        lines.append(f"{plan_year.year}年投入约{costs.public:.2f}万元，其中" + "、".join(parts) + "。")
    return lines
