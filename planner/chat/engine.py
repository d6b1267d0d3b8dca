"""The conversation engine: one message in, one structured reply out. No UI library here.

``respond(text, context, state)`` routes the message (planner.chat.router: the reading of the question
fills a typed tool call), runs the tool (planner.chat.tools), says how the question was read when
anything was inferred, and records the turn and what it was about in ``state``.
"""

from __future__ import annotations

import logging

from planner.chat.router import Routed, route
from planner.chat.tools import call, example_questions, help_reply
from planner.chat.types import ChatContext, ChatState, Reply

__all__ = ["example_questions", "help_reply", "respond"]

log = logging.getLogger(__name__)

_NOT_REMEMBERED = (
    "help",
    "export",
    "versions",
    "revise",
    "settings",
    "draft",
    "document",
    "workbook",
    "policy_search",
    "edit",
    "basis",
    "standard_items",
    "standard_rule",
)
"""Tools whose answers are not a subject that a follow-up (那初中呢) refers to."""
_NOT_REFINED = (
    "help",
    "export",
    "versions",
    "revise",
    "settings",
    "draft",
    "document",
    "workbook",
    "edit",
    "basis",
)
"""Tools whose questions a fragment does not refine (换成…呢 after an export means nothing)."""


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
            intent="error",
        )
    state.messages.append(("assistant", reply))
    return reply


def _answer(text: str, ctx: ChatContext, state: ChatState) -> Reply:
    if not text:
        return call("help", {}, ctx, state)
    routed = route(text, ctx, state)
    if isinstance(routed, Reply):
        if routed.intent == "unknown" and routed.kind != "clarify":  # a short question back stays
            reply = help_reply(ctx, prefix="抱歉，这个问题我无法理解，请换一种说法。")
            reply.intent = "unknown"
            return reply
        return routed
    reply = call(routed.tool, routed.args, ctx, state)
    if routed.notes:
        reply.text = "（" + "；".join(dict.fromkeys(routed.notes)) + "）\n\n" + reply.text
    _remember(routed, reply, state)
    return reply


def _remember(routed: Routed, reply: Reply, state: ChatState) -> None:
    if reply.kind in ("no_data", "error", "clarify"):
        return
    memory = state.memory
    args = routed.args.model_dump()
    if routed.tool not in _NOT_REFINED and routed.query is not None:
        memory.asked = routed.query
    if routed.tool == "rank":
        memory.rank = routed.query
    if routed.tool not in _NOT_REMEMBERED:
        memory.tool = routed.tool
        memory.args = args
        memory.query = routed.query
        query = routed.query
        if query is not None and query.subject != "school":
            memory.schools = ()  # 全县… resets the subject: 它 no longer means the last school
        memory.stage = query.stage if query is not None else args.get("stage")
    if args.get("school"):
        memory.schools = (args["school"],)
    elif routed.tool == "transfer":
        memory.schools = (args["target"],)
    indicators = args.get("indicators") or ([args["indicator"]] if args.get("indicator") else [])
    if indicators:
        memory.indicators = tuple(indicators)
    if reply.listed:
        memory.listed = reply.listed
        memory.ranked = reply.ranked
        if routed.tool == "rank" or len(reply.listed) == 1:
            memory.schools = reply.listed[:1]  # 最薄弱的是哪所？ 它怎么才能达标？ / the one school listed
