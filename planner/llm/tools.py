"""The read-only tools a model may call: name → pydantic arguments → a function of the chat that
computes a ``Reply``. The model chooses tools; the tools compute. No tool writes, deletes or reaches
the network: only tools marked ``read_only`` are ever bound or run.

This is the minimal registry interface the model binding needs; ``local_tools()`` adapts the chat's
answer functions to it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from planner.chat import data as chat_data
from planner.chat.engine import policy_reply
from planner.chat.intents import Intent, SchoolMatch, match_schools
from planner.chat.types import ChatContext, Reply

__all__ = ["ChatTool", "ToolError", "chinese_errors", "local_tools", "tool_schemas"]

Stage = Literal["primary", "junior"]
Field_ = Literal[
    "teachers",
    "teachers_above_degree",
    "teachers_mid_title",
    "backbone_teachers",
    "pe_art_teachers",
    "teaching_rooms_area",
    "sports_field_area",
    "gym_area",
    "equipment_value",
    "multimedia_rooms",
    "computers",
    "books",
    "music_rooms",
    "art_rooms",
]


class ToolError(Exception):
    """A tool cannot answer these arguments; the message is Chinese and goes to the model and user."""


@dataclass(frozen=True)
class ChatTool:
    """One tool: ``description`` tells the model when to use it (Chinese); ``run`` computes."""

    name: str
    description: str
    args: type[BaseModel]
    run: Callable[[Any, ChatContext], Reply]
    read_only: bool = True


def tool_schemas(tools: Mapping[str, ChatTool]) -> list[dict]:
    """OpenAI-format function schemas of the read-only tools, for ``model.bind_tools``."""
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
        if t.read_only
    ]


_ERROR_WORDS = {
    "missing": "缺少此参数",
    "extra_forbidden": "不是这个工具的参数",
    "literal_error": "取值不在允许范围内",
    "string_too_short": "过短",
    "string_too_long": "过长",
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
        with contextlib.suppress(KeyError, IndexError):
            word = word.format(
                **{k: f"{v:g}" if isinstance(v, float) else v for k, v in err.get("ctx", {}).items()}
            )
        parts.append(f"“{where}”{word}")
    return "工具参数有误：" + "；".join(parts) + "。"


def _school(name: str, ctx: ChatContext) -> str:
    if ctx.evaluation is None:
        raise ToolError("还没有学校数据。")
    names = list(dict.fromkeys(s.name for s in ctx.evaluation.schools))
    name = name.replace(" ", "")
    if name in names:
        return name
    match = match_schools(name, names)
    if match.ambiguous:
        raise ToolError(f"“{name}”可能是：{'、'.join(match.ambiguous)}，请指明是哪一所。")
    if not match.names:
        raise ToolError(f"数据中没有名为“{name}”的学校。")
    # The argument is a name, not a sentence: a match on part of it (火星第一小学 → 第一小学) is a guess.
    if len(match.names) > 1 or match.spans[0] != (0, len(name)):
        raise ToolError(f"数据中没有名为“{name}”的学校；最接近的是“{match.names[0]}”，如指该校请用全称再查。")
    return match.names[0]


class SchoolArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")
    school: str = Field(..., min_length=2, max_length=40, description="学校名称（可用简称）")
    stage: Stage | None = Field(None, description="学段：primary=小学，junior=初中；不填为全部")


class StageArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")
    stage: Stage | None = Field(None, description="学段：primary=小学，junior=初中；不填为全部")


class WorstArgs(StageArgs):
    count: int = Field(3, ge=1, le=20, description="列出几所学校")


class PolicyArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")
    query: str = Field(..., min_length=2, max_length=200, description="要检索的政策问题，如“班额上限”")


class Addition(BaseModel):
    model_config = ConfigDict(extra="forbid")
    field: Field_ = Field(..., description="增加的项目（上传表的列）")
    amount: float = Field(
        ..., gt=0, le=1_000_000, description="增加的数量，按该列单位（人、㎡、万元、间、台、册）"
    )


class WhatIfArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")
    school: str = Field(..., min_length=2, max_length=40, description="学校名称")
    additions: list[Addition] = Field(..., min_length=1, max_length=6)
    stage: Stage | None = None


def _needs_data(ctx: ChatContext) -> None:
    if ctx.evaluation is None:
        raise ToolError("还没有学校数据。")


def _school_gaps(a: SchoolArgs, ctx: ChatContext) -> Reply:
    name = _school(a.school, ctx)
    intent = Intent("school", a.school, schools=SchoolMatch(((name,),)), stage=a.stage)
    return chat_data.school_reply(intent, ctx, name)


def _cv(a: StageArgs, ctx: ChatContext) -> Reply:
    _needs_data(ctx)
    return chat_data.cv_reply(Intent("cv", "", stage=a.stage), ctx)


def _overview(a: StageArgs, ctx: ChatContext) -> Reply:
    _needs_data(ctx)
    return chat_data.overview_reply(Intent("overview", "", stage=a.stage), ctx)


def _worst(a: WorstArgs, ctx: ChatContext) -> Reply:
    _needs_data(ctx)
    return chat_data.worst_reply(Intent("worst", "", stage=a.stage, count=a.count), ctx)


def _policy(a: PolicyArgs, ctx: ChatContext) -> Reply:
    return policy_reply(Intent("policy", a.query), ctx)


def _what_if(a: WhatIfArgs, ctx: ChatContext) -> Reply:
    name = _school(a.school, ctx)
    additions = tuple((x.field, x.amount) for x in a.additions)
    intent = Intent("what_if", a.school, schools=SchoolMatch(((name,),)), stage=a.stage, additions=additions)
    return chat_data.what_if_reply(intent, ctx, name)


_WHAT = {
    "school_gaps": "查询一所学校各项指标是否达标、差多少、怎样才能达标。",
    "cv": "查询小学、初中各项指标的校际差异系数及是否超过上限。",
    "overview": "查询全镇（区、县）学校总体达标情况。",
    "worst": "列出达标程度最低的几所学校。",
    "policy": "在政策库中检索某项要求的原文、文件名和文号。",
    "what_if": "模拟给某校增加教师、校舍、设备后指标和差异系数的变化（不修改数据）。",
}


def local_tools() -> dict[str, ChatTool]:
    """The chat's read-only answers as tools."""
    tools = [
        ChatTool("school_gaps", _WHAT["school_gaps"], SchoolArgs, _school_gaps),
        ChatTool("cv", _WHAT["cv"], StageArgs, _cv),
        ChatTool("overview", _WHAT["overview"], StageArgs, _overview),
        ChatTool("worst", _WHAT["worst"], WorstArgs, _worst),
        ChatTool("policy", _WHAT["policy"], PolicyArgs, _policy),
        ChatTool("what_if", _WHAT["what_if"], WhatIfArgs, _what_if),
    ]
    return {t.name: t for t in tools}
