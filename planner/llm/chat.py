"""Free questions: a message the rule router cannot place goes to the model with the chat's read-only
tools bound; the tools compute, the model chooses them and phrases the reply, the claim guard checks
every figure and verdict against the evaluation's facts, the plan, the tools' answers and the user's
message. The whole turn has the model's one timeout; any failure, timeout, oversized or refused
reply falls back to the deterministic answer (the refused text is kept to show on request)."""

from __future__ import annotations

import dataclasses
import json
import logging
import re
import time
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage, ToolMessage

from planner.chat import Tool, call, respond
from planner.chat.intents import route
from planner.chat.plan import plan_settings
from planner.chat.types import ChatContext, ChatState, Reply, Table
from planner.drafting.evaluation_facts import build_facts
from planner.llm.budget import MAX_REPLY_CHARS, MAX_TOOL_ARGS_CHARS, budget_of, run_within
from planner.llm.claims import Frame
from planner.llm.guard import Guarded, Violation, evidence, guard, visible
from planner.llm.polish import STATUS_SECTIONS
from planner.llm.prompts import render
from planner.llm.tools import Ran, ToolRefused, bound_tools, run_tool, tool_schemas
from planner.numerals import read_numerals

__all__ = ["MODEL_NOTE", "UNAVAILABLE", "Turn", "confident", "model_turn", "respond_with_model"]

log = logging.getLogger(__name__)
MAX_ROUNDS = 3
"""Tool-calling rounds in one turn before the model must answer."""
UNAVAILABLE = "（语言模型暂时不可用，以下为系统按规则给出的回答。）\n\n"
MODEL_NOTE = "\n\n（本回答由语言模型根据系统计算结果组织语言，{label}。）"
"""Appended to an accepted answer; ``label`` says what was checked (数字与判定已核对) and what not."""


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

    @property
    def refused_text(self) -> str:
        """The model's answer when the guard refused it (the page shows it on request)."""
        return self.guarded.output if self.guarded is not None and not self.guarded.accepted else ""


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


_UNIT_IN_HEADER = re.compile(r"^(.*?)[（(]([^（）()]{1,6})[）)]$")


def _table_lines(table: Table) -> list[str]:
    """A table as sentences the claim reader can read: one per figure, after the row's words and the
    column's header (柳树湾小学 | 0.321人 | 3人 under 本校, 需增加 → 柳树湾小学需增加3人), so each
    figure carries its school, stage, measure and year as the table shows them."""
    heads = []
    for h in table.headers:
        m = _UNIT_IN_HEADER.match(h.strip())
        heads.append((m.group(1), m.group(2)) if m else (h.strip(), ""))
    title = table.title if len(table.title) <= 40 else ""
    lines = []
    for row in table.rows:
        cells = [str(c).strip() for c in row]
        figure = [_is_figure(c) for c in cells]
        words = "".join(c for c, f in zip(cells, figure, strict=True) if c and not f and c not in ("—", "-"))
        for (head, unit), cell, is_figure in zip(heads, cells, figure, strict=False):
            if is_figure:
                tail = unit if cell[-1].isdigit() else ""
                lines.append(f"{words}{title}{head}{cell}{tail}。")
    return lines


def _is_figure(cell: str) -> bool:
    """A cell holding a figure (2026年 is a year: part of the row's words)."""
    found = [n for n in read_numerals(cell) if n.kind in ("figure", "year")]
    if re.fullmatch(r"(?:19|20)\d\d", cell):
        return False
    return any(n.kind == "figure" for n in found)


def _facts_text(reply: Reply) -> str:
    """A tool's reply without its quoted passages: the computed part, whose figures are facts."""
    quoted = {line.strip() for c in reply.citations for line in c.text.splitlines() if line.strip()}
    kept: list[str] = []
    for line in reply.text.replace("**", "").splitlines():
        if line.lstrip().startswith(">") or line.strip() in quoted:
            continue
        if kept and line.lstrip().startswith("其中"):  # a line continuing the sentence above
            kept[-1] = kept[-1].rstrip("。") + "，" + line.strip()
        else:
            kept.append(line)
    for t in reply.tables:
        kept += _table_lines(t)
    return "\n".join(kept)


_FACTS: dict[int, tuple[Any, list]] = {}


def _evaluation_facts(evaluation: Any) -> list:
    """The evaluation's typed facts (built once per evaluation object)."""
    if evaluation is None:
        return []
    key = id(evaluation)
    held = _FACTS.get(key)
    if held is not None and held[0]() is evaluation:
        return held[1]
    facts = list(build_facts(evaluation))
    try:
        ref = weakref.ref(evaluation)
    except TypeError:
        return facts
    if len(_FACTS) > 16:
        _FACTS.clear()
    _FACTS[key] = (ref, facts)
    return facts


