"""The conversation engine: one message in, one structured reply out. No UI library here.

``respond(text, context, state)`` parses the message (planner.chat.intents), answers from the metrics
results, the policy index or the plan API held by ``context``, and records the turn in ``state``.
"""

from __future__ import annotations

import dataclasses
import logging
import re

from planner.chat import data as chat_data
from planner.chat import plan as chat_plan
from planner.chat.intents import Intent, SchoolMatch, match_schools, parse
from planner.chat.types import (
    Chart,
    ChatContext,
    ChatState,
    Citation,
    FileOut,
    Pending,
    Reply,
    Table,
)

__all__ = [
    "Chart",
    "ChatContext",
    "ChatState",
    "Citation",
    "FileOut",
    "Pending",
    "Reply",
    "Table",
    "example_questions",
    "help_reply",
    "respond",
]

log = logging.getLogger(__name__)

NO_DATA = "还没有学校数据。请在左侧上传学校数据表（.xlsx/.csv），或选择“使用示例数据”。"
NEEDS_DATA = {"school", "what_if", "cv", "overview", "worst", "indicator", "draft"}


def example_questions(ctx: ChatContext) -> list[str]:
    """Questions that work on the loaded data (a real school name, the configured region)."""
    school = "城关第二小学"
    if ctx.evaluation is not None and ctx.evaluation.schools:
        judged = [s for s in ctx.evaluation.schools if s.unmet] or list(ctx.evaluation.schools)
        school = judged[0].name
    region = ctx.region or "本镇"
    return [
        f"{school}哪些指标没达标？差多少？",
        "全镇达标情况怎样？",
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
        "- **指标与差异系数**：各学段差异系数、全镇（区）达标情况、最薄弱的学校\n"
        "- **政策依据**：某项要求出自哪个文件（附文号和条款）\n"
        "- **模拟测算**：如果给某校增加教师、校舍、设备，指标和差异系数会怎样变化\n"
        "- **实施方案**：生成方案，修改起始年，在某部分加一条内容，重写或删除某部分，导出Word"
    )
    return Reply(text, kind="help", suggestions=example_questions(ctx))


def respond(text: str, ctx: ChatContext, state: ChatState) -> Reply:
    """Answer one message and append the turn to ``state.messages``. Never raises."""
    text = (text or "").strip()
    state.messages.append(("user", text))
    try:
        reply = _answer(text, ctx, state)
    except Exception:  # the boundary: log for developers, a Chinese sentence for the user
        log.exception("chat failed on %r", text)
        reply = Reply(
            "抱歉，处理这个问题时出错了。请换一种说法再试，或点击下面的示例问题。",
            kind="error",
            suggestions=example_questions(ctx)[:3],
        )
    state.messages.append(("assistant", reply))
    return reply


def _names(ctx: ChatContext) -> list[str]:
    if ctx.evaluation is None:
        return []
    names = dict.fromkeys(s.name for s in ctx.evaluation.schools)
    names.update(dict.fromkeys(e.name for e in ctx.evaluation.excluded))
    return list(names)


def _keys(ctx: ChatContext) -> tuple[str, ...]:
    return ctx.evaluation.standard.keys if ctx.evaluation is not None else ()


def _resolve_pending(text: str, ctx: ChatContext, state: ChatState) -> Intent | None:
    pending = state.pending
    state.pending = None
    if pending is None:
        return None
    chosen = None
    m = re.fullmatch(r"第?\s*([1-9一二三四五六七八九])\s*(个|所)?", text)
    if m:
        from planner.chat.intents import chinese_number

        i = int(chinese_number(m.group(1)) or 0) - 1
        if 0 <= i < len(pending.candidates):
            chosen = pending.candidates[i]
    if chosen is None:
        match = match_schools(text.replace(" ", ""), pending.candidates)
        if len(match.names) == 1 and not match.ambiguous:
            chosen = match.names[0]
    if chosen is None:
        return None
    intent = parse(pending.text, _names(ctx), _keys(ctx))
    return dataclasses.replace(intent, schools=SchoolMatch(((chosen,),)))


def _answer(text: str, ctx: ChatContext, state: ChatState) -> Reply:
    if not text:
        return help_reply(ctx)
    intent = _resolve_pending(text, ctx, state) or parse(text, _names(ctx), _keys(ctx))
    if intent.kind in NEEDS_DATA and ctx.evaluation is None:
        return Reply(NO_DATA, kind="no_data")
    handler = _HANDLERS.get(intent.kind)
    if handler is None:
        return help_reply(ctx, prefix="这个问题我还不会回答。")
    return handler(intent, ctx, state)


def _ask_which(intent: Intent, state: ChatState, candidates: tuple[str, ...]) -> Reply:
    state.pending = Pending(intent.text, candidates)
    listing = "、".join(f"{i}. {c}" for i, c in enumerate(candidates, 1))
    return Reply(
        f"您说的学校可能是：{listing}。请问是哪一所？（可直接点击或回复序号）",
        kind="clarify",
        suggestions=list(candidates),
    )


