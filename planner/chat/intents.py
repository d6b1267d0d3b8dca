"""The rule router: the intents table (intents.yaml) picks a tool; the entities fill its arguments.

No language model. ``route(text, ctx, state)`` returns a Routed tool call (with the notes that say
how the question was read when anything was inferred) or a Reply that asks back (which school?
how many?). Elliptical follow-ups (那初中呢？ 城关三小呢？ 差多少？ 第二个) reuse the conversation's
memory; a school is never replaced by another silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from metrics.result import STAGE_NAMES
from metrics.standards import Standard
from planner.chat.entities import Entities, FieldWords, extract, indicator_words, normalise, vocabulary
from planner.chat.guarantees import items_in
from planner.chat.names import SchoolIndex, school_index
from planner.chat.tools import TOOLS, Args
from planner.chat.types import ChatContext, ChatState, Pending, Reply
from planner.documents import kind_of
from planner.numerals import parse_number

__all__ = ["IntentRule", "Routed", "intent_table", "route"]

TABLE = Path(__file__).with_name("intents.yaml")
SCHOOL_TOOLS = ("school_gaps", "what_if", "guarantees")
_SCOPE = (
    "全县",
    "全镇",
    "全区",
    "全市",
    "全部",
    "所有",
    "各校",
    "各学校",
    "我们",
    "我县",
    "本县",
    "我镇",
    "本镇",
    "我区",
    "本区",
    "哪些",
    "哪几",
    "几所",
    "多少所",
    "学校有",
    "方案",
    "政策",
    "文件",
    "标准是",
    "规定",
)
_LISTED = re.compile(r"第([一二三四五六七八九十\d])(?:个|所|名|家)(?:学校)?")
_FILLER = re.compile(
    r"那么|那|呢|吧|还有|再看看|看看|换成|如果是|的情况|情况|的|又|和|老师|教师"
    r"|它|该校|这所学校|这个学校|[?!.。,]|　"
)


@dataclass(frozen=True)
class IntentRule:
    name: str
    tool: str
    priority: int
    any: tuple[str, ...] = ()
    all: tuple[tuple[str, ...], ...] = ()
    requires: tuple[str, ...] = ()
    memory: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()

    def triggered(self, text: str) -> bool:
        """One word of ``any`` (when given) and one word of every ``all`` group (when given)."""
        if self.any and not any(w in text for w in self.any):
            return False
        return all(any(w in text for w in group) for group in self.all)

    def excluded(self, text: str) -> bool:
        return any(w in text for w in self.excludes)


@cache
def intent_table() -> tuple[IntentRule, ...]:
    raw = yaml.safe_load(TABLE.read_text(encoding="utf-8"))["intents"]
    rules = []
    for item in raw:
        if item["tool"] not in TOOLS:
            raise ValueError(f"intents.yaml: {item['name']} names an unknown tool {item['tool']}")
        rules.append(
            IntentRule(
                name=item["name"],
                tool=item["tool"],
                priority=int(item["priority"]),
                any=tuple(item.get("any") or ()),
                all=tuple(tuple(g) for g in item.get("all") or ()),
                requires=tuple(item.get("requires") or ()),
                memory=tuple(item.get("memory") or ()),
                excludes=tuple(item.get("excludes") or ()),
                examples=tuple(item.get("examples") or ()),
            )
        )
    return tuple(sorted(rules, key=lambda r: -r.priority))


@dataclass
class Routed:
    tool: str
    args: Args
    rule: str
    notes: list[str] = field(default_factory=list)


def _names(ctx: ChatContext) -> SchoolIndex:
    if ctx.evaluation is None:
        return school_index(())
    towns = {s.name: s.township or "" for s in ctx.evaluation.schools}
    for e in ctx.evaluation.excluded:
        towns.setdefault(e.name, "")
    if ctx.schools is not None and "township" in ctx.schools:
        for name, town in zip(ctx.schools["name"], ctx.schools["township"], strict=False):
            if name in towns and not towns[name] and isinstance(town, str):
                towns[name] = town
    return school_index(tuple(towns), tuple(towns.values()))


def _stage_label(stage: str | None) -> str:
    return STAGE_NAMES.get(stage or "", "")


def _read_as(school: str, stage: str | None) -> str:
    return f"按 {school}" + (f"（{_stage_label(stage)}）" if stage else "") + " 理解"


# --- argument builders ------------------------------------------------------------------------


def _has(text: str, *words: str) -> bool:
    return any(w in text for w in words)


_UNIT_HINTS = {
    "人": ("老师", "教师", "多少人", "几个人"),
    "㎡": ("平方", "面积", "㎡"),
    "万元": ("钱", "万元", "资金", "经费"),
    "间": ("几间", "多少间", "教室"),
}
_FAILED = (
    "不达标",
    "未达标",
    "没达标",
    "没有达标",
    "不合格",
    "不够",
    "不足",
    "短板",
    "有问题",
    "缺",
    "差",
    "低于",
    "没有达到",
    "未达到",
    "没通过",
    "不能通过",
)
_PASSED = ("达标", "合格", "通过", "达到", "符合")


def _region(text: str) -> str | None:
    stripped = re.sub(r"帮我|给我|请|麻烦|一份|一个|一下|的|生成|起草|制定|编制|撰写|写|拟定?", "", text)
    stripped = re.sub(r"20\d\d\D{0,2}20\d\d", " ", stripped)
    m = re.search(r"([\u4e00-\u9fff]{2,8}?(?:街道|镇|乡|区|县|市))", stripped)
    if not m or m.group(1) in (
        "全镇",
        "全区",
        "全县",
        "本镇",
        "本区",
        "本县",
        "区县",
        "乡镇",
        "我县",
        "我区",
        "我镇",
    ):
        return None
    return m.group(1)


def _township(text: str, ctx: ChatContext) -> str | None:
    """A 乡镇/街道 of the data named in the message (城关镇, or 城关 alone before 有/的)."""
    if ctx.evaluation is None:
        return None
    towns = {s.township for s in ctx.evaluation.schools if s.township}
    if len(towns) < 2:
        return None
    for town in sorted(towns, key=len, reverse=True):
        if town in text:
            return town
        core = re.sub(r"(街道|镇|乡)$", "", town)
        if len(core) >= 2 and re.search(re.escape(core) + r"(?=有|的|一共|共|总共|范围|片区)", text):
            return town
    return None


def _level(text: str) -> str | None:
    if re.search(r"县级市", text):
        return "city"
    if re.search(r"县级(?!及以上|以上)|全县|县方案", text):
        return "county"
    if re.search(r"区县|区级|全区|区方案", text):
        return "district"
    if re.search(r"镇级|乡级|全镇|镇方案|乡镇方案", text):
        return "town"
    return None


def _topic(text: str, section: str) -> str:
    m = re.search(r"(?:关于|有关)(.+?)(?:的)?(?:内容|任务|措施|工作|段落|要求|条目)?[。.！!]?$", text)
    if not m:
        m = re.search(
            r"(?:加|增加|添加|补充|新增|补上|写入)(?:一条|一段|一项|一点|一句)?(.+?)(?:的)?(?:内容|任务|措施|段落)?[。.！!]?$",
            text,
        )
    topic = m.group(1).strip() if m else ""
    for w in vocabulary().sections[section]:
        topic = topic.replace(w, "")
    return topic.strip("，,。 的里中")


def _arguments(
    rule: IntentRule, e: Entities, school: str | None, stage: str | None, ctx: ChatContext
) -> dict[str, Any]:
    t = e.rest
    tool = rule.tool
    ind = e.indicators[0] if e.indicators else None
    if tool == "school_gaps":
        also = [n for n in e.schools if n != school][:4]
        return {"school": school, "stage": stage, "indicators": list(e.indicators), "also": also}
    if tool == "what_if":
        changes = [{"columns": list(a.columns), "amount": a.amount} for a in e.additions]
        return {"school": school, "stage": stage, "changes": changes}
    if tool in ("verdict", "drag", "overview"):
        return {"stage": stage}
    if tool in ("cv", "trend"):
        return {"stage": stage, "indicators": list(e.indicators)}
    if tool == "indicator_across":
        return {"indicator": ind, "stage": stage}
    if tool == "total_gap":
        unit = None
        if ind is None:
            unit = next((u for u, ws in _UNIT_HINTS.items() if _has(t, *ws)), None)
        return {"stage": stage, "indicator": ind, "unit": unit}
    if tool == "count_schools":
        status = "failed" if _has(t, *_FAILED) else "passed" if _has(t, *_PASSED) else "all"
        if rule.name == "count_all":
            status = "all"
        show = (
            "rate"
            if _has(t, "率", "比例", "占比", "百分之几", "几成", "占多少", "百分比")
            else "list"
            if _has(t, "哪", "名单", "列出", "有哪些", "是哪")
            else "count"
        )
        kind = "教学点" if "教学点" in t else "民办" if "民办" in t else "一贯制" if "一贯制" in t else None
        township = _township(t, ctx)
        return {
            "stage": stage,
            "status": status,
            "indicator": ind,
            "show": show,
            "kind": kind,
            "township": township,
        }
    if tool == "rank":
        best = _has(t, "最好", "最强", "最高", "最多", "领先", "前列") and not _has(
            t, "最低", "最少", "最差", "最弱", "倒数", "薄弱", "落后", "垫底", "最缺"
        )
        count = e.count
        if count is None:
            m = re.search(r"([一二三四五六七八九十两\d]+)所", t)
            if m:
                value = parse_number(m.group(1))
                count = int(value) if value else None
        if count is None and not _has(t, "排名", "排序", "排一下", "排个序"):
            count = 3
        return {"stage": stage, "indicator": ind, "order": "best" if best else "worst", "count": count}
    if tool == "plan_query":
        if school:
            return {"aspect": "school", "school": school, "indicator": ind}
        if e.years or "明年" in t:
            year = e.years[0] if e.years else date.today().year + 1
            return {"aspect": "year", "year": year, "indicator": ind}
        m = re.search(r"第([一二三四五六七八九十\d])年|(最后一年|最后1年)", t)
        if m:
            index = -1 if m.group(2) else int(parse_number(m.group(1)) or 1)
            return {"aspect": "year", "year_index": index, "indicator": ind}
        if ind is not None:
            return {"aspect": "tasks", "indicator": ind}
        if _has(t, "哪几年", "几年", "哪年", "年份", "起止", "多少年", "期限", "年限"):
            return {"aspect": "years"}
        if _has(t, "钱", "投入", "经费", "资金", "投资", "费用", "预算"):
            return {"aspect": "cost"}
        return {"aspect": "tasks"}
    if tool == "guarantees":
        return {"items": items_in(t), "school": school, "stage": stage}
    if tool == "plan_costs":
        return _cost_arguments(e, t)
    if tool == "policy_search":
        return {"question": e.text, "examples": rule.name == "policy_examples"}
    if tool == "export":
        return {"format": "markdown" if re.search(r"markdown|md", t, re.I) else "docx"}
    if tool == "draft":
        start = e.years[0] if e.years else None
        years = e.years[1] - e.years[0] + 1 if len(e.years) >= 2 and e.years[1] >= e.years[0] else e.duration
        return {
            "region": _region(e.text),
            "start_year": start,
            "years": years,
            "level": _level(t),
            "standard": e.standard,
        }
    if tool == "document":
        return {"kind": kind_of(e.text)}
    if tool == "revise":
        action = {"delete": "delete", "rewrite": "rewrite", "rewrite_part": "rewrite"}.get(rule.name, "add")
        section = e.section or ("" if e.part else "主要任务")
        return {
            "action": action,
            "section": section,
            "topic": _topic(e.text, section) if action == "add" else "",
            "item": e.item,
            "part": e.part,
            "kind": kind_of(e.text),
        }
    if tool == "settings":
        return {"start_year": e.years[0] if e.years else None, "years": e.duration, "level": _level(t)}
    return {}


# --- routing ------------------------------------------------------------------------------------


_FUND_WORDS = {
    "personnel": ("人员经费", "人员费", "工资", "人头费", "教师经费", "人员开支"),
    "training": ("培养培训", "培训经费", "培训费", "培训"),
    "construction": ("建设资金", "建设经费", "建设费", "基建", "工程", "建设投入", "建设投资"),
}


def _year_index(t: str) -> int | None:
    """第N年 / 最后一年 / 首年 → the plan's year index (1-based; -1 the last)."""
    m = re.search(r"第([一二三四五六七八九十\d])年|(最后一年|最后1年|末年)|(首年|头一年)", t)
    if not m:
        return None
    return -1 if m.group(2) else 1 if m.group(3) else int(parse_number(m.group(1)) or 1)