_PLANS: dict[tuple[int, Any], tuple[Any, Any]] = {}


def _settings_plan(ctx: ChatContext, state: ChatState) -> Any:
    """The plan the current settings give, when none is drafted: what the rules answer plan questions
    from (按当前设置测算), so its figures are computed facts too. Drafted once per evaluation and
    settings; None when it cannot be drafted."""
    draft = getattr(ctx.planner, "draft_plan", None) if ctx.planner is not None else None
    if ctx.evaluation is None or draft is None or getattr(ctx.planner, "settings", None) is None:
        return None
    try:
        settings = plan_settings(ctx, state)
        key = (id(ctx.evaluation), settings)
        held = _PLANS.get(key)
        if held is not None and held[0]() is ctx.evaluation:
            return held[1]
        plan = draft(ctx.evaluation, settings, schools_frame=ctx.schools)
        ref = weakref.ref(ctx.evaluation)
    except Exception:  # a stand-in planner, settings it rejects: no plan to check against
        log.debug("no plan by the current settings", exc_info=True)
        return None
    if not hasattr(plan, "facts") or not hasattr(plan, "sections"):
        return None
    if len(_PLANS) > 8:
        _PLANS.clear()
    _PLANS[key] = (ref, plan)
    return plan


def _plan_years(ctx: ChatContext, state: ChatState) -> tuple[int, ...]:
    settings = state.plan.settings if state.plan is not None else None
    start = settings.start_year if settings is not None else ctx.start_year
    years = settings.years if settings is not None else ctx.years
    return tuple(range(start, start + years))


def _turn_evidence(text: str, ctx: ChatContext, state: ChatState, replies: list[Reply], found: list[Any]):
    """What an answer to ``text`` may state: the evaluation's and the plan's facts and text, the
    tools' answers, the user's numbers, the passages the tools retrieved. With no plan drafted, the
    plan the current settings give (the rules answer plan questions from it)."""
    plan = state.plan if state.plan is not None else _settings_plan(ctx, state)
    facts = _evaluation_facts(ctx.evaluation) + (list(plan.facts) if plan is not None else [])
    base = Frame(question=text, plan_years=_plan_years(ctx, state))
    texts: list[Any] = [(_facts_text(r), base) for r in replies]
    if plan is not None:
        texts += [
            (
                p.draft_text or p.text,
                Frame(s.title, p.lead, mood="status" if s.key in STATUS_SECTIONS else "target"),
            )
            for s in plan.sections
            for p in s.paragraphs
            if p.kind in ("text", "item", "task")
        ]
    return evidence(
        texts=texts,
        facts=facts,
        user=text,
        passages=found,
        quotes=True,
        evaluation=ctx.evaluation,
        plan=plan,
        frame=base,
        titles=(plan.title,) if plan is not None else (),
    )


class _Recording:
    """``ctx.search`` that remembers every passage it returned (with its kind: uploaded or not)."""

    def __init__(self, search: Any):
        self.search, self.found = search, []

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        result = self.search(*args, **kwargs)
        self.found.extend(getattr(result, "results", None) or [])
        return result


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


def _too_long(request: dict) -> ToolRefused | None:
    try:
        size = len(json.dumps(request.get("args") or {}, ensure_ascii=False, default=str))
    except (TypeError, ValueError):
        return ToolRefused("工具参数无法读取。")
    if size > MAX_TOOL_ARGS_CHARS:
        return ToolRefused(f"工具参数过长（{size}字），未执行。")
    return None


