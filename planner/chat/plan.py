"""Plan commands from the chat: draft, change settings, add/rewrite/delete, export, versions.

The drafting API is read from ``ctx.planner`` (the ``planner`` package, or a stand-in in tests) so that
this module only routes and words the replies; the plan's text and figures come from that API.
"""

from __future__ import annotations

import inspect
import re
import tempfile
from pathlib import Path
from typing import Any

from planner.chat.intents import Intent
from planner.chat.types import ChatContext, ChatState, FileOut, Reply

__all__ = [
    "NOT_READY",
    "default_api",
    "export_file",
    "on_add",
    "on_delete",
    "on_draft",
    "on_export",
    "on_rewrite",
    "on_settings",
    "on_versions",
    "plan_blocks",
    "plan_settings",
]

NOT_READY = "方案起草功能暂不可用。"
NO_PLAN = "还没有方案。可以先说“生成实施方案”。"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def default_api() -> Any:
    """The drafting API: the ``planner`` package (tests may give a stand-in)."""
    import planner

    return planner


def _api(ctx: ChatContext, name: str) -> Any:
    return getattr(ctx.planner, name, None) if ctx.planner is not None else None


def plan_settings(ctx: ChatContext, state: ChatState, **changes: Any) -> Any:
    """PlanSettings from the page's settings, the current plan's settings and the message's changes."""
    make = _api(ctx, "PlanSettings")
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


def _summary(plan: Any) -> str:
    sections = [s for s in getattr(plan, "sections", None) or [] if s.level == 1 and s.title]
    titles = "、".join(s.title for s in sections)
    title = getattr(plan, "title", "实施方案")
    return f"**{title}**" + (f"\n\n共{len(sections)}部分：{titles}。" if titles else "")


def _retrieve(ctx: ChatContext):
    return ctx.search


def _drafted(ctx: ChatContext, settings: Any) -> Any:
    draft = _api(ctx, "draft_plan")
    kwargs: dict[str, Any] = {"retrieve": _retrieve(ctx)}
    if "schools_frame" in inspect.signature(draft).parameters:
        kwargs["schools_frame"] = ctx.schools
    return draft(ctx.evaluation, settings, **kwargs)


def _draft(ctx: ChatContext, state: ChatState, settings: Any, label: str) -> Any:
    plan = _drafted(ctx, settings)
    state.settings = settings
    state.set_plan(plan, label)
    return plan


def on_draft(intent: Intent, ctx: ChatContext, state: ChatState) -> Reply:
    if _api(ctx, "draft_plan") is None or _api(ctx, "PlanSettings") is None:
        return Reply(NOT_READY, kind="plan")
    if intent.standard and intent.standard != ctx.evaluation.standard.key:
        wanted = "优质均衡" if intent.standard == "quality_2017" else "基本均衡"
        return Reply(
            f"当前按“{ctx.evaluation.standard.name}”计算。要起草{wanted}方案，请先在左侧把评估标准改为{wanted}。",
            kind="plan",
        )
    settings = plan_settings(
        ctx, state, region=intent.region, start_year=intent.start_year, years=intent.years, level=intent.level
    )
    plan = _draft(ctx, state, settings, f"第{len(state.versions) + 1}版：生成方案")
    return Reply(
        "已生成方案初稿（文中数字均来自指标计算结果）：\n\n" + _summary(plan),
        kind="plan",
        new_plan=True,
        plan_changed=True,
        suggestions=["主要任务里加一条关于留守儿童的内容", "把起始年改成2027年", "导出Word"],
    )


def on_settings(intent: Intent, ctx: ChatContext, state: ChatState) -> Reply:
    if state.plan is None:
        return Reply(NO_PLAN, kind="plan", suggestions=["生成实施方案"])
    if _api(ctx, "draft_plan") is None:
        return Reply(NOT_READY, kind="plan")
    settings = plan_settings(ctx, state, start_year=intent.start_year, years=intent.years, level=intent.level)
    plan = _draft(
        ctx, state, settings, f"第{len(state.versions) + 1}版：{settings.start_year}—{settings.end_year}年"
    )
    return Reply(
        f"已按{settings.start_year}—{settings.end_year}年重新生成方案。\n\n" + _summary(plan),
        kind="plan",
        plan_changed=True,
        suggestions=["导出Word"],
    )