def _cost_arguments(e: Entities, t: str) -> dict[str, Any]:
    fund = next((f for f, ws in _FUND_WORDS.items() if _has(t, *ws)), None)
    year = e.years[0] if e.years else None
    if year is None and "明年" in t:
        year = date.today().year + 1
    index = None if year is not None else _year_index(t)
    yearly = _has(t, "每年", "分年度", "各年", "逐年", "每一年", "年度")
    return {"fund": fund, "year": year, "year_index": index, "yearly": yearly}


def _ask_school(e: Entities, state: ChatState, text: str) -> Reply:
    mention = e.unsure[0]
    candidates = mention.candidates
    state.pending = Pending(text, candidates)
    listing = "；".join(f"{i}. {c}" for i, c in enumerate(candidates, 1))
    if len(candidates) == 1:
        head = f"数据中没有“{mention.text}”。您问的是“{candidates[0]}”吗？"
    elif any(mention.text in c or c.endswith(mention.text) for c in candidates) or mention.exact:
        head = f"“{mention.text}”可能指{len(candidates)}所学校：{listing}。请问是哪一所？"
    else:
        head = f"数据中没有“{mention.text}”这所学校。您问的可能是：{listing}。请问是哪一所？"
    if len(candidates) > 1 and "请问" not in head:
        head += "请问是哪一所？"
    return Reply(
        head + "（可直接点击或回复序号）", kind="clarify", suggestions=list(candidates), intent="clarify"
    )