def model_turn(
    text: str,
    ctx: ChatContext,
    model: BaseChatModel,
    state: ChatState | None = None,
    tools: Mapping[str, Tool] | None = None,
    tick: Callable[[float], None] | None = None,
) -> Turn:
    """One message through the model and the tools, guarded, within the model's one timeout; raises
    when the model fails or runs out of time (``respond_with_model`` then answers by the rules)."""
    state = state if state is not None else ChatState()
    tools = bound_tools() if tools is None else tools
    recording = _Recording(ctx.search) if ctx.search is not None else None
    run_ctx = dataclasses.replace(ctx, search=recording) if recording is not None else ctx
    bound = model.bind_tools(tool_schemas(tools))
    standard = ctx.evaluation.standard.title if ctx.evaluation is not None else "义务教育均衡发展"
    messages: list[BaseMessage] = [
        SystemMessage(render("chat_system", region=ctx.region or "本地", standard=standard)),
        HumanMessage(text),
    ]
    replies: list[Reply] = []
    refusals: list[str] = []
    called: list[str] = []
    budget = budget_of(model)
    deadline = time.monotonic() + budget
    answer: AIMessage | None = None
    for _ in range(MAX_ROUNDS + 1):
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("model turn too long")
        sent = list(messages)
        (answer,) = run_within([lambda sent=sent: bound.invoke(sent)], left, tick)
        if isinstance(answer, BaseException):
            raise answer
        if len(answer.text or "") > MAX_REPLY_CHARS and not answer.tool_calls:
            break
        messages.append(answer)
        if not answer.tool_calls:
            break
        for request in answer.tool_calls:
            name = str(request.get("name", ""))[:60]
            called.append(name)
            done = _too_long(request) or run_tool(
                name, request.get("args") or {}, run_ctx, state, tools, user=text
            )
            if isinstance(done, ToolRefused):
                refusals.append(done.message)
                content = done.message
            else:
                replies.append(done.reply)
                _remember(state, done)
                content = render("tool_result", text=_as_text(done.reply))
            messages.append(ToolMessage(content, tool_call_id=request.get("id") or name))
    else:
        answer = None  # still calling tools after MAX_ROUNDS: no answer of its own
    found = recording.found if recording is not None else []
    return _guarded_turn(text, ctx, state, answer, replies, refusals, called, found)


def _deterministic(replies: list[Reply]) -> Reply:
    """The tools' own replies, joined: what the page shows when the model's phrasing is refused."""
    first = replies[0]
    return Reply(
        "\n\n".join(r.text for r in replies),
        kind=first.kind,
        tables=[t for r in replies for t in r.tables],
        charts=[c for r in replies for c in r.charts],
        citations=[c for r in replies for c in r.citations],
        suggestions=first.suggestions,
        intent=first.intent,
        listed=first.listed,
    )


def _rule_reply(text: str, ctx: ChatContext, state: ChatState) -> Reply:
    """The rules' answer on a scratch copy of ``state`` (the model answered without a tool)."""
    scratch = dataclasses.replace(
        state,
        messages=list(state.messages),
        versions=list(state.versions),
        memory=dataclasses.replace(state.memory),
    )
    return respond(text, ctx, scratch)


def _guarded_turn(
    text: str,
    ctx: ChatContext,
    state: ChatState,
    answer: AIMessage | None,
    replies: list[Reply],
    refusals: list[str],
    called: list[str],
    found: list[Any],
) -> Turn:
    content = answer.text if answer is not None else ""
    if not replies and refusals:
        reply = Reply(refusals[-1] + "请换一种说法再问，或点击下面的示例问题。", kind="refused")
        return Turn(reply, "fallback", None, tuple(refusals), tuple(called))
    base = _deterministic(replies) if replies else _rule_reply(text, ctx, state)
    said = replies or ([base] if base.intent not in ("", "unknown", "help") else [])
    if len(content) > MAX_REPLY_CHARS:
        bad = Violation("format", "", f"模型回复过长（{len(content)}字）")
        checked = Guarded(base.text, False, (bad,), base.text, content[:2000])
    else:
        phrased = visible(content)
        ev = _turn_evidence(text, ctx, state, said, found)
        checked = guard(phrased, ev, base.text) if phrased else None
    if checked is None or not checked.accepted:
        notice = checked.notice if checked is not None else "模型没有给出回答，以下为系统计算结果。"
        base.text = f"（{notice}）\n\n{base.text}"
        return Turn(base, "fallback", checked, tuple(refusals), tuple(called))
    reply = Reply(
        checked.text + MODEL_NOTE.format(label=checked.label),
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
    *,
    tick: Callable[[float], None] | None = None,
    force: bool = False,
) -> Turn:
    """Answer one message: by the rules when no model is configured or the router is confident
    (unless ``force``), else through the model and the read-only tools within the model's one
    timeout; never raises (a page's ``tick`` may, to interrupt), and a failed model turn is answered
    by the rules."""
    text = (text or "").strip()
    if model is None or not text or (not force and confident(text, ctx, state)):
        return Turn(respond(text, ctx, state), "rule")
    try:
        turn = model_turn(text, ctx, model, state, tools, tick)
    except Exception as exc:  # down, slow or malformed: the deterministic path answers
        log.warning("model turn failed (%s); answering by the rules", type(exc).__name__)
        reply = respond(text, ctx, state)
        reply.text = UNAVAILABLE + reply.text
        return Turn(reply, "fallback")
    state.messages += [("user", text), ("assistant", turn.reply)]
    return turn
