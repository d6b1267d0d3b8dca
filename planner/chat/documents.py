"""The cycle's other documents in the chat (自评报告, 工作总结, 迎评工作方案, 经验交流材料): drafted by
planner.documents from the same facts and kept as the current document, so that revise, export and
versions work on them as on the 实施方案; "把工作总结的第二部分重写" regenerates that part."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from planner.chat.plan import excerpt, plan_settings, summary
from planner.chat.types import ChatContext, ChatState, Reply
from planner.documents import (
    KIND_WORDS,
    DocumentInputs,
    MissingInputs,
    YearData,
    draft_document,
    part_key,
    regenerate_part,
)
from planner.documents.cli import year_of
from planner.drafting.revise import RevisionError

if TYPE_CHECKING:
    from planner.chat.args import DocumentArgs, ReviseArgs
    from planner.model import Plan
    from planner.settings import PlanSettings

__all__ = ["about_document", "document", "kind_name", "kind_of_plan", "rewrite"]

PREFIX = "kinds/"


def kind_name(kind: str) -> str:
    """自评报告, 工作总结, 迎评工作方案, 经验交流材料."""
    return KIND_WORDS[kind][0]


def kind_of_plan(plan: Plan | None) -> str | None:
    """The kind of a stored document (its template is "kinds/<kind>"); None for a 实施方案."""
    template = getattr(plan, "template", "") or ""
    return template.removeprefix(PREFIX) if template.startswith(PREFIX) else None


def about_document(args: ReviseArgs, state: ChatState) -> bool:
    """Whether a rewrite is meant for one of these documents (named, or the current one)."""
    return args.kind is not None or kind_of_plan(state.plan) is not None


def _inputs(ctx: ChatContext, state: ChatState) -> DocumentInputs:
    if ctx.document_inputs is not None:
        inputs = ctx.document_inputs()
    else:
        year = year_of(ctx.schools, ctx.start_year - 1) if ctx.schools is not None else ctx.start_year - 1
        inputs = DocumentInputs(YearData(year, ctx.evaluation, ctx.schools))
    if inputs.plan is None:
        inputs = replace(inputs, plan=_last_plan(state))
    if inputs.inspection_date is None and inputs.form.inspection_date is not None:
        inputs = replace(inputs, inspection_date=inputs.form.inspection_date)
    return inputs


def _last_plan(state: ChatState) -> Plan | None:
    """The latest 实施方案 of the conversation (a 工作总结 reports on its tasks)."""
    return next((p for _, p in reversed(state.versions) if kind_of_plan(p) is None), None)


def _settings(ctx: ChatContext, state: ChatState, inputs: DocumentInputs) -> PlanSettings:
    return plan_settings(ctx, state).model_copy(update={"data_year": inputs.current.year})


def document(args: DocumentArgs, ctx: ChatContext, state: ChatState) -> Reply:
    """Draft the document of ``args.kind`` as the current document, or say what it needs."""
    inputs = _inputs(ctx, state)
    try:
        doc = draft_document(args.kind, inputs, _settings(ctx, state, inputs), ctx.search)
    except MissingInputs as exc:
        return Reply(str(exc), kind="plan")
    name = kind_name(args.kind)
    state.set_plan(doc, f"第{len(state.versions) + 1}版：起草{name}")
    pending = "" if doc.complete else "文中标〔待填报〕的项目请在“方案”页的自评填报中补充后重新起草。"
    return Reply(
        f"已起草{name}（文中数字均来自指标计算结果）。{pending}\n\n" + summary(doc),
        kind="plan",
        new_plan=True,
        plan_changed=True,
        suggestions=[f"把{name}的第二部分重写", "导出Word"],
    )


def rewrite(args: ReviseArgs, ctx: ChatContext, state: ChatState) -> Reply:
    """Regenerate one part of the document (第二部分, or a part's title) from the facts."""
    kind = args.kind or kind_of_plan(state.plan)
    doc = state.plan if kind_of_plan(state.plan) == kind else _latest(state, kind)
    name = kind_name(kind)
    if doc is None:
        return Reply(f"还没有{name}。可以先说“起草{name}”。", kind="plan", suggestions=[f"起草{name}"])
    inputs = _inputs(ctx, state)
    try:
        key = part_key(doc, args.part) if args.part else args.section
        new = regenerate_part(doc, key, kind, inputs, _settings(ctx, state, inputs), ctx.search)
    except (RevisionError, MissingInputs, KeyError, ValueError) as exc:
        message = exc.args[0] if exc.args and isinstance(exc.args[0], str) else ""
        return Reply(message or "无法完成这处修改。", kind="plan")
    title = next((s.title for s in new.sections if key in (s.key, s.title)), key)
    state.set_plan(new, f"第{len(state.versions) + 1}版：重写{name}“{title}”")
    return Reply(f"已重写{name}的“{title}”。\n\n" + excerpt(ctx, new, title), kind="plan", plan_changed=True)


def _latest(state: ChatState, kind: str) -> Plan | None:
    return next((p for _, p in reversed(state.versions) if kind_of_plan(p) == kind), None)