def _ask_amount(e: Entities) -> Reply:
    said = "、".join(e.vague)
    return Reply(
        f"“{said}”不是确切数量。请告诉我具体增加多少，例如“增加30名教师”“新建1500平方米运动场”“购置20万元设备”。",
        kind="clarify",
        intent="clarify",
    )


def _elliptical(e: Entities, std: Standard | None) -> bool:
    """True when the message holds only entities (a school, a stage, an indicator) and fillers."""
    if not (e.mentions or e.stage or e.indicators):
        return False
    rest = e.rest
    for words in vocabulary().stages.values():
        for w in words:
            rest = rest.replace(w, "")
    if std is not None:
        for word, key in indicator_words(std):
            if key in e.indicators:
                rest = rest.replace(word, "")
    return not _FILLER.sub("", rest).strip()


def route(text: str, ctx: ChatContext, state: ChatState) -> Routed | Reply:
    norm = normalise(text)
    std = ctx.evaluation.standard if ctx.evaluation is not None else None
    e = extract(norm, _names(ctx), std, _fallback_field(state, std))
    memory = state.memory
    pending, state.pending = state.pending, None

    # An answer to a question asked back: a number, or one of the candidates.
    forced: str | None = None
    if pending is not None:
        if e.ordinal and 0 < e.ordinal <= len(pending.candidates):
            forced = pending.candidates[e.ordinal - 1]
        elif e.schools and e.schools[0] in pending.candidates:
            forced = e.schools[0]
        elif norm.rstrip("?") in ("是", "是的", "对", "对的", "嗯", "好") and len(pending.candidates) == 1:
            forced = pending.candidates[0]
        elif (
            e.unsure
            and set(e.unsure[0].candidates) & set(pending.candidates)
            and len(e.unsure[0].candidates) == 1
        ):
            forced = e.unsure[0].candidates[0]
        if forced is not None:
            routed = route_with(pending.text, ctx, state, forced)
            if isinstance(routed, Routed):
                routed.notes.insert(0, _read_as(forced, getattr(routed.args, "stage", None)))
            return routed

    # 第二个: the second school the last reply listed.
    if e.ordinal and memory.listed and not e.mentions:
        if e.ordinal > len(memory.listed):
            return Reply(f"上一条回答只列出了{len(memory.listed)}所学校。", kind="clarify", intent="clarify")
        name = memory.listed[e.ordinal - 1]
        args = TOOLS["school_gaps"].args.model_validate({"school": name, "stage": memory.stage})
        return Routed("school_gaps", args, "ordinal", [f"按 第{e.ordinal}所：{name} 理解"])
    # 第一个差多少？ 给第二所加2名骨干呢: a listed school inside a longer question.
    m = _LISTED.search(e.rest)
    if m and memory.listed and not e.mentions:
        index = int(parse_number(m.group(1)) or 0)
        if 0 < index <= len(memory.listed):
            name = memory.listed[index - 1]
            routed = _route(e, ctx, state, name)
            if isinstance(routed, Routed):
                routed.notes.insert(0, f"按 第{index}所：{name} 理解")
            return routed
    return _route(e, ctx, state, None)