def _school_or_ask(intent: Intent, ctx: ChatContext, state: ChatState) -> tuple[list[str], Reply | None]:
    if intent.schools.ambiguous:
        return [], _ask_which(intent, state, intent.schools.ambiguous)
    return list(intent.schools.names), None


def _fuzzy_note(intent: Intent, names: list[str]) -> str:
    return f"（按“{'、'.join(names)}”理解）\n\n" if intent.schools.fuzzy else ""


def _on_school(intent: Intent, ctx: ChatContext, state: ChatState) -> Reply:
    names, ask = _school_or_ask(intent, ctx, state)
    if ask:
        return ask
    replies = [chat_data.school_reply(intent, ctx, name) for name in names[:3]]
    reply = replies[0]
    for other in replies[1:]:
        reply.text += "\n\n" + other.text
        reply.tables.extend(other.tables)
    reply.text = _fuzzy_note(intent, names) + reply.text
    return reply


def _on_what_if(intent: Intent, ctx: ChatContext, state: ChatState) -> Reply:
    names, ask = _school_or_ask(intent, ctx, state)
    if ask:
        return ask
    if not names:
        return Reply(
            "请说明给哪所学校增加什么，例如“如果给河西小学增加2名体育教师会怎样？”。",
            kind="what_if",
            suggestions=example_questions(ctx)[5:6],
        )
    if not intent.additions:
        return Reply(
            "请说明增加的数量和内容，例如“增加2名体育教师”“增加500平方米运动场”“增加20万元仪器设备”。",
            kind="what_if",
        )
    reply = chat_data.what_if_reply(intent, ctx, names[0])
    reply.text = _fuzzy_note(intent, names[:1]) + reply.text
    return reply


def _on_cv(intent: Intent, ctx: ChatContext, state: ChatState) -> Reply:
    return chat_data.cv_reply(intent, ctx)


def _on_overview(intent: Intent, ctx: ChatContext, state: ChatState) -> Reply:
    return chat_data.overview_reply(intent, ctx)


def _on_worst(intent: Intent, ctx: ChatContext, state: ChatState) -> Reply:
    return chat_data.worst_reply(intent, ctx)


def _on_indicator(intent: Intent, ctx: ChatContext, state: ChatState) -> Reply:
    return chat_data.indicator_reply(intent, ctx)


def _on_help(intent: Intent, ctx: ChatContext, state: ChatState) -> Reply:
    return help_reply(ctx)


def _on_unknown(intent: Intent, ctx: ChatContext, state: ChatState) -> Reply:
    return help_reply(ctx, prefix="这个问题我还不会回答。")


QUOTED = 2
"""Passages quoted in full in a policy answer; the rest are listed as 相关条文."""
NEAR_TIE = 0.9


def policy_reply(intent: Intent, ctx: ChatContext, state: ChatState | None = None) -> Reply:
    """The best passages with 文号 and section, or a plain refusal when the index has no answer."""
    if ctx.search is None:
        return Reply("政策库还没有加载，暂时无法检索政策。", kind="policy")
    question = intent.text.strip()
    result = ctx.search(question, k=3)
    if not result.answerable or not result.results:
        return Reply(
            f"政策库中没有找到与“{question}”直接相关的规定。可以换个说法，或在“政策库”页上传相关文件后再问。",
            kind="policy",
            suggestions=["班额有什么要求？", "差异系数怎么计算？"],
        )
    citations = [Citation(p.title, p.doc_no, p.section, p.text, p.source, p.score) for p in result.results]
    best = citations[0]
    # A near tie is quoted too: the best-scoring clause is not always the one the question is after.
    shown = [best, *[c for c in citations[1:QUOTED] if c.score >= best.score * NEAR_TIE]]
    lines: list[str] = []
    for c in shown:
        quoted = "\n".join(f"> {line}" for line in c.text.strip().splitlines() if line.strip())
        lines += [*([""] if lines else []), f"根据{c.label}：", "", quoted]
    others = [c for c in citations[len(shown) :] if c.score >= best.score * 0.6]
    if others:
        lines += ["", "相关条文：" + "；".join(c.label for c in others)]
    return Reply("\n".join(lines), kind="policy", citations=citations)


def _on_policy(intent: Intent, ctx: ChatContext, state: ChatState) -> Reply:
    return policy_reply(intent, ctx, state)


_HANDLERS = {
    "school": _on_school,
    "what_if": _on_what_if,
    "cv": _on_cv,
    "overview": _on_overview,
    "worst": _on_worst,
    "indicator": _on_indicator,
    "policy": _on_policy,
    "help": _on_help,
    "unknown": _on_unknown,
    "draft": chat_plan.on_draft,
    "settings": chat_plan.on_settings,
    "add": chat_plan.on_add,
    "rewrite": chat_plan.on_rewrite,
    "delete": chat_plan.on_delete,
    "export": chat_plan.on_export,
    "versions": chat_plan.on_versions,
}
