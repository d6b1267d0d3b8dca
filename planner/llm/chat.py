"""Free questions: a message the rule router cannot place goes to the model with the chat's read-only
tools bound; the tools compute, the model chooses them and phrases the reply, the number guard checks
every figure against the tool results and the user's message. Any failure, timeout or refused reply
falls back to the deterministic answer."""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage, ToolMessage

from planner.chat import Tool, call, respond
from planner.chat.intents import route
from planner.chat.types import ChatContext, ChatState, Reply
from planner.llm.guard import Guarded, evidence, guard, visible
from planner.llm.prompts import render
from planner.llm.tools import Ran, ToolRefused, bound_tools, run_tool, tool_schemas

__all__ = ["Turn", "confident", "model_turn", "respond_with_model"]

log = logging.getLogger(__name__)
MAX_ROUNDS = 3
"""Tool-calling rounds in one turn before the model must answer."""
TURN_SECONDS = 60.0
"""A whole turn (all rounds) longer than this falls back to the rule path."""
UNAVAILABLE = "（语言模型暂时不可用，以下为系统按规则给出的回答。）\n\n"
MODEL_NOTE = "\n\n（本回答由语言模型根据系统计算结果组织语言，其中数字已逐一核对。）"


@dataclass
class Turn:
    """One answered message: ``path`` rule (the router placed it, or no model), model (the model's
    guarded reply) or fallback (the model failed, timed out or was refused: the deterministic answer)."""

    reply: Reply
    path: Literal["rule", "model", "fallback"]
    guarded: Guarded | None = None
    refusals: tuple[str, ...] = ()
    """Chinese messages for tool calls refused (unknown tool, bad arguments, a tool's own refusal)."""
    tools_called: tuple[str, ...] = field(default=())


def confident(text: str, ctx: ChatContext, state: ChatState) -> bool:
    """Whether the rules answer ``text`` themselves: the router places it, and — for a policy question —
    the policy index has a passage (a refusal there is a question the model may rephrase). Routing is
    tried on a copy of ``state``."""
    scratch = dataclasses.replace(state)
    routed = route(text, ctx, scratch)
    if isinstance(routed, Reply):
        return routed.intent != "unknown"
    if routed.tool == "policy_search":
        return bool(call(routed.tool, routed.args, ctx, scratch).citations)
    return True


def _as_text(reply: Reply) -> str:
    """A tool's reply as the model reads it: the text, every table row, the citations' labels."""
    lines = [reply.text]
    for t in reply.tables:
        lines += [t.title, " | ".join(t.headers), *(" | ".join(r) for r in t.rows)]
    lines += [f"出处：{c.label}" for c in reply.citations]
    return "\n".join(x for x in lines if x)


def _facts_text(reply: Reply) -> str:
    """A tool's reply without its quoted passages: the computed part, whose figures are facts."""
    quoted = {line.strip() for c in reply.citations for line in c.text.splitlines() if line.strip()}
    kept = [
        line
        for line in _as_text(reply).splitlines()
        if not line.lstrip().startswith(">") and line.strip() not in quoted
    ]
    return "\n".join(kept)


def _remember(state: ChatState, ran: Ran) -> None:
    """What a follow-up (那初中呢？ 第二个) refers to: the schools, stage and list of the tool's answer."""
    memory, args = state.memory, ran.args.model_dump()
    if ran.reply.kind in ("no_data", "error", "clarify"):
        return
    if ran.reply.intent != "policy_search":
        memory.tool, memory.args = ran.reply.intent, args
    if args.get("school"):
        memory.schools = (args["school"],)
    if "stage" in args:
        memory.stage = args["stage"]
    if ran.reply.listed:
        memory.listed = ran.reply.listed