def _fallback_field(state: ChatState, std: Standard | None) -> FieldWords | None:
    """The upload column of the indicator the conversation is about, for amounts said without one."""
    if std is None or not state.memory.indicators or state.memory.indicators[0] not in std.keys:
        return None
    ind = std.indicator(state.memory.indicators[0])
    return FieldWords((ind.short,), (ind.add_to,), ind.gap_unit)


def route_with(text: str, ctx: ChatContext, state: ChatState, school: str) -> Routed | Reply:
    """Route ``text`` again with the school the official chose."""
    std = ctx.evaluation.standard if ctx.evaluation is not None else None
    e = extract(normalise(text), _names(ctx), std)
    return _route(e, ctx, state, school)


def _route(e: Entities, ctx: ChatContext, state: ChatState, forced: str | None) -> Routed | Reply:
    memory = state.memory
    if forced is None and e.unsure and not e.schools:
        return _ask_school(e, state, e.text)
    school = forced or (e.schools[0] if e.schools else None)
    notes: list[str] = []
    fuzzy = [m for m in e.fuzzy if m.name == school]
    if fuzzy and forced is None:
        notes.append(f"“{fuzzy[0].text}”按 {school} 理解")

    # Elliptical follow-up: only entities (城关三小呢？ 那初中呢？ 骨干教师呢？) → the last question again.
    std = ctx.evaluation.standard if ctx.evaluation is not None else None
    if memory.tool and forced is None and _elliptical(e, std):
        tool = memory.tool
        args = dict(memory.args)
        if school and tool not in SCHOOL_TOOLS and tool != "plan_query":
            tool, args = "school_gaps", {"school": school}
        if school:
            args["school"] = school
            if tool == "plan_query":
                args["aspect"] = "school"
        if e.stage:
            args["stage"] = e.stage
        elif school and "stage" in TOOLS[tool].args.model_fields:
            args["stage"] = None
        if e.indicators:
            if "indicators" in TOOLS[tool].args.model_fields:
                args["indicators"] = list(e.indicators)
            if "indicator" in TOOLS[tool].args.model_fields:
                args["indicator"] = e.indicators[0]
        args = {k: v for k, v in args.items() if k in TOOLS[tool].args.model_fields and k != "also"}
        carried = [k for k in args.get("indicators", []) if k not in e.indicators]
        plain = tool == "school_gaps" and school and not carried and not e.stage
        what = "、".join(
            x
            for x in (
                args.get("school") or "",
                _stage_label(e.stage),
                *(ctx.evaluation.standard.indicator(k).short for k in e.indicators if ctx.evaluation),
            )
            if x
        )
        if carried and ctx.evaluation is not None:
            what += "（" + "、".join(ctx.evaluation.standard.indicator(k).short for k in carried) + "）"
        if not plain:
            notes.append(f"沿用上一问，按 {what} 理解")
        try:
            return Routed(tool, TOOLS[tool].args.model_validate(args), "followup", notes)
        except ValueError:
            pass

    text = e.rest
    rules = intent_table()
    # A question with no entity of its own after a school question is about that school (达标没？
    # 为什么？), unless it names a scope (全县, 哪些学校 …).
    about_school = memory.tool in SCHOOL_TOOLS and memory.schools and not school
    if e.years or _year_index(text) or "明年" in text:
        about_school = False
    if about_school and (e.pronoun or not (e.stage or e.indicators or _has(text, *_SCOPE))):
        rules = tuple(r for r in rules if "school" in r.memory) + tuple(
            r for r in rules if "school" not in r.memory
        )
    for rule in rules:
        if not rule.triggered(text) or rule.excluded(text):
            continue
        if "no_school" in rule.requires and (school or e.pronoun):
            continue
        if "section" in rule.requires and not e.section:
            continue
        if "part" in rule.requires and not e.part:
            continue
        if "year" in rule.requires and not (e.years or e.duration or _year_index(text) or "明年" in text):
            continue
        if "indicator" in rule.requires and not e.indicators:
            continue
        if "no_indicator" in rule.requires and e.indicators:
            continue
        if "additions" in rule.requires and not e.additions:
            if e.vague and rule.tool == "what_if" and (school or memory.schools):
                return _ask_amount(e)
            continue
        chosen, stage = school, e.stage
        if "school" in rule.requires and chosen is None:
            if "school" not in rule.memory or not memory.schools:
                continue
            if rule.tool == "guarantees" and (e.stage or _has(text, *_SCOPE)):
                continue  # 初中有大班额吗 after a school question asks across schools
            chosen = memory.schools[0]
            stage = e.stage or memory.stage
            notes.append(_read_as(chosen, stage))
        args = _arguments(rule, e, chosen, stage, ctx)
        again = rule.tool == "what_if" and memory.tool == "what_if" and memory.args.get("school") == chosen
        if again and _has(text, "再", "还要", "另外", "同时"):
            merged: dict[tuple[str, ...], float] = {}
            for change in [*memory.args.get("changes", []), *args["changes"]]:
                key = tuple(change["columns"])
                merged[key] = merged.get(key, 0.0) + change["amount"]
            args["changes"] = [{"columns": list(k), "amount": v} for k, v in merged.items()]
            notes.append("在上一次模拟的基础上累加")
        try:
            model = TOOLS[rule.tool].args.model_validate(args)
        except ValueError:
            continue
        return Routed(rule.tool, model, rule.name, notes)
    if school:
        args = TOOLS["school_gaps"].args.model_validate(
            {"school": school, "stage": e.stage, "indicators": list(e.indicators)}
        )
        return Routed("school_gaps", args, "school", notes)
    return Reply("这个问题我还不会回答。", kind="unknown", intent="unknown")
