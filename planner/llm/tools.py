"""The chat's typed tools (planner.chat.tools.TOOLS) as the model may use them: only the read-only
ones are bound or run — none drafts, revises, changes settings, exports, writes, deletes or reaches
the network. Arguments are validated by the tool's pydantic model; a school name must name one school
(a guess is refused with the closest names, so the model can ask again); refusals are Chinese."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass

from pydantic import BaseModel, ValidationError

from planner.chat.names import school_index
from planner.chat.tools import TOOLS, Tool, call
from planner.chat.types import ChatContext, ChatState, Reply
from planner.numerals import find_numbers

__all__ = ["READ_ONLY", "Ran", "ToolRefused", "bound_tools", "chinese_errors", "run_tool", "tool_schemas"]

READ_ONLY = (
    "school_gaps",
    "verdict",
    "drag",
    "count_schools",
    "total_gap",
    "rank",
    "indicator_across",
    "cv",
    "trend",
    "overview",
    "what_if",
    "plan_query",
    "plan_costs",
    "guarantees",
    "compare",
    "school_profile",
    "standard_items",
    "basis",
    "versions",
    "policy_search",
)
"""Tools that only read the data, the plan or the policy index (what_if simulates on a copy, with the
amounts the official named). Not bound: tools that write, and simulations whose inputs a model could
invent (transfer, standard_rule's school size)."""


@dataclass(frozen=True)
class ToolRefused:
    """A tool call not run: the Chinese message goes back to the model (it may retry) and the user."""

    message: str


def bound_tools(tools: Mapping[str, Tool] = TOOLS) -> dict[str, Tool]:
    """The read-only subset of ``tools``."""
    return {name: tools[name] for name in READ_ONLY if name in tools}


def tool_schemas(tools: Mapping[str, Tool]) -> list[dict]:
    """OpenAI-format function schemas, for ``model.bind_tools``."""
    return [
        {
            "type": "function",
            "function": {
                "name": t.name,
                "description": t.description,
                "parameters": t.args.model_json_schema(),
            },
        }
        for t in tools.values()
    ]


_ERROR_WORDS = {
    "missing": "缺少此参数",
    "extra_forbidden": "不是这个工具的参数",
    "literal_error": "取值不在允许范围内",
    "string_too_short": "过短",
    "string_too_long": "过长",
    "string_type": "应为文字",
    "greater_than": "应大于{gt}",
    "greater_than_equal": "应不小于{ge}",
    "less_than_equal": "应不大于{le}",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "list_type": "应为列表",
    "too_short": "至少需要一项",
    "too_long": "项数过多",
}


def chinese_errors(exc: ValidationError) -> str:
    """Pydantic's errors as one Chinese sentence naming each argument."""
    parts = []
    for err in exc.errors():
        where = ".".join(str(x) for x in err["loc"]) or "参数"
        word = _ERROR_WORDS.get(err["type"], "取值无效")
        ctx = {k: f"{v:g}" if isinstance(v, float) else v for k, v in err.get("ctx", {}).items()}
        with contextlib.suppress(KeyError, IndexError):
            word = word.format(**ctx)
        parts.append(f"“{where}”{word}")
    return "工具参数有误：" + "；".join(parts) + "。"


def _school(name: str, ctx: ChatContext) -> str | ToolRefused:
    evaluation = ctx.evaluation
    index = school_index(
        tuple(dict.fromkeys([*(s.name for s in evaluation.schools), *(e.name for e in evaluation.excluded)]))
    )
    name = name.replace(" ", "")
    if name in index.names:
        return name
    found = index.find(name)
    whole = [m for m in found if m.start == 0 and m.end == len(name)]
    if len(found) == 1 and whole and whole[0].name:
        return whole[0].name  # an alias (城关二小) or a typo of one school's name
    near = [c for m in found for c in ((m.name,) if m.name else m.candidates)]
    if near:
        return ToolRefused(
            f"数据中没有名为“{name}”的学校；最接近的是：{'、'.join(dict.fromkeys(near))}。如指其中一所，请用全称再查。"
        )
    return ToolRefused(f"数据中没有名为“{name}”的学校。")


@dataclass(frozen=True)
class Ran:
    """A tool call run: its reply and the arguments it ran with (school names resolved)."""

    reply: Reply
    args: BaseModel


def _hypothesis_is_the_users(parsed: BaseModel, user: str) -> ToolRefused | None:
    """A what-if simulates what the official proposes: its amounts must be numbers of their message."""
    said = find_numbers(user)
    for change in getattr(parsed, "changes", ()):
        if not any(m.matches(change.amount) or m.matches(change.amount * 1e4) for m in said):
            return ToolRefused(
                f"模拟测算的增加量（{change.amount:g}）须由用户在问题中提出；请先询问用户打算增加多少。"
            )
    return None


def run_tool(
    name: str,
    args: dict,
    ctx: ChatContext,
    state: ChatState,
    tools: Mapping[str, Tool],
    user: str | None = None,
) -> Ran | ToolRefused:
    """Validate and run one tool call of the model; anything not bound or not valid is refused. With
    ``user`` (the official's message), a what-if may only simulate amounts the official named."""
    tool = tools.get(name)
    if tool is None:
        return ToolRefused(f"没有名为“{name}”的可用工具。")
    try:
        parsed = tool.args.model_validate(args or {})
    except ValidationError as exc:
        return ToolRefused(chinese_errors(exc))
    if user is not None and (refused := _hypothesis_is_the_users(parsed, user)):
        return refused
    if getattr(parsed, "school", None) and ctx.evaluation is not None:
        school = _school(parsed.school, ctx)
        if isinstance(school, ToolRefused):
            return school
        parsed = parsed.model_copy(update={"school": school})
    return Ran(call(name, parsed, ctx, state), parsed)