def _revise(
    ctx: ChatContext, state: ChatState, intent: Intent, api_name: str, label: str, done: str, *args: Any
) -> Reply:
    """Apply the planner revision ``api_name(plan, section, *args)``, record the version and show the
    section; a revision that cannot be applied is answered with its Chinese message."""
    if state.plan is None:
        return Reply(NO_PLAN, kind="plan", suggestions=["生成实施方案"])
    change = _api(ctx, api_name)
    if change is None:
        return Reply(NOT_READY, kind="plan")
    try:
        plan = change(state.plan, intent.section, *args)
    except (KeyError, IndexError, ValueError) as exc:
        message = exc.args[0] if exc.args and isinstance(exc.args[0], str) else ""
        return Reply(message or "无法完成这处修改。", kind="plan")
    state.set_plan(plan, f"第{len(state.versions) + 1}版：{label}")
    return Reply(f"{done}\n\n" + _excerpt(ctx, plan, intent.section), kind="plan", plan_changed=True)


def plan_markdown(ctx: ChatContext, plan: Any) -> str:
    export = _api(ctx, "export_markdown")
    if export is not None:
        return export(plan)
    return "\n\n".join(p.text for s in plan.sections for p in s.paragraphs)


def plan_blocks(ctx: ChatContext, plan: Any) -> list[tuple[str, str]]:
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


def _section_text(ctx: ChatContext, plan: Any, title: str) -> str:
    for heading, text in plan_blocks(ctx, plan):
        if heading and (heading == title or title in heading):
            return text
    return ""


def on_add(intent: Intent, ctx: ChatContext, state: ChatState) -> Reply:
    return _revise(
        ctx,
        state,
        intent,
        "add_topic",
        f"{intent.section}增加{intent.topic}",
        f"已在“{intent.section}”中增加关于“{intent.topic}”的内容。",
        intent.topic,
        ctx.search,
    )


def on_rewrite(intent: Intent, ctx: ChatContext, state: ChatState) -> Reply:
    return _revise(
        ctx,
        state,
        intent,
        "regenerate_section",
        f"重写{intent.section}",
        f"已重写“{intent.section}”。",
        ctx.evaluation,
        ctx.search,
        ctx.schools,
    )


def on_delete(intent: Intent, ctx: ChatContext, state: ChatState) -> Reply:
    if state.plan is not None and intent.item is None:
        return Reply(f"请说明删除“{intent.section}”中的第几条，例如“删掉第三条任务”。", kind="plan")
    return _revise(
        ctx,
        state,
        intent,
        "delete_item",
        f"删除{intent.section}第{intent.item}条",
        f"已删除“{intent.section}”的第{intent.item}条。",
        intent.item,
    )


def _excerpt(ctx: ChatContext, plan: Any, section: str, limit: int = 600) -> str:
    text = _section_text(ctx, plan, section)
    return text if len(text) <= limit else text[:limit] + "……"


def export_file(ctx: ChatContext, plan: Any, fmt: str = "docx") -> FileOut | None:
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


def _docx_bytes(export: Any, plan: Any) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "plan.docx"
        out = export(plan, target)
        if isinstance(out, bytes):
            return out
        return Path(out or target).read_bytes()


def on_export(intent: Intent, ctx: ChatContext, state: ChatState) -> Reply:
    if state.plan is None:
        return Reply(NO_PLAN, kind="plan", suggestions=["生成实施方案"])
    file = export_file(ctx, state.plan, intent.export_format)
    if file is None:
        return Reply("导出功能暂不可用。", kind="plan")
    kind = "Word" if intent.export_format == "docx" else "Markdown"
    return Reply(f"已导出{kind}文件“{file.name}”，点击下面的按钮下载。", kind="export", file=file)


def on_versions(intent: Intent, ctx: ChatContext, state: ChatState) -> Reply:
    if not state.versions:
        return Reply(NO_PLAN, kind="plan", suggestions=["生成实施方案"])
    lines = [f"{i}. {label}" for i, (label, _) in enumerate(state.versions, 1)]
    return Reply("方案版本记录（在“方案”页可恢复任一版本）：\n\n" + "\n".join(lines), kind="plan")