def model_turn(
    text: str,
    ctx: ChatContext,
    model: BaseChatModel,
    state: ChatState | None = None,
    tools: Mapping[str, Tool] | None = None,
) -> Turn:
    """One message through the model and the tools, guarded; raises when the model fails or calls no
    tool (``respond_with_model`` then answers by the rules; bench/llm_eval.py counts it)."""
    state = state if state is not None else ChatState()
    tools = bound_tools() if tools is None else tools
    bound = model.bind_tools(tool_schemas(tools))
    standard = ctx.evaluation.standard.title if ctx.evaluation is not None else "义务教育均衡发展"
    messages: list[BaseMessage] = [
        SystemMessage(render("chat_system", region=ctx.region or "本地", standard=standard)),
        HumanMessage(text),
    ]
    replies: list[Reply] = []
    refusals: list[str] = []
    called: list[str] = []
    deadline = time.monotonic() + TURN_SECONDS
    answer: AIMessage | None = None
    for _ in range(MAX_ROUNDS + 1):
        if time.monotonic() > deadline:
            raise TimeoutError("model turn too long")
        answer = bound.invoke(messages)
        messages.append(answer)
        if not answer.tool_calls:
            break
        for request in answer.tool_calls:
            called.append(request.get("name", ""))
            done = run_tool(request.get("name", ""), request.get("args") or {}, ctx, state, tools, user=text)
            if isinstance(done, ToolRefused):
                refusals.append(done.message)
                content = done.message
            else:
                replies.append(done.reply)
                _remember(state, done)
                content = render("tool_result", text=_as_text(done.reply))
            messages.append(ToolMessage(content, tool_call_id=request.get("id") or request.get("name", "")))
    else:
        answer = None  # still calling tools after MAX_ROUNDS: no answer of its own
    return _guarded_turn(text, ctx, answer, replies, refusals, called)


def _deterministic(replies: list[Reply]) -> Reply:
    """The tools' own replies, joined: what the page shows when the model's phrasing is refused."""
    first = replies[0]
    out = Reply(
        "\n\n".join(r.text for r in replies),
        kind=first.kind,
        tables=[t for r in replies for t in r.tables],
        charts=[c for r in replies for c in r.charts],
        citations=[c for r in replies for c in r.citations],
        suggestions=first.suggestions,
        intent=first.intent,
        listed=first.listed,
    )
    return out


def _guarded_turn(
    text: str,
    ctx: ChatContext,
    answer: AIMessage | None,
    replies: list[Reply],
    refusals: list[str],
    called: list[str],
) -> Turn:
    phrased = visible(answer.text) if answer is not None else ""
    if not replies:
        if refusals:
            reply = Reply(refusals[-1] + "请换一种说法再问，或点击下面的示例问题。", kind="refused")
            return Turn(reply, "fallback", None, tuple(refusals), tuple(called))
        raise LookupError("the model called no tool")  # nothing computed: the rule path answers
    base = _deterministic(replies)
    ev = evidence(texts=[_facts_text(r) for r in replies], user=text, passages=base.citations, quotes=True)
    checked = guard(phrased, ev, base.text) if phrased else None
    if checked is None or not checked.accepted:
        notice = checked.notice if checked is not None else "模型没有给出回答，以下为系统计算结果。"
        base.text = f"（{notice}）\n\n{base.text}"
        return Turn(base, "fallback", checked, tuple(refusals), tuple(called))
    reply = Reply(
        phrased + MODEL_NOTE,
        kind="llm",
        tables=base.tables,
        charts=base.charts,
        citations=base.citations,
        suggestions=base.suggestions,
        intent=base.intent,
        listed=base.listed,
    )
    return Turn(reply, "model", checked, tuple(refusals), tuple(called))


def respond_with_model(
    text: str,
    ctx: ChatContext,
    state: ChatState,
    model: BaseChatModel | None,
    tools: Mapping[str, Tool] | None = None,
) -> Turn:
    """Answer one message: by the rules when no model is configured or the router is confident, else
    through the model and the read-only tools; never raises, and a failed model turn is answered by
    the rules."""
    text = (text or "").strip()
    if model is None or not text or confident(text, ctx, state):
        return Turn(respond(text, ctx, state), "rule")
    try:
        turn = model_turn(text, ctx, model, state, tools)
    except Exception as exc:  # down, slow, malformed or tool-less: the deterministic path answers
        log.warning("model turn failed (%s); answering by the rules", type(exc).__name__)
        reply = respond(text, ctx, state)
        if not isinstance(exc, LookupError):
            reply.text = UNAVAILABLE + reply.text
        return Turn(reply, "fallback")
    state.messages += [("user", text), ("assistant", turn.reply)]
    return turn
